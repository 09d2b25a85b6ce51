"""Assessment: assessors assigned to applications, their conflict declarations, scores against the round's
criteria, moderation and the panel's recommendation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .applications import Application
from .rounds import Criterion

SCORE_MIN, SCORE_MAX = 0, 5


class AssessorAssignment(models.Model):
    """An assessor asked to assess an application. A declared conflict removes them (`removed_at`); the row
    stays as the record."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "assessor"], name="funds_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.assessor} on {self.application}"


class ConflictDeclaration(models.Model):
    """What an assessor declared before seeing the application: no conflict, or a conflict and why."""

    assignment = models.OneToOneField(AssessorAssignment, on_delete=models.CASCADE, related_name="declaration")
    has_conflict = models.BooleanField()
    details = models.TextField(blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(has_conflict=False) | ~Q(details=""),
                                              name="funds_conflict_has_details")]

    def __str__(self) -> str:
        return f"{'Conflict' if self.has_conflict else 'No conflict'}: {self.assignment}"


class Score(models.Model):
    assignment = models.ForeignKey(AssessorAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField()
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assignment", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="funds_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="funds_score_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Moderation(models.Model):
    """A moderator's agreed score for one criterion of an application, in place of the assessors' mean."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moderations")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=3, decimal_places=2)
    reason = models.TextField()
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="funds_moderation_unique"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                                   name="funds_moderation_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score} (moderated)"


class Recommendation(models.Model):
    """The panel's recommendation, recorded by a fund administrator."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations")
    recommended = models.BooleanField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    notes = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{'Recommended' if self.recommended else 'Not recommended'}: {self.application}"
