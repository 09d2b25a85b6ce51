"""A co-design process for a service in the catalogue, its phases and, optionally, its participatory budget."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcessStatus(models.TextChoices):
    # A draft is the officers' own until they publish it; a closed process takes no more part but keeps its pages.
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class VotingMethod(models.TextChoices):
    KNAPSACK = "knapsack", _("Spend the budget: choose proposals whose costs add up to no more than the budget")
    APPROVAL = "approval", _("Approve proposals: choose up to a set number of proposals")


class PhaseKind(models.TextChoices):
    IDEAS = "ideas", _("Ideas")
    DELIBERATION = "deliberation", _("Deliberation")
    PROPOSALS = "proposals", _("Proposals")
    VOTE = "vote", _("Vote")
    IMPLEMENTATION = "implementation", _("Implementation")


# The order phases follow in time: ideas feed deliberation, which shapes proposals, which are voted on and then
# carried out. A process uses any of them, each at most once, in this order.
PHASE_ORDER = [PhaseKind.IDEAS, PhaseKind.DELIBERATION, PhaseKind.PROPOSALS, PhaseKind.VOTE,
               PhaseKind.IMPLEMENTATION]


class Process(models.Model):
    """A council's invitation to residents to shape one of its services, in dated phases."""

    service = models.ForeignKey("services_catalogue.Service", on_delete=models.PROTECT,
                                related_name="codesign_processes")
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"))
    status = models.CharField(max_length=16, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT)
    # The participatory budget, in pounds: none when the process holds no vote.
    budget = models.DecimalField(_("budget in pounds"), max_digits=12, decimal_places=2, null=True, blank=True)
    voting_method = models.CharField(_("voting method"), max_length=16, choices=VotingMethod.choices, blank=True)
    approval_limit = models.PositiveSmallIntegerField(_("proposals each voter may approve"), null=True, blank=True)
    # The phase followers were last told about, so the daily check tells them once when the dates move on.
    announced_phase = models.CharField(max_length=16, choices=PhaseKind.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name_plural = "processes"
        constraints = [
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gt=0),
                                   name="codesign_process_budget_positive"),
            # A budget goes with a way of voting on it, and approval voting with its limit.
            models.CheckConstraint(
                condition=(Q(budget__isnull=True, voting_method="", approval_limit__isnull=True)
                           | Q(budget__isnull=False, voting_method="knapsack", approval_limit__isnull=True)
                           | Q(budget__isnull=False, voting_method="approval", approval_limit__gte=1)),
                name="codesign_process_budget_method"),
            models.CheckConstraint(condition=Q(closed_at__isnull=True) | Q(status="closed"),
                                   name="codesign_process_closed_at_when_closed"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_budget(self) -> bool:
        return self.budget is not None

    @property
    def is_draft(self) -> bool:
        return self.status == ProcessStatus.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == ProcessStatus.CLOSED


class Phase(models.Model):
    """One dated phase of a process; its first and last days are both part of it (dates in UK time)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(max_length=16, choices=PhaseKind.choices)
    description = models.TextField(_("what happens in this phase"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="codesign_phase_kind_once"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="codesign_phase_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_kind_display()}"
