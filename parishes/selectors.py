"""Reads for pop-up parishes: public proposals, petition counts (never signers' names), areas' electors and
local authorities, and a council's queue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.organisations.models import OrganisationType, Role
from covenant.organisations.selectors import organisations_where_role
from covenant.places.geocoding import GeocoderUnavailable, geocode_many
from covenant.places.models import LocalAuthority, Postcode
from covenant.places.postcodes import is_valid_postcode, normalise_postcode

from . import geometry
from .models import (
    APPROVED_STATES,
    IN_REVIEW_STATES,
    PUBLIC_STATES,
    Electorate,
    Power,
    Proposal,
    ProposalStatus,
    RequestedPower,
    Signature,
)
from .thresholds import petition_threshold

# People -------------------------------------------------------------------------------------------------------

def officer_authority_codes(user) -> frozenset[str]:
    """The ONS codes of the local authorities the user is a council officer of.

    An officer is a member with the officer role of a verified local-authority organisation; the
    organisation's ONS code ties it to the places' LocalAuthority.
    """
    return frozenset(
        code for code in organisations_where_role(user, Role.OFFICER)
        .filter(type=OrganisationType.LOCAL_AUTHORITY).exclude(ons_code="").values_list("ons_code", flat=True)
    )


def is_proposer(user, proposal: Proposal) -> bool:
    if not (user is not None and user.is_authenticated and proposal.pk):
        return False
    return proposal.proposers.filter(user=user).exists()


def covering_authority_codes(proposal: Proposal) -> frozenset[str]:
    return frozenset(proposal.covering_authorities.values_list("code", flat=True))


# Areas --------------------------------------------------------------------------------------------------------

def postcodes_in_area(area) -> QuerySet[Postcode] | list[Postcode]:
    """Live, located postcodes inside a shapely area: narrowed by its box on the indexed columns, then exact."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds(area)
    candidates = list(
        Postcode.objects.filter(
            terminated_on__isnull=True, latitude__gte=min_lat, latitude__lte=max_lat,
            longitude__gte=min_lon, longitude__lte=max_lon,
        ).only("postcode", "latitude", "longitude", "ward_id", "lsoa_id", "local_authority_id")
    )
    inside = geometry.points_inside(area, [(p.latitude, p.longitude) for p in candidates])
    return [postcode for postcode, flag in zip(candidates, inside, strict=True) if flag]


def proposal_area(proposal: Proposal):
    return geometry.from_geojson(proposal.area) if proposal.area else None


def local_authorities_for_area(area) -> QuerySet[LocalAuthority]:
    """The local authorities whose postcodes lie inside the area: the councils that cover it."""
    codes = {p.local_authority_id for p in postcodes_in_area(area) if p.local_authority_id}
    return LocalAuthority.objects.filter(code__in=codes).order_by("code")


def _latest(queryset: QuerySet[Electorate], field: str, codes: set[str]) -> dict[str, int]:
    """{code: electors} from the most recent figure for each ward or LSOA."""
    figures: dict[str, int] = {}
    if not codes:
        return figures
    rows = queryset.filter(**{f"{field}__in": codes}).order_by(field, "-as_of").values_list(f"{field}_id", "electors")
    for code, electors in rows:
        figures.setdefault(code, electors)  # the first row of each code is its newest
    return figures


def _electors_of(postcodes) -> int:
    ward_figures = _latest(Electorate.objects.filter(ward__isnull=False), "ward",
                           {p.ward_id for p in postcodes if p.ward_id})
    lsoa_codes = {p.lsoa_id for p in postcodes if p.lsoa_id and p.ward_id not in ward_figures}
    lsoa_figures = _latest(Electorate.objects.filter(lsoa__isnull=False), "lsoa", lsoa_codes)
    return sum(ward_figures.values()) + sum(lsoa_figures.values())


