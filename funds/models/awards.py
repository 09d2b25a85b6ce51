"""Decisions and what follows an award: the grant agreement, tranches and payments, monitoring reports,
variations, underspends and clawbacks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .funds import MONEY


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class Decision(models.Model):
    """An administrator's decision. An approval at or over the fund's threshold waits for a second, different
    administrator (`confirmed_by`); one they send back is kept with `returned_at` and its reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=8, choices=DecisionOutcome.choices)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    conditions = models.TextField(blank=True)
    # Shown to the applicant: why it was approved (or reduced), or rejected.
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    needs_second_approval = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=DecisionOutcome.values), name="funds_decision_outcome"),
            models.CheckConstraint(
                condition=(Q(outcome=DecisionOutcome.APPROVE) & Q(amount__gt=0))
                | (Q(outcome=DecisionOutcome.REJECT) & Q(amount__isnull=True)),
                name="funds_decision_amount_matches_outcome"),
            # Separation of duties, held by the database too: the confirmer is never the first approver.
            models.CheckConstraint(condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("decided_by")),
                                   name="funds_decision_second_approver_differs"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.application}"


class GrantAgreement(models.Model):
    """The terms offered with an award, and the applicant's acceptance of them online."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="agreement")
    terms = models.TextField()
    issued_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    accepted_name = models.CharField(_("full name of the person accepting"), max_length=150, blank=True)
    accepted_role = models.CharField(_("their role in the organisation"), max_length=150, blank=True)

    def __str__(self) -> str:
        return f"Agreement for {self.application}"


class TrancheCondition(models.TextChoices):
    NONE = "none", _("No condition")
    AGREEMENT_ACCEPTED = "agreement_accepted", _("Grant agreement accepted")
    PREVIOUS_REPORT_APPROVED = "previous_report_approved", _("Previous monitoring report approved")


class Tranche(models.Model):
    """A scheduled part of the award, released (paid) once its condition is met."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField()
    amount = models.DecimalField(**MONEY)
    due_on = models.DateField()
    condition = models.CharField(max_length=32, choices=TrancheCondition.choices,
                                 default=TrancheCondition.AGREEMENT_ACCEPTED)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="funds_tranche_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_tranche_amount_positive"),
            models.CheckConstraint(condition=Q(condition__in=TrancheCondition.values), name="funds_tranche_condition"),
        ]

    def __str__(self) -> str:
        return f"Tranche {self.number} of {self.application}"


class Payment(models.Model):
    """Money paid to the grantee, recorded in the ledger with who released it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    tranche = models.OneToOneField(Tranche, null=True, blank=True, on_delete=models.PROTECT, related_name="payment")
    amount = models.DecimalField(**MONEY)
    reference = models.CharField(max_length=60, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(default=timezone.now)
    transaction = models.OneToOneField("funds.LedgerTransaction", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["released_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funds_payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} to {self.application}"


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    SENT_BACK = "sent_back", _("Sent back for changes")
    APPROVED = "approved", _("Approved")


class MonitoringReport(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    is_final = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.DUE)
    progress = models.TextField(blank=True)
    spent_to_date = models.DecimalField(**MONEY, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="funds_report_number_unique"),
            models.UniqueConstraint(fields=["application"], condition=Q(is_final=True), name="funds_one_final_report"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="funds_report_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Report {self.number} of {self.application}"


class VariationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Variation(models.Model):
    """A change to an award's amount or dates, which takes effect only once an administrator approves it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="variations")
    new_amount = models.DecimalField(**MONEY, null=True, blank=True)
    new_start = models.DateField(null=True, blank=True)
    new_end = models.DateField(null=True, blank=True)
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=VariationStatus.choices, default=VariationStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=VariationStatus.values), name="funds_variation_status"),
            models.CheckConstraint(
                condition=Q(new_amount__isnull=False) | Q(new_start__isnull=False) | Q(new_end__isnull=False),
                name="funds_variation_changes_something"),
        ]

    def __str__(self) -> str:
        return f"Variation of {self.application}"


class Underspend(models.Model):
    """Part of an award that will not be paid: its commitment goes back to the round's budget."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="underspends")
    amount = models.DecimalField(**MONEY)
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    transaction = models.OneToOneField("funds.LedgerTransaction", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funds_underspend_positive")]

    def __str__(self) -> str:
        return f"Underspend of {self.amount} on {self.application}"


class Clawback(models.Model):
    """Money paid that the grantee must repay; the ledger records it when the repayment arrives."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="clawbacks")
    amount = models.DecimalField(**MONEY)
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    transaction = models.OneToOneField("funds.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funds_clawback_positive")]

    def __str__(self) -> str:
        return f"Clawback of {self.amount} from {self.application}"
