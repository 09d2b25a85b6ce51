"""Hours given: each entry confirmed by the organisation the volunteer gave them to."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .passport import Passport
from .taxonomy import Cause


class HoursStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Not confirmed")


class HoursSource(models.TextChoices):
    SHIFT = "shift", _("Shift")
    INFORMAL = "informal", _("Logged by the volunteer")


class HoursEntry(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="hours")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cause = models.ForeignKey(Cause, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))]
    )
    description = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=16, choices=HoursSource.choices, default=HoursSource.INFORMAL)
    status = models.CharField(max_length=16, choices=HoursStatus.choices, default=HoursStatus.UNCONFIRMED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "hours entries"
        indexes = [models.Index(fields=["passport", "status", "date"], name="volunteers_hours_idx")]

    def __str__(self) -> str:
        return f"{self.hours}h on {self.date}"
