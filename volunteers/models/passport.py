"""The Volunteer Passport: one per person, holding what matching needs to know about them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .taxonomy import Cause, Skill


class Transport(models.TextChoices):
    WALK = "walk", _("Walking")
    CYCLE = "cycle", _("Cycling")
    PUBLIC = "public", _("Public transport")
    CAR = "car", _("Own car")
    LIFT = "lift", _("Lift from someone else")


class Passport(models.Model):
    holder = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passport")
    max_travel_km = models.PositiveSmallIntegerField(
        _("how far you can travel"), default=8, validators=[MinValueValidator(0), MaxValueValidator(200)]
    )
    second_base_postcode = models.CharField(_("second base postcode"), max_length=8, blank=True)
    second_base_label = models.CharField(_("second base"), max_length=60, blank=True, help_text=_("For example, work"))
    transport = models.JSONField(_("how you travel"), default=list, blank=True)
    accessibility_needs = models.TextField(_("access needs"), blank=True)
    adjustments = models.TextField(_("adjustments that help you"), blank=True)
    # ISO 639-1 codes ("en", "cy", "pl" …).
    languages = models.JSONField(_("languages you speak"), default=list, blank=True)
    causes = models.ManyToManyField(Cause, blank=True, related_name="passports")
    # Matching: whether to be offered shifts at all, how to hear of them, and whom or what never to be offered.
    offers_wanted = models.BooleanField(_("offer me shifts that suit me"), default=True)
    offers_daily_digest = models.BooleanField(_("send offers once a day"), default=False)
    opted_out_organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("organisations not to offer")
    )
    opted_out_causes = models.ManyToManyField(Cause, blank=True, related_name="+", verbose_name=_("causes not to offer"))
    # Where the holder's postcode lies, kept by volunteers.services.locations whenever it changes: matching
    # narrows a million passports by a box on these (indexed) rather than joining people and postcodes.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Volunteer Passport")
        indexes = [models.Index(fields=["latitude", "longitude"], name="volunteers_passport_place_idx")]

    def __str__(self) -> str:
        return f"Passport of {self.holder}"


class SkillLevel(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    COMPETENT = 2, _("Competent")
    EXPERIENCED = 3, _("Experienced")
    EXPERT = 4, _("Expert")


class PassportSkill(models.Model):
    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices, default=SkillLevel.COMPETENT)
    # The passport's place again, so that "holders of this skill within this box" is one index range: a need
    # asking for a skill in a city reads its few holders nearby, not every holder in the country.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["passport", "skill"], name="volunteers_one_level_per_skill")]
        indexes = [models.Index(fields=["skill", "latitude", "longitude"], name="volunteers_skill_place_idx")]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class AvailabilityWindow(models.Model):
    """A weekly recurring time the volunteer is free, in local (UK) time."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="volunteers_window_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class AvailabilityException(models.Model):
    """Dates the volunteer is away (a holiday), overriding the weekly windows."""

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="unavailable")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="volunteers_exception_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Away {self.starts_on}–{self.ends_on}"
