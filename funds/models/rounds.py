"""Programmes, their rounds with eligibility rules, and each round's questions and assessment criteria."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .funds import MONEY, Fund


class IncomeBand(models.TextChoices):
    """An organisation's annual income, in the Charity Commission's reporting bands."""

    UNDER_10K = "under_10k", _("Under £10,000")
    FROM_10K = "10k_100k", _("£10,000 to £100,000")
    FROM_100K = "100k_500k", _("£100,000 to £500,000")
    FROM_500K = "500k_1m", _("£500,000 to £1 million")
    FROM_1M = "1m_10m", _("£1 million to £10 million")
    OVER_10M = "over_10m", _("Over £10 million")


class DeprivationRule(models.TextChoices):
    NONE = "none", _("No priority for deprived areas")
    # Only applications helping an area at or under the round's decile (or a left-behind neighbourhood) qualify.
    REQUIRE = "require", _("Only fund deprived areas")
    # Such applications gain the round's weight on their ranking score.
    WEIGHT = "weight", _("Give deprived areas priority")


class Programme(models.Model):
    """A grant programme of a fund (360Giving's grantProgramme); it runs in rounds."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name for addresses"), max_length=80)
    code = models.CharField(_("programme code"), max_length=60,
                            help_text=_("Published as the grant programme's code in 360Giving data"))
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["fund__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "slug"], name="funds_programme_slug_unique"),
            models.UniqueConstraint(fields=["fund", "code"], name="funds_programme_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """A call for applications with its dates, budget and eligibility rules.

    `budget` is what the fund has allocated to the round (each allocation is a ledger posting); what is left
    to commit is the balance of the round's budget account.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name for addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    budget = models.DecimalField(_("budget"), **MONEY, default=0)
    fast_track = models.BooleanField(
        _("fast track"), default=False,
        help_text=_("A short form for small grants, up to the fund's fast-track limit, decided quickly"))
    min_amount = models.DecimalField(_("smallest grant"), **MONEY)
    max_amount = models.DecimalField(_("largest grant"), **MONEY)
    max_months = models.PositiveSmallIntegerField(_("longest grant in months"), default=12)
    # Empty lists mean "any": any type of organisation, any income, anywhere.
    organisation_types = models.JSONField(_("types of organisation"), default=list, blank=True)
    income_bands = models.JSONField(_("income bands"), default=list, blank=True)
    local_authorities = models.ManyToManyField(
        "places.LocalAuthority", blank=True, related_name="+", verbose_name=_("areas"),
        help_text=_("Local authorities whose people the round may benefit; none means anywhere"))
    deprivation_rule = models.CharField(_("deprived areas"), max_length=8, choices=DeprivationRule.choices,
                                        default=DeprivationRule.NONE)
    deprivation_max_decile = models.PositiveSmallIntegerField(
        _("most deprived deciles up to"), default=3,
        help_text=_("IMD deciles counted as deprived: 1 is the most deprived 10% of areas"))
    deprivation_weight = models.DecimalField(
        _("priority weight"), max_digits=4, decimal_places=2, default=0,
        help_text=_("Added to the weighted score (out of 5) of applications helping deprived areas"))
    left_behind_counts = models.BooleanField(
        _("left-behind neighbourhoods count as deprived"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="funds_round_slug_unique"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="funds_round_closes_after"),
            models.CheckConstraint(condition=Q(min_amount__gt=0) & Q(max_amount__gte=models.F("min_amount")),
                                   name="funds_round_amounts_ordered"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="funds_round_budget_not_negative"),
            models.CheckConstraint(condition=Q(deprivation_rule__in=DeprivationRule.values),
                                   name="funds_round_deprivation_rule_valid"),
            models.CheckConstraint(condition=Q(deprivation_max_decile__gte=1, deprivation_max_decile__lte=10),
                                   name="funds_round_decile_1_to_10"),
            models.CheckConstraint(condition=Q(deprivation_weight__gte=0, deprivation_weight__lte=5),
                                   name="funds_round_weight_0_to_5"),
            models.CheckConstraint(condition=Q(max_months__gte=1), name="funds_round_months_positive"),
        ]
        indexes = [models.Index(fields=["opens_at", "closes_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def fund(self) -> Fund:
        return self.programme.fund

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.published_at is not None and self.opens_at <= at < self.closes_at


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Amount of money")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    BUDGET = "budget", _("Budget table")
    FILE = "file", _("File upload")


class Question(models.Model):
    """One question of a round's application form, configured by its administrators."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(_("task-list section"), max_length=100, blank=True,
                               help_text=_("Questions with the same section share a task on the task list"))
    label = models.CharField(_("question"), max_length=300)
    hint = models.TextField(_("hint"), blank=True)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=True)
    # Text: the longest answer in characters. Choice: the options. File: extensions and the largest size.
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), null=True, blank=True)
    choices = models.JSONField(_("options"), default=list, blank=True)
    allowed_types = models.JSONField(_("file types"), default=list, blank=True,
                                     help_text=_("Extensions without the dot, like pdf and docx"))
    max_file_bytes = models.PositiveIntegerField(_("largest file (bytes)"), null=True, blank=True)

    class Meta:
        ordering = ["round", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="funds_question_key_unique"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="funds_question_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    """A weighted criterion that assessors score from 0 to 5."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=150)
    description = models.TextField(_("what assessors look for"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="funds_criterion_name_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="funds_criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name
