"""Places data: postcodes from the ONS Postcode Directory and the areas they fall in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalAuthority(models.Model):
    """A local authority district or unitary authority, by its ONS code (E06000001)."""

    code = models.CharField(_("ONS code"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")
        indexes = [models.Index(fields=["name"], name="places_la_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class Ward(models.Model):
    """An electoral ward (E05000001) inside a local authority."""

    code = models.CharField(_("ONS code"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="wards",
        verbose_name=_("local authority"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("ward")
        verbose_name_plural = _("wards")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class LSOA(models.Model):
    """A lower layer super output area (E01000001) with its Index of Multiple Deprivation figures."""

    code = models.CharField(_("ONS code"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.SET_NULL, related_name="lsoas",
        verbose_name=_("local authority"),
    )
    # 1 is the most deprived LSOA in England; the decile of 1 is the most deprived 10%.
    imd_rank = models.PositiveIntegerField(_("IMD rank"), null=True, blank=True)
    imd_decile = models.PositiveSmallIntegerField(_("IMD decile"), null=True, blank=True)
    imd_edition = models.CharField(_("IMD edition"), max_length=10, blank=True, help_text=_("For example IoD2019"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("LSOA")
        verbose_name_plural = _("LSOAs")
        indexes = [models.Index(fields=["imd_decile"], name="places_lsoa_decile_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(imd_decile__isnull=True) | models.Q(imd_decile__gte=1, imd_decile__lte=10),
                name="places_lsoa_decile_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class Postcode(models.Model):
    """One postcode of the ONS Postcode Directory.

    Area links carry no database constraint: the directory and the area name files are
    published separately and may be imported in any order.
    """

    postcode = models.CharField(_("postcode"), max_length=8, primary_key=True, help_text=_("Normalised, like SW1A 1AA"))
    outward_code = models.CharField(_("outward code"), max_length=4, db_index=True)
    # Null when the directory has no grid reference for the postcode.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    lsoa = models.ForeignKey(
        LSOA, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        db_column="lsoa_code", related_name="postcodes", verbose_name=_("LSOA"),
    )
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        db_column="ward_code", related_name="postcodes", verbose_name=_("ward"),
    )
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        db_column="local_authority_code", related_name="postcodes", verbose_name=_("local authority"),
    )
    country_code = models.CharField(_("country code"), max_length=9, blank=True)
    terminated_on = models.DateField(
        _("terminated"), null=True, blank=True, help_text=_("The month Royal Mail stopped using the postcode")
    )

    class Meta:
        ordering = ["postcode"]
        # Matching and search narrow by a latitude and longitude box before measuring distances.
        indexes = [models.Index(fields=["latitude", "longitude"], name="places_postcode_lat_lon")]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return self.postcode