def electors_in_area(area) -> int:
    """The electors of an area: the sum of the latest figures of the wards (or, where a ward has none, the
    LSOAs) that have a postcode inside it.

    An approximation: a ward or LSOA counts whole when any of its postcodes lies inside, so areas whose edge
    cuts a ward count more electors than live inside. That errs towards a higher threshold, never a lower
    one. Councils that enter both ward and LSOA figures are not counted twice: a postcode is counted through
    its ward when the ward has a figure, otherwise through its LSOA.
    """
    return _electors_of(postcodes_in_area(area))


def open_petition_electors(proposals) -> dict[int, int]:
    """{proposal pk: electors} for the open petitions among `proposals`, in three queries for the lot rather
    than three each: one for the postcodes in any of their boxes, two for the latest figures. Each proposal's
    count follows electors_in_area exactly."""
    areas = {p.pk: proposal_area(p) for p in proposals
             if p.status == ProposalStatus.PUBLISHED and p.electors_at_validity is None and p.area}
    if not areas:
        return {}
    boxes = Q()
    for area in areas.values():
        min_lon, min_lat, max_lon, max_lat = geometry.bounds(area)
        boxes |= Q(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon)
    candidates = list(Postcode.objects.filter(boxes, terminated_on__isnull=True).only(
        "postcode", "latitude", "longitude", "ward_id", "lsoa_id", "local_authority_id"))
    points = [(p.latitude, p.longitude) for p in candidates]
    inside = {pk: [c for c, flag in zip(candidates, geometry.points_inside(area, points), strict=True) if flag]
              for pk, area in areas.items()}
    all_inside = [p for postcodes in inside.values() for p in postcodes]
    ward_figures = _latest(Electorate.objects.filter(ward__isnull=False), "ward",
                           {p.ward_id for p in all_inside if p.ward_id})
    lsoa_figures = _latest(Electorate.objects.filter(lsoa__isnull=False), "lsoa",
                           {p.lsoa_id for p in all_inside if p.lsoa_id and p.ward_id not in ward_figures})
    electors = {}
    for pk, postcodes in inside.items():
        wards = {p.ward_id for p in postcodes if p.ward_id in ward_figures}
        lsoas = {p.lsoa_id for p in postcodes if p.lsoa_id and p.ward_id not in ward_figures}
        electors[pk] = (sum(ward_figures[w] for w in wards)
                        + sum(lsoa_figures[code] for code in lsoas if code in lsoa_figures))
    return electors


def active_parishes() -> QuerySet[Proposal]:
    """Approved parishes whose sunset date has not passed: they hold their powers today."""
    return Proposal.objects.filter(status__in=APPROVED_STATES, sunset_on__gte=timezone.localdate())


