"""Consent: which sections of a passport an organisation may see, until when, and who looked."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .passport import Passport


class Section(models.TextChoices):
    PROFILE = "profile", _("Skills, causes and availability")
    IDENTITY = "identity", _("Identity check")
    DBS = "dbs", _("DBS checks")
    TRAINING = "training", _("Training")
    QUALIFICATIONS = "qualifications", _("Qualifications")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health clearance")
    REFERENCES = "references", _("References")
    HISTORY = "history", _("Volunteering history")


class Share(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    sections = models.JSONField(default=list)
    expires_on = models.DateField(_("shared until"))
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "revoked_at", "expires_on"], name="volunteers_share_org_idx")]

    def __str__(self) -> str:
        return f"{self.passport} shared with {self.organisation}"


class PassportView(models.Model):
    """Every look at a passport by anyone but its holder: the access log the holder can read."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sections = models.JSONField(default=list)
    channel = models.CharField(max_length=8, choices=[("page", "page"), ("api", "API")], default="page")
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer} viewed {self.passport} at {self.viewed_at:%Y-%m-%d %H:%M}"
