"""Automatic due diligence on submission: the organisation verified, its registration numbers well-formed,
possible duplicate applications, and a red/amber/green fraud-risk rating from the rules in docs/FUNDS.md.

The rules (each finding names its code, which docs/FUNDS.md explains):
  R1 red    the organisation is not verified
  R2 red    a registration number, or the org-id derived from it, is not well-formed
  R3 red    the bank account was also given by a different organisation
  A1 amber  possible duplicates: the organisation's other applications to the same fund in the last 12 months
            that are still open or were awarded, or another organisation's application to the fund with the
            same project name or summary
  A2 amber  the organisation registered on Covenant fewer than 90 days before submitting
  A3 amber  the amount asked for is more than the organisation's annual income
  A4 amber  the name on the bank account does not match the organisation's name
Any red finding, or two or more amber ones, rate red; one amber rates amber; none, green.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.organisations import identifiers
from covenant.organisations.models import (
    CHARITY_NUMBER_REQUIRED,
    COMPANY_NUMBER_REQUIRED,
    Organisation,
    OrganisationType,
)

from ..models import Application, ApplicationStatus, BankDetails, DueDiligence, RiskRating

NEW_ORGANISATION_DAYS = 90
DUPLICATE_WINDOW_DAYS = 365
AMBERS_MAKING_RED = 2
NOT_DUPLICATES = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED)
# Words that differ between the name on a bank account and the registered name of the same body.
_NAME_NOISE = {"the", "ltd", "limited", "cio", "cic", "plc", "llp", "trust", "trustees", "of", "and", "account",
               "accounts", "charity", "charitable", "incorporated", "inc", "co", "company", "uk"}


def registration_problems(organisation: Organisation) -> list[str]:
    """What is wrong with an organisation's registration numbers and org-id, in words; empty when all is well."""
    problems = []
    checks = (("charity_number", identifiers.normalise_charity_number, _("charity number")),
              ("company_number", identifiers.normalise_company_number, _("company number")))
    for field, normalise, label in checks:
        value = getattr(organisation, field)
        if value:
            try:
                if normalise(value) != value:
                    problems.append(_("The %(label)s %(value)s is not in its standard form") % {
                        "label": label, "value": value})
            except ValidationError:
                problems.append(_("The %(label)s %(value)s is not a well-formed number") % {
                    "label": label, "value": value})
    if organisation.type in CHARITY_NUMBER_REQUIRED and not organisation.charity_number:
        problems.append(_("A %(type)s must have a charity number") % {"type": organisation.get_type_display()})
    if organisation.type in COMPANY_NUMBER_REQUIRED and not organisation.company_number:
        problems.append(_("A %(type)s must have a company number") % {"type": organisation.get_type_display()})
    if organisation.type == OrganisationType.LOCAL_AUTHORITY:
        try:
            identifiers.normalise_local_authority_code(organisation.ons_code)
        except ValidationError:
            problems.append(_("The council's ONS code %(code)s is not well-formed") % {
                "code": organisation.ons_code or "—"})
    if not identifiers.is_org_id(organisation.org_id):
        problems.append(_("The organisation identifier %(org_id)s is not in org-id form") % {
            "org_id": organisation.org_id or "—"})
    return problems


def _words(name: str) -> set[str]:
    return {word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in _NAME_NOISE}


def names_match(account_name: str, organisation_name: str) -> bool:
    """Whether the name on an account is the organisation's: the distinctive words of the shorter are all in
    the longer, ignoring case, punctuation and words like Ltd, CIO or Trust."""
    account, registered = _words(account_name), _words(organisation_name)
    if not account or not registered:
        return False
    shorter, longer = sorted((account, registered), key=len)
    return shorter <= longer


def _normal_text(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def possible_duplicates(application: Application) -> list[Application]:
    fund_id = application.round.programme.fund_id
    since = timezone.now() - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    others = (Application.objects.filter(round__programme__fund_id=fund_id).exclude(pk=application.pk)
              .exclude(status__in=NOT_DUPLICATES))
    same_organisation = others.filter(organisation=application.organisation, submitted_at__gte=since)
    title, summary = _normal_text(application.title), _normal_text(application.summary)
    found = {other.pk: other for other in same_organisation}
    # Normalised text is compared in Python over the fund's candidates that share the title's first word.
    first_word = title.split(" ")[0] if title else ""
    candidates = others.exclude(organisation=application.organisation)
    if first_word:
        candidates = candidates.filter(Q(title__icontains=first_word) | Q(summary__icontains=first_word))
    for other in candidates.only("pk", "title", "summary")[:500]:
        if (title and _normal_text(other.title) == title) or (summary and _normal_text(other.summary) == summary):
            found[other.pk] = other
    return sorted(found.values(), key=lambda other: other.pk)


def assess(application: Application, *, bank: BankDetails | None) -> tuple[list[dict], list[Application], bool]:
    """The findings, the possible duplicates and whether the registration is well-formed; nothing saved."""
    organisation = application.organisation
    findings: list[dict] = []

    def finding(code: str, rating: str, message: str) -> None:
        findings.append({"code": code, "rating": rating, "message": message})

    if not organisation.is_verified:
        finding("R1", RiskRating.RED, _("The organisation is not verified"))
    problems = registration_problems(organisation)
    for problem in problems:
        finding("R2", RiskRating.RED, problem)
    if bank is not None:
        shared = (BankDetails.objects.filter(fingerprint=bank.fingerprint)
                  .exclude(application__organisation=organisation)
                  .values_list("application__organisation__name", flat=True).distinct())
        for name in sorted(shared):
            finding("R3", RiskRating.RED, _("The same bank account was given by %(organisation)s") % {
                "organisation": name})
    duplicates = possible_duplicates(application)
    for other in duplicates:
        finding("A1", RiskRating.AMBER, _("Possible duplicate of application %(id)s, %(title)s, from %(org)s") % {
            "id": other.pk, "title": other.title, "org": other.organisation.name})
    registered_days = (timezone.now() - organisation.created_at).days
    if registered_days < NEW_ORGANISATION_DAYS:
        finding("A2", RiskRating.AMBER, _("The organisation registered on Covenant %(days)s days ago") % {
            "days": registered_days})
    income = application.organisation_income
    if income is not None and application.amount_requested and application.amount_requested > income:
        finding("A3", RiskRating.AMBER, _("The amount asked for is more than the organisation's annual income"))
    if bank is not None and not names_match(bank.account_name, organisation.name):
        finding("A4", RiskRating.AMBER, _("The name on the bank account, %(name)s, does not match the "
                                          "organisation's name") % {"name": bank.account_name})
    return findings, duplicates, not problems


def rating_of(findings: list[dict]) -> str:
    ambers = {f["code"] for f in findings if f["rating"] == RiskRating.AMBER}
    if any(f["rating"] == RiskRating.RED for f in findings) or len(ambers) >= AMBERS_MAKING_RED:
        return RiskRating.RED
    return RiskRating.AMBER if ambers else RiskRating.GREEN


def due_diligence_run(application: Application) -> DueDiligence:
    """Run the checks for a (locked) application and keep the result, replacing any earlier one. Called by the
    services that submit an application or change its bank details; not a service of its own."""
    bank = BankDetails.objects.filter(application=application).first()
    findings, duplicates, registration_ok = assess(application, bank=bank)
    result, _created = DueDiligence.objects.update_or_create(
        application=application,
        defaults={"checked_at": timezone.now(), "organisation_verified": application.organisation.is_verified,
                  "registration_ok": registration_ok, "findings": findings, "rating": rating_of(findings)})
    result.possible_duplicates.set(duplicates)
    return result
