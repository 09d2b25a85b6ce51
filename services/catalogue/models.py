"""A public service in a council's (or parish council's) catalogue: what it is, who runs it, until when, and how
residents can get involved."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Involvement(models.TextChoices):
    """The ways residents can take part in a service; a service lists any of them."""

    CO_DESIGN = "co_design", _("Co-design and participatory budgeting")
    RIGHT_TO_CHALLENGE = "right_to_challenge", _("Community Right to Challenge")
    COMMISSIONING = "commissioning", _("Bidding when it is commissioned")
    FEEDBACK = "feedback", _("Feedback and complaints")
    VOLUNTEERING = "volunteering", _("Volunteering")


class DeliveryModel(models.TextChoices):
    IN_HOUSE = "in_house", _("Run by the council")
    COMMISSIONED = "commissioned", _("Commissioned from a provider")
    COMMUNITY = "community", _("Run by the community")


class Service(models.Model):
    """One public service. Its area is the owner's whole area unless it names wards of it."""

    owner = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="public_services",
                              help_text=_("The council or parish council that runs or commissions it"))
    # The council's area in the places core, so residents can be matched to it by postcode.
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    reference = models.SlugField(_("reference"), max_length=60,
                                 help_text=_("The council's own reference, unique within its catalogue"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    who_it_serves = models.TextField(_("who it serves"), blank=True)
    wards = models.ManyToManyField("places.Ward", blank=True, related_name="+",
                                   help_text=_("Leave empty when the service covers the council's whole area"))
    annual_budget = models.DecimalField(_("annual budget in pounds"), max_digits=14, decimal_places=2, null=True,
                                        blank=True)
    delivery = models.CharField(_("how it is delivered"), max_length=20, choices=DeliveryModel.choices,
                                default=DeliveryModel.IN_HOUSE)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    provider_organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+")
    contract_ends_on = models.DateField(_("contract end date"), null=True, blank=True)
    involvement = models.JSONField(_("ways to get involved"), default=list, blank=True,
                                   help_text=_("Values of Involvement"))
    involvement_notes = models.TextField(_("how to get involved"), blank=True)
    is_published = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "reference"], name="services_catalogue_reference_once"),
            models.CheckConstraint(condition=Q(annual_budget__isnull=True) | Q(annual_budget__gte=0),
                                   name="services_catalogue_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name
