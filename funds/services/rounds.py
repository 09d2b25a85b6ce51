"""Writes for rounds: their dates, eligibility and budget (allocated from the fund through the ledger), the
questions of their form and the criteria assessors score against, and publishing them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.organisations.models import OrganisationType
from covenant.places.models import LocalAuthority

from ..models import (
    AccountKind,
    Criterion,
    DeprivationRule,
    IncomeBand,
    Programme,
    Question,
    QuestionKind,
    Round,
    TransactionKind,
)
from ..uploads import DEFAULT_MAX_BYTES, FILE_TYPES
from . import ledger
from .common import (
    clean_text,
    lock_fund,
    lock_round,
    parse_money,
    pounds,
    refusals_audited,
    require,
    when,
)

NAME_MAX = 150
LABEL_MAX = 300
MAX_MONTHS = 120


def _clean_datetime(value, field: str, errors: dict, *, label: str):
    if not isinstance(value, datetime.datetime):
        errors[field] = _("Enter %(label)s as a real date and time") % {"label": label}
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _clean_choices(values, allowed, field: str, errors: dict, message: str) -> list[str]:
    values = list(values or [])
    if any(value not in allowed for value in values):
        errors[field] = message
        return []
    return sorted(set(values), key=list(allowed).index)


def _local_authorities(values, errors: dict) -> list[LocalAuthority]:
    codes = []
    for value in values or []:
        codes.append(value.pk if isinstance(value, LocalAuthority) else str(value).strip().upper())
    found = {authority.pk: authority for authority in LocalAuthority.objects.filter(pk__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors["local_authorities"] = _("We do not know these local authorities: %(codes)s. Enter ONS codes, "
                                        "like E08000024") % {"codes": ", ".join(unknown)}
        return []
    return list(found.values())


def _clean_round(programme: Programme, data: dict, errors: dict) -> dict:
    """Check the round's own fields that are present in `data`, and how they fit together."""
    fund = programme.fund
    clean: dict = {}
    if "name" in data:
        clean["name"] = clean_text(" ".join((data["name"] or "").split()), "name", empty=_("Enter the round's name"),
                                   maximum=NAME_MAX, errors=errors)
    if "description" in data:
        clean["description"] = clean_text(data["description"], "description", empty="", required=False,
                                          errors=errors)
    if "opens_at" in data:
        clean["opens_at"] = _clean_datetime(data["opens_at"], "opens_at", errors, label=_("when the round opens"))
    if "closes_at" in data:
        clean["closes_at"] = _clean_datetime(data["closes_at"], "closes_at", errors, label=_("when the round closes"))
        if clean["closes_at"] and clean["closes_at"] <= timezone.now():
            errors["closes_at"] = _("The round must close in the future")
    for field, label in (("min_amount", _("the smallest grant")), ("max_amount", _("the largest grant"))):
        if field in data:
            clean[field] = parse_money(data[field], field, label=label, errors=errors)
    if "fast_track" in data:
        clean["fast_track"] = bool(data["fast_track"])
    if "max_months" in data:
        months = data["max_months"]
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
            errors["max_months"] = _("Enter the longest grant as a number of months from 1 to %(max)s") % {
                "max": MAX_MONTHS}
        else:
            clean["max_months"] = months
    if "organisation_types" in data:
        clean["organisation_types"] = _clean_choices(
            data["organisation_types"], OrganisationType.values, "organisation_types", errors,
            _("Select types of organisation from the list"))
    if "income_bands" in data:
        clean["income_bands"] = _clean_choices(data["income_bands"], IncomeBand.values, "income_bands", errors,
                                               _("Select income bands from the list"))
    if "local_authorities" in data:
        clean["local_authorities"] = _local_authorities(data["local_authorities"], errors)
    if "deprivation_rule" in data:
        if data["deprivation_rule"] not in DeprivationRule.values:
            errors["deprivation_rule"] = _("Select how the round treats deprived areas")
        else:
            clean["deprivation_rule"] = data["deprivation_rule"]
    if "deprivation_max_decile" in data:
        decile = data["deprivation_max_decile"]
        if isinstance(decile, bool) or not isinstance(decile, int) or not 1 <= decile <= 10:
            errors["deprivation_max_decile"] = _("Enter an IMD decile from 1 to 10")
        else:
            clean["deprivation_max_decile"] = decile
    if "deprivation_weight" in data:
        try:
            weight = Decimal(str(data["deprivation_weight"]))
        except InvalidOperation:
            weight = None
        if weight is None or not weight.is_finite() or not Decimal(0) <= weight <= Decimal(5):
            errors["deprivation_weight"] = _("Enter a priority weight from 0 to 5")
        else:
            clean["deprivation_weight"] = weight.quantize(Decimal("0.01"))
    if "left_behind_counts" in data:
        clean["left_behind_counts"] = bool(data["left_behind_counts"])

    opens_at, closes_at = clean.get("opens_at"), clean.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at and "closes_at" not in errors:
        errors["closes_at"] = _("The round must close after it opens")
    low, high = clean.get("min_amount"), clean.get("max_amount")
    if low and high and high < low and "max_amount" not in errors:
        errors["max_amount"] = _("The largest grant must be at least the smallest grant")
    if clean.get("fast_track"):
        if fund.is_endowment:
            errors["fast_track"] = _("Only a recovery fund makes fast-track grants")
        elif high and high > fund.fast_track_limit and "max_amount" not in errors:
            errors["max_amount"] = _("A fast-track round's largest grant must be no more than the fund's "
                                     "fast-track limit of %(limit)s") % {"limit": pounds(fund.fast_track_limit)}
    return clean


