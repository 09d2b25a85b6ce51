"""Offers of shifts' places that matching makes to volunteers, and the matching runs that made them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .needs import Booking, Shift
from .passport import Passport


class MatchingKind(models.TextChoices):
    BATCH = "batch", _("National batch")
    NEED = "need", _("A need published or places freed")
    PASSPORT = "passport", _("A passport completed")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class MatchingRun(models.Model):
    """One pass of matching: the national batch (split into regions), or one need or one passport at once."""

    kind = models.CharField(max_length=16, choices=MatchingKind.choices)
    # The region a batch's sub-problem covers, or the need or passport an incremental run was for.
    scope = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Figures of the run: places open, candidates, offers made, total score, seconds in each step.
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope} {self.started_at:%Y-%m-%d %H:%M}"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    # The place went another way before the volunteer answered (the need closed, or the shift was removed).
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_OFFER_STATES = (OfferStatus.OFFERED,)


class Offer(models.Model):
    """A place on a shift offered to one volunteer, with the reasons they were chosen."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="offers")
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="offers")
    run = models.ForeignKey(MatchingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers")
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.OFFERED)
    score = models.FloatField(default=0)
    distance_km = models.FloatField(null=True, blank=True)
    # Why this volunteer, as data ({"distance_km": 3.4, "checks": [...], "skills": [...], "offers_30_days": 0,
    # "cause": true}); pages and messages put it into words in the reader's language.
    reasons = models.JSONField(default=dict, blank=True)
    offered_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            # A volunteer is offered a shift once: a run that repeats, or a task that runs twice, adds nothing.
            models.UniqueConstraint(fields=["shift", "passport"], name="volunteers_offer_once_per_shift"),
        ]
        indexes = [
            models.Index(fields=["passport", "status"], name="volunteers_offer_passport_idx"),
            models.Index(fields=["status", "expires_at"], name="volunteers_offer_expiry_idx"),
            models.Index(fields=["shift", "status"], name="volunteers_offer_shift_idx"),
        ]

    def __str__(self) -> str:
        return f"Offer of {self.shift} to passport {self.passport_id}"
