"""Writes for applying: starting an application, its details, answers and uploads, budget, beneficiary areas and
bank details (save and return: each saves what it is given), then submitting it with every rule checked again
and due diligence run, or withdrawing it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.organisations.models import Organisation

from .. import areas, bank, uploads
from ..models import (
    COMMITTED_STATES,
    AccountKind,
    Answer,
    Application,
    ApplicationStatus,
    BankDetails,
    BeneficiaryArea,
    BudgetLine,
    DeprivationRule,
    IncomeBand,
    Question,
    QuestionKind,
    Round,
    TransactionKind,
)
from . import ledger
from .common import (
    clean_text,
    day,
    lock_application,
    lock_for_money,
    notify_administrators,
    notify_applicants,
    parse_money,
    pounds,
    refusals_audited,
    require,
    when,
)
from .due_diligence import due_diligence_run
from .transitions import transition

UNSET = object()
TITLE_MAX = 200
SUMMARY_MAX = 5000
MAX_BUDGET_LINES = 100
MAX_AREAS = 50
# A project may start at most this long after the application is made.
START_WITHIN_DAYS = 366
INCOME_BANDS = ((Decimal("10000"), IncomeBand.UNDER_10K), (Decimal("100000"), IncomeBand.FROM_10K),
                (Decimal("500000"), IncomeBand.FROM_100K), (Decimal("1000000"), IncomeBand.FROM_500K),
                (Decimal("10000000"), IncomeBand.FROM_1M))


def income_band(income: Decimal) -> str:
    for ceiling, band in INCOME_BANDS:
        if income < ceiling:
            return band
    return IncomeBand.OVER_10M


def amount_limits(round_: Round) -> tuple[Decimal, Decimal]:
    """The smallest and largest grant an application to the round may ask for (a fast-track round is held to
    its fund's fast-track limit too)."""
    largest = round_.max_amount
    if round_.fast_track:
        largest = min(largest, round_.programme.fund.fast_track_limit)
    return round_.min_amount, largest


def _amount_problem(round_: Round, amount: Decimal) -> str | None:
    low, high = amount_limits(round_)
    if not low <= amount <= high:
        return _("Enter an amount between %(low)s and %(high)s") % {"low": pounds(low), "high": pounds(high)}
    return None


def _round_closed_message(round_: Round, now) -> str | None:
    if round_.published_at is None or now < round_.opens_at:
        return _("This round opens at %(when)s: you can apply from then") % {"when": when(round_.opens_at)}
    if now >= round_.closes_at:
        return _("This round closed at %(when)s: applications can no longer be made or submitted") % {
            "when": when(round_.closes_at)}
    return None


def _type_problem(round_: Round, organisation: Organisation) -> str | None:
    if round_.organisation_types and organisation.type not in round_.organisation_types:
        return _("This round does not fund organisations of your type (%(type)s)") % {
            "type": organisation.get_type_display()}
    return None


def _editable(actor, application: Application) -> Application:
    application = lock_application(application.pk)
    require(actor, "funds.change_application", application)
    message = _round_closed_message(application.round, timezone.now())
    if message:
        raise ValidationError(message)
    return application


@refusals_audited("funds.application_start")
@transaction.atomic
def application_start(*, actor, round: Round, organisation: Organisation, title: str) -> Application:
    """A draft application by `organisation` (the actor a member of it, and it verified) to an open round.
    One open application per organisation and round."""
    require(actor, "funds.apply_for_organisation", organisation)
    round_ = Round.objects.select_related("programme__fund").get(pk=round.pk)
    message = _round_closed_message(round_, timezone.now()) or _type_problem(round_, organisation)
    if message:
        raise ValidationError(message)
    title = clean_text(" ".join((title or "").split()), "title", empty=_("Enter the name of your project"),
                       maximum=TITLE_MAX)
    if (Application.objects.filter(round=round_, organisation=organisation)
            .exclude(status__in=(ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED)).exists()):
        raise ValidationError(_("Your organisation already has an application to this round: carry on with that "
                                "one"))
    application = Application.objects.create(round=round_, organisation=organisation, title=title,
                                             created_by=actor)
    audit_record(actor=actor, action="funds.application_started", target=application,
                 metadata={"round": round_.pk, "organisation": organisation.pk})
    return application


def _clean_day(value, field: str, errors: dict, *, label: str):
    if value is None:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        errors[field] = _("Enter %(label)s as a real date, like 1 4 2027") % {"label": label}
        return None
    return value


def _months_between(start: datetime.date, end: datetime.date) -> float:
    return (end - start).days / (365.25 / 12)


def _dates_problems(round_: Round, start, end, errors: dict) -> None:
    if start and end and end < start:
        errors["project_end"] = _("The project must end on or after the day it starts")
    elif start and end and _months_between(start, end) > round_.max_months + 0.5:
        errors["project_end"] = _("Projects in this round can last up to %(months)s months") % {
            "months": round_.max_months}


@refusals_audited("funds.application_update")
@transaction.atomic
def application_update(*, actor, application: Application, title=UNSET, summary=UNSET, amount_requested=UNSET,
                       project_start=UNSET, project_end=UNSET, organisation_income=UNSET) -> Application:
    """Save the details given (others stay as they are); a value of None or "" clears an optional one."""
    application = _editable(actor, application)
    round_ = application.round
    errors: dict[str, str] = {}
    changes: dict = {}
    if title is not UNSET:
        changes["title"] = clean_text(" ".join((title or "").split()), "title",
                                      empty=_("Enter the name of your project"), maximum=TITLE_MAX, errors=errors)
    if summary is not UNSET:
        changes["summary"] = clean_text(summary, "summary", empty="", required=False, maximum=SUMMARY_MAX,
                                        errors=errors)
    if amount_requested is not UNSET:
        if amount_requested in (None, ""):
            changes["amount_requested"] = None
        else:
            amount = parse_money(amount_requested, "amount_requested", label=_("the amount you are asking for"),
                                 errors=errors)
            if amount is not None and (problem := _amount_problem(round_, amount)):
                errors["amount_requested"] = problem
            changes["amount_requested"] = amount
    if organisation_income is not UNSET:
        if organisation_income in (None, ""):
            changes["organisation_income"] = None
        else:
            changes["organisation_income"] = parse_money(
                organisation_income, "organisation_income", label=_("your organisation's annual income"),
                errors=errors, allow_zero=True)
    if project_start is not UNSET:
        changes["project_start"] = _clean_day(project_start, "project_start", errors,
                                              label=_("the project's start date"))
        today = timezone.localdate()
        if changes["project_start"] and not today <= changes["project_start"] <= today + datetime.timedelta(
                days=START_WITHIN_DAYS):
            errors["project_start"] = _("The project must start between today and a year from today")
    if project_end is not UNSET:
        changes["project_end"] = _clean_day(project_end, "project_end", errors, label=_("the project's end date"))
    _dates_problems(round_, changes.get("project_start", application.project_start),
                    changes.get("project_end", application.project_end), errors)
    if errors:
        raise ValidationError(errors)
    before = {field: getattr(application, field) for field in changes}
    for field, value in changes.items():
        setattr(application, field, value)
    application.save()
    audit_record(actor=actor, action="funds.application_updated", target=application,
                 changes={field: [before[field], value] for field, value in changes.items() if before[field] != value})
    return application


def _question_of(application: Application, question: Question) -> Question:
    found = Question.objects.filter(pk=getattr(question, "pk", None), round_id=application.round_id).first()
    if found is None:
        raise ValidationError({"question": _("Choose a question of this round's form")})
    return found


def clean_answer(question: Question, value) -> str:
    """An answer in its stored form (text; ISO dates; amounts to the penny), or ValidationError({"value": ...})."""
    label = question.label
    if question.kind in (QuestionKind.FILE, QuestionKind.BUDGET):
        raise ValidationError({"value": _("Answer ‘%(label)s’ with %(what)s") % {
            "label": label, "what": _("a file") if question.kind == QuestionKind.FILE else _("the budget table")}})
    if question.kind == QuestionKind.DATE:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError({"value": _("Enter a real date, like 27 3 2026")}) from None
    text = str(value).strip()
    if question.kind == QuestionKind.TEXT:
        limit = question.max_length or 2000
        if len(text) > limit:
            raise ValidationError({"value": _("Your answer must be %(max)s characters or fewer") % {
                "max": f"{limit:,}"}})
        return text
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(text.replace(",", ""))
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValidationError({"value": _("Enter a number, like 12 or 3.5")})
        return format(number.normalize(), "f")
    if question.kind == QuestionKind.MONEY:
        return format(parse_money(text, "value", label=_("an amount"), allow_zero=True), "f")
    if question.kind == QuestionKind.CHOICE:
        if text not in question.choices:
            raise ValidationError({"value": _("Select one of the options")})
        return text
    raise ValueError(f"Unknown question kind {question.kind!r}")


@refusals_audited("funds.answer_save")
@transaction.atomic
def answer_save(*, actor, application: Application, question: Question, value) -> Answer | None:
    """Save the answer to a question that is not a file or the budget; an empty value clears the answer (which
    submission then asks for, if the question is required)."""
    application = _editable(actor, application)
    question = _question_of(application, question)
    if value is None or (isinstance(value, str) and not value.strip()):
        if question.kind in (QuestionKind.FILE, QuestionKind.BUDGET):
            clean_answer(question, value)
        Answer.objects.filter(application=application, question=question).delete()
        audit_record(actor=actor, action="funds.answer_cleared", target=application,
                     metadata={"question": question.pk})
        return None
    stored = clean_answer(question, value)
    answer, _created = Answer.objects.update_or_create(application=application, question=question,
                                                       defaults={"value": stored})
    audit_record(actor=actor, action="funds.answer_saved", target=application, metadata={"question": question.pk})
    return answer


@refusals_audited("funds.answer_upload")
@transaction.atomic
def answer_upload(*, actor, application: Application, question: Question, upload) -> Answer:
    """Keep a file in answer to a file question: of an allowed type by name and content, not empty, and no
    larger than the question allows. A new file replaces the old one."""
    application = _editable(actor, application)
    question = _question_of(application, question)
    if question.kind != QuestionKind.FILE:
        raise ValidationError({"upload": _("‘%(label)s’ is not answered with a file") % {"label": question.label}})
    try:
        uploads.check(upload, allowed_types=question.allowed_types,
                      max_bytes=question.max_file_bytes or uploads.DEFAULT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages[0]}) from None
    answer, _created = Answer.objects.get_or_create(application=application, question=question)
    previous = answer.file.name if answer.file else ""
    original_name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    answer.file.save(original_name, upload, save=False)
    answer.file_name, answer.file_bytes, answer.value = original_name, upload.size, ""
    answer.save()
    if previous:
        # Only once the new file's row is committed, so a failure never leaves the answer without its file.
        storage = answer.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    audit_record(actor=actor, action="funds.answer_uploaded", target=application,
                 metadata={"question": question.pk, "file_name": original_name, "bytes": upload.size})
    return answer


