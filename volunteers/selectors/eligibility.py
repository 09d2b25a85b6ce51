"""Whether a volunteer may sign up to a need on a date, and if not, what they would need, in plain English.

The same rules are offered as a database condition (`eligible_needs_q`) so that "only what I'm eligible for" in
search and the statement on a need's page never disagree.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import dateformat
from django.utils.translation import gettext as _

from ..models import (
    BarredLists,
    Credential,
    CredentialKind,
    DBSLevel,
    Need,
    NeedCheck,
    Passport,
    Workforce,
)
from .credentials import (
    DBS_RANK,
    LISTS_COVERED,
    WORKFORCES_COVERED,
    credential_is_valid,
    dbs_meets,
    valid_credentials,
)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    missing: list[str] = field(default_factory=list)


def _date(on: datetime.date) -> str:
    return dateformat.format(on, "j F Y")


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    """Whole years lived by `on`; someone born on 29 February turns a year older on 1 March in other years."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def _dbs_phrase(check: NeedCheck) -> str:
    if check.dbs_level == DBSLevel.ENHANCED_BARRED:
        lists = {
            BarredLists.CHILDREN: _("the children's barred list"),
            BarredLists.ADULTS: _("the adults' barred list"),
            BarredLists.BOTH: _("the children's and adults' barred lists"),
        }.get(check.dbs_barred_lists, _("a barred list check"))
        phrase = _("An enhanced DBS check with %(lists)s") % {"lists": lists}
    elif check.dbs_level == DBSLevel.ENHANCED:
        phrase = _("An enhanced DBS check")
    elif check.dbs_level == DBSLevel.STANDARD:
        phrase = _("A standard DBS check")
    else:
        phrase = _("A basic DBS check")
    workforce = {
        Workforce.CHILD: _("for the child workforce"),
        Workforce.ADULT: _("for the adult workforce"),
        Workforce.CHILD_AND_ADULT: _("for the child and adult workforce"),
        Workforce.OTHER: _("for the other workforce"),
    }.get(check.dbs_workforce)
    return f"{phrase} {workforce}" if workforce else phrase


def describe_check(check: NeedCheck, *, on: datetime.date) -> str:
    """What a check asks for, as a volunteer would read it."""
    if check.kind == CredentialKind.DBS:
        what = _dbs_phrase(check)
    elif check.kind == CredentialKind.IDENTITY:
        what = _("An identity check")
    elif check.kind == CredentialKind.TRAINING:
        what = _("Training in %(title)s") % {"title": check.title} if check.title else _("Training")
    elif check.kind == CredentialKind.QUALIFICATION:
        name = check.title or (check.get_qualification_type_display() if check.qualification_type else "")
        what = _("The qualification %(name)s") % {"name": name} if name else _("A qualification")
    else:
        what = _("Occupational health clearance")
    return _("%(what)s, verified and valid on %(date)s") % {"what": what, "date": _date(on)}


def check_met(check: NeedCheck, credentials: list[Credential], *, on: datetime.date) -> bool:
    """Whether any of the credentials satisfies the check on `on`."""
    for credential in credentials:
        if check.kind == CredentialKind.DBS:
            if dbs_meets(
                credential,
                level=check.dbs_level or DBSLevel.BASIC,
                barred_lists=check.dbs_barred_lists,
                workforce=check.dbs_workforce,
                on=on,
            ):
                return True
            continue
        if credential.kind != check.kind or not credential_is_valid(credential, on=on):
            continue
        if check.qualification_type and credential.qualification_type != check.qualification_type:
            continue
        if check.title and credential.title.strip().casefold() != check.title.strip().casefold():
            continue
        return True
    return False


def _checks_met_by(credential: Credential) -> Q:
    """The NeedCheck rows this (valid) credential satisfies, mirroring `check_met`."""
    if credential.kind == CredentialKind.DBS:
        rank = DBS_RANK.get(credential.dbs_level, 0)
        condition = Q(kind=CredentialKind.DBS) & (
            Q(dbs_level="") | Q(dbs_level__in=[level for level, r in DBS_RANK.items() if r <= rank])
        )
        if credential.dbs_level == DBSLevel.ENHANCED_BARRED:
            covered = LISTS_COVERED.get(credential.dbs_barred_lists, frozenset())
            condition &= Q(dbs_barred_lists="") | Q(
                dbs_barred_lists__in=[lists for lists, need in LISTS_COVERED.items() if need and need <= covered]
            )
        else:
            condition &= Q(dbs_barred_lists="")
        workforces = WORKFORCES_COVERED.get(credential.dbs_workforce, frozenset())
        return condition & (Q(dbs_workforce="") | Q(dbs_workforce__in=list(workforces)))
    condition = Q(kind=credential.kind) & (Q(title="") | Q(title__iexact=credential.title.strip()))
    if credential.qualification_type:
        return condition & (Q(qualification_type="") | Q(qualification_type=credential.qualification_type))
    return condition & Q(qualification_type="")


def eligible_needs_q(passport: Passport | None, *, on: datetime.date) -> Q:
    """A condition on Need that keeps only needs the passport's holder may sign up to on `on`.

    Costs two queries (the holder's valid credentials and skills) however many needs it is applied to.
    """
    if passport is None or passport.pk is None:
        return (
            Q(minimum_age__isnull=True)
            & ~Q(id__in=NeedCheck.objects.values("need_id"))
            & ~Q(id__in=Need.skills.through.objects.values("need_id"))
        )
    credentials = list(valid_credentials(passport, on=on))
    met = Q(pk__in=[])
    for credential in credentials:
        met |= _checks_met_by(credential)
    unmet_checks = NeedCheck.objects.exclude(met).values("need_id")
    skill_ids = list(passport.skills.values_list("skill_id", flat=True))
    unmet_skills = Need.skills.through.objects.exclude(skill_id__in=skill_ids).values("need_id")
    condition = ~Q(id__in=unmet_checks) & ~Q(id__in=unmet_skills)
    date_of_birth = passport.holder.date_of_birth
    if date_of_birth is None:
        return condition & Q(minimum_age__isnull=True)
    return condition & (Q(minimum_age__isnull=True) | Q(minimum_age__lte=age_on(date_of_birth, on)))


def eligibility(passport: Passport | None, need: Need, *, on: datetime.date) -> Eligibility:
    """Whether the passport's holder meets the need's checks, minimum age and skills on `on`, and what is missing.

    Uses the need's prefetched `checks` and `skills` when present.
    """
    missing: list[str] = []
    if passport is None or passport.pk is None:
        missing.append(_("Create your Volunteer Passport"))
        credentials: list[Credential] = []
        held_skills: set[int] = set()
        date_of_birth = None
    else:
        credentials = list(valid_credentials(passport, on=on))
        held_skills = set(passport.skills.values_list("skill_id", flat=True))
        date_of_birth = passport.holder.date_of_birth

    for check in need.checks.all():
        if not check_met(check, credentials, on=on):
            missing.append(describe_check(check, on=on))

    if need.minimum_age:
        too_young = _("You must be %(age)s or over on %(date)s") % {"age": need.minimum_age, "date": _date(on)}
        if date_of_birth is None and passport is not None:
            missing.append(_("Add your date of birth"))
        elif date_of_birth is None or age_on(date_of_birth, on) < need.minimum_age:
            missing.append(too_young)

    for skill in sorted(need.skills.all(), key=lambda skill: skill.name):
        if skill.pk not in held_skills:
            missing.append(_("The skill %(name)s") % {"name": skill.name})

    return Eligibility(eligible=not missing, missing=missing)
