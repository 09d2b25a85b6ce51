"""Council review of a valid petition: the review, its checklist, requests for changes, and the consultation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The checklist every review starts with, unless settings.PARISH_REVIEW_CHECKLIST names another as (key, label).
DEFAULT_CHECKLIST = (
    ("area", _("The area is clearly defined")),
    ("electorate", _("The electorate and the petition's signatures are confirmed")),
    ("powers", _("The powers asked for are within what the council can delegate")),
    ("constitution", _("The constitution is adequate")),
    ("consultation_plan", _("There is a plan for the public consultation")),
)


class Review(models.Model):
    """One council's review of one proposal, from its start to the decision."""

    proposal = models.OneToOneField("parishes.Proposal", on_delete=models.CASCADE, related_name="review")
    # The covering council whose officer started the review; its officers may be case officers.
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_officer_assigned_at = models.DateTimeField(null=True, blank=True)
    consultation_opened_at = models.DateTimeField(null=True, blank=True)
    consultation_closes_on = models.DateField(null=True, blank=True)
    consultation_closed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=32, blank=True)
    reasons = models.TextField(blank=True)
    # Conditions of an approval with conditions: the term asked for is kept so the shorter one shows as such.
    requested_sunset_on = models.DateField(null=True, blank=True)
    budget_cap = models.DecimalField(_("budget cap in pounds"), max_digits=12, decimal_places=2, null=True,
                                     blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(budget_cap__isnull=True) | Q(budget_cap__gte=0),
                                   name="parishes_review_budget_cap_not_negative"),
            models.CheckConstraint(condition=Q(decided_at__isnull=True) | ~Q(reasons=""),
                                   name="parishes_review_decision_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.proposal}"


class ChecklistItem(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="checklist")
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    done = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="parishes_checklist_key_once")]

    def __str__(self) -> str:
        return self.label


class ChangeRequest(models.Model):
    """Officers asking the proposers for changes, and the proposers' answer."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="change_requests")
    message = models.TextField()
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Changes asked of {self.review.proposal}"


class ConsultationComment(models.Model):
    """A resident's comment in the public consultation. Hidden with a reason, never deleted."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                                   name="parishes_comment_hidden_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.review.proposal}"


class ConsultationResponse(models.Model):
    """An officer's published response in the consultation, to one comment or to all."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="responses")
    comment = models.ForeignKey(ConsultationComment, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return f"Response on {self.review.proposal}"