@refusals_audited("funds.budget_set")
@transaction.atomic
def budget_set(*, actor, application: Application, lines: list[dict]) -> list[BudgetLine]:
    """Replace the budget with `lines`: dicts of item, cost, requested (from this grant), match_funding and
    match_source. Each line's grant and match funding must add up to its cost; errors are keyed
    lines-<index>-<field>, counting from 0, as a formset's are."""
    application = _editable(actor, application)
    if len(lines) > MAX_BUDGET_LINES:
        raise ValidationError({"lines": _("A budget can have up to %(max)s lines") % {"max": MAX_BUDGET_LINES}})
    errors: dict[str, str] = {}
    clean = []
    for index, line in enumerate(lines):
        prefix = f"lines-{index}-"
        item = clean_text(" ".join(str(line.get("item") or "").split()), prefix + "item",
                          empty=_("Enter what line %(n)s of the budget is for") % {"n": index + 1}, maximum=200,
                          errors=errors)
        name = item or _("line %(n)s") % {"n": index + 1}
        cost = parse_money(line.get("cost"), prefix + "cost", label=_("the cost of %(item)s") % {"item": name},
                           errors=errors)
        requested = parse_money(line.get("requested"), prefix + "requested",
                                label=_("the amount from this grant for %(item)s") % {"item": name},
                                errors=errors, allow_zero=True)
        match = parse_money(line.get("match_funding") or 0, prefix + "match_funding",
                            label=_("the match funding for %(item)s") % {"item": name}, errors=errors,
                            allow_zero=True)
        source = clean_text(line.get("match_source"), prefix + "match_source", empty="", required=False,
                            maximum=200, errors=errors)
        if match and not source:
            errors[prefix + "match_source"] = _("Enter where the match funding for %(item)s comes from") % {
                "item": name}
        if cost is not None and requested is not None and match is not None and requested + match != cost:
            errors[prefix + "cost"] = _(
                "The grant (%(requested)s) and match funding (%(match)s) for %(item)s must add up to its cost of "
                "%(cost)s") % {"requested": pounds(requested), "match": pounds(match), "item": name,
                               "cost": pounds(cost)}
        clean.append(BudgetLine(application=application, position=index, item=item, cost=cost,
                                requested=requested, match_funding=match, match_source=source))
    if errors:
        raise ValidationError(errors)
    application.budget_lines.all().delete()
    created = BudgetLine.objects.bulk_create(clean)
    audit_record(actor=actor, action="funds.budget_set", target=application,
                 metadata={"lines": len(created), "requested": sum((line.requested for line in created), Decimal(0)),
                           "match_funding": sum((line.match_funding for line in created), Decimal(0))})
    return created