def _allocate(actor, fund, round_: Round, amount: Decimal, field: str = "budget"):
    entry = ledger.transfer(
        actor=actor, fund=fund, kind=TransactionKind.ALLOCATION,
        description=_("Budget for %(round)s") % {"round": round_.name},
        debit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_),
        credit=ledger.account(fund, AccountKind.AVAILABLE), amount=amount, field=field,
        refusal=_("The fund has %(available)s available to allocate: enter a budget of that or less"))
    round_.budget += amount
    round_.save(update_fields=["budget", "updated_at"])
    return entry


@refusals_audited("funds.round_create")
@transaction.atomic
def round_create(*, actor, programme: Programme, name: str, opens_at: datetime.datetime,
                 closes_at: datetime.datetime, min_amount, max_amount, budget=0, fast_track: bool = False,
                 max_months: int = 12, organisation_types=(), income_bands=(), local_authorities=(),
                 deprivation_rule: str = DeprivationRule.NONE, deprivation_max_decile: int = 3,
                 deprivation_weight=0, left_behind_counts: bool = False, description: str = "") -> Round:
    """A round of a programme, not yet published. Its budget (if any) is allocated from what the fund has
    available, through the ledger; empty eligibility lists mean anyone, any income, anywhere."""
    fund = lock_fund(programme.fund_id)
    require(actor, "funds.administer_fund", fund)
    programme = Programme.objects.get(pk=programme.pk)
    errors: dict[str, str] = {}
    data = {"name": name, "description": description, "opens_at": opens_at, "closes_at": closes_at,
            "min_amount": min_amount, "max_amount": max_amount, "fast_track": fast_track, "max_months": max_months,
            "organisation_types": organisation_types, "income_bands": income_bands,
            "local_authorities": local_authorities, "deprivation_rule": deprivation_rule,
            "deprivation_max_decile": deprivation_max_decile, "deprivation_weight": deprivation_weight,
            "left_behind_counts": left_behind_counts}
    clean = _clean_round(programme, data, errors)
    budget = parse_money(budget, "budget", label=_("the round's budget"), errors=errors, allow_zero=True)
    if errors:
        raise ValidationError(errors)
    authorities = clean.pop("local_authorities")
    slug_base = slugify(clean["name"])[:70] or "round"
    slug, number = slug_base, 2
    while programme.rounds.filter(slug=slug).exists():
        slug, number = f"{slug_base}-{number}", number + 1
    round_ = Round.objects.create(programme=programme, slug=slug, created_by=actor, **clean)
    round_.local_authorities.set(authorities)
    if budget:
        _allocate(actor, fund, round_, budget)
    audit_record(actor=actor, action="funds.round_created", target=round_,
                 metadata={"programme": programme.pk, "budget": budget, "fast_track": round_.fast_track,
                           "opens_at": round_.opens_at, "closes_at": round_.closes_at})
    return round_


# Once published, applicants rely on the rules: only these may change, and the closing date only later.
PUBLISHED_CHANGES = frozenset({"description", "closes_at"})


