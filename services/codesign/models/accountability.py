"""Accountability: what came out of a process (selected proposals, accepted ideas), followed up by officers with
a status, progress and dated updates, in public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .contributions import Contribution
from .processes import Process


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class FollowUp(models.Model):
    """One result being carried out: a selected proposal or an accepted idea."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="follow_ups")
    contribution = models.OneToOneField(Contribution, on_delete=models.PROTECT, related_name="follow_up")
    title = models.CharField(max_length=150)
    status = models.CharField(max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(default=0)
    dropped_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="codesign_follow_up_progress_percent"),
            models.CheckConstraint(condition=Q(status="dropped", dropped_reason__gt="") | ~Q(status="dropped"),
                                   name="codesign_follow_up_dropped_with_reason"),
        ]

    def __str__(self) -> str:
        return self.title


class FollowUpUpdate(models.Model):
    """A dated update on a result: what happened, and the status and progress it left the result at."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="updates")
    posted_on = models.DateField()
    body = models.TextField()
    status = models.CharField(max_length=16, choices=FollowUpStatus.choices)
    progress = models.PositiveSmallIntegerField()
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-posted_on", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.follow_up} on {self.posted_on}: {self.get_status_display()}"