@refusals_audited("funds.beneficiary_areas_set")
@transaction.atomic
def beneficiary_areas_set(*, actor, application: Application, codes: list[str]) -> list[BeneficiaryArea]:
    """Replace the places the grant will help with `codes`: postcodes or ONS codes of LSOAs, wards or local
    authorities, each resolved to its LSOA, ward, local authority, IMD decile and left-behind status. Errors
    are keyed areas-<index>."""
    application = _editable(actor, application)
    codes = [code for code in codes if str(code or "").strip()]
    if len(codes) > MAX_AREAS:
        raise ValidationError({"areas": _("Add up to %(max)s places") % {"max": MAX_AREAS}})
    errors: dict[str, str] = {}
    resolved: dict[tuple[str, str], areas.ResolvedArea] = {}
    for index, code in enumerate(codes):
        try:
            area = areas.resolve(code)
        except ValidationError as error:
            errors[f"areas-{index}"] = error.messages[0]
            continue
        resolved.setdefault((area.kind, area.code), area)
    if errors:
        raise ValidationError(errors)
    application.beneficiary_areas.all().delete()
    created = BeneficiaryArea.objects.bulk_create(
        BeneficiaryArea(application=application, kind=area.kind, code=area.code, name=area.name[:150],
                        lsoa=area.lsoa, ward=area.ward, local_authority=area.local_authority,
                        imd_decile=area.imd_decile, left_behind=area.left_behind)
        for area in resolved.values())
    audit_record(actor=actor, action="funds.beneficiary_areas_set", target=application,
                 metadata={"areas": [area.code for area in created]})
    return created