@refusals_audited("funds.round_update")
@transaction.atomic
def round_update(*, actor, round: Round, **changes) -> Round:
    """Change a round's fields (the keyword arguments of round_create but budget). Before publishing anything
    may change; after, only the description, and the closing date moved later."""
    lock_fund(round.programme.fund_id)
    round_ = lock_round(round.pk)
    require(actor, "funds.administer_fund", round_)
    unknown = set(changes) - {"name", "description", "opens_at", "closes_at", "min_amount", "max_amount",
                              "fast_track", "max_months", "organisation_types", "income_bands",
                              "local_authorities", "deprivation_rule", "deprivation_max_decile",
                              "deprivation_weight", "left_behind_counts"}
    if unknown:
        raise TypeError(f"round_update() got unexpected fields: {', '.join(sorted(unknown))}")
    if round_.published_at and set(changes) - PUBLISHED_CHANGES:
        raise ValidationError(_("This round has been published: only its description and closing date can "
                                "change"))
    errors: dict[str, str] = {}
    merged = {"opens_at": round_.opens_at, "closes_at": round_.closes_at, "min_amount": round_.min_amount,
              "max_amount": round_.max_amount, "fast_track": round_.fast_track, **changes}
    clean = _clean_round(round_.programme, merged, errors)
    clean = {field: value for field, value in clean.items() if field in changes}
    if round_.published_at and clean.get("closes_at") and clean["closes_at"] < round_.closes_at:
        errors["closes_at"] = _("A published round's closing date can only move later, after %(when)s") % {
            "when": when(round_.closes_at)}
    if errors:
        raise ValidationError(errors)
    authorities = clean.pop("local_authorities", None)
    before = {field: getattr(round_, field) for field in clean}
    for field, value in clean.items():
        setattr(round_, field, value)
    round_.save()
    if authorities is not None:
        round_.local_authorities.set(authorities)
    audit_record(actor=actor, action="funds.round_updated", target=round_,
                 changes={field: [before[field], value] for field, value in clean.items() if before[field] != value},
                 metadata={"local_authorities": [a.pk for a in authorities]} if authorities is not None else None)
    return round_


@refusals_audited("funds.round_budget_allocate")
@transaction.atomic
def round_budget_allocate(*, actor, round: Round, amount):
    """Add to a round's budget from what the fund has available; refused beyond that."""
    fund = lock_fund(round.programme.fund_id)
    round_ = lock_round(round.pk)
    require(actor, "funds.administer_fund", round_)
    amount = parse_money(amount, "amount", label=_("the amount to add to the budget"))
    entry = _allocate(actor, fund, round_, amount, field="amount")
    audit_record(actor=actor, action="funds.round_budget_allocated", target=round_,
                 metadata={"amount": amount, "budget": round_.budget, "transaction": entry.pk})
    return entry


@refusals_audited("funds.round_budget_return")
@transaction.atomic
def round_budget_return(*, actor, round: Round, amount):
    """Give back to the fund budget the round has not committed (after it closes, or to move it elsewhere)."""
    fund = lock_fund(round.programme.fund_id)
    round_ = lock_round(round.pk)
    require(actor, "funds.administer_fund", round_)
    amount = parse_money(amount, "amount", label=_("the amount to return to the fund"))
    entry = ledger.transfer(
        actor=actor, fund=fund, kind=TransactionKind.DEALLOCATION,
        description=_("Returned from %(round)s") % {"round": round_.name},
        debit=ledger.account(fund, AccountKind.AVAILABLE),
        credit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_), amount=amount,
        refusal=_("The round has %(available)s not committed: enter that or less"))
    round_.budget -= amount
    round_.save(update_fields=["budget", "updated_at"])
    audit_record(actor=actor, action="funds.round_budget_returned", target=round_,
                 metadata={"amount": amount, "budget": round_.budget, "transaction": entry.pk})
    return entry


@refusals_audited("funds.round_publish")
@transaction.atomic
def round_publish(*, actor, round: Round) -> Round:
    """Publish a round: from its opening time verified organisations may apply. It needs a budget and at least
    one assessment criterion."""
    lock_fund(round.programme.fund_id)
    round_ = lock_round(round.pk)
    require(actor, "funds.administer_fund", round_)
    if round_.published_at:
        raise ValidationError(_("This round has been published already"))
    errors = []
    if round_.budget <= 0:
        errors.append(_("Give the round a budget before publishing it"))
    if not round_.criteria.exists():
        errors.append(_("Add at least one assessment criterion before publishing the round"))
    if round_.closes_at <= timezone.now():
        errors.append(_("The round's closing date has passed: move it later before publishing"))
    if errors:
        raise ValidationError(errors)
    round_.published_at = timezone.now()
    round_.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="funds.round_published", target=round_)
    return round_


def _unpublished(actor, round_: Round) -> Round:
    round_ = lock_round(round_.pk)
    require(actor, "funds.administer_fund", round_)
    if round_.published_at:
        raise ValidationError(_("This round has been published: its questions and criteria can no longer change"))
    return round_


