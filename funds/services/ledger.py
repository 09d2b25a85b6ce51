"""Posting to the ledger: balanced transactions only, and never taking an account that holds money below zero.

Callers hold the fund's row lock (services.common.lock_fund or lock_for_money) while they post, so balances
read here cannot change before the posting commits: two approvals racing for the last of a round's budget are
served one after the other, and the second sees what the first left.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ..models import (
    CREDIT_ACCOUNTS,
    ROUND_ACCOUNTS,
    AccountKind,
    Application,
    Fund,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
    Round,
)
from .common import pounds

ZERO = Decimal("0.00")


def account(fund: Fund, kind: str, round_: Round | None = None) -> LedgerAccount:
    if (kind in ROUND_ACCOUNTS) != (round_ is not None):
        raise ValueError(f"The {kind} account is kept {'per round' if kind in ROUND_ACCOUNTS else 'per fund'}")
    found, _created = LedgerAccount.objects.get_or_create(fund=fund, round=round_, kind=kind)
    return found


def balance(account_: LedgerAccount) -> Decimal:
    """The account's balance on its normal side: money held for debit accounts, money received for credit ones."""
    total = LedgerLine.objects.filter(account=account_).aggregate(total=Sum("amount"))["total"] or ZERO
    return -total if account_.kind in CREDIT_ACCOUNTS else total


def application_balance(application: Application, kind: str) -> Decimal:
    """An account's movements that concern one application: what is committed to it and not yet paid, or paid."""
    total = (LedgerLine.objects.filter(transaction__application=application, account__kind=kind,
                                       account__round_id=application.round_id)
             .aggregate(total=Sum("amount"))["total"] or ZERO)
    return -total if kind in CREDIT_ACCOUNTS else total


def _assert_fund_locked(fund: Fund) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Post to the ledger inside a transaction that holds the fund's row lock")
    if connection.vendor == "postgresql":
        # Cheap on a row already locked by this transaction; makes a forgotten lock impossible to miss.
        Fund.objects.select_for_update().filter(pk=fund.pk).exists()


def post(*, actor, fund: Fund, kind: str, description: str, lines: list[tuple[LedgerAccount, Decimal]],
         application: Application | None = None) -> LedgerTransaction:
    """One balanced transaction (debits positive, credits negative). Raises ValueError for a programming
    mistake (lines that do not balance, an account of another fund); refusals people must read are the
    callers' (see `transfer`)."""
    _assert_fund_locked(fund)
    if len(lines) < 2:
        raise ValueError("A ledger transaction has at least two lines")
    if sum((amount for _account, amount in lines), ZERO) != ZERO:
        raise ValueError("A ledger transaction's lines must sum to zero")
    for account_, amount in lines:
        if account_.fund_id != fund.pk:
            raise ValueError("Every line of a transaction must be on the same fund's accounts")
        if amount == ZERO:
            raise ValueError("A ledger line cannot be for nothing")
    entry = LedgerTransaction.objects.create(fund=fund, kind=kind, description=description[:300],
                                             application=application,
                                             created_by=actor if getattr(actor, "is_authenticated", False) else None)
    LedgerLine.objects.bulk_create(LedgerLine(transaction=entry, account=account_, amount=amount)
                                   for account_, amount in lines)
    return entry


def transfer(*, actor, fund: Fund, kind: str, description: str, debit: LedgerAccount, credit: LedgerAccount,
             amount: Decimal, application: Application | None = None, field: str = "amount",
             refusal: str = "") -> LedgerTransaction:
    """Move `amount` from `credit` to `debit`. An account that holds money (not a source of it) never goes below
    zero: ValidationError({field: refusal % {"available": "£…"}}) instead."""
    if amount <= ZERO:
        raise ValueError("Transfer a positive amount")
    _assert_fund_locked(fund)
    if credit.kind not in CREDIT_ACCOUNTS:
        available = balance(credit)
        if available < amount:
            raise ValidationError({field: (refusal or _("Only %(available)s is available")) % {
                "available": pounds(available)}})
    return post(actor=actor, fund=fund, kind=kind, description=description, application=application,
                lines=[(debit, amount), (credit, -amount)])


__all__ = ["ZERO", "AccountKind", "account", "application_balance", "balance", "post", "transfer"]
