"""Models of Assets of Community Value (Localism Act 2011 ss.87–108, SI 2012/2421): a nomination from draft to
the council's decision and, once listed, the entry on the list with its review, the owner's notices of intention
to sell and community groups' requests to be treated as bidders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOMINATED = "nominated", _("Nominated: awaiting the council's decision")
    LISTED = "listed", _("Listed")
    NOT_LISTED = "not_listed", _("Not listed")
    REMOVED = "removed", _("Removed from the list")


# Past the draft: on the public pages and in the open data.
PUBLIC_STATES = frozenset({AssetStatus.NOMINATED, AssetStatus.LISTED, AssetStatus.NOT_LISTED, AssetStatus.REMOVED})


class NominatorKind(models.TextChoices):
    ORGANISATION = "organisation", _("A parish council, charity, community interest company or non-profit company")
    GROUP = "group", _("An unincorporated group of at least 21 people registered to vote in the council's area")


class Asset(models.Model):
    """A building or land nominated to a council's list of assets of community value, and its entry if listed."""

    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=AssetStatus.choices, default=AssetStatus.DRAFT)

    # The land or building.
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(null=True, blank=True, help_text=_("A GeoJSON Polygon or MultiPolygon"))
    owner_known = models.BooleanField(null=True, blank=True)
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    owner_address = models.TextField(_("owner's address"), blank=True)
    # Why it is of community value (s.88): its use now or in the recent past, and why that can continue.
    current_use = models.TextField(blank=True)
    future_use = models.TextField(blank=True)

    # Who nominates it.
    nominator_kind = models.CharField(max_length=16, choices=NominatorKind.choices, blank=True)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    group_name = models.CharField(_("name of the group"), max_length=200, blank=True)
    not_for_profit = models.BooleanField(default=False)
    local_connection = models.BooleanField(default=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_reasons = models.TextField(blank=True)
    listed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    # The owner's request for a review of the listing (s.92), as the council records it.
    review_requested_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    review_decided_on = models.DateField(null=True, blank=True)
    review_upheld = models.BooleanField(null=True, blank=True)
    review_reasons = models.TextField(blank=True)
    removed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AssetStatus.values), name="services_assets_status_valid"),
            models.CheckConstraint(condition=Q(status=AssetStatus.DRAFT) | Q(decision_due_on__isnull=False),
                                   name="services_assets_received_has_deadline"),
            models.CheckConstraint(condition=~Q(status=AssetStatus.LISTED) | Q(listed_on__isnull=False,
                                                                                expires_on__isnull=False),
                                   name="services_assets_listed_has_dates"),
            models.CheckConstraint(condition=~Q(status=AssetStatus.NOT_LISTED) | ~Q(decision_reasons=""),
                                   name="services_assets_not_listed_has_reasons"),
        ]
        indexes = [models.Index(fields=["status", "decision_due_on"], name="services_assets_queue_idx")]

    def __str__(self) -> str:
        return self.name or f"Nomination {self.pk}"

    @property
    def reference(self) -> str:
        """The entry's reference in the council's list and the open data."""
        return f"ACV-{self.pk:05d}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssetStatus.DRAFT

    @property
    def nominator_name(self) -> str:
        if self.nominator_kind == NominatorKind.ORGANISATION and self.organisation_id:
            return self.organisation.name
        return self.group_name


class GroupMember(models.Model):
    """One of the people an unincorporated group names: at least 21 must live in the council's area."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    postcode = models.CharField(max_length=8)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["asset", "name", "postcode"],
                                               name="services_assets_member_once")]

    def __str__(self) -> str:
        return self.name


class DisposalNotice(models.Model):
    """The owner's written notice that they intend to sell the listed asset (s.95), dated as the council received
    it; it starts the interim moratorium and the protected period."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="notices")
    notified_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-notified_on", "-id"]
        get_latest_by = "notified_on"

    def __str__(self) -> str:
        return f"Notice of {self.notified_on} for {self.asset}"


class BidRequest(models.Model):
    """A community interest group's written request to be treated as a potential bidder, made within the interim
    moratorium; it extends the moratorium to six months from the notice."""

    notice = models.ForeignKey(DisposalNotice, on_delete=models.CASCADE, related_name="bid_requests")
    group_name = models.CharField(max_length=200)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    received_on = models.DateField()
    # Made on Covenant by a member of the group, or recorded by an officer from a letter or email.
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.group_name} asks to bid for {self.notice.asset}"
