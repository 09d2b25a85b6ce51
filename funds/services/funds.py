"""Writes for funds: setting one up, its capital, an endowment's returns, valuations and yearly drawdown,
programmes, and the imported list of left-behind neighbourhoods."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.organisations.identifiers import is_org_id
from covenant.organisations.models import Organisation

from ..models import (
    AccountKind,
    EndowmentEvent,
    EndowmentEventKind,
    Fund,
    FundKind,
    LeftBehindNeighbourhood,
    Programme,
    TransactionKind,
    Valuation,
)
from ..selectors.money import drawdown_left, spending_limit
from . import ledger
from .common import clean_text, lock_fund, parse_money, pounds, refusals_audited, require

NAME_MAX = 150
SOURCE_MAX = 300
NOTE_MAX = 300
_PREFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,58}[A-Za-z0-9]$")
_WARD_CODE = re.compile(r"^[EWSN][0-9]{8}$")


def _clean_rate(value, errors: dict):
    try:
        rate = Decimal(str(value).strip().rstrip("%")) if value is not None else None
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        errors["drawdown_rate"] = _("Enter the drawdown rate as a decimal, like 0.035 for 3.5%")
        return None
    if str(value).strip().endswith("%"):
        rate = rate / 100
    if not Decimal("0") <= rate <= Decimal("0.2"):
        errors["drawdown_rate"] = _("Enter a drawdown rate between 0 and 0.2 (0% to 20% a year)")
        return None
    return rate.quantize(Decimal("0.00001"))


def _clean_years(value, errors: dict):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        errors["drawdown_years"] = _("Enter the number of years to average, from 1 to 10")
        return None
    return value


def _clean_date(value, field: str, errors: dict, *, label: str, not_future: bool = True):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        errors[field] = _("Enter %(label)s as a real date, like 31 3 2026") % {"label": label}
        return None
    if not_future and value > timezone.localdate():
        errors[field] = _("%(label)s must be today or in the past") % {"label": label[:1].upper() + label[1:]}
        return None
    return value


@refusals_audited("funds.fund_create")
@transaction.atomic
def fund_create(*, actor, organisation: Organisation, name: str, kind: str, source: str, identifier_prefix: str,
                description: str = "", funder_org_id: str = "", fast_track_limit=None,
                second_approval_threshold=None, drawdown_rate=None, drawdown_years=None) -> Fund:
    """A fund run by `organisation`, whose fund administrators (the actor among them) run it from then on.

    Limits left out take the settings' defaults (FUNDS_FAST_TRACK_LIMIT, FUNDS_SECOND_APPROVAL_THRESHOLD,
    FUNDS_DRAWDOWN_RATE, FUNDS_DRAWDOWN_YEARS). The funder is identified by the organisation's org-id unless
    another is given; `identifier_prefix` is the 360Giving prefix of the fund's grant ids.
    """
    require(actor, "funds.add_fund", organisation)
    errors: dict[str, str] = {}
    name = clean_text(" ".join((name or "").split()), "name", empty=_("Enter the fund's name"), maximum=NAME_MAX,
                      errors=errors)
    if kind not in FundKind.values:
        errors["kind"] = _("Select the kind of fund")
    source = clean_text(source, "source", empty=_("Enter where the fund's money comes from"), maximum=SOURCE_MAX,
                        errors=errors)
    description = clean_text(description, "description", empty="", required=False, errors=errors)
    prefix = (identifier_prefix or "").strip()
    if prefix.upper().startswith("360G-"):
        prefix = prefix[5:]
    if not prefix:
        errors["identifier_prefix"] = _("Enter the fund's 360Giving prefix, like covenant-crf")
    elif not _PREFIX.match(prefix):
        errors["identifier_prefix"] = _("The 360Giving prefix must be 3 to 60 letters, numbers and hyphens, "
                                        "like covenant-crf")
    elif Fund.objects.filter(identifier_prefix__iexact=prefix).exists():
        errors["identifier_prefix"] = _("Another fund uses this 360Giving prefix: choose another")
    funder_org_id = (funder_org_id or organisation.org_id or "").strip()
    if not is_org_id(funder_org_id):
        errors["funder_org_id"] = _("Enter the funder's identifier in org-id form, like GB-CHC-1164883 or "
                                    "GB-COH-01234567")
    fields = {}
    if fast_track_limit is not None:
        fields["fast_track_limit"] = parse_money(fast_track_limit, "fast_track_limit", label=_("a fast-track limit"),
                                                 errors=errors)
    if second_approval_threshold is not None:
        fields["second_approval_threshold"] = parse_money(
            second_approval_threshold, "second_approval_threshold", label=_("a second-approval threshold"),
            errors=errors)
    if drawdown_rate is not None:
        fields["drawdown_rate"] = _clean_rate(drawdown_rate, errors)
    if drawdown_years is not None:
        fields["drawdown_years"] = _clean_years(drawdown_years, errors)
    if errors:
        raise ValidationError(errors)
    slug = _unique_slug(Fund.objects.all(), name)
    fund = Fund.objects.create(organisation=organisation, name=name, slug=slug, kind=kind, source=source,
                               description=description, identifier_prefix=prefix, funder_org_id=funder_org_id,
                               created_by=actor, **fields)
    audit_record(actor=actor, action="funds.fund_created", target=fund,
                 metadata={"kind": kind, "organisation": organisation.pk, "identifier_prefix": prefix,
                           "fast_track_limit": fund.fast_track_limit,
                           "second_approval_threshold": fund.second_approval_threshold})
    return fund


def _unique_slug(queryset, name: str) -> str:
    base = slugify(name)[:70] or "fund"
    slug, number = base, 2
    while queryset.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@refusals_audited("funds.fund_update")
@transaction.atomic
def fund_update(*, actor, fund: Fund, name: str | None = None, description: str | None = None,
                source: str | None = None, fast_track_limit=None, second_approval_threshold=None,
                drawdown_rate=None, drawdown_years=None) -> Fund:
    """Change what is given (None leaves a field as it is); every change is audited with before and after."""
    fund = lock_fund(fund.pk)
    require(actor, "funds.administer_fund", fund)
    errors: dict[str, str] = {}
    changes: dict = {}
    if name is not None:
        changes["name"] = clean_text(" ".join(name.split()), "name", empty=_("Enter the fund's name"),
                                     maximum=NAME_MAX, errors=errors)
    if description is not None:
        changes["description"] = clean_text(description, "description", empty="", required=False, errors=errors)
    if source is not None:
        changes["source"] = clean_text(source, "source", empty=_("Enter where the fund's money comes from"),
                                       maximum=SOURCE_MAX, errors=errors)
    if fast_track_limit is not None:
        changes["fast_track_limit"] = parse_money(fast_track_limit, "fast_track_limit",
                                                  label=_("a fast-track limit"), errors=errors)
    if second_approval_threshold is not None:
        changes["second_approval_threshold"] = parse_money(
            second_approval_threshold, "second_approval_threshold", label=_("a second-approval threshold"),
            errors=errors)
    if drawdown_rate is not None:
        changes["drawdown_rate"] = _clean_rate(drawdown_rate, errors)
    if drawdown_years is not None:
        changes["drawdown_years"] = _clean_years(drawdown_years, errors)
    if errors:
        raise ValidationError(errors)
    before = {field: getattr(fund, field) for field in changes}
    for field, value in changes.items():
        setattr(fund, field, value)
    fund.save()
    audit_record(actor=actor, action="funds.fund_updated", target=fund,
                 changes={field: [before[field], value] for field, value in changes.items()
                          if before[field] != value})
    return fund


@refusals_audited("funds.fund_capital_record")
@transaction.atomic
def fund_capital_record(*, actor, fund: Fund, amount, received_on: datetime.date, note: str = ""):
    """Capital received from the fund's source. A recovery fund may allocate it to rounds at once; an
    endowment invests it, and only its yearly drawdown becomes available."""
    fund = lock_fund(fund.pk)
    require(actor, "funds.administer_fund", fund)
    errors: dict[str, str] = {}
    amount = parse_money(amount, "amount", label=_("the amount received"), errors=errors)
    received_on = _clean_date(received_on, "received_on", errors, label=_("the date it was received"))
    note = clean_text(note, "note", empty="", required=False, maximum=NOTE_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    into = AccountKind.INVESTED if fund.is_endowment else AccountKind.AVAILABLE
    entry = ledger.transfer(actor=actor, fund=fund, kind=TransactionKind.CAPITAL,
                            description=note or _("Capital received on %(day)s") % {"day": received_on.isoformat()},
                            debit=ledger.account(fund, into), credit=ledger.account(fund, AccountKind.CAPITAL),
                            amount=amount)
    if fund.is_endowment:
        EndowmentEvent.objects.create(fund=fund, kind=EndowmentEventKind.CAPITAL, amount=amount,
                                      occurred_on=received_on, note=note, recorded_by=actor, transaction=entry)
    audit_record(actor=actor, action="funds.capital_recorded", target=fund,
                 metadata={"amount": amount, "received_on": received_on, "transaction": entry.pk})
    return entry


def _endowment(actor, fund: Fund) -> Fund:
    fund = lock_fund(fund.pk)
    require(actor, "funds.administer_fund", fund)
    if not fund.is_endowment:
        raise ValidationError(_("Only an endowment has investment returns, valuations and drawdowns"))
    return fund


@refusals_audited("funds.endowment_return_record")
@transaction.atomic
def endowment_return_record(*, actor, fund: Fund, amount, received_on: datetime.date, note: str = ""):
    """A return on an endowment's investments, added to what it holds invested."""
    fund = _endowment(actor, fund)
    errors: dict[str, str] = {}
    amount = parse_money(amount, "amount", label=_("the return"), errors=errors)
    received_on = _clean_date(received_on, "received_on", errors, label=_("the date of the return"))
    note = clean_text(note, "note", empty="", required=False, maximum=NOTE_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    entry = ledger.transfer(actor=actor, fund=fund, kind=TransactionKind.RETURN,
                            description=note or _("Investment return"),
                            debit=ledger.account(fund, AccountKind.INVESTED),
                            credit=ledger.account(fund, AccountKind.RETURNS), amount=amount)
    EndowmentEvent.objects.create(fund=fund, kind=EndowmentEventKind.RETURN, amount=amount, occurred_on=received_on,
                                  note=note, recorded_by=actor, transaction=entry)
    audit_record(actor=actor, action="funds.return_recorded", target=fund,
                 metadata={"amount": amount, "received_on": received_on, "transaction": entry.pk})
    return entry


@refusals_audited("funds.endowment_valuation_record")
@transaction.atomic
def endowment_valuation_record(*, actor, fund: Fund, valued_on: datetime.date, value, note: str = "") -> Valuation:
    """The investments' market value on a day (one a day); the drawdown rule averages year-end valuations."""
    fund = _endowment(actor, fund)
    errors: dict[str, str] = {}
    value = parse_money(value, "value", label=_("the valuation"), errors=errors, allow_zero=True)
    valued_on = _clean_date(valued_on, "valued_on", errors, label=_("the date of the valuation"))
    note = clean_text(note, "note", empty="", required=False, maximum=NOTE_MAX, errors=errors)
    if valued_on and Valuation.objects.filter(fund=fund, valued_on=valued_on).exists():
        errors["valued_on"] = _("There is already a valuation on this date")
    if errors:
        raise ValidationError(errors)
    valuation = Valuation.objects.create(fund=fund, valued_on=valued_on, value=value, note=note, recorded_by=actor)
    audit_record(actor=actor, action="funds.valuation_recorded", target=fund,
                 metadata={"valued_on": valued_on, "value": value})
    return valuation


@refusals_audited("funds.endowment_drawdown")
@transaction.atomic
def endowment_drawdown(*, actor, fund: Fund, amount, note: str = ""):
    """Move this year's spending from an endowment's investments to what may be allocated to rounds, within the
    year's spending limit (the drawdown rule) less what has been drawn down already this year."""
    fund = _endowment(actor, fund)
    amount = parse_money(amount, "amount", label=_("the amount to draw down"))
    note = clean_text(note, "note", empty="", required=False, maximum=NOTE_MAX)
    year = timezone.localdate().year
    left = drawdown_left(fund, year)
    if amount > left:
        raise ValidationError({"amount": _(
            "The drawdown rule allows %(limit)s this year and %(left)s is left: enter %(left)s or less"
        ) % {"limit": pounds(spending_limit(fund, year)), "left": pounds(left)}})
    entry = ledger.transfer(actor=actor, fund=fund, kind=TransactionKind.DRAWDOWN,
                            description=note or _("Drawdown for %(year)s") % {"year": year},
                            debit=ledger.account(fund, AccountKind.AVAILABLE),
                            credit=ledger.account(fund, AccountKind.INVESTED), amount=amount,
                            refusal=_("The endowment holds %(available)s invested: enter that or less"))
    audit_record(actor=actor, action="funds.drawdown_made", target=fund,
                 metadata={"amount": amount, "year": year, "transaction": entry.pk})
    return entry


@refusals_audited("funds.programme_create")
@transaction.atomic
def programme_create(*, actor, fund: Fund, name: str, code: str, description: str = "") -> Programme:
    """A grant programme; `code` is its grantProgramme code in the 360Giving data."""
    fund = lock_fund(fund.pk)
    require(actor, "funds.administer_fund", fund)
    errors: dict[str, str] = {}
    name = clean_text(" ".join((name or "").split()), "name", empty=_("Enter the programme's name"),
                      maximum=NAME_MAX, errors=errors)
    code = (code or "").strip()
    if not code:
        errors["code"] = _("Enter a code for the programme, like CRF-CRISIS")
    elif not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,59}", code):
        errors["code"] = _("The programme code must be up to 60 letters, numbers, hyphens, full stops and "
                           "underscores")
    elif fund.programmes.filter(code__iexact=code).exists():
        errors["code"] = _("Another programme of this fund has this code")
    description = clean_text(description, "description", empty="", required=False, errors=errors)
    if errors:
        raise ValidationError(errors)
    programme = Programme.objects.create(fund=fund, name=name, code=code, description=description,
                                         slug=_unique_slug(fund.programmes.all(), name), created_by=actor)
    audit_record(actor=actor, action="funds.programme_created", target=programme, metadata={"fund": fund.pk})
    return programme