@refusals_audited("funds.question_add")
@transaction.atomic
def question_add(*, actor, round: Round, label: str, kind: str, hint: str = "", required: bool = True,
                 section: str = "", max_length: int | None = None, choices=(), allowed_types=(),
                 max_file_bytes: int | None = None) -> Question:
    """Add a question to the end of an unpublished round's form. Text: `max_length` characters (2,000 unless
    given). Choice: two or more `choices`. File: `allowed_types` from FILE_TYPES and `max_file_bytes` (5MB
    unless given, at most FUNDS_UPLOAD_MAX_BYTES). One budget question at most."""
    from django.conf import settings

    round_ = _unpublished(actor, round)
    errors: dict = {}
    label = clean_text(" ".join((label or "").split()), "label", empty=_("Enter the question"), maximum=LABEL_MAX,
                       errors=errors)
    hint = clean_text(hint, "hint", empty="", required=False, maximum=1000, errors=errors)
    section = clean_text(section, "section", empty="", required=False, maximum=100, errors=errors)
    fields: dict = {}
    if kind not in QuestionKind.values:
        errors["kind"] = _("Select the kind of answer")
    elif kind == QuestionKind.TEXT:
        limit = 2000 if max_length is None else max_length
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50000:
            errors["max_length"] = _("Enter the longest answer as a number of characters from 1 to 50,000")
        fields["max_length"] = limit
    elif kind == QuestionKind.CHOICE:
        options = [" ".join(str(option).split()) for option in choices or []]
        options = [option for option in options if option]
        if len(options) < 2:
            errors["choices"] = _("Enter at least 2 options")
        elif len(set(options)) != len(options):
            errors["choices"] = _("Each option must be different")
        elif any(len(option) > 200 for option in options):
            errors["choices"] = _("Each option must be 200 characters or fewer")
        fields["choices"] = options
    elif kind == QuestionKind.FILE:
        types = sorted({str(ext).lower().lstrip(".") for ext in allowed_types or []})
        if not types:
            errors["allowed_types"] = _("Select at least one type of file")
        elif set(types) - set(FILE_TYPES):
            errors["allowed_types"] = _("Select file types from the list: %(types)s") % {
                "types": ", ".join(FILE_TYPES)}
        limit = DEFAULT_MAX_BYTES if max_file_bytes is None else max_file_bytes
        ceiling = settings.FUNDS_UPLOAD_MAX_BYTES
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= ceiling:
            errors["max_file_bytes"] = _("Enter the largest file size in bytes, up to %(mb)sMB") % {
                "mb": ceiling // (1024 * 1024)}
        fields.update(allowed_types=types, max_file_bytes=limit)
    elif kind == QuestionKind.BUDGET and round_.questions.filter(kind=QuestionKind.BUDGET).exists():
        errors["kind"] = _("The form already has a budget question")
    if errors:
        raise ValidationError(errors)
    key_base = re.sub(r"-+", "-", slugify(label))[:50] or "question"
    key, number = key_base, 2
    while round_.questions.filter(key=key).exists():
        key, number = f"{key_base}-{number}", number + 1
    position = (round_.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question = Question.objects.create(round=round_, key=key, position=position, label=label, hint=hint,
                                       kind=kind, required=bool(required), section=section, **fields)
    audit_record(actor=actor, action="funds.question_added", target=round_,
                 metadata={"question": question.pk, "kind": kind, "label": label})
    return question


@refusals_audited("funds.question_remove")
@transaction.atomic
def question_remove(*, actor, question: Question) -> None:
    """Take a question off an unpublished round's form."""
    round_ = _unpublished(actor, question.round)
    question = round_.questions.get(pk=question.pk)
    audit_record(actor=actor, action="funds.question_removed", target=round_,
                 metadata={"question": question.pk, "label": question.label})
    question.delete()


@refusals_audited("funds.criterion_add")
@transaction.atomic
def criterion_add(*, actor, round: Round, name: str, weight, description: str = "") -> Criterion:
    """A criterion assessors score from 0 to 5; weights are relative (a weight of 2 counts twice 1)."""
    round_ = _unpublished(actor, round)
    errors: dict = {}
    name = clean_text(" ".join((name or "").split()), "name", empty=_("Enter the criterion"), maximum=150,
                      errors=errors)
    description = clean_text(description, "description", empty="", required=False, maximum=2000, errors=errors)
    try:
        weight = Decimal(str(weight))
    except InvalidOperation:
        weight = None
    if weight is None or not weight.is_finite() or not Decimal("0") < weight <= Decimal("100") \
            or weight != weight.quantize(Decimal("0.01")):
        errors["weight"] = _("Enter a weight of more than 0 and up to 100, like 1 or 2.5")
    if name and round_.criteria.filter(name__iexact=name).exists():
        errors["name"] = _("The round already has a criterion with this name")
    if errors:
        raise ValidationError(errors)
    position = (round_.criteria.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    criterion = Criterion.objects.create(round=round_, name=name, description=description, weight=weight,
                                         position=position)
    audit_record(actor=actor, action="funds.criterion_added", target=round_,
                 metadata={"criterion": criterion.pk, "name": name, "weight": weight})
    return criterion


@refusals_audited("funds.criterion_remove")
@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    """Take a criterion off an unpublished round."""
    round_ = _unpublished(actor, criterion.round)
    criterion = round_.criteria.get(pk=criterion.pk)
    audit_record(actor=actor, action="funds.criterion_removed", target=round_,
                 metadata={"criterion": criterion.pk, "name": criterion.name})
    criterion.delete()
