"""The funds' models: the ledger is append-only and balanced (in the models, and on PostgreSQL in the database
too), and the constraints hold the rules the database can."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from funds.models import (
    AccountKind,
    AppendOnlyError,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
    TransactionKind,
)
from tests.conftest import need_service

from .factories import FundFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _posting(fund, amount=Decimal("100"), other=None):
    available, _ = LedgerAccount.objects.get_or_create(fund=fund, round=None, kind=AccountKind.AVAILABLE)
    capital, _ = LedgerAccount.objects.get_or_create(fund=fund, round=None, kind=AccountKind.CAPITAL)
    entry = LedgerTransaction.objects.create(fund=fund, kind=TransactionKind.CAPITAL, description="Capital")
    LedgerLine.objects.create(transaction=entry, account=available, amount=amount)
    LedgerLine.objects.create(transaction=entry, account=capital, amount=-(other if other is not None else amount))
    return entry


def test_ledger_entries_cannot_be_changed_or_deleted():
    entry = _posting(FundFactory())
    line = entry.lines.first()
    entry.description = "Something else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        line.delete()
    with pytest.raises(AppendOnlyError):
        LedgerLine.objects.filter(pk=line.pk).update(amount=Decimal("5"))
    with pytest.raises(AppendOnlyError):
        LedgerTransaction.objects.all().delete()
    assert LedgerLine.objects.get(pk=line.pk).amount == Decimal("100")


def test_postgresql_refuses_updates_and_deletes_of_ledger_rows():
    need_service("PostgreSQL", connection.vendor == "postgresql", "the triggers are PostgreSQL's")
    entry = _posting(FundFactory())
    for sql in ("UPDATE funds_ledgerline SET amount = 1 WHERE transaction_id = %s",
                "DELETE FROM funds_ledgerline WHERE transaction_id = %s",
                "UPDATE funds_ledgertransaction SET description = 'x' WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_to_commit_a_transaction_that_does_not_balance():
    need_service("PostgreSQL", connection.vendor == "postgresql", "the deferred trigger is PostgreSQL's")
    fund = FundFactory()
    with pytest.raises(Exception, match="does not balance"), transaction.atomic():
        _posting(fund, Decimal("100"), other=Decimal("90"))
    assert not LedgerTransaction.objects.exists()
    with transaction.atomic():
        _posting(fund)
    assert LedgerTransaction.objects.count() == 1


def test_round_accounts_belong_to_a_round_and_fund_accounts_to_none():
    fund = FundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerAccount.objects.create(fund=fund, round=None, kind=AccountKind.COMMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerAccount.objects.create(fund=fund, round=RoundFactory(programme__fund=fund), kind=AccountKind.CAPITAL)


def test_a_line_of_nothing_is_refused():
    fund = FundFactory()
    available = LedgerAccount.objects.create(fund=fund, kind=AccountKind.AVAILABLE)
    entry = LedgerTransaction.objects.create(fund=fund, kind=TransactionKind.CAPITAL, description="Nothing")
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerLine.objects.create(transaction=entry, account=available, amount=Decimal("0"))
