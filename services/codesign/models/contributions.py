"""What residents contribute to a process: ideas and proposals (one table, told apart by kind), their co-authors,
comment threads and supports, and the council's responses. Nothing is deleted: the council hides with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .processes import Process


class ContributionKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROPOSAL = "proposal", _("Proposal")


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    EVALUATING = "evaluating", _("Being evaluated")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")


HIDDEN_WITH_REASON = (Q(hidden_at__isnull=True, hidden_reason="", hidden_by__isnull=True)
                      | (Q(hidden_at__isnull=False, hidden_by__isnull=False) & ~Q(hidden_reason="")))


class Contribution(models.Model):
    """An idea (in the ideas phase) or a proposal (in the proposals phase), with a cost when the process holds a
    participatory budget."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(max_length=16, choices=ContributionKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("description"))
    cost = models.DecimalField(_("cost in pounds"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The council's latest response, kept here so lists can filter and sort by it.
    response_status = models.CharField(max_length=20, choices=ResponseStatus.choices, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    hidden_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["process", "kind", "created_at"], name="codesign_contribution_list_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(cost__isnull=True) | Q(cost__gt=0),
                                   name="codesign_contribution_cost_positive"),
            models.CheckConstraint(condition=Q(kind="proposal") | Q(cost__isnull=True),
                                   name="codesign_contribution_cost_of_proposals"),
            models.CheckConstraint(condition=HIDDEN_WITH_REASON, name="codesign_contribution_hidden_with_reason"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_proposal(self) -> bool:
        return self.kind == ContributionKind.PROPOSAL

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Coauthorship(models.Model):
    """A resident the author invited to co-author a proposal; a co-author once they accept."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="coauthorships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["contribution", "user"], name="codesign_coauthor_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.contribution}"


class Comment(models.Model):
    """A comment on an idea or proposal, or a reply to another comment in its thread."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    hidden_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=HIDDEN_WITH_REASON, name="codesign_comment_hidden_with_reason")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.contribution}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Support(models.Model):
    """A resident's support for a proposal: one each, kept unique by the database whatever races."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contribution", "supporter"], name="codesign_support_once")]

    def __str__(self) -> str:
        return f"{self.supporter} supports {self.contribution}"


class Response(models.Model):
    """The council's published response to an idea or proposal; the latest one stands."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(max_length=20, choices=ResponseStatus.choices)
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.contribution}"