def conflicting_parishes(*, area, power_ids, exclude: Proposal | None = None) -> list[Proposal]:
    """Active parishes whose area overlaps `area` and which hold one of the same powers."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds(area)
    candidates = (
        active_parishes()
        .filter(min_longitude__lte=max_lon, max_longitude__gte=min_lon, min_latitude__lte=max_lat,
                max_latitude__gte=min_lat)
        # One requested row must be both the same power and not refused, so the condition is a subquery.
        .filter(pk__in=RequestedPower.objects.filter(power_id__in=list(power_ids))
                .exclude(granted=False).values("proposal_id"))
        .order_by("name")
    )
    if exclude is not None and exclude.pk:
        candidates = candidates.exclude(pk=exclude.pk)
    return [parish for parish in candidates if geometry.overlaps(area, geometry.from_geojson(parish.area))]


# Powers -------------------------------------------------------------------------------------------------------

def powers_for(local_authority_codes=()) -> QuerySet[Power]:
    """The standard powers and those the given councils have added."""
    return Power.objects.available_in(local_authority_codes).select_related("local_authority")


# Proposals and petitions --------------------------------------------------------------------------------------

def _with_counts(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.annotate(
        signature_count=Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True), distinct=True)
    )


def public_proposals() -> QuerySet[Proposal]:
    """Every proposal past its draft, with its active signature count (never who signed)."""
    return _with_counts(Proposal.objects.filter(status__in=PUBLIC_STATES)).order_by("-published_at", "-id")


def proposals_of(user) -> QuerySet[Proposal]:
    """The proposals the user proposes, drafts included."""
    if not (user is not None and user.is_authenticated):
        return Proposal.objects.none()
    return _with_counts(Proposal.objects.filter(proposers__user=user)).distinct().order_by("-created_at", "-id")


def council_queue(user) -> QuerySet[Proposal]:
    """Proposals waiting for review by a council the user is an officer of, oldest deadline first."""
    codes = officer_authority_codes(user)
    if not codes:
        return Proposal.objects.none()
    return (
        _with_counts(Proposal.objects.filter(status__in=IN_REVIEW_STATES, covering_authorities__code__in=codes))
        .distinct().order_by("review_deadline", "id")
    )


def council_petitions(user) -> QuerySet[Proposal]:
    """Open petitions in the user's councils' areas, so officers see what is coming."""
    codes = officer_authority_codes(user)
    if not codes:
        return Proposal.objects.none()
    return (
        _with_counts(Proposal.objects.filter(status=ProposalStatus.PUBLISHED, covering_authorities__code__in=codes))
        .distinct().order_by("published_at", "id")
    )


def active_signature_count(proposal: Proposal) -> int:
    return Signature.objects.active().filter(proposal=proposal).count()


def has_signed(user, proposal: Proposal) -> bool:
    if not (user is not None and user.is_authenticated):
        return False
    return Signature.objects.active().filter(proposal=proposal, signer=user).exists()


@dataclass(frozen=True)
class PetitionProgress:
    """What the public may know of a petition: counts, never names."""

    signatures: int
    electors: int
    threshold: int
    review_deadline: datetime.date | None

    @property
    def remaining(self) -> int:
        return max(self.threshold - self.signatures, 0)


def petition_progress(proposal: Proposal, *, electors: int | None = None) -> PetitionProgress:
    """The petition's counts; once valid, measured against the figures recorded at validity.

    Lists pass `electors` from open_petition_electors and annotate signature_count (public_proposals does),
    so a page of petitions costs no queries per petition."""
    signatures = getattr(proposal, "signature_count", None)
    if signatures is None:
        signatures = active_signature_count(proposal)
    if proposal.electors_at_validity is not None:
        electors = proposal.electors_at_validity
        threshold = proposal.threshold_at_validity or 0
    else:
        if electors is None:
            area = proposal_area(proposal)
            electors = electors_in_area(area) if area is not None else 0
        threshold = petition_threshold(electors)
    return PetitionProgress(signatures=signatures, electors=electors, threshold=threshold,
                            review_deadline=proposal.review_deadline)


def area_from_postcodes(postcodes) -> dict:
    """A GeoJSON area assembled from postcodes a group chooses (see geometry.area_from_points), or a
    ValidationError naming the postcodes that are malformed, unknown or no longer in use."""
    given = [p.strip() for p in postcodes if p and p.strip()]
    if not given:
        raise ValidationError({"postcodes": [_("Enter at least one postcode the area covers, like SR2 8AA")]})
    malformed = [p for p in given if not is_valid_postcode(p)]
    if malformed:
        raise ValidationError({"postcodes": [_("%(postcode)s is not a real postcode. Enter it like SR2 8AA")
                                             % {"postcode": p} for p in malformed]})
    try:
        locations = geocode_many(given)
    except GeocoderUnavailable:
        raise ValidationError({"postcodes": [_("We cannot look up postcodes at the moment. Try again later")]}) from None
    points, unknown = [], []
    for postcode in dict.fromkeys(normalise_postcode(p) for p in given):
        location = locations.get(postcode)
        if location is None or not location.has_coordinates or location.terminated_on is not None:
            unknown.append(postcode)
        else:
            points.append((location.latitude, location.longitude))
    if unknown:
        raise ValidationError({"postcodes": [_("We cannot find %(postcode)s, or it is no longer in use. Check it "
                                               "or leave it out") % {"postcode": p} for p in unknown]})
    return geometry.to_geojson(geometry.area_from_points(points))
