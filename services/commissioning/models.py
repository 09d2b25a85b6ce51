"""Models of public value commissioning: an exercise for a catalogue service with its weighted criteria (social value
among them) and lots, providers' sealed bids, evaluators with their conflict declarations and scores, awards, and
each council's target for spending with small businesses and VCSEs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExerciseStatus(models.TextChoices):
    DRAFT = "draft", _("Being set up")
    PUBLISHED = "published", _("Published")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


class CriterionKind(models.TextChoices):
    QUALITY = "quality", _("Quality")
    SOCIAL_VALUE = "social_value", _("Social value")
    PRICE = "price", _("Price")


class SupplierKind(models.TextChoices):
    """A provider's size or kind, as the Procurement Act 2023's targets count them."""

    SMALL = "small", _("Small business (fewer than 50 staff)")
    MEDIUM = "medium", _("Medium-sized business (50 to 249 staff)")
    VCSE = "vcse", _("Voluntary, community or social enterprise (VCSE)")
    LARGE = "large", _("Large business (250 staff or more)")


class Reservation(models.TextChoices):
    OPEN = "open", _("Open to every provider")
    SME_VCSE = "sme_vcse", _("Reserved for small and medium-sized businesses and VCSEs")
    VCSE = "vcse", _("Reserved for VCSEs")


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")


SCALES = (5, 10)


class Exercise(models.Model):
    """A commissioning exercise for one service in a council's catalogue. Bids are taken from the start of
    `bids_open_on` to the end of `bids_close_on` (UK time), and stay sealed until then."""

    service = models.ForeignKey("services_catalogue.Service", on_delete=models.PROTECT,
                                related_name="commissioning_exercises")
    reference = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    value = models.DecimalField(_("estimated value in pounds"), max_digits=14, decimal_places=2)
    bids_open_on = models.DateField(_("bids open on"))
    bids_close_on = models.DateField(_("bids close on"))
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5,
                                                 help_text=_("Evaluators score each answer from 0 to this"))
    method = models.TextField(_("how bids are evaluated"))
    status = models.CharField(max_length=12, choices=ExerciseStatus.choices, default=ExerciseStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # When followers were told that bids opened and closed, so the periodic task tells them once.
    opening_announced_at = models.DateTimeField(null=True, blank=True)
    closing_announced_at = models.DateTimeField(null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    # An officer may cancel a published exercise before any lot is awarded, giving the reason shown on its page.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    cancelled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-bids_close_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="commissioning_value_not_negative"),
            models.CheckConstraint(condition=Q(bids_close_on__gte=models.F("bids_open_on")),
                                   name="commissioning_closes_after_opening"),
            models.CheckConstraint(condition=Q(scale_max__in=SCALES), name="commissioning_scale_known"),
            models.CheckConstraint(condition=~Q(status="cancelled") | (Q(cancelled_at__isnull=False)
                                                                      & ~Q(cancelled_reason="")),
                                   name="commissioning_cancelled_with_reason"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def council(self):
        return self.service.owner


class Criterion(models.Model):
    """One evaluation criterion and its weight, a whole percentage of the total score."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    guidance = models.TextField(_("what bidders should say"), blank=True)

    class Meta:
        ordering = ["exercise", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="commissioning_criterion_position_once"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=100), name="commissioning_weight_1_100"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Lot(models.Model):
    """A part of the contract bid for and awarded on its own; it may be reserved for, or give extra points to,
    small and medium-sized businesses and VCSEs."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    value = models.DecimalField(_("estimated value in pounds"), max_digits=14, decimal_places=2, null=True,
                                blank=True)
    reservation = models.CharField(max_length=12, choices=Reservation.choices, default=Reservation.OPEN)
    sme_vcse_bonus = models.PositiveSmallIntegerField(
        _("extra points for SMEs and VCSEs"), default=0,
        help_text=_("Points out of 100 added to the total score of bids from SMEs and VCSEs"))

    class Meta:
        ordering = ["exercise", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "number"], name="commissioning_lot_number_once"),
            models.CheckConstraint(condition=Q(sme_vcse_bonus__lte=10), name="commissioning_bonus_at_most_10"),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"


class Supplier(models.Model):
    """What an organisation says it is, as a provider: its size or kind, which reserved lots and spend reports
    read. Each bid keeps the kind it was submitted with."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="commissioning_supplier")
    kind = models.CharField(max_length=8, choices=SupplierKind.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"


class Bid(models.Model):
    """One organisation's bid for one lot: answers to the criteria and a price. Sealed until bids close."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="bids")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=BidStatus.choices, default=BidStatus.DRAFT)
    price = models.DecimalField(_("price in pounds"), max_digits=14, decimal_places=2, null=True, blank=True)
    supplier_kind = models.CharField(max_length=8, choices=SupplierKind.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lot", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "organisation"], name="commissioning_one_bid_per_lot"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gt=0),
                                   name="commissioning_price_positive"),
            models.CheckConstraint(condition=Q(status="draft") | (Q(submitted_at__isnull=False) & ~Q(supplier_kind="")
                                                                  & Q(price__isnull=False)),
                                   name="commissioning_submitted_bid_complete"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} for {self.lot}"


class Answer(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bid", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["bid", "criterion"], name="commissioning_answer_once")]

    def __str__(self) -> str:
        return f"{self.bid}: {self.criterion.name}"


class Evaluator(models.Model):
    """An officer asked to evaluate an exercise's bids. A declared conflict removes them (`removed_at`), and so
    does an officer (`removed_by`, with a reason once they have scored, whose scores then no longer count); the
    row, the declaration and the scores stay as the record."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    has_conflict = models.BooleanField(null=True, help_text=_("Null until declared"))
    conflict_details = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["exercise", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "user"], name="commissioning_evaluator_once"),
            models.CheckConstraint(condition=~Q(has_conflict=True) | ~Q(conflict_details=""),
                                   name="commissioning_conflict_has_details"),
            models.CheckConstraint(condition=Q(has_conflict__isnull=True) | Q(declared_at__isnull=False),
                                   name="commissioning_declaration_dated"),
            models.CheckConstraint(condition=Q(removed_by__isnull=True) | Q(removed_at__isnull=False),
                                   name="commissioning_removal_dated"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.exercise}"

    @property
    def may_score(self) -> bool:
        return self.has_conflict is False and self.removed_at is None


