"""The ledger's posting rules and the application's state machine, each written once."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from funds.models import AccountKind, ApplicationStatus, LedgerTransaction, TransactionKind
from funds.services import ledger
from funds.services.common import parse_money, pounds
from funds.services.transitions import ALLOWED, FINAL, transition

from .factories import ApplicationFactory, FundFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_every_state_has_its_moves_written_down():
    assert set(ALLOWED) == set(ApplicationStatus.values)
    assert FINAL == {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.CLOSED}
    assert ApplicationStatus.APPROVED not in ALLOWED[ApplicationStatus.IN_ASSESSMENT]
    assert ApplicationStatus.WITHDRAWN not in ALLOWED[ApplicationStatus.ACTIVE]


@pytest.mark.parametrize(("start", "target", "allowed"), [
    ("draft", "submitted", True), ("draft", "approved", False), ("submitted", "in_assessment", True),
    ("recommended", "awaiting_second_approval", True), ("awaiting_second_approval", "approved", True),
    ("approved", "accepted", True), ("accepted", "active", True), ("active", "closed", True),
    ("closed", "active", False), ("rejected", "approved", False), ("withdrawn", "draft", False),
])
def test_transitions(start, target, allowed):
    application = ApplicationFactory(status=start)
    if allowed:
        assert transition(application, target) == start
        application.refresh_from_db()
        assert application.status == target
    else:
        with pytest.raises(ValidationError, match="so it cannot become"):
            transition(application, target)
        application.refresh_from_db()
        assert application.status == start


def test_a_transfer_never_takes_money_an_account_does_not_hold():
    fund = FundFactory()
    round_ = RoundFactory(programme__fund=fund)
    with transaction.atomic():
        ledger.transfer(actor=None, fund=fund, kind=TransactionKind.CAPITAL, description="In",
                        debit=ledger.account(fund, AccountKind.AVAILABLE),
                        credit=ledger.account(fund, AccountKind.CAPITAL), amount=Decimal("100"))
        with pytest.raises(ValidationError, match="Only £100 is available"):
            ledger.transfer(actor=None, fund=fund, kind=TransactionKind.ALLOCATION, description="Out",
                            debit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_),
                            credit=ledger.account(fund, AccountKind.AVAILABLE), amount=Decimal("100.01"))
    assert ledger.balance(ledger.account(fund, AccountKind.CAPITAL)) == Decimal("100")
    assert LedgerTransaction.objects.count() == 1


def test_postings_that_do_not_balance_or_cross_funds_are_programming_errors():
    fund, other = FundFactory(), FundFactory()
    available = ledger.account(fund, AccountKind.AVAILABLE)
    with transaction.atomic():
        with pytest.raises(ValueError, match="sum to zero"):
            ledger.post(actor=None, fund=fund, kind="capital", description="x",
                        lines=[(available, Decimal("1")), (ledger.account(fund, AccountKind.CAPITAL), Decimal("-2"))])
        with pytest.raises(ValueError, match="same fund"):
            ledger.post(actor=None, fund=fund, kind="capital", description="x",
                        lines=[(available, Decimal("1")), (ledger.account(other, AccountKind.CAPITAL), Decimal("-1"))])
    with pytest.raises(ValueError, match="kept per round"):
        ledger.account(fund, AccountKind.COMMITTED)
    with pytest.raises(ValueError, match="at least two lines"):
        ledger.post(actor=None, fund=fund, kind="capital", description="x", lines=[])


@pytest.mark.parametrize(("value", "expected"), [
    ("1250", Decimal("1250.00")), ("£1,250.50", Decimal("1250.50")), (Decimal("3"), Decimal("3.00")), (7, Decimal("7.00")),
])
def test_money_is_read_the_way_people_write_it(value, expected):
    assert parse_money(value, "amount", label="the amount") == expected


@pytest.mark.parametrize(("value", "message"), [
    (None, "Enter the amount"), ("", "Enter the amount"), (1.5, "in pounds"), ("NaN", "in pounds"),
    ("1e3", None), ("12.345", "2 decimal places"), ("-1", "more than £0"), ("10000000000000", "£1 trillion"),
])
def test_bad_money_is_named(value, message):
    if message is None:
        assert parse_money(value, "amount", label="the amount") == Decimal("1000.00")
        return
    with pytest.raises(ValidationError, match=message):
        parse_money(value, "amount", label="the amount")


def test_pounds_are_written_the_gov_uk_way():
    assert pounds(Decimal("10000")) == "£10,000" and pounds(Decimal("1250.5")) == "£1,250.50"