BANK_DETAILS_STATES = frozenset(ApplicationStatus.values) - {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN,
                                                              ApplicationStatus.CLOSED}


@refusals_audited("funds.bank_details_set")
@transaction.atomic
def bank_details_set(*, actor, application: Application, account_name: str, sort_code: str, account_number: str,
                     roll_number: str = "") -> BankDetails:
    """Where the grant is to be paid, kept encrypted. The applicant organisation's administrators set it; a
    change after submission runs due diligence again and tells the fund's administrators."""
    application = lock_application(application.pk)
    require(actor, "funds.set_bank_details", application)
    if application.status not in BANK_DETAILS_STATES:
        raise ValidationError(_("Bank details can no longer be changed for this application"))
    details = bank.clean(account_name=account_name, sort_code=sort_code, account_number=account_number,
                         roll_number=roll_number)
    existing = BankDetails.objects.filter(application=application).first()
    row, _created = BankDetails.objects.update_or_create(application=application, defaults={
        "account_name": details.account_name, "sort_code_encrypted": bank.encrypt(details.sort_code),
        "account_number_encrypted": bank.encrypt(details.account_number),
        "roll_number_encrypted": bank.encrypt(details.roll_number),
        "fingerprint": bank.fingerprint(details.sort_code, details.account_number),
        "updated_by": actor, "updated_at": timezone.now()})
    changed_account = existing is not None and existing.fingerprint != row.fingerprint
    # Never the digits: the log says that they changed and how they end.
    audit_record(actor=actor, action="funds.bank_details_set", target=application,
                 metadata={"account_name": details.account_name,
                           "account_number": bank.mask_account_number(details.account_number),
                           "changed_account": changed_account})
    if application.status != ApplicationStatus.DRAFT:
        due_diligence_run(application)
        if existing is not None:
            notify_administrators(application, "funds.bank_details_changed",
                                  {"account_number": bank.mask_account_number(details.account_number)},
                                  key=f"bank_details:{application.pk}:{row.updated_at.isoformat()}")
    return row


