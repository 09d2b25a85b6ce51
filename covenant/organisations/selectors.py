"""Reads about organisations, members and roles, including the roles contract other apps rely on."""

from allauth.account.models import EmailAddress
from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Role,
    VerificationStatus,
)
from .tokens import hash_token

RESIDENT = "resident"
ORGANISATION_MEMBER = "organisation_member"
COUNCIL_OFFICER = "council_officer"
FUND_ADMINISTRATOR = "fund_administrator"
PLATFORM_STAFF = "platform_staff"
OFFICIAL_ROLES = frozenset({PLATFORM_STAFF, COUNCIL_OFFICER, FUND_ADMINISTRATOR})


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def has_verified_email(user) -> bool:
    if not _signed_in(user):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def has_verified_email_address(user, email: str) -> bool:
    """Whether `email` is one of the user's verified addresses, ignoring case."""
    if not _signed_in(user) or not email:
        return False
    return EmailAddress.objects.filter(user=user, verified=True, email__iexact=email.strip()).exists()


def _role_rows(user) -> QuerySet:
    return MembershipRole.objects.filter(membership__user=user)


def is_council_officer(user) -> bool:
    """Holds the officer role in a verified local authority."""
    if not _signed_in(user):
        return False
    return _role_rows(user).filter(
        role=Role.OFFICER,
        membership__organisation__type=OrganisationType.LOCAL_AUTHORITY,
        membership__organisation__verification_status=VerificationStatus.VERIFIED,
    ).exists()


def is_fund_administrator(user) -> bool:
    """Holds the fund administrator role in a verified organisation."""
    if not _signed_in(user):
        return False
    return _role_rows(user).filter(
        role=Role.FUND_ADMINISTRATOR,
        membership__organisation__verification_status=VerificationStatus.VERIFIED,
    ).exists()


def user_roles(user) -> frozenset[str]:
    """The platform-wide roles of a person; anonymous and inactive people have none."""
    if not _signed_in(user):
        return frozenset()
    roles = set()
    if user.is_staff:
        roles.add(PLATFORM_STAFF)
    if has_verified_email(user):
        roles.add(RESIDENT)
    # One query for every membership-derived role.
    rows = _role_rows(user).values_list(
        "role", "membership__organisation__type", "membership__organisation__verification_status"
    )
    if Membership.objects.filter(user=user).exists():
        roles.add(ORGANISATION_MEMBER)
    for role, org_type, status in rows:
        if status != VerificationStatus.VERIFIED:
            continue
        if role == Role.OFFICER and org_type == OrganisationType.LOCAL_AUTHORITY:
            roles.add(COUNCIL_OFFICER)
        if role == Role.FUND_ADMINISTRATOR:
            roles.add(FUND_ADMINISTRATOR)
    return frozenset(roles)


def user_has_official_role(user) -> bool:
    """Platform staff, council officers and fund administrators must enrol in MFA before acting."""
    if not _signed_in(user):
        return False
    return bool(user.is_staff or is_council_officer(user) or is_fund_administrator(user))


def organisation_roles(*, user, organisation: Organisation) -> frozenset[str]:
    """The user's membership roles in one organisation, whatever its verification state."""
    if not _signed_in(user) or organisation is None or organisation.pk is None:
        return frozenset()
    return frozenset(
        _role_rows(user).filter(membership__organisation=organisation).values_list("role", flat=True)
    )


def is_member(*, user, organisation: Organisation) -> bool:
    if not _signed_in(user) or organisation is None or organisation.pk is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def _with_roles(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(Prefetch("roles", queryset=MembershipRole.objects.order_by("role")))


def organisations_for_user(user) -> QuerySet:
    """The organisations a person belongs to, each with `my_membership` ready to read roles from."""
    if not _signed_in(user):
        return Organisation.objects.none()
    memberships = _with_roles(Membership.objects.filter(user=user))
    return (
        Organisation.objects.filter(memberships__user=user)
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="my_memberships"))
        .order_by("name", "id")
    )


def organisations_where_role(user, role: str, *, verified_only: bool = True) -> QuerySet:
    """The organisations in which the user holds `role` (verified ones unless asked otherwise)."""
    if not _signed_in(user):
        return Organisation.objects.none()
    queryset = Organisation.objects.filter(
        memberships__user=user, memberships__roles__role=role
    ).distinct()
    if verified_only:
        queryset = queryset.verified()
    return queryset.order_by("name", "id")


def members_of(organisation: Organisation) -> QuerySet:
    """Memberships of an organisation with their users and roles loaded."""
    return _with_roles(
        Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")
    )


def admin_count(organisation: Organisation) -> int:
    return MembershipRole.objects.filter(membership__organisation=organisation, role=Role.ADMIN).count()


def admins_of(organisation: Organisation) -> QuerySet:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        memberships__organisation=organisation, memberships__roles__role=Role.ADMIN, is_active=True
    ).distinct()


def people_with_roles(organisation: Organisation, roles) -> QuerySet:
    """Active people holding any of `roles` in the organisation, each once, in a stable order."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(
            memberships__organisation=organisation, memberships__roles__role__in=list(roles), is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def pending_invitations(organisation: Organisation) -> QuerySet:
    return Invitation.objects.filter(organisation=organisation).pending().select_related("invited_by")


def verification_queue() -> QuerySet:
    """Organisations waiting for checks, oldest first, with how many members each has."""
    return (
        Organisation.objects.filter(verification_status=VerificationStatus.UNVERIFIED)
        .annotate(member_count=Count("memberships"))
        .order_by("created_at", "id")
    )


def verified_organisations(*, type: str = "", text: str = "") -> QuerySet:
    """The public directory: verified organisations, optionally of one type or matching some text."""
    queryset = Organisation.objects.verified()
    if type:
        queryset = queryset.filter(type=type)
    text = (text or "").strip()
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(org_id__iexact=text)
        )
    return queryset.order_by("name", "id")


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by").filter(token_hash=hash_token(token)).first()
    )
