"""Reads about credentials: which count on a date, which meet a DBS requirement, and what a verifier may see.

Expiry is decided by comparing `expires_on` with the date asked about, never by the stored status alone: the
daily task that marks credentials expired may not have run yet, and eligibility must stop the moment they expire.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from covenant.organisations.models import Organisation, Role
from covenant.organisations.selectors import organisations_where_role

from ..models import (
    BarredLists,
    Credential,
    CredentialKind,
    CredentialStatus,
    DBSLevel,
    Passport,
    Section,
    Workforce,
)
from .sharing import passports_shared_with, shared_sections

SECTION_OF_KIND = {
    CredentialKind.IDENTITY: Section.IDENTITY,
    CredentialKind.DBS: Section.DBS,
    CredentialKind.TRAINING: Section.TRAINING,
    CredentialKind.QUALIFICATION: Section.QUALIFICATIONS,
    CredentialKind.OCCUPATIONAL_HEALTH: Section.OCCUPATIONAL_HEALTH,
}
KINDS_OF_SECTION = {section: kind for kind, section in SECTION_OF_KIND.items()}

DBS_RANK = {DBSLevel.BASIC: 1, DBSLevel.STANDARD: 2, DBSLevel.ENHANCED: 3, DBSLevel.ENHANCED_BARRED: 4}
# Which barred lists a certificate covers.
LISTS_COVERED = {
    BarredLists.NONE: frozenset(),
    BarredLists.CHILDREN: frozenset({BarredLists.CHILDREN}),
    BarredLists.ADULTS: frozenset({BarredLists.ADULTS}),
    BarredLists.BOTH: frozenset({BarredLists.CHILDREN, BarredLists.ADULTS}),
}
WORKFORCES_COVERED = {
    Workforce.CHILD: frozenset({Workforce.CHILD}),
    Workforce.ADULT: frozenset({Workforce.ADULT}),
    Workforce.CHILD_AND_ADULT: frozenset({Workforce.CHILD, Workforce.ADULT, Workforce.CHILD_AND_ADULT}),
    Workforce.OTHER: frozenset({Workforce.OTHER}),
}
# Verifiers may confirm or refuse these; expired and withdrawn credentials are past checking.
VERIFIABLE_STATUSES = (CredentialStatus.SELF_DECLARED, CredentialStatus.REJECTED)
REJECTABLE_STATUSES = (CredentialStatus.SELF_DECLARED, CredentialStatus.VERIFIED)


def _on(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def section_of(credential: Credential) -> str:
    return SECTION_OF_KIND[credential.kind]


def is_expired(credential: Credential, *, on: datetime.date | None = None) -> bool:
    """Past its expiry date on `on` (the expiry date itself still counts), or already marked expired."""
    if credential.status == CredentialStatus.EXPIRED:
        return True
    return credential.expires_on is not None and credential.expires_on < _on(on)


def effective_status(credential: Credential, *, on: datetime.date | None = None) -> str:
    """The status to show: a credential past its expiry date is expired even before the daily task runs."""
    if credential.status in (CredentialStatus.REVOKED, CredentialStatus.EXPIRED):
        return credential.status
    if is_expired(credential, on=on):
        return CredentialStatus.EXPIRED
    return credential.status


def _valid_q(on: datetime.date) -> Q:
    return (
        Q(status=CredentialStatus.VERIFIED)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        & (Q(issued_on__isnull=True) | Q(issued_on__lte=on))
    )


def valid_credentials(passport: Passport | None, *, on: datetime.date) -> QuerySet:
    """The passport's credentials that count on `on`: verified, issued by then and not past their expiry date."""
    if passport is None or passport.pk is None:
        return Credential.objects.none()
    return Credential.objects.filter(_valid_q(on), passport=passport)


def credential_is_valid(credential: Credential, *, on: datetime.date) -> bool:
    return bool(
        credential.status == CredentialStatus.VERIFIED
        and (credential.expires_on is None or credential.expires_on >= on)
        and (credential.issued_on is None or credential.issued_on <= on)
    )


