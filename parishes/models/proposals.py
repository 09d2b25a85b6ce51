"""Pop-up parish proposals: the area, purpose and powers asked for, the people behind them, and their states."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Petition open")
    VALID = "valid", _("Valid petition, sent to the council")
    UNDER_REVIEW = "under_review", _("Under review")
    CONSULTATION = "consultation", _("Public consultation")
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")
    DECLINED = "declined", _("Declined: the area was reviewed recently")
    # An approved parish whose sunset date has passed: its powers have lapsed (parishes.services.sunset).
    ENDED = "ended", _("Ended: its term is over")


# Shown to the public: everything past the draft.
PUBLIC_STATES = frozenset(set(ProposalStatus.values) - {ProposalStatus.DRAFT})
# Waiting for the council: the petition is valid and the review is not finished.
IN_REVIEW_STATES = frozenset({ProposalStatus.VALID, ProposalStatus.UNDER_REVIEW, ProposalStatus.CONSULTATION})
# A parish holding powers (until its sunset date, which selectors compare).
APPROVED_STATES = frozenset({ProposalStatus.APPROVED, ProposalStatus.APPROVED_WITH_CONDITIONS})


class Proposal(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("web address name"), max_length=170, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    # GeoJSON Polygon or MultiPolygon, checked by parishes.geometry when saved; the box narrows queries cheaply
    # (which proposals might hold a point, which postcodes might lie inside) before shapely decides exactly.
    area = models.JSONField(_("area"), null=True, blank=True)
    min_longitude = models.FloatField(null=True, blank=True)
    min_latitude = models.FloatField(null=True, blank=True)
    max_longitude = models.FloatField(null=True, blank=True)
    max_latitude = models.FloatField(null=True, blank=True)
    sunset_on = models.DateField(_("sunset date"), null=True, blank=True)
    constitution = models.TextField(_("constitution"), blank=True)
    status = models.CharField(_("status"), max_length=32, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    valid_at = models.DateTimeField(null=True, blank=True)
    # The council must complete its review within 12 months of the petition becoming valid.
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    # What the threshold was measured against when the petition became valid, kept because electorates change.
    electors_at_validity = models.PositiveIntegerField(null=True, blank=True)
    threshold_at_validity = models.PositiveIntegerField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    covering_authorities = models.ManyToManyField(
        "places.LocalAuthority", blank=True, related_name="parish_proposals",
        verbose_name=_("local authorities covering the area"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pop-up parish proposal")
        verbose_name_plural = _("pop-up parish proposals")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ProposalStatus.values), name="parishes_proposal_status_valid"),
            # Past the draft a proposal always has its area, box and sunset date.
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.DRAFT) | Q(
                    area__isnull=False, min_longitude__isnull=False, min_latitude__isnull=False,
                    max_longitude__isnull=False, max_latitude__isnull=False, sunset_on__isnull=False,
                    published_at__isnull=False,
                ),
                name="parishes_proposal_published_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.DECLINED) | ~Q(decline_reason=""),
                name="parishes_proposal_declined_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "min_latitude", "max_latitude"], name="parishes_proposal_status_box"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def has_area(self) -> bool:
        return self.area is not None


class ProposerRole(models.TextChoices):
    CREATOR = "creator", _("Lead proposer")
    CO_PROPOSER = "co_proposer", _("Co-proposer")


class Proposer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="proposers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parish_proposals")
    role = models.CharField(max_length=16, choices=ProposerRole.choices, default=ProposerRole.CO_PROPOSER)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="parishes_proposer_once"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(role=ProposerRole.CREATOR),
                                    name="parishes_one_lead_proposer"),
            models.CheckConstraint(condition=Q(role__in=ProposerRole.values), name="parishes_proposer_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} proposes {self.proposal}"


class FoundingMember(models.Model):
    """A resident who has joined the founding group; at least 21 living in the area are needed to publish."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="founding_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="parishes_founding_member_once")]

    def __str__(self) -> str:
        return f"{self.user} founds {self.proposal}"


class RequestedPower(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="requested_powers")
    power = models.ForeignKey("parishes.Power", on_delete=models.PROTECT, related_name="+")
    justification = models.TextField(_("why the parish needs it"))
    # Set by the council's decision: approval with conditions may grant only some of the powers asked for.
    granted = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["power__name", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "power"], name="parishes_power_requested_once")]

    def __str__(self) -> str:
        return f"{self.power} for {self.proposal}"
