"""The participatory budget's vote: one ballot per resident with its choices, and the computed result with the
hash of the data it was computed from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .contributions import Contribution
from .processes import Process


class Ballot(models.Model):
    """A resident's ballot. `reference` is the random name it is published under, never the voter's."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ballots")
    # Kept while the vote is open (one ballot each, changeable); cleared if the voter erases their account.
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    reference = models.CharField(max_length=16, unique=True)
    cast_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["process", "voter"], name="codesign_ballot_once")]

    def __str__(self) -> str:
        return f"Ballot {self.reference}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "proposal"], name="codesign_choice_once")]

    def __str__(self) -> str:
        return f"Ballot {self.ballot_id} chooses {self.proposal_id}"


class BudgetResult(models.Model):
    """The count of a closed vote, stored with everything needed to recompute it; public once published."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="budget_result")
    method = models.CharField(max_length=16)
    budget = models.DecimalField(max_digits=12, decimal_places=2)
    approval_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    ballots = models.PositiveIntegerField()
    total_selected = models.DecimalField(max_digits=12, decimal_places=2)
    # The ballots' data as counted, in canonical JSON (budgeting.canonical_json), kept as text so the download is
    # the very bytes its SHA-256 was taken of, whatever is hidden or erased afterwards.
    data = models.TextField()
    data_sha256 = models.CharField(max_length=64)
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(total_selected__lte=models.F("budget")),
                                              name="codesign_result_within_budget")]

    def __str__(self) -> str:
        return f"Result of {self.process}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class BudgetResultRow(models.Model):
    """One proposal's line in the result: its votes, rank, whether it was selected and the running total."""

    result = models.ForeignKey(BudgetResult, on_delete=models.CASCADE, related_name="rows")
    proposal = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="+")
    cost = models.DecimalField(max_digits=12, decimal_places=2)
    votes = models.PositiveIntegerField()
    rank = models.PositiveIntegerField()
    selected = models.BooleanField()
    running_total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["result", "proposal"], name="codesign_result_row_once"),
            models.UniqueConstraint(fields=["result", "rank"], name="codesign_result_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. proposal {self.proposal_id}: {self.votes} votes"
