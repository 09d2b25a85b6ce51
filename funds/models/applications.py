"""Applications to rounds: answers, budget lines with match funding, beneficiary areas, due diligence and the
applicant's bank details (encrypted)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .funds import MONEY
from .rounds import Question, Round


class ApplicationStatus(models.TextChoices):
    """The states of an application; the allowed moves between them are in services/transitions.py."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_ASSESSMENT = "in_assessment", _("In assessment")
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    AWAITING_SECOND_APPROVAL = "awaiting_second_approval", _("Awaiting second approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ACCEPTED = "accepted", _("Grant agreement accepted")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Awards: decided for good, so published as open data (360Giving) from then on.
AWARDED_STATES = frozenset({ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE,
                            ApplicationStatus.CLOSED})
# Money is committed in the ledger from the first approval until the grant is paid, reduced or closed.
COMMITTED_STATES = AWARDED_STATES | {ApplicationStatus.AWAITING_SECOND_APPROVAL}
# Administrators decide once the panel has recommended, for or against.
DECIDABLE_STATES = frozenset({ApplicationStatus.RECOMMENDED, ApplicationStatus.NOT_RECOMMENDED})


class Application(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="grant_applications")
    status = models.CharField(_("status"), max_length=32, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    title = models.CharField(_("project name"), max_length=200)
    summary = models.TextField(_("what the grant is for"), blank=True)
    amount_requested = models.DecimalField(_("amount requested"), **MONEY, null=True, blank=True)
    # The award as it stands: the decision's amount, then as varied.
    amount_awarded = models.DecimalField(_("amount awarded"), **MONEY, null=True, blank=True)
    project_start = models.DateField(_("project start"), null=True, blank=True)
    project_end = models.DateField(_("project end"), null=True, blank=True)
    organisation_income = models.DecimalField(_("organisation's annual income"), **MONEY, null=True, blank=True)
    # From the beneficiary areas when submitted: the most deprived decile among them, and any left-behind ward.
    most_deprived_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    in_left_behind_neighbourhood = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    # The final decision: the approval (after any second approval) or the rejection.
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values),
                                   name="funds_application_status_valid"),
            models.CheckConstraint(condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                                   name="funds_application_request_positive"),
            models.CheckConstraint(condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0),
                                   name="funds_application_award_not_negative"),
            models.CheckConstraint(
                condition=Q(project_start__isnull=True) | Q(project_end__isnull=True)
                | Q(project_end__gte=models.F("project_start")),
                name="funds_application_dates_ordered"),
        ]
        indexes = [models.Index(fields=["round", "status"]), models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title or f"Application {self.pk}"

    @property
    def fund(self):
        return self.round.programme.fund

    @property
    def is_award(self) -> bool:
        return self.status in AWARDED_STATES


def answer_upload_to(answer, filename: str) -> str:
    return f"funds/applications/{answer.application_id}/{answer.question_id}/{filename}"


class Answer(models.Model):
    """An answer to one question: `value` holds text, numbers, money and dates as text, a choice as its
    value; a file answer keeps the file."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(blank=True)
    file = models.FileField(upload_to=answer_upload_to, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_bytes = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="funds_answer_unique")]

    def __str__(self) -> str:
        return f"{self.question}: {self.file_name or self.value[:50]}"


class BudgetLine(models.Model):
    """One line of a project budget: its cost is met by the grant asked for and by match funding."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(default=0)
    item = models.CharField(_("item"), max_length=200)
    cost = models.DecimalField(_("cost"), **MONEY)
    requested = models.DecimalField(_("from this grant"), **MONEY)
    match_funding = models.DecimalField(_("match funding"), **MONEY, default=0)
    match_source = models.CharField(_("match funding from"), max_length=200, blank=True)

    class Meta:
        ordering = ["application", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0) & Q(requested__gte=0) & Q(match_funding__gte=0),
                                   name="funds_budget_line_amounts"),
            models.CheckConstraint(
                condition=Q(cost=models.F("requested") + models.F("match_funding")),
                name="funds_budget_line_adds_up"),
        ]

    def __str__(self) -> str:
        return self.item


class AreaKind(models.TextChoices):
    POSTCODE = "postcode", _("Postcode")
    LSOA = "lsoa", _("Lower layer super output area")
    WARD = "ward", _("Ward")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")


class BeneficiaryArea(models.Model):
    """A place the grant will help, given by postcode or area code and resolved through the places core."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="beneficiary_areas")
    kind = models.CharField(max_length=16, choices=AreaKind.choices)
    code = models.CharField(_("postcode or area code"), max_length=9)
    name = models.CharField(max_length=150, blank=True)
    lsoa = models.ForeignKey("places.LSOA", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ward = models.ForeignKey("places.Ward", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    local_authority = models.ForeignKey("places.LocalAuthority", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    # The most deprived IMD decile of the LSOAs the area covers (the LSOA's own, for a postcode or an LSOA).
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    left_behind = models.BooleanField(default=False)

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "code"], name="funds_area_unique"),
            models.CheckConstraint(condition=Q(kind__in=AreaKind.values), name="funds_area_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class RiskRating(models.TextChoices):
    GREEN = "green", _("Green: low risk")
    AMBER = "amber", _("Amber: check before deciding")
    RED = "red", _("Red: high risk")


class DueDiligence(models.Model):
    """The automatic checks made when an application is submitted (rules in docs/FUNDS.md), for assessors."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="due_diligence")
    checked_at = models.DateTimeField(default=timezone.now)
    organisation_verified = models.BooleanField()
    registration_ok = models.BooleanField()
    # [{"code": "A1", "rating": "amber", "message": "..."}], the rules that fired.
    findings = models.JSONField(default=list, blank=True)
    possible_duplicates = models.ManyToManyField(Application, blank=True, related_name="+")
    rating = models.CharField(max_length=8, choices=RiskRating.choices)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(rating__in=RiskRating.values),
                                              name="funds_due_diligence_rating_valid")]

    def __str__(self) -> str:
        return f"{self.application}: {self.rating}"


class BankDetails(models.Model):
    """Where the grant is paid. Sort code and account number are encrypted at rest (funds/bank.py) and only
    ever shown masked; the fingerprint finds the same account given by another organisation."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="bank_details")
    account_name = models.CharField(_("name on the account"), max_length=140)
    sort_code_encrypted = models.TextField()
    account_number_encrypted = models.TextField()
    roll_number_encrypted = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "bank details"

    def __str__(self) -> str:
        return f"Bank details of {self.application}"
