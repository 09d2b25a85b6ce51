"""Volunteer needs posted by organisations, their shifts, and the bookings of volunteers onto them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .credentials import BarredLists, CredentialKind, DBSLevel, QualificationType, Workforce
from .history import HoursEntry
from .passport import Passport
from .taxonomy import Cause, Skill


class ActivityType(models.TextChoices):
    PRACTICAL = "practical", _("Practical help")
    BEFRIENDING = "befriending", _("Befriending and support")
    DRIVING = "driving", _("Driving and delivery")
    EVENTS = "events", _("Events")
    OUTDOOR = "outdoor", _("Outdoor and environmental")
    OFFICE = "office", _("Office and administration")
    SKILLED = "skilled", _("Professional and skilled")
    TRUSTEE = "trustee", _("Trustee and committee")
    YOUTH = "youth", _("Working with young people")
    EMERGENCY = "emergency", _("Emergency response")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Closed")


class LocationKind(models.TextChoices):
    ADDRESS = "address", _("At an address")
    POSTCODE = "postcode", _("In an area (postcode)")
    REMOTE = "remote", _("From home (remote)")


class Need(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what volunteers will do"))
    cause = models.ForeignKey(Cause, null=True, blank=True, on_delete=models.PROTECT, related_name="needs")
    activity_type = models.CharField(max_length=16, choices=ActivityType.choices)
    location_kind = models.CharField(max_length=16, choices=LocationKind.choices)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    # Copied from the postcode when the need is saved, so searching by distance needs no join or lookup.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # How far from the place the need may draw volunteers (matching also respects each volunteer's own limit).
    radius_km = models.PositiveSmallIntegerField(default=25, validators=[MaxValueValidator(200)])
    skills = models.ManyToManyField(Skill, blank=True, related_name="needs")
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MinValueValidator(14), MaxValueValidator(99)]
    )
    accessibility = models.TextField(_("accessibility"), blank=True)
    expenses_policy = models.TextField(_("expenses"), blank=True)
    # What volunteers get, published in the open-data feed as the Volunteering Data Standard's reward terms.
    expenses_reimbursed = models.BooleanField(_("out-of-pocket expenses paid"), default=False)
    training_provided = models.BooleanField(_("training provided"), default=False)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=16, blank=True)
    auto_accept = models.BooleanField(_("accept eligible volunteers automatically"), default=False)
    status = models.CharField(max_length=16, choices=NeedStatus.choices, default=NeedStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "latitude", "longitude"], name="volunteers_need_geo_idx"),
            models.Index(fields=["organisation", "status"], name="volunteers_need_org_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NeedSkillPlace(models.Model):
    """Where a published need wants one of its skills: the index behind searching by skill and distance.

    One row for each skill of each published need, with the need's coordinates (none for remote needs, which can be
    done from anywhere). A search for a skill near a postcode reads a few hundred index entries here instead of
    visiting every need with that skill (docs/PERFORMANCE.md, issue 4). Kept in step with needs and their skills
    by volunteers.services.search_index, whatever writes them.
    """

    # The unique constraint's (need, skill) index serves lookups by need; the search index leads with the skill.
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+", db_index=False)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+", db_index=False)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["skill", "latitude", "longitude", "need"], name="volunteers_skillplace_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["need", "skill"], name="volunteers_skillplace_unique")]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.skill_id}"


class NeedCheck(models.Model):
    """A credential volunteers must hold, verified and valid on the shift's date."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=24, choices=CredentialKind.choices)
    dbs_level = models.CharField(max_length=16, choices=DBSLevel.choices, blank=True)
    dbs_barred_lists = models.CharField(max_length=16, choices=BarredLists.choices, blank=True)
    dbs_workforce = models.CharField(max_length=16, choices=Workforce.choices, blank=True)
    qualification_type = models.CharField(max_length=24, choices=QualificationType.choices, blank=True)
    title = models.CharField(_("course or qualification"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.title or self.get_dbs_level_display() or self.get_kind_display()


class Shift(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    places = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(1000)])
    # Shown at the venue; volunteers who enter it are marked as attended.
    check_in_code = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["need", "starts_at"], name="volunteers_shift_need_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="volunteers_shift_ends_after_start"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="volunteers_shift_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.need} on {timezone.localtime(self.starts_at):%d %b %Y %H:%M}"


class BookingStatus(models.TextChoices):
    APPLIED = "applied", _("Waiting for the organisation")
    ACCEPTED = "accepted", _("Booked")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered: confirm by the deadline")
    DECLINED = "declined", _("Not accepted")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")


# A volunteer holds at most one booking in these states on a shift; ACCEPTED, OFFERED and ATTENDED take a place.
# A full need stays on show and takes sign-ups, onto the waiting list; search lists only published ones.
TAKING_SIGN_UPS = (NeedStatus.PUBLISHED, NeedStatus.FULL)
ACTIVE_BOOKING_STATES = ("applied", "accepted", "waitlisted", "offered", "attended")
PLACE_TAKING_STATES = ("accepted", "offered", "attended")


class Booking(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="bookings")
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=16, choices=BookingStatus.choices, default=BookingStatus.APPLIED)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    offer_token_hash = models.CharField(max_length=64, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    proposed_hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    hours_entry = models.OneToOneField(HoursEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="booking")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        indexes = [
            models.Index(fields=["shift", "status"], name="volunteers_booking_shift_idx"),
            models.Index(fields=["passport", "status"], name="volunteers_booking_vol_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "passport"], condition=models.Q(status__in=ACTIVE_BOOKING_STATES),
                name="volunteers_one_active_booking_per_shift",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.passport} on {self.shift} ({self.status})"
