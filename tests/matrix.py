"""The permission matrix's vocabulary: roles, expected statuses and rows, shared by the app-specific row modules."""

from dataclasses import dataclass, field

OK, LOGIN, NF, DENIED, FOLLOWS = 200, "login", 404, 403, 302
ROLES = ("anonymous", "resident", "org_member", "org_admin", "council_officer", "fund_administrator",
         "platform_staff")


def expect(default, **overrides) -> dict:
    """The same status for every role except those named."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles in the matrix: {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def public() -> dict:
    return expect(OK)


def signed_in() -> dict:
    return expect(OK, anonymous=LOGIN)


def staff_only() -> dict:
    return expect(NF, anonymous=LOGIN, platform_staff=OK)


def org_admin_only() -> dict:
    return expect(NF, anonymous=LOGIN, org_admin=OK)


def api_signed_in() -> dict:
    return expect(OK, anonymous=DENIED)


@dataclass
class Row:
    name: str
    path: object  # a callable taking the world and returning the path
    statuses: dict = field(default_factory=dict)


