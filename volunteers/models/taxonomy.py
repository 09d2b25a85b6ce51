"""The shared vocabularies: skills, causes and requirements, seeded from the UK Volunteering Data Standard."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaxonomySource(models.TextChoices):
    VOLUNTEERING_DATA = "vds", _("UK Volunteering Data Standard")
    COVENANT = "covenant", _("Covenant")


class SkillKind(models.TextChoices):
    GENERAL = "general", _("General")
    DRIVING = "driving", _("Driving")
    FIRST_AID = "first_aid", _("First aid")
    LANGUAGE = "language", _("Language")
    TRADE = "trade", _("Trade")


class Skill(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("skill"), max_length=200)
    group = models.CharField(_("group"), max_length=100)
    kind = models.CharField(max_length=16, choices=SkillKind.choices, default=SkillKind.GENERAL)
    # ISO 639-1/639-3 code for languages, DVLA category (B, C1, D1 …) for driving.
    code = models.CharField(max_length=8, blank=True)
    source = models.CharField(max_length=16, choices=TaxonomySource.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name


class Cause(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("cause"), max_length=200)
    synonyms = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=16, choices=TaxonomySource.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(_("requirement"), max_length=200)
    group = models.CharField(_("group"), max_length=100)
    source = models.CharField(max_length=16, choices=TaxonomySource.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name