class Score(models.Model):
    """One evaluator's score of one bid against one criterion, with the comment that justifies it."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField()
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bid", "criterion__position", "evaluator"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "bid", "criterion"], name="commissioning_score_once"),
            models.CheckConstraint(condition=Q(score__lte=10), name="commissioning_score_at_most_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"


class Award(models.Model):
    """The award of a lot to its most advantageous tender, confirmed by an officer, with the contract value and
    the notice and standstill dates. `ranking` keeps every bid's scores as they stood, as published."""

    lot = models.OneToOneField(Lot, on_delete=models.PROTECT, related_name="award")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    total_score = models.DecimalField(max_digits=6, decimal_places=2)
    contract_value = models.DecimalField(_("contract value in pounds"), max_digits=14, decimal_places=2)
    supplier_kind = models.CharField(max_length=8, choices=SupplierKind.choices)
    ranking = models.JSONField(default=list)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)
    notice_on = models.DateField(_("award notice published on"))
    standstill_ends_on = models.DateField(_("standstill ends on"))

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(contract_value__gt=0),
                                              name="commissioning_contract_value_positive")]

    def __str__(self) -> str:
        return f"{self.lot} to {self.bid.organisation}"


class SpendTarget(models.Model):
    """A council's target for the share of its awarded spend that goes to SMEs and VCSEs."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="commissioning_spend_target")
    percent = models.DecimalField(max_digits=4, decimal_places=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(percent__gt=0, percent__lte=100),
                                              name="commissioning_target_0_100")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.percent}%"