def submission_problems(application: Application) -> dict[str, str]:
    """Everything that stops an application being submitted, keyed by field (question-<key> for answers); empty
    when it may be. Read-only: the check-your-answers page shows these, and submitting checks them again."""
    round_ = application.round
    organisation = application.organisation
    errors: dict[str, str] = {}
    if not organisation.is_verified:
        errors["organisation"] = _("Your organisation must be verified before it can apply")
    elif problem := _type_problem(round_, organisation):
        errors["organisation"] = problem
    if not application.title:
        errors["title"] = _("Enter the name of your project")
    if not application.summary:
        errors["summary"] = _("Enter what the grant is for")
    if application.amount_requested is None:
        errors["amount_requested"] = _("Enter the amount you are asking for")
    elif problem := _amount_problem(round_, application.amount_requested):
        errors["amount_requested"] = problem
    if application.project_start is None:
        errors["project_start"] = _("Enter the project's start date")
    if application.project_end is None:
        errors["project_end"] = _("Enter the project's end date")
    _dates_problems(round_, application.project_start, application.project_end, errors)
    if application.organisation_income is None:
        errors["organisation_income"] = _("Enter your organisation's annual income")
    elif round_.income_bands and income_band(application.organisation_income) not in round_.income_bands:
        errors["organisation_income"] = _("This round funds organisations with an annual income of %(bands)s") % {
            "bands": _(" or ").join(str(IncomeBand(band).label).lower() for band in round_.income_bands)}

    answers = {answer.question_id: answer for answer in application.answers.all()}
    lines = list(application.budget_lines.all())
    for question in round_.questions.all():
        answer = answers.get(question.pk)
        if question.kind == QuestionKind.BUDGET:
            answered = bool(lines)
        elif question.kind == QuestionKind.FILE:
            answered = bool(answer and answer.file)
        else:
            answered = bool(answer and answer.value)
        if question.required and not answered:
            errors[f"question-{question.key}"] = (
                _("Add your budget") if question.kind == QuestionKind.BUDGET
                else _("Upload a file for ‘%(label)s’") % {"label": question.label}
                if question.kind == QuestionKind.FILE else _("Answer ‘%(label)s’") % {"label": question.label})
    if lines and application.amount_requested is not None:
        total = sum((line.requested for line in lines), Decimal(0))
        if total != application.amount_requested:
            errors["budget"] = _("Your budget asks for %(total)s from this grant but your application asks for "
                                 "%(amount)s: make them the same") % {"total": pounds(total),
                                                                      "amount": pounds(application.amount_requested)}

    places = list(application.beneficiary_areas.all())
    if not places:
        errors["beneficiary_areas"] = _("Add at least one place the grant will help")
    else:
        allowed = set(round_.local_authorities.values_list("pk", flat=True))
        outside = [place.name or place.code for place in places
                   if allowed and place.local_authority_id not in allowed]
        if outside:
            errors["beneficiary_areas"] = _("This round funds work only in %(areas)s: %(outside)s is not") % {
                "areas": ", ".join(sorted(a.name or a.code for a in round_.local_authorities.all())),
                "outside": ", ".join(outside)}
        elif round_.deprivation_rule == DeprivationRule.REQUIRE and not any(
                is_deprived(round_, place.imd_decile, place.left_behind) for place in places):
            errors["beneficiary_areas"] = (
                _("This round funds work in the most deprived areas (IMD deciles 1 to %(decile)s) or in "
                  "left-behind neighbourhoods: add a place in one of them")
                if round_.left_behind_counts else
                _("This round funds work in the most deprived areas (IMD deciles 1 to %(decile)s): add a place "
                  "in one of them")) % {"decile": round_.deprivation_max_decile}
    return errors


