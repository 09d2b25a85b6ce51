"""The funds' append-only double-entry ledger: accounts per fund (and per round), transactions whose lines
balance, never changed or removed once written.

Amounts on lines are signed: a debit is positive, a credit negative, and every transaction's lines sum to
zero. The accounts and the postings each service makes are described in docs/FUNDS.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .funds import MONEY, Fund


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a ledger entry: mistakes are corrected by a reversing entry."""


class AccountKind(models.TextChoices):
    # Where money comes from (credit balances).
    CAPITAL = "capital", _("Capital received")
    RETURNS = "returns", _("Investment returns")
    RECOVERED = "recovered", _("Recovered by clawback")
    # Where it is (debit balances).
    INVESTED = "invested", _("Invested (endowment)")
    AVAILABLE = "available", _("Available to allocate")
    ROUND_BUDGET = "round_budget", _("Round budget not yet committed")
    COMMITTED = "committed", _("Committed to awards, not yet paid")
    PAID = "paid", _("Paid to grantees")


CREDIT_ACCOUNTS = frozenset({AccountKind.CAPITAL, AccountKind.RETURNS, AccountKind.RECOVERED})
# A tuple in a fixed order, so the constraint below reads the same to every makemigrations.
ROUND_ACCOUNTS = (AccountKind.COMMITTED, AccountKind.PAID, AccountKind.ROUND_BUDGET)


class TransactionKind(models.TextChoices):
    CAPITAL = "capital", _("Capital received")
    RETURN = "return", _("Investment return")
    DRAWDOWN = "drawdown", _("Endowment drawdown")
    ALLOCATION = "allocation", _("Budget allocated to a round")
    DEALLOCATION = "deallocation", _("Round budget returned to the fund")
    COMMITMENT = "commitment", _("Award committed")
    RELEASE = "release", _("Commitment released")
    PAYMENT = "payment", _("Payment")
    CLAWBACK = "clawback", _("Clawback received")


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Ledger entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("Ledger entries cannot be deleted")


class AppendOnly(models.Model):
    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Ledger entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Ledger entries cannot be deleted")


class LedgerAccount(models.Model):
    """One account of a fund; the budget, commitment and payment accounts are kept per round."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="accounts")
    round = models.ForeignKey("funds.Round", null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(max_length=16, choices=AccountKind.choices)

    class Meta:
        ordering = ["fund", "round", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "kind"], condition=Q(round__isnull=True),
                                    name="funds_account_fund_kind_unique"),
            models.UniqueConstraint(fields=["fund", "round", "kind"], condition=Q(round__isnull=False),
                                    name="funds_account_round_kind_unique"),
            models.CheckConstraint(condition=Q(kind__in=AccountKind.values), name="funds_account_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind__in=ROUND_ACCOUNTS) & Q(round__isnull=False))
                | (~Q(kind__in=ROUND_ACCOUNTS) & Q(round__isnull=True)),
                name="funds_account_round_matches_kind"),
        ]

    def __str__(self) -> str:
        where = f"{self.fund} / {self.round}" if self.round_id else str(self.fund)
        return f"{where}: {self.get_kind_display()}"


class LedgerTransaction(AppendOnly):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=16, choices=TransactionKind.choices)
    application = models.ForeignKey("funds.Application", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="transactions")
    description = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=TransactionKind.values),
                                              name="funds_transaction_kind_valid")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.get_kind_display()}: {self.description}"


class LedgerLine(AppendOnly):
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="lines")
    # Debits positive, credits negative.
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["transaction", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="funds_line_not_zero")]

    def __str__(self) -> str:
        return f"{self.account}: {self.amount}"
