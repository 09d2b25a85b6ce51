"""Funds, the organisation that runs each one, and an endowment's capital, returns and valuations."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


def default_fast_track_limit() -> Decimal:
    return settings.FUNDS_FAST_TRACK_LIMIT


def default_second_approval_threshold() -> Decimal:
    return settings.FUNDS_SECOND_APPROVAL_THRESHOLD


def default_drawdown_rate() -> Decimal:
    return settings.FUNDS_DRAWDOWN_RATE


def default_drawdown_years() -> int:
    return settings.FUNDS_DRAWDOWN_YEARS


class FundKind(models.TextChoices):
    # Crisis grants to civil society, fast: its capital is there to be spent.
    RECOVERY = "recovery", _("Recovery fund")
    # Capital is invested and kept; each year only the drawdown rule's share of its value may be granted.
    ENDOWMENT = "endowment", _("Endowment")


class Fund(models.Model):
    """A pot of money run by one organisation, whose fund administrators run its programmes and rounds.

    Every movement of its money is in the ledger (ledger.py); its row is the lock every posting takes.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="funds", verbose_name=_("run by")
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name for addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind of fund"), max_length=16, choices=FundKind.choices)
    source = models.CharField(_("source of the money"), max_length=300,
                              help_text=_("For example: dormant bank and building society accounts"))
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    fast_track_limit = models.DecimalField(
        _("fast-track limit"), **MONEY, default=default_fast_track_limit, validators=[MinValueValidator(0)],
        help_text=_("The largest grant a fast-track round may make"))
    second_approval_threshold = models.DecimalField(
        _("second approval from"), **MONEY, default=default_second_approval_threshold,
        validators=[MinValueValidator(0)],
        help_text=_("Awards of this amount or more need a second, different administrator's approval"))
    drawdown_rate = models.DecimalField(
        _("drawdown rate"), max_digits=6, decimal_places=5, default=default_drawdown_rate,
        help_text=_("Endowments: the share of the average valuation that may be granted each year, like 0.035"))
    drawdown_years = models.PositiveSmallIntegerField(
        _("years averaged"), default=default_drawdown_years,
        help_text=_("Endowments: how many years' valuations the drawdown rule averages"))
    # 360Giving: grant ids are 360G-<prefix>-<application id>; the funder is identified in org-id form.
    identifier_prefix = models.CharField(
        _("360Giving prefix"), max_length=60, unique=True,
        help_text=_("The publisher prefix registered with 360Giving, without 360G-, like covenant-crf"))
    funder_org_id = models.CharField(_("funder identifier"), max_length=64,
                                     help_text=_("The funder's org-id, like GB-CHC-1164883"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FundKind.values), name="funds_fund_kind_valid"),
            models.CheckConstraint(condition=Q(fast_track_limit__gte=0) & Q(second_approval_threshold__gte=0),
                                   name="funds_fund_limits_not_negative"),
            models.CheckConstraint(condition=Q(drawdown_rate__gte=0, drawdown_rate__lte=1),
                                   name="funds_fund_drawdown_rate_0_to_1"),
            models.CheckConstraint(condition=Q(drawdown_years__gte=1), name="funds_fund_drawdown_years_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_endowment(self) -> bool:
        return self.kind == FundKind.ENDOWMENT


class EndowmentEventKind(models.TextChoices):
    CAPITAL = "capital", _("Capital received")
    RETURN = "return", _("Investment return")


class EndowmentEvent(models.Model):
    """Money into an endowment's investments: capital from its source, or a return on them.

    Each one is also a ledger transaction; this row keeps the words people gave it.
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="endowment_events")
    kind = models.CharField(max_length=16, choices=EndowmentEventKind.choices)
    amount = models.DecimalField(**MONEY)
    occurred_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    transaction = models.OneToOneField("funds.LedgerTransaction", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EndowmentEventKind.values), name="funds_endowment_kind_valid"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_endowment_event_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} on {self.occurred_on}"


class Valuation(models.Model):
    """The market value of an endowment's investments on a day; the drawdown rule averages these by year."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="valuations")
    valued_on = models.DateField()
    value = models.DecimalField(**MONEY)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "valued_on"], name="funds_valuation_one_a_day"),
            models.CheckConstraint(condition=Q(value__gte=0), name="funds_valuation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} valued {self.value} on {self.valued_on}"


class LeftBehindNeighbourhood(models.Model):
    """One ward on an imported list of left-behind neighbourhoods (worst 10% on both the IMD and the CNI)."""

    ward_code = models.CharField(_("ward code"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    list_name = models.CharField(_("list"), max_length=150, blank=True,
                                 help_text=_("Which list it came from, like Local Trust 2019"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ward_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ward_code})" if self.name else self.ward_code
