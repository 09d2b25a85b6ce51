"""Writes for an active parish's delegated budget: the council setting the amount (within any cap its decision
set) and the parish's officers recording what they spend, never more than is left."""

from __future__ import annotations

import datetime
import decimal
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record

from .. import selectors, selectors_active
from ..models import DelegatedBudget, ParishDecision, Proposal, Spending
from .active import acting_on, clean_text, tell

PAYEE_MAX = 200
PURPOSE_MAX = 1000
# Pounds and pence below ten thousand million: what the amount columns (12 digits, 2 decimal places) hold.
AMOUNT_LIMIT = decimal.Decimal(10) ** 10
POUNDS = re.compile(r"-?\d+(\.\d{1,2})?")


def _pounds(value, *, field: str, invalid: str) -> decimal.Decimal:
    """A sum of money in pounds and pence; a ValidationError on `field` otherwise. Zero and below are for the
    callers to judge."""
    if isinstance(value, bool) or not isinstance(value, (int, str, decimal.Decimal)):
        raise ValidationError({field: invalid})
    text = str(value).strip().replace(",", "").removeprefix("£")
    # Digits with at most two decimal places: no exponents ("1e3"), no infinities, no fractions of a penny.
    if not POUNDS.fullmatch(text):
        raise ValidationError({field: invalid})
    amount = decimal.Decimal(text)
    if abs(amount) >= AMOUNT_LIMIT:
        raise ValidationError({field: invalid})
    return amount


def money(amount: decimal.Decimal) -> str:
    return f"£{amount:,.2f}"


def _budget_locked(parish: Proposal) -> DelegatedBudget:
    """The budget row under a lock: whoever spends or changes it next waits, and then sees what was spent."""
    DelegatedBudget.objects.get_or_create(parish=parish)
    return DelegatedBudget.objects.select_for_update().get(parish=parish)


@transaction.atomic
def budget_delegate(*, actor, parish: Proposal, amount) -> DelegatedBudget:
    """An officer of a covering council sets the budget delegated to the parish: no more than the cap the
    council's decision set, and no less than the parish has spent already."""
    parish = acting_on(actor, parish, "parishes.delegate_budget")
    amount = _pounds(amount, field="amount", invalid=_("Enter the budget in pounds and pence, like 5000 or 5000.00"))
    if amount < 0:
        raise ValidationError({"amount": _("The budget must be 0 pounds or more")})
    cap = selectors_active.budget_cap(parish)
    if cap is not None and amount > cap:
        raise ValidationError({"amount": _("The budget can be no more than the council's cap of %(cap)s")
                               % {"cap": money(cap)}})
    budget = _budget_locked(parish)
    spent = selectors_active.spent(parish)
    if amount < spent:
        raise ValidationError({"amount": _("The parish has spent %(spent)s already. The budget cannot be less than "
                                           "that") % {"spent": money(spent)}})
    previous = budget.amount
    budget.amount, budget.set_at, budget.set_by = amount, timezone.now(), actor
    budget.save(update_fields=["amount", "set_at", "set_by"])
    codes = selectors.officer_authority_codes(actor) & selectors.covering_authority_codes(parish)
    audit_record(actor=actor, action="parishes.budget_delegated", target=parish,
                 changes={"amount": [str(previous), str(amount)]}, metadata={"local_authority": sorted(codes)})
    council = parish.covering_authorities.filter(code__in=codes).order_by("code").first()
    tell(selectors_active.people_to_tell(parish), parish, "parishes.budget_delegated",
         {"amount": f"{amount:,.2f}", "council": (council.name or council.code) if council else _("The council")},
         key=f"budget_delegated:{parish.pk}:{budget.set_at.isoformat()}")
    return budget


@transaction.atomic
def spending_record(*, actor, parish: Proposal, spent_on: datetime.date, payee: str, purpose: str, amount,
                    decision: ParishDecision | None = None) -> Spending:
    """The chair, clerk or treasurer records money spent from the delegated budget, dated between the start of
    the parish's powers and today, optionally under a carried decision. Spending more than is left is refused,
    with the budget's row locked so that two officers at once cannot overspend it between them."""
    parish = acting_on(actor, parish, "parishes.record_spending")
    errors: dict[str, str] = {}
    today = timezone.localdate()
    began = selectors_active.powers_began_on(parish)
    if not isinstance(spent_on, datetime.date) or isinstance(spent_on, datetime.datetime):
        errors["spent_on"] = _("Enter the date of the spending, like 14 3 2027")
    elif spent_on > today:
        errors["spent_on"] = _("The date of the spending must be today or in the past")
    elif began is not None and spent_on < began:
        errors["spent_on"] = _("The date must be on or after %(day)s, when the parish's powers began") % {
            "day": date_format(began, "j F Y")}
    for field, value, empty, maximum in (
            ("payee", payee, _("Enter who was paid"), PAYEE_MAX),
            ("purpose", purpose, _("Enter what the money was spent on"), PURPOSE_MAX)):
        try:
            clean_text(value, field, empty=empty, maximum=maximum)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        amount = _pounds(amount, field="amount", invalid=_("Enter the amount in pounds and pence, like 125.50"))
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if amount <= 0:
            errors["amount"] = _("Enter an amount more than 0 pounds")
    if decision is not None and (decision.parish_id != parish.pk or not decision.carried):
        errors["decision"] = _("Choose a decision of this parish that was carried, or none")
    if errors:
        raise ValidationError(errors)
    budget = _budget_locked(parish)
    remaining = budget.amount - selectors_active.spent(parish)
    if amount > remaining:
        raise ValidationError({"amount": _("This is more than the %(left)s left of the delegated budget")
                               % {"left": money(remaining)}})
    spending = Spending.objects.create(parish=parish, spent_on=spent_on, payee=payee.strip(), purpose=purpose.strip(),
                                       amount=amount, decision=decision, recorded_by=actor)
    audit_record(actor=actor, action="parishes.spending_recorded", target=parish,
                 metadata={"spending_id": spending.pk, "amount": str(amount), "payee": spending.payee,
                           "decision_id": decision.pk if decision else None,
                           "remaining": str(remaining - amount)})
    return spending
