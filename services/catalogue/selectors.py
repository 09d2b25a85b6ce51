"""Reads of the service catalogue, and the rule every part of services/ uses: who lives in a service's area."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from covenant.core.dates import add_months
from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import (
    has_verified_email,
    organisations_where_role,
    people_with_roles,
)
from covenant.places.geocoding import GeocoderUnavailable
from covenant.places.selectors import area_for_postcode

from .models import Service

COUNCIL_TYPES = (OrganisationType.LOCAL_AUTHORITY, OrganisationType.PARISH_COUNCIL)

# Parish councils have no officers as councils do; their clerk holds the admin role.
MANAGING_ROLES = {OrganisationType.LOCAL_AUTHORITY: Role.OFFICER, OrganisationType.PARISH_COUNCIL: Role.ADMIN}


def managed_organisations(user) -> QuerySet[Organisation]:
    """The verified councils and parish councils whose services the user manages: as an officer of a local
    authority, or an administrator of a parish council."""
    officer_of = organisations_where_role(user, Role.OFFICER).filter(type=OrganisationType.LOCAL_AUTHORITY)
    clerk_of = organisations_where_role(user, Role.ADMIN).filter(type=OrganisationType.PARISH_COUNCIL)
    return Organisation.objects.filter(pk__in=[*officer_of.values_list("pk", flat=True),
                                               *clerk_of.values_list("pk", flat=True)]).order_by("name", "pk")


def managers_of(organisation: Organisation) -> QuerySet:
    """The people who manage an organisation's services: a council's officers, or a parish council's
    administrators (the other side of managed_organisations)."""
    role = {OrganisationType.LOCAL_AUTHORITY: Role.OFFICER, OrganisationType.PARISH_COUNCIL: Role.ADMIN}.get(
        organisation.type)
    return people_with_roles(organisation, [role] if role and organisation.is_verified else [])


def manages(user, organisation: Organisation | None) -> bool:
    return organisation is not None and managed_organisations(user).filter(pk=organisation.pk).exists()


def published_services() -> QuerySet[Service]:
    return (Service.objects.filter(is_published=True)
            .select_related("owner", "local_authority", "provider_organisation").prefetch_related("wards"))


def services_of(organisation: Organisation) -> QuerySet[Service]:
    """Every service in an organisation's catalogue, unpublished ones too, for the people who manage it."""
    return (Service.objects.filter(owner=organisation)
            .select_related("owner", "local_authority", "provider_organisation").prefetch_related("wards"))


def council_key(organisation: Organisation) -> str:
    """How a council is named in addresses: its ONS code, or its number on Covenant when it has none."""
    return organisation.ons_code.upper() if organisation.ons_code else str(organisation.pk)


def council_by_key(key: str) -> Organisation | None:
    """The council (or parish council) an address names; a council with an ONS code is named only by it, so each
    has one address."""
    key = (key or "").strip()
    councils = Organisation.objects.filter(type__in=COUNCIL_TYPES)
    if key.isdigit():
        return councils.filter(pk=int(key), ons_code="").first()
    return councils.filter(ons_code__iexact=key).first() if key else None


def service_by_address(key: str, reference: str) -> Service | None:
    """The service at /services/<council>/<reference>/, published or not (the caller checks who may see it)."""
    council = council_by_key(key)
    if council is None:
        return None
    return (Service.objects.filter(owner=council, reference=(reference or "").lower())
            .select_related("owner", "local_authority", "provider_organisation").prefetch_related("wards").first())


def catalogue_councils() -> QuerySet[Organisation]:
    """The councils with at least one published service, for choosing one in the catalogue's filters."""
    return Organisation.objects.filter(pk__in=Service.objects.filter(is_published=True).values("owner_id")
                                       ).order_by("name", "pk")


def services_filter(services: QuerySet[Service], *, text: str = "", council: Organisation | None = None,
                    involvement: str = "", delivery: str = "", ending_within: int | None = None,
                    today: datetime.date | None = None) -> QuerySet[Service]:
    """Narrow a set of services by words (in the name, description, who it serves or provider), council, a way
    to get involved, how it is delivered, and contracts ending between today and `ending_within` months on."""
    for word in (text or "").split()[:10]:
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word)
                                   | Q(who_it_serves__icontains=word) | Q(provider__icontains=word))
    if council is not None:
        services = services.filter(owner=council)
    if involvement:
        # The list is JSON; its text holds each way quoted, which reads the same on PostgreSQL and SQLite.
        services = services.annotate(involvement_text=Cast("involvement", TextField())).filter(
            involvement_text__contains=f'"{involvement}"')
    if delivery:
        services = services.filter(delivery=delivery)
    if ending_within is not None:
        today = today or datetime.date.today()
        services = services.filter(contract_ends_on__gte=today,
                                   contract_ends_on__lte=add_months(today, ending_within))
    return services


@dataclass(frozen=True)
class ServiceLink:
    """A link from a service's page to something of another part about it (a co-design process, a challenge,
    a commissioning exercise): `group` is the heading it is listed under, `status` a few words about it."""

    group: str
    text: str
    url: str
    status: str = ""


# Each part of services/ adds a function (service, user) -> list[ServiceLink] from its AppConfig.ready(), so the
# catalogue links to every part's pages without importing any of them.
SERVICE_LINK_SOURCES: list[Callable] = []


def register_service_links(source: Callable) -> Callable:
    """Add a source of links to services' pages (usable as a decorator); adding the same one twice adds it once."""
    if source not in SERVICE_LINK_SOURCES:
        SERVICE_LINK_SOURCES.append(source)
    return source


def service_links(service: Service, user=None) -> list[ServiceLink]:
    """Every part's links for a service's page, in the order the parts registered them."""
    links: list[ServiceLink] = []
    for source in SERVICE_LINK_SOURCES:
        links += list(source(service, user))
    return links


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


# Spreadsheet programs run a cell that starts with one of these as a formula; a quote in front keeps it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def catalogue_csv_rows(organisation: Organisation) -> list[list[str]]:
    """A council's catalogue in the import's columns (services.CSV_COLUMNS), so an export imports again as it is."""
    rows = []
    for service in services_of(organisation).order_by("reference"):
        rows.append([_cell(value) for value in (
            service.reference, service.name, service.description, service.who_it_serves,
            ";".join(sorted(w.code for w in service.wards.all())),
            "" if service.annual_budget is None else f"{service.annual_budget:f}", service.delivery,
            service.provider, service.contract_ends_on.isoformat() if service.contract_ends_on else "",
            ";".join(service.involvement), service.involvement_notes)])
    return rows


# The import template's example line, in the order of services.CSV_COLUMNS.
CSV_TEMPLATE_ROWS = [
    ["YOUTH-01", "Youth clubs", "Evening youth clubs in four community centres", "Young people aged 11 to 19", "",
     "300000", "commissioned", "Wearside Youth Trust", "2027-03-31", "co_design;commissioning",
     "Tell us what you think at the youth forum"],
]
