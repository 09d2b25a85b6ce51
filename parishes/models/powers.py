"""The catalogue of powers and freedoms a pop-up parish may ask for: standard ones and councils' own."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PowerQuerySet(models.QuerySet):
    def available_in(self, local_authority_codes):
        """The standard powers and those added by any of these local authorities."""
        return self.filter(Q(local_authority__isnull=True) | Q(local_authority_id__in=list(local_authority_codes)))


class Power(models.Model):
    """A power or freedom. Standard powers have no local authority; a council's own are tied to it."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("what it lets the parish do"), blank=True)
    local_authority = models.ForeignKey(
        "places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="parish_powers",
        verbose_name=_("local authority"), help_text=_("Empty for the standard powers every council offers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PowerQuerySet.as_manager()

    class Meta:
        ordering = ["local_authority_id", "name"]
        verbose_name = _("power")
        verbose_name_plural = _("powers")
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="parishes_power_name_per_council"),
            models.UniqueConstraint(fields=["name"], condition=Q(local_authority__isnull=True),
                                    name="parishes_standard_power_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_standard(self) -> bool:
        return self.local_authority_id is None
