"""Reads of Assets of Community Value: whether a postcode lies in a council's area, councils that keep a list,
who speaks for a nomination, the public register and its map, the officers' queue, and each asset's dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import organisations_where_role
from covenant.places.geocoding import GeocoderUnavailable, Location, geocode_many
from covenant.places.models import LocalAuthority
from covenant.places.postcodes import normalise_postcode
from services.catalogue.selectors import Residence, managed_organisations

from . import dates, geometry
from .models import Asset, AssetStatus, BidRequest, DisposalNotice, NominatorKind


def postcode_in_authority(postcode: str, local_authority: LocalAuthority, *,
                          located: dict[str, Location | None] | None = None) -> Residence:
    """Whether a postcode lies in a council's area, in the words of services.catalogue.selectors.residence_in:
    a real, live postcode whose local authority is the council's. `located` passes postcodes already looked up
    together (geocode_many), so checking 21 members costs one lookup."""
    try:
        postcode = normalise_postcode(postcode)
    except ValidationError as error:
        return Residence(False, error.messages[0])
    try:
        if located is None:
            located = geocode_many([postcode])
        location = located.get(postcode)
    except GeocoderUnavailable:
        return Residence(False, _("We cannot check postcodes at the moment. Try again later"))
    if location is None or location.terminated_on is not None:
        return Residence(False, _("We cannot find the postcode %(postcode)s. Check it") % {"postcode": postcode})
    if location.local_authority_code != local_authority.pk:
        return Residence(False, _("%(postcode)s is outside %(area)s") % {
            "postcode": postcode, "area": local_authority.name or local_authority.pk})
    return Residence(True)


def councils() -> list[Organisation]:
    """Verified councils (local authorities) with an area on record: the ones that keep a list."""
    organisations = Organisation.objects.verified().filter(type=OrganisationType.LOCAL_AUTHORITY).exclude(
        ons_code="").order_by("name", "pk")
    known = set(LocalAuthority.objects.filter(code__in=[o.ons_code for o in organisations]).values_list("code",
                                                                                                         flat=True))
    return [organisation for organisation in organisations if organisation.ons_code in known]


def nominator_organisations(user) -> QuerySet[Organisation]:
    """Organisations the person administers, verified or not (refused with the reason rather than hidden)."""
    return organisations_where_role(user, Role.ADMIN, verified_only=False).order_by("name", "pk")


def speaks_for(user, asset: Asset) -> bool:
    """Whoever made the nomination, or an administrator of the organisation that nominates."""
    if user is None or not user.is_authenticated or asset is None:
        return False
    if asset.created_by_id == user.pk:
        return True
    return bool(asset.organisation_id and nominator_organisations(user).filter(pk=asset.organisation_id).exists())


def _with_related(queryset: QuerySet[Asset]) -> QuerySet[Asset]:
    return queryset.select_related("council", "local_authority", "organisation")


def public_assets() -> QuerySet[Asset]:
    return _with_related(Asset.objects.exclude(status=AssetStatus.DRAFT))


def assets_of(user) -> QuerySet[Asset]:
    if user is None or not user.is_authenticated:
        return Asset.objects.none()
    return _with_related(Asset.objects.filter(
        Q(created_by=user) | Q(organisation__in=nominator_organisations(user).values("pk")))).order_by(
        "-created_at", "-pk")


def is_current(asset: Asset, *, today: datetime.date | None = None) -> bool:
    """On the list today: listed, not removed, and not past its five years."""
    today = today or timezone.localdate()
    return asset.status == AssetStatus.LISTED and asset.expires_on is not None and today <= asset.expires_on


@dataclass
class Register:
    listed: list
    nominated: list
    past: list


def register(*, council: Organisation | None = None, today: datetime.date | None = None) -> Register:
    """The public register: assets listed today, nominations being considered, and past entries (removed or
    expired). Unsuccessful nominations have their own list (unsuccessful())."""
    today = today or timezone.localdate()
    queryset = public_assets().exclude(status=AssetStatus.NOT_LISTED)
    if council is not None:
        queryset = queryset.filter(council=council)
    result = Register(listed=[], nominated=[], past=[])
    for asset in queryset.order_by("name", "pk"):
        if is_current(asset, today=today):
            result.listed.append(asset)
        elif asset.status == AssetStatus.NOMINATED:
            result.nominated.append(asset)
        else:
            result.past.append(asset)
    return result


def unsuccessful() -> QuerySet[Asset]:
    return public_assets().filter(status=AssetStatus.NOT_LISTED).order_by("-decided_on", "name", "pk")


def queue_for(user) -> QuerySet[Asset]:
    """Every nomination and entry of the councils the officer manages, past its draft."""
    return public_assets().filter(council__in=managed_organisations(user).values("pk"))


def latest_notice(asset: Asset) -> DisposalNotice | None:
    # Sorted here rather than by the database, so that notices prefetched for a list cost no query each.
    notices = sorted(asset.notices.all(), key=lambda notice: (notice.notified_on, notice.pk))
    return notices[-1] if notices else None


def moratorium_of(notice: DisposalNotice | None) -> dates.Moratorium | None:
    if notice is None:
        return None
    moratorium = dates.Moratorium(notified_on=notice.notified_on)
    in_time = any(moratorium.request_in_time(request.received_on) for request in notice.bid_requests.all())
    return dates.Moratorium(notified_on=notice.notified_on, bid_requested=in_time)


def bid_requests(notice: DisposalNotice | None) -> list[BidRequest]:
    if notice is None:
        return []
    return sorted(notice.bid_requests.all(), key=lambda request: (request.received_on, request.pk))


@dataclass(frozen=True)
class Deadline:
    due_on: datetime.date
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_on).days)


def decision_deadline(asset: Asset, *, today: datetime.date | None = None) -> Deadline | None:
    if asset.status != AssetStatus.NOMINATED or asset.decision_due_on is None:
        return None
    return Deadline(due_on=asset.decision_due_on, today=today or timezone.localdate())


def review_deadline(asset: Asset, *, today: datetime.date | None = None) -> Deadline | None:
    if asset.review_due_on is None or asset.review_decided_on is not None:
        return None
    return Deadline(due_on=asset.review_due_on, today=today or timezone.localdate())


MORATORIUM_WORDS = {
    dates.MoratoriumStage.INTERIM: gettext_lazy("Interim moratorium: the owner cannot sell until %(date)s"),
    dates.MoratoriumStage.FULL: gettext_lazy("Full moratorium: the owner cannot sell until %(date)s"),
    dates.MoratoriumStage.PROTECTED: gettext_lazy("Protected period until %(date)s: the owner may sell, and a new "
                                                  "notice starts no new moratorium"),
    dates.MoratoriumStage.OVER: gettext_lazy("The protected period ended on %(date)s"),
}


def moratorium_text(moratorium: dates.Moratorium, *, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    stage = moratorium.stage(today)
    day = {dates.MoratoriumStage.INTERIM: moratorium.ends_on, dates.MoratoriumStage.FULL: moratorium.full_ends_on,
           }.get(stage, moratorium.protected_ends_on)
    return str(MORATORIUM_WORDS[stage]) % {"date": date_format(day, "j F Y")}


def asset_url(asset: Asset) -> str:
    return reverse("services:asset-detail", kwargs={"pk": asset.pk})


def map_area(asset: Asset, *, link: bool = True) -> dict | None:
    shape = geometry.map_geometry(asset.latitude, asset.longitude, asset.boundary)
    if shape is None:
        return None
    description = asset.get_status_display()
    if asset.status == AssetStatus.LISTED and asset.expires_on:
        description = _("Listed until %(date)s") % {"date": date_format(asset.expires_on, "j F Y")}
    return {"name": asset.name, "geometry": shape, "url": asset_url(asset) if link else "",
            "description": description, "kind": "proposed" if asset.status == AssetStatus.NOMINATED else ""}


@dataclass(frozen=True)
class DraftState:
    missing: dict

    @property
    def ready(self) -> bool:
        return not self.missing


MISSING_MESSAGES = {
    "nominator": gettext_lazy("Say who is nominating the asset"),
    "members": gettext_lazy("Name at least 21 members of the group who live in the council's area"),
    "name": gettext_lazy("Enter the name of the land or building"),
    "address": gettext_lazy("Enter the address of the land or building"),
    "location": gettext_lazy("Say where the land or building is"),
    "owner": gettext_lazy("Say who owns the land or building, or that you do not know"),
    "current_use": gettext_lazy("Say how its use furthers the social wellbeing or interests of the local community"),
    "future_use": gettext_lazy("Say why it could go on furthering the social wellbeing or interests of the local "
                               "community"),
}


def draft_state(asset: Asset, *, members_living: int | None = None) -> DraftState:
    """What a nomination still lacks before it can be sent (the submit service checks again, members' postcodes
    included)."""
    missing = {}
    if not asset.nominator_kind:
        missing["nominator"] = str(MISSING_MESSAGES["nominator"])
    if asset.nominator_kind == NominatorKind.GROUP:
        count = asset.members.count() if members_living is None else members_living
        if count < 21:
            missing["members"] = str(MISSING_MESSAGES["members"])
    for name in ("name", "address"):
        if not getattr(asset, name).strip():
            missing[name] = str(MISSING_MESSAGES[name])
    if asset.latitude is None:
        missing["location"] = str(MISSING_MESSAGES["location"])
    if asset.owner_known is None:
        missing["owner"] = str(MISSING_MESSAGES["owner"])
    for name in ("current_use", "future_use"):
        if not getattr(asset, name).strip():
            missing[name] = str(MISSING_MESSAGES[name])
    return DraftState(missing=missing)


def timeline(asset: Asset) -> list[dict]:
    """The public, dated steps of a nomination and its entry."""
    steps = []
    if asset.received_on:
        steps.append({"on": asset.received_on, "title": _("Nomination received")})
    if asset.decided_on:
        steps.append({"on": asset.decided_on, "title": _("Listed") if asset.listed_on else _("Not listed")})
    if asset.review_requested_on:
        steps.append({"on": asset.review_requested_on, "title": _("The owner asked for a review")})
    if asset.review_decided_on:
        steps.append({"on": asset.review_decided_on,
                      "title": _("Review: the listing stands") if asset.review_upheld
                      else _("Review: removed from the list")})
    for notice in asset.notices.order_by("notified_on", "pk"):
        steps.append({"on": notice.notified_on, "title": _("The owner gave notice of intention to sell")})
        for request in notice.bid_requests.order_by("received_on", "pk"):
            steps.append({"on": request.received_on, "title": _("%(group)s asked to be treated as a bidder") % {
                "group": request.group_name}})
    return sorted(steps, key=lambda step: step["on"])