def is_deprived(round_: Round, decile: int | None, left_behind: bool) -> bool:
    return bool((decile is not None and decile <= round_.deprivation_max_decile)
                or (round_.left_behind_counts and left_behind))


@refusals_audited("funds.application_submit")
@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """Submit a draft before the round closes, with every rule checked again (errors keyed as
    `submission_problems`). Due diligence runs and its result waits for the assessors."""
    application = _editable(actor, application)
    errors = submission_problems(application)
    if errors:
        raise ValidationError(errors)
    places = list(application.beneficiary_areas.all())
    deciles = [place.imd_decile for place in places if place.imd_decile is not None]
    application.most_deprived_decile = min(deciles) if deciles else None
    application.in_left_behind_neighbourhood = any(place.left_behind for place in places)
    application.submitted_at, application.submitted_by = timezone.now(), actor
    application.save(update_fields=["most_deprived_decile", "in_left_behind_neighbourhood", "submitted_at",
                                    "submitted_by", "updated_at"])
    transition(application, ApplicationStatus.SUBMITTED)
    result = due_diligence_run(application)
    audit_record(actor=actor, action="funds.application_submitted", target=application,
                 changes={"status": [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]},
                 metadata={"amount_requested": application.amount_requested, "due_diligence": result.rating,
                           "findings": [finding["code"] for finding in result.findings]})
    notify_applicants(application, "funds.application_submitted",
                      {"amount": pounds(application.amount_requested), "closes": day(application.round.closes_at)},
                      key=f"submitted:{application.pk}")
    return application


def release_commitment(actor, fund, round_, application: Application, *, description: str, amount=None):
    """Give back to the round's budget what is committed to an application and not paid (or `amount` of it).
    The caller holds the money locks."""
    unpaid = ledger.application_balance(application, AccountKind.COMMITTED)
    amount = unpaid if amount is None else amount
    if amount <= 0:
        return None
    return ledger.transfer(actor=actor, fund=fund, kind=TransactionKind.RELEASE, description=description,
                           debit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_),
                           credit=ledger.account(fund, AccountKind.COMMITTED, round_), amount=amount,
                           application=application)


@refusals_audited("funds.application_withdraw")
@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str = "") -> Application:
    """The applicant withdraws, at any time before accepting the grant agreement; money committed to it goes
    back to the round's budget."""
    fund, round_, application = lock_for_money(application)
    require(actor, "funds.withdraw_application", application)
    reason = clean_text(reason, "reason", empty="", required=False)
    previous = application.status
    if previous in COMMITTED_STATES:
        release_commitment(actor, fund, round_, application,
                           description=_("Withdrawn: %(title)s") % {"title": application.title})
    transition(application, ApplicationStatus.WITHDRAWN)
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["withdrawn_at", "updated_at"])
    audit_record(actor=actor, action="funds.application_withdrawn", target=application,
                 changes={"status": [previous, ApplicationStatus.WITHDRAWN]}, metadata={"reason": reason})
    if previous != ApplicationStatus.DRAFT:
        notify_administrators(application, "funds.application_withdrawn", {"reason": reason},
                              key=f"withdrawn:{application.pk}")
    return application
