"""An active pop-up parish: its members and officers, meetings, decisions with recorded votes, its delegated
budget and spending, and the end of its term (asking the council for renewal, publishing an evaluation).

The parish is its approved Proposal: these rows hang off it, so its area, powers and sunset date stay in one place.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MemberVia(models.TextChoices):
    PROPOSER = "proposer", _("Proposed the parish")
    RESIDENT = "resident", _("Joined as a resident of the area")


class ParishMember(models.Model):
    """A person's membership of a parish. Leaving keeps the row (dated), so who was a member when stays true;
    joining again adds a new row."""

    parish = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parish_memberships")
    via = models.CharField(max_length=16, choices=MemberVia.choices, default=MemberVia.RESIDENT)
    # The postcode that qualified a resident, as it was when they joined; proposers join with the parish.
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parish", "user"], condition=Q(left_at__isnull=True),
                                    name="parishes_one_current_membership"),
            models.CheckConstraint(condition=Q(via__in=MemberVia.values), name="parishes_member_via_valid"),
        ]
        indexes = [models.Index(fields=["parish", "left_at"], name="parishes_member_current")]

    def __str__(self) -> str:
        return f"{self.user} in {self.parish}"


class Office(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CLERK = "clerk", _("Clerk")
    TREASURER = "treasurer", _("Treasurer")


class TermEnd(models.TextChoices):
    REPLACED = "replaced", _("Replaced")
    STOOD_DOWN = "stood_down", _("Stood down")


class OfficeHolder(models.Model):
    """One person's term in one office. A new holder ends the last one's term rather than overwriting it, so the
    parish's officers over time stay on record."""

    parish = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="office_holders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    office = models.CharField(_("office"), max_length=16, choices=Office.choices)
    # The lead proposer chairs the parish from its approval until members choose otherwise.
    interim = models.BooleanField(default=False)
    appointed_at = models.DateTimeField(default=timezone.now)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # Set when members appointed by a recorded decision rather than the chair alone.
    decision = models.ForeignKey("parishes.ParishDecision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="appointments")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    end_reason = models.CharField(max_length=16, choices=TermEnd.choices, blank=True)

    class Meta:
        ordering = ["appointed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(office__in=Office.values), name="parishes_office_valid"),
            models.UniqueConstraint(fields=["parish", "office"], condition=Q(ended_at__isnull=True),
                                    name="parishes_one_holder_per_office"),
            models.UniqueConstraint(fields=["parish", "user"], condition=Q(ended_at__isnull=True),
                                    name="parishes_one_office_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()} of {self.parish}: {self.user}"


class Meeting(models.Model):
    """A meeting of the parish: when and where, its agenda before and its minutes after; cancelled with a
    reason, never deleted."""

    parish = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link to join online"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(default=timezone.now)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_url=""), name="parishes_meeting_has_a_place"),
            models.CheckConstraint(condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                                   name="parishes_meeting_cancelled_has_reason"),
            models.CheckConstraint(condition=Q(cancelled_at__isnull=True) | Q(minutes_published_at__isnull=True),
                                   name="parishes_meeting_cancelled_has_no_minutes"),
        ]
        indexes = [models.Index(fields=["parish", "starts_at"], name="parishes_meeting_when")]

    def __str__(self) -> str:
        return f"{self.title} ({self.parish})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstained")


class Outcome(models.TextChoices):
    CARRIED = "carried", _("Carried")
    NOT_CARRIED = "not_carried", _("Not carried")
    INQUORATE = "inquorate", _("Inquorate: no decision")


class ParishDecision(models.Model):
    """A motion put to a meeting, with the votes of the members present and the outcome they gave.

    The counts, the members and the quorum of the day are kept beside the votes: membership changes, and the
    outcome must still read as it was decided.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    # The meeting's parish, kept here too so a parish's decisions (and spending's links to them) need no join.
    parish = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("title"), max_length=200)
    motion = models.TextField(_("motion"))
    members_count = models.PositiveIntegerField()
    quorum = models.PositiveIntegerField()
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    abstentions = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="parishes_decision_outcome_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def present(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def carried(self) -> bool:
        return self.outcome == Outcome.CARRIED


class Vote(models.Model):
    decision = models.ForeignKey(ParishDecision, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "voter"], name="parishes_one_vote_each"),
            models.CheckConstraint(condition=Q(choice__in=VoteChoice.values), name="parishes_vote_choice_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.choice}"


class DelegatedBudget(models.Model):
    """What the council delegates to the parish to spend. Its row is locked while spending is recorded, so two
    officers at once can never spend more than is left."""

    parish = models.OneToOneField("parishes.Proposal", on_delete=models.CASCADE, related_name="budget")
    amount = models.DecimalField(_("delegated budget in pounds"), max_digits=12, decimal_places=2, default=0)
    set_at = models.DateTimeField(null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="parishes_budget_not_negative")]

    def __str__(self) -> str:
        return f"Budget of {self.parish}: £{self.amount}"


class Spending(models.Model):
    parish = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="spending")
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("paid to"), max_length=200)
    purpose = models.TextField(_("what it was for"))
    amount = models.DecimalField(_("amount in pounds"), max_digits=12, decimal_places=2)
    decision = models.ForeignKey(ParishDecision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="spending")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name_plural = _("spending")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="parishes_spending_positive")]

    def __str__(self) -> str:
        return f"£{self.amount} to {self.payee}"


class RenewalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the council")
    APPROVED = "approved", _("Renewed")
    REFUSED = "refused", _("Refused")


class RenewalRequest(models.Model):
    """The parish asking the council covering it for a further term: a new, shorter review of its own."""

    parish = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="renewal_requests")
    # The sunset date the request would move, kept because an approval changes the parish's.
    current_sunset_on = models.DateField()
    requested_sunset_on = models.DateField(_("new sunset date asked for"))
    reasons = models.TextField(_("why the parish should continue"))
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    status = models.CharField(max_length=16, choices=RenewalStatus.choices, default=RenewalStatus.PENDING)
    local_authority = models.ForeignKey("places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_reasons = models.TextField(blank=True)
    granted_sunset_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RenewalStatus.values), name="parishes_renewal_status_valid"),
            models.UniqueConstraint(fields=["parish"], condition=Q(status="pending"),
                                    name="parishes_one_pending_renewal"),
            models.CheckConstraint(condition=Q(status="pending") | (Q(decided_at__isnull=False)
                                                                     & ~Q(decision_reasons="")),
                                   name="parishes_renewal_decided_with_reasons"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(granted_sunset_on__gt=F("current_sunset_on")),
                                   name="parishes_renewal_approved_extends"),
        ]

    def __str__(self) -> str:
        return f"Renewal of {self.parish}"


class Evaluation(models.Model):
    """What the parish says it achieved, with its evidence, and whether it seeks to become a permanent parish
    council (which needs a community governance review by the council). Published, and kept up to date."""

    parish = models.OneToOneField("parishes.Proposal", on_delete=models.CASCADE, related_name="evaluation")
    achievements = models.TextField(_("what the parish achieved"))
    evidence = models.TextField(_("evidence"))
    seeks_permanent = models.BooleanField(_("seeks to become a permanent parish council"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Evaluation of {self.parish}"