LEFT_BEHIND_COLUMNS = ("ward code", "ward name")


@refusals_audited("funds.left_behind_import")
@transaction.atomic
def left_behind_import(*, actor, csv_text: str, list_name: str) -> int:
    """Replace the list of left-behind neighbourhoods from a CSV with the columns "ward code" and "ward name"
    (a header row; other columns are ignored). Returns how many wards the list holds. Nothing changes if any
    row is wrong: every bad row is named."""
    require(actor, "funds.import_left_behind")
    list_name = clean_text(list_name, "list_name", empty=_("Enter the name of the list, like Local Trust 2019"),
                           maximum=150)
    reader = csv.reader(io.StringIO((csv_text or "").lstrip("\ufeff")))
    header = [" ".join(cell.split()).lower() for cell in next(reader, [])]
    if "ward code" not in header:
        raise ValidationError({"csv_text": _("The file must have a header row with a column called ward code")})
    code_at = header.index("ward code")
    name_at = header.index("ward name") if "ward name" in header else None
    wards: dict[str, str] = {}
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = (row[code_at] if code_at < len(row) else "").strip().upper()
        if not _WARD_CODE.match(code):
            problems.append(_("Row %(row)s: %(code)s is not a ward code, like E05001234")
                            % {"row": number, "code": code or _("the ward code is missing")})
            continue
        wards[code] = (row[name_at].strip() if name_at is not None and name_at < len(row) else "")[:150]
    if problems:
        raise ValidationError({"csv_text": problems[:20]})
    if not wards:
        raise ValidationError({"csv_text": _("The file has no wards in it")})
    removed, _deleted = LeftBehindNeighbourhood.objects.exclude(ward_code__in=wards).delete()
    existing = set(LeftBehindNeighbourhood.objects.values_list("ward_code", flat=True))
    LeftBehindNeighbourhood.objects.bulk_create(
        LeftBehindNeighbourhood(ward_code=code, name=name, list_name=list_name, imported_by=actor)
        for code, name in wards.items() if code not in existing)
    for code, name in wards.items():
        if code in existing:
            LeftBehindNeighbourhood.objects.filter(ward_code=code).update(name=name, list_name=list_name,
                                                                          imported_by=actor,
                                                                          imported_at=timezone.now())
    audit_record(actor=actor, action="funds.left_behind_imported", target=None,
                 metadata={"list_name": list_name, "wards": len(wards), "removed": removed})
    return len(wards)