def dbs_meets(
    credential: Credential,
    *,
    level: str,
    barred_lists: str = "",
    workforce: str = "",
    on: datetime.date,
) -> bool:
    """Whether a DBS credential satisfies a requirement on `on`.

    A higher level satisfies a lower one; a check of both barred lists satisfies one that asks for either; a
    certificate for the child and adult workforce satisfies either workforce. Empty requirements match anything.
    """
    if level not in DBS_RANK:
        raise ValueError(f"Unknown DBS level {level!r}; use one of {', '.join(DBS_RANK)}")
    if barred_lists not in LISTS_COVERED:
        raise ValueError(f"Unknown barred lists {barred_lists!r}; use one of {', '.join(BarredLists.values)}")
    if workforce and workforce not in WORKFORCES_COVERED:
        raise ValueError(f"Unknown workforce {workforce!r}; use one of {', '.join(Workforce.values)}")
    if credential.kind != CredentialKind.DBS or not credential_is_valid(credential, on=on):
        return False
    if DBS_RANK.get(credential.dbs_level, 0) < DBS_RANK[level]:
        return False
    if barred_lists:
        if credential.dbs_level != DBSLevel.ENHANCED_BARRED:
            return False
        if not LISTS_COVERED[barred_lists] <= LISTS_COVERED.get(credential.dbs_barred_lists, frozenset()):
            return False
    if workforce and workforce not in WORKFORCES_COVERED.get(credential.dbs_workforce, frozenset()):
        return False
    return True


def credentials_of(passport: Passport | None) -> QuerySet:
    """The holder's own credentials, withdrawn ones left out."""
    if passport is None or passport.pk is None:
        return Credential.objects.none()
    return Credential.objects.filter(passport=passport).exclude(status=CredentialStatus.REVOKED)


def credential_of_holder(user, pk) -> Credential | None:
    """One of the user's own credentials (not withdrawn), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return (
            Credential.objects.select_related("passport")
            .exclude(status=CredentialStatus.REVOKED)
            .filter(passport__holder=user, pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def verifier_organisations(user) -> QuerySet:
    """Verified organisations in which the user holds the verifier role."""
    return organisations_where_role(user, Role.VERIFIER)


def organisations_that_may_verify(user, credential: Credential, *, on: datetime.date | None = None) -> list:
    """The user's verified verifier organisations that the holder shares this credential's section with.

    The holder never verifies their own credentials, whatever roles they hold.
    """
    if credential is None or credential.passport.holder_id == getattr(user, "pk", None):
        return []
    section = section_of(credential)
    return [
        organisation for organisation in verifier_organisations(user)
        if section in shared_sections(organisation=organisation, passport=credential.passport, on=on)
    ]


def credentials_shared_with(organisation: Organisation, *, on: datetime.date | None = None) -> list[Credential]:
    """Credentials the organisation may see, in sections shared with it, withdrawn ones left out.

    Each comes with `passport.holder` loaded and `shown_status` set to its status on the date.
    """
    on = _on(on)
    passports = list(passports_shared_with(organisation, on=on))
    kinds_by_passport = {}
    for passport in passports:
        sections = shared_sections(organisation=organisation, passport=passport, on=on)
        kinds = [KINDS_OF_SECTION[section] for section in sections if section in KINDS_OF_SECTION]
        if kinds:
            kinds_by_passport[passport.pk] = kinds
    if not kinds_by_passport:
        return []
    condition = Q()
    for passport_id, kinds in kinds_by_passport.items():
        condition |= Q(passport_id=passport_id, kind__in=kinds)
    credentials = list(
        Credential.objects.filter(condition)
        .exclude(status=CredentialStatus.REVOKED)
        .select_related("passport__holder")
        .order_by("passport__holder__full_name", "passport__holder__email", "kind", "id")
    )
    for credential in credentials:
        credential.shown_status = effective_status(credential, on=on)
    return credentials


def credential_shared_with(organisation: Organisation, pk, *, on: datetime.date | None = None) -> Credential | None:
    """One credential the organisation may see right now, or None (missing, withdrawn or not shared)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    credential = (
        Credential.objects.select_related("passport__holder")
        .exclude(status=CredentialStatus.REVOKED)
        .filter(pk=pk)
        .first()
    )
    if credential is None:
        return None
    if section_of(credential) not in shared_sections(organisation=organisation, passport=credential.passport, on=on):
        return None
    return credential


def credentials_to_expire(*, on: datetime.date) -> QuerySet:
    """Credentials past their expiry date on `on` that are not yet marked expired (or withdrawn)."""
    return Credential.objects.filter(expires_on__lt=on).exclude(
        status__in=(CredentialStatus.EXPIRED, CredentialStatus.REVOKED)
    )


def credentials_expiring(*, on: datetime.date, within_days: int) -> QuerySet:
    """Live credentials whose expiry date falls between `on` and `within_days` later: candidates for reminders."""
    return (
        Credential.objects.filter(expires_on__gte=on, expires_on__lte=on + datetime.timedelta(days=within_days))
        .exclude(status__in=(CredentialStatus.EXPIRED, CredentialStatus.REVOKED))
        .select_related("passport__holder")
    )
