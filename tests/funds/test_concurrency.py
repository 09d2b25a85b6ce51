"""Approvals racing on PostgreSQL: together they may never commit more than the round's budget. Each approval
locks the fund and round rows before it reads what is left, so the ones that would overspend are refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from funds import services
from funds.models import AccountKind, ApplicationStatus, Decision, LedgerLine
from funds.selectors import round_position
from tests.concurrency import race
from tests.conftest import need_service

from .factories import (
    FundFactory,
    administrator_of,
    assessor_of,
    funded,
    open_round,
    recommended,
)


def _round_with(budget: str, count: int, amount: str):
    fund = FundFactory()
    admin, assessor = administrator_of(fund), assessor_of(fund)
    funded(fund, admin)
    round_ = open_round(fund, admin, budget=budget)
    applications = [recommended(round_, admin, assessor, amount=amount)[0] for _ in range(count)]
    return round_, admin, applications


@pytest.mark.django_db(transaction=True)
def test_two_approvals_that_together_would_overspend_the_round_commit_once():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    round_, admin, (first, second) = _round_with("30000", 2, "20000")
    results = race([lambda a=application: services.application_approve(actor=admin, application=a,
                                                                        amount="20000", reasons="Good")
                    for application in (first, second)])
    approved = [result for result in results if isinstance(result, Decision)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(approved) == 1 and len(refused) == 1, results
    assert refused[0].message_dict["amount"] == ["The round has £10,000 left to commit: award that or less, or add "
                                                 "to the round's budget"]
    assert round_position(round_).uncommitted == Decimal("10000")
    statuses = sorted(a.status for a in type(first).objects.filter(pk__in=[first.pk, second.pk]))
    assert statuses == sorted([ApplicationStatus.APPROVED, ApplicationStatus.RECOMMENDED])


@pytest.mark.django_db(transaction=True)
def test_many_racing_approvals_never_take_the_round_below_zero():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    round_, admin, applications = _round_with("35000", 6, "10000")
    results = race([lambda a=application: services.application_approve(actor=admin, application=a,
                                                                        amount="10000", reasons="Good")
                    for application in applications])
    assert sum(isinstance(result, Decision) for result in results) == 3, results
    assert all(isinstance(result, Decision | ValidationError) for result in results), results
    position = round_position(round_)
    assert position.uncommitted == Decimal("5000") and position.committed == Decimal("30000")
    # The ledger still balances, and no account that holds money is below zero.
    assert LedgerLine.objects.aggregate(total=Sum("amount"))["total"] == 0
    for kind in (AccountKind.AVAILABLE, AccountKind.ROUND_BUDGET, AccountKind.COMMITTED):
        balance = LedgerLine.objects.filter(account__kind=kind).aggregate(total=Sum("amount"))["total"]
        assert balance >= 0, kind
