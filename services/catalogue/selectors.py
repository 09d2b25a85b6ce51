"""Reads of the service catalogue, and the rule every part of services/ uses: who lives in a service's area."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import has_verified_email, organisations_where_role
from covenant.places.geocoding import GeocoderUnavailable
from covenant.places.selectors import area_for_postcode

from .models import Service

# Parish councils have no officers as councils do; their clerk holds the admin role.
MANAGING_ROLES = {OrganisationType.LOCAL_AUTHORITY: Role.OFFICER, OrganisationType.PARISH_COUNCIL: Role.ADMIN}


def managed_organisations(user) -> QuerySet[Organisation]:
    """The verified councils and parish councils whose services the user manages: as an officer of a local
    authority, or an administrator of a parish council."""
    officer_of = organisations_where_role(user, Role.OFFICER).filter(type=OrganisationType.LOCAL_AUTHORITY)
    clerk_of = organisations_where_role(user, Role.ADMIN).filter(type=OrganisationType.PARISH_COUNCIL)
    return Organisation.objects.filter(pk__in=[*officer_of.values_list("pk", flat=True),
                                               *clerk_of.values_list("pk", flat=True)]).order_by("name", "pk")


def manages(user, organisation: Organisation | None) -> bool:
    return organisation is not None and managed_organisations(user).filter(pk=organisation.pk).exists()


def published_services() -> QuerySet[Service]:
    return (Service.objects.filter(is_published=True)
            .select_related("owner", "local_authority", "provider_organisation").prefetch_related("wards"))


def services_of(organisation: Organisation) -> QuerySet[Service]:
    """Every service in an organisation's catalogue, unpublished ones too, for the people who manage it."""
    return (Service.objects.filter(owner=organisation)
            .select_related("owner", "local_authority", "provider_organisation").prefetch_related("wards"))


@dataclass(frozen=True)
class Residence:
    """Whether someone lives in a service's area, and if not, what to tell them."""

    inside: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.inside


def residence_in(user, service: Service) -> Residence:
    """Whether the user is a verified resident of the service's area: a confirmed email address and a postcode
    in the profile that lies in the service's local authority (and in one of its wards, when it names wards).

    The co-design, challenge and asset parts all ask this before someone supports, votes or nominates."""
    if not has_verified_email(user):
        return Residence(False, _("Confirm your email address first"))
    postcode = (getattr(user, "postcode", "") or "").strip()
    if not postcode:
        return Residence(False, _("Add your postcode to your profile, so we can check you live in the area"))
    try:
        areas = area_for_postcode(postcode)
    except GeocoderUnavailable:
        return Residence(False, _("We cannot check postcodes at the moment. Try again later"))
    except ValidationError:  # a malformed postcode kept in an old profile
        areas = None
    if areas is None or areas.local_authority is None:
        return Residence(False, _("We cannot find the postcode %(postcode)s. Check the postcode in your profile")
                         % {"postcode": postcode})
    outside = _("Only residents of %(area)s can take part. Your postcode %(postcode)s is outside it")
    if areas.local_authority.pk != service.local_authority_id:
        return Residence(False, outside % {"area": service.local_authority.name, "postcode": postcode})
    ward_codes = {w.code for w in service.wards.all()}
    if ward_codes and (areas.ward is None or areas.ward.code not in ward_codes):
        names = ", ".join(sorted(w.name for w in service.wards.all()))
        return Residence(False, outside % {"area": names, "postcode": postcode})
    return Residence(True)
