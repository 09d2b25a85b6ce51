"""Reads of the funds' money: balances of the ledger's accounts, a fund's and a round's position, what an award
has had, and an endowment's spending limit under its drawdown rule."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum
from django.utils import timezone

from ..models import (
    CREDIT_ACCOUNTS,
    AccountKind,
    Application,
    Fund,
    LedgerLine,
    Round,
    TransactionKind,
    Valuation,
)

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


def _sums(lines) -> dict[str, Decimal]:
    """{account kind: balance on its normal side} over some ledger lines."""
    totals = {kind: ZERO for kind in AccountKind.values}
    for row in lines.values("account__kind").annotate(total=Sum("amount")):
        kind = row["account__kind"]
        totals[kind] = -row["total"] if kind in CREDIT_ACCOUNTS else row["total"]
    return totals


@dataclass(frozen=True)
class FundPosition:
    capital: Decimal  # received from the fund's source
    returns: Decimal  # investment returns (endowments)
    invested: Decimal  # endowments: invested, not yet drawn down
    available: Decimal  # may be allocated to rounds
    round_budgets: Decimal  # allocated to rounds, not yet committed
    committed: Decimal  # committed to awards, not yet paid
    paid: Decimal
    recovered: Decimal  # repaid by clawback


def fund_position(fund: Fund) -> FundPosition:
    totals = _sums(LedgerLine.objects.filter(account__fund=fund))
    return FundPosition(capital=totals[AccountKind.CAPITAL], returns=totals[AccountKind.RETURNS],
                        invested=totals[AccountKind.INVESTED], available=totals[AccountKind.AVAILABLE],
                        round_budgets=totals[AccountKind.ROUND_BUDGET], committed=totals[AccountKind.COMMITTED],
                        paid=totals[AccountKind.PAID], recovered=totals[AccountKind.RECOVERED])


@dataclass(frozen=True)
class RoundPosition:
    budget: Decimal  # allocated to the round in all
    uncommitted: Decimal  # left to commit to awards
    committed: Decimal  # committed, not yet paid
    paid: Decimal


def round_position(round_: Round) -> RoundPosition:
    totals = _sums(LedgerLine.objects.filter(account__round=round_))
    return RoundPosition(budget=round_.budget, uncommitted=totals[AccountKind.ROUND_BUDGET],
                         committed=totals[AccountKind.COMMITTED], paid=totals[AccountKind.PAID])


@dataclass(frozen=True)
class AwardMoney:
    awarded: Decimal
    committed: Decimal  # still to pay
    paid: Decimal
    recovered: Decimal


def award_money(application: Application) -> AwardMoney:
    totals = _sums(LedgerLine.objects.filter(transaction__application=application))
    return AwardMoney(awarded=application.amount_awarded or ZERO, committed=totals[AccountKind.COMMITTED],
                      paid=totals[AccountKind.PAID], recovered=totals[AccountKind.RECOVERED])


# Endowments ---------------------------------------------------------------------------------------------------

def yearly_valuations(fund: Fund) -> dict[int, Decimal]:
    """The last valuation of each calendar year."""
    found: dict[int, Decimal] = {}
    for valued_on, value in Valuation.objects.filter(fund=fund).order_by("valued_on", "id").values_list(
            "valued_on", "value"):
        found[valued_on.year] = value
    return found


def spending_limit(fund: Fund, year: int | None = None) -> Decimal:
    """What an endowment may draw down in `year`: its drawdown rate times the average of the year-end
    valuations of the `drawdown_years` years before (those recorded; none recorded gives nothing), in pence,
    rounded down."""
    year = year or timezone.localdate().year
    valuations = yearly_valuations(fund)
    values = [valuations[y] for y in range(year - fund.drawdown_years, year) if y in valuations]
    if not values:
        return ZERO
    average = sum(values, ZERO) / len(values)
    return (average * fund.drawdown_rate).quantize(PENNY, rounding=ROUND_DOWN)


def drawn_down(fund: Fund, year: int | None = None) -> Decimal:
    year = year or timezone.localdate().year
    total = (LedgerLine.objects.filter(transaction__fund=fund, transaction__kind=TransactionKind.DRAWDOWN,
                                       transaction__created_at__year=year, account__kind=AccountKind.AVAILABLE)
             .aggregate(total=Sum("amount"))["total"])
    return total or ZERO


def drawdown_left(fund: Fund, year: int | None = None) -> Decimal:
    return max(ZERO, spending_limit(fund, year) - drawn_down(fund, year))
