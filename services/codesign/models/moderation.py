"""Residents' reports of ideas, proposals and comments for the council to moderate. A report is never deleted: the
council closes it as upheld (it hid what was reported) or dismissed (with its reason)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .contributions import Comment, Contribution
from .processes import Process


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam, advertising or a scam")
    OFFENSIVE = "offensive", _("Offensive, abusive or hateful")
    OFF_TOPIC = "off_topic", _("Off-topic or personal information")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the council")
    UPHELD = "upheld", _("Upheld: the council hid it")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """A resident's report of an idea or proposal (`comment` empty) or of one of its comments. One open report per
    person per item, kept so by the database whatever races."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="reports")
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["process", "status"], name="codesign_report_queue_idx")]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "contribution"], name="codesign_report_contribution_once",
                                    condition=Q(status="open", comment__isnull=True)),
            models.UniqueConstraint(fields=["reporter", "comment"], name="codesign_report_comment_once",
                                    condition=Q(status="open", comment__isnull=False)),
            models.CheckConstraint(
                condition=(Q(status="open", closed_at__isnull=True, closed_by__isnull=True, closed_reason="")
                           | (~Q(status="open") & Q(closed_at__isnull=False, closed_by__isnull=False)
                              & ~Q(closed_reason=""))),
                name="codesign_report_closed_with_reason"),
        ]

    def __str__(self) -> str:
        what = f"comment {self.comment_id}" if self.comment_id else f"contribution {self.contribution_id}"
        return f"Report of {what}: {self.reason}"
