"""Petitions: residents' signatures on published proposals, and the electorate figures councils enter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignatureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Signature(models.Model):
    """One person's signature. Withdrawing keeps the row (dated), so the petition's history stays true;
    signing again after withdrawing adds a new row."""

    proposal = models.ForeignKey("parishes.Proposal", on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The postcode that qualified the signer, as it was when they signed.
    postcode = models.CharField(_("postcode"), max_length=8)
    signed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "signer"], condition=Q(withdrawn_at__isnull=True),
                                    name="parishes_one_active_signature"),
        ]
        indexes = [models.Index(fields=["proposal", "withdrawn_at"], name="parishes_signature_active")]

    def __str__(self) -> str:
        return f"{self.signer} signs {self.proposal}"


class Electorate(models.Model):
    """The number of electors in one ward or LSOA on a date, entered or imported by its council."""

    ward = models.ForeignKey("places.Ward", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lsoa = models.ForeignKey("places.LSOA", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    electors = models.PositiveIntegerField(_("electors"))
    as_of = models.DateField(_("as of"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(ward__isnull=False) & Q(lsoa__isnull=True)) | (Q(ward__isnull=True) & Q(lsoa__isnull=False)),
                name="parishes_electorate_one_area",
            ),
            models.UniqueConstraint(fields=["ward", "as_of"], condition=Q(ward__isnull=False),
                                    name="parishes_electorate_ward_date"),
            models.UniqueConstraint(fields=["lsoa", "as_of"], condition=Q(lsoa__isnull=False),
                                    name="parishes_electorate_lsoa_date"),
        ]

    def __str__(self) -> str:
        return f"{self.ward_id or self.lsoa_id}: {self.electors} on {self.as_of}"
