"""Models of the Community Right to Challenge (Localism Act 2011, ss.81–86): the councils' submission windows,
expressions of interest in running a service, the modifications councils ask for, and the decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting decision")
    MODIFICATION_PROPOSED = "modification_proposed", _("Modification proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# Received by the council and not yet decided: the officers' queue.
OPEN_STATES = frozenset({ChallengeStatus.SUBMITTED, ChallengeStatus.MODIFICATION_PROPOSED})
DECIDED_STATES = frozenset({ChallengeStatus.ACCEPTED, ChallengeStatus.REJECTED})


class BodyKind(models.TextChoices):
    """Who may express an interest (s.81(6)): a relevant body as an organisation, or the council's own staff."""

    ORGANISATION = "organisation", _("A voluntary or community body, charity or parish council")
    EMPLOYEES = "employees", _("Two or more employees of the council")


class RejectionGround(models.TextChoices):
    """The only grounds on which a council may reject an expression of interest: Schedule 2 to the Community
    Right to Challenge (Fire and Rescue Authorities and Rejection of Expressions of Interest) (England)
    Regulations 2012 (SI 2012/1647), in plain words."""

    DOES_NOT_COMPLY = "does_not_comply", _(
        "It does not comply with the requirements of the Localism Act 2011 or the regulations made under it")
    INADEQUATE = "inadequate", _(
        "Information in it is, in a material particular, inadequate or inaccurate")
    UNSUITABLE = "unsuitable", _(
        "The body, a member of its consortium or a sub-contractor it names is not suitable to provide, or help "
        "provide, the service")
    SERVICE_TO_STOP = "service_to_stop", _(
        "The council has decided, with the decision in writing, to stop providing the service")
    NHS_INTEGRATION = "nhs_integration", _(
        "The service is integrated with an NHS service for the same people, and keeping it integrated is "
        "critical to their well-being")
    ALREADY_PROCURING = "already_procuring", _("The service is already the subject of a procurement exercise")
    IN_NEGOTIATION = "in_negotiation", _(
        "The council and a third party are negotiating, at least partly in writing, for the third party to "
        "provide the service")
    EMPLOYEE_BODY = "employee_body", _(
        "The council has published its intention to consider the service being provided by a body that two or "
        "more of its employees propose to set up")
    FRIVOLOUS = "frivolous", _("It is frivolous or vexatious")
    UNLAWFUL = "unlawful", _(
        "Accepting it is likely to lead to a breach of an enactment, another rule of law or a statutory duty")


class Window(models.Model):
    """A period the council has set in which it takes expressions of interest in one of its services (s.82).
    A service without any window takes them at any time."""

    service = models.ForeignKey("services_catalogue.Service", on_delete=models.CASCADE,
                                related_name="challenge_windows")
    opens_on = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opens_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="services_challenge_window_closes_after_opening")]

    def __str__(self) -> str:
        return f"{self.service}: {self.opens_on} to {self.closes_on}"


class Challenge(models.Model):
    """An expression of interest in running a council service, from its draft to the council's decision."""

    service = models.ForeignKey("services_catalogue.Service", on_delete=models.PROTECT, related_name="challenges")
    status = models.CharField(max_length=24, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT)

    # Who expresses the interest: an organisation, or named employees of the council with their declaration.
    body_kind = models.CharField(max_length=16, choices=BodyKind.choices, blank=True)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    not_for_profit = models.BooleanField(
        default=False, help_text=_("Declared for companies and social enterprises: not carried on for profit"))
    employees = models.JSONField(default=list, blank=True, help_text=_("[{\"name\": …, \"role\": …}]"))
    employees_declared = models.BooleanField(default=False)

    # The content the Act and SI 2012/1313 ask for.
    finances = models.TextField(_("finances"), blank=True)
    capability = models.TextField(_("capability"), blank=True)
    social_value = models.TextField(_("social value"), blank=True)
    economic_value = models.TextField(_("economic value"), blank=True)
    environmental_value = models.TextField(_("environmental value"), blank=True)
    users_needs = models.TextField(_("users' needs"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    # The window it was submitted in, as it was then (the council may change its windows later).
    window_opens_on = models.DateField(null=True, blank=True)
    window_closes_on = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    grounds = models.JSONField(default=list, blank=True, help_text=_("Values of RejectionGround"))
    reasons = models.TextField(blank=True)
    lateness_reason = models.TextField(blank=True)
    procurement_minimum_months = models.PositiveSmallIntegerField(null=True, blank=True)
    procurement_maximum_months = models.PositiveSmallIntegerField(null=True, blank=True)
    procurement_earliest_on = models.DateField(null=True, blank=True)
    procurement_latest_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ChallengeStatus.values),
                                   name="services_challenge_status_valid"),
            models.CheckConstraint(condition=~Q(status=ChallengeStatus.REJECTED) | ~Q(reasons=""),
                                   name="services_challenge_rejection_has_reasons"),
            models.CheckConstraint(
                condition=~Q(status=ChallengeStatus.ACCEPTED) | Q(
                    procurement_minimum_months__isnull=False, procurement_maximum_months__isnull=False,
                    procurement_maximum_months__gte=models.F("procurement_minimum_months")),
                name="services_challenge_acceptance_has_periods"),
            models.CheckConstraint(condition=Q(status=ChallengeStatus.DRAFT) | Q(decision_due_on__isnull=False),
                                   name="services_challenge_received_has_deadline"),
        ]
        indexes = [models.Index(fields=["status", "decision_due_on"], name="services_challenge_queue_idx")]

    def __str__(self) -> str:
        return f"Expression of interest {self.pk} in {self.service}"

    @property
    def is_draft(self) -> bool:
        return self.status == ChallengeStatus.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATES

    def ground_labels(self) -> list[str]:
        labels = dict(RejectionGround.choices)
        return [str(labels.get(ground, ground)) for ground in self.grounds]


class Modification(models.Model):
    """The council asking to modify an expression of interest, which it may do only if the body agrees."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="modifications")
    request = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    agreed = models.BooleanField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge"], condition=Q(answered_at__isnull=True),
                                               name="services_challenge_one_open_modification")]

    def __str__(self) -> str:
        return f"Modification of {self.challenge}"
