"""Writes for proposals: details, proposers and the founding group, powers asked for, and publishing."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.selectors import has_verified_email
from covenant.places.geocoding import GeocoderUnavailable, geocode_many
from covenant.places.models import LocalAuthority
from covenant.places.postcodes import is_valid_postcode, normalise_postcode

from .. import geometry, selectors
from ..constitution import constitution_for
from ..models import (
    FoundingMember,
    Power,
    Proposal,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
)
from ..thresholds import petition_threshold
from .common import (
    CONSTITUTION_MAX,
    JUSTIFICATION_MAX,
    MIN_FOUNDING_MEMBERS,
    NAME_MAX,
    PURPOSE_MAX,
    add_months,
    locked,
    max_months,
    min_months,
    notify_proposers,
    proposal_url,
    require,
)


def _clean_name(errors: dict, name) -> str:
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Enter a name for the pop-up parish")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Name must be %(max)s characters or fewer") % {"max": NAME_MAX}
    return name


def _clean_long_text(errors: dict, field: str, value, *, maximum: int, label: str) -> str:
    value = (value or "").strip()
    if len(value) > maximum:
        errors[field] = _("%(label)s must be %(max)s characters or fewer") % {"label": label, "max": f"{maximum:,}"}
    return value


def sunset_error(sunset_on, *, today: datetime.date | None = None) -> str | None:
    """What is wrong with a sunset date, or None: it must fall between the shortest and longest terms."""
    if not isinstance(sunset_on, datetime.date) or isinstance(sunset_on, datetime.datetime):
        return _("Enter the sunset date as a real date, like 31 3 2028")
    today = today or timezone.localdate()
    earliest, latest = add_months(today, min_months()), add_months(today, max_months())
    if not earliest <= sunset_on <= latest:
        return _("The sunset date must be between %(earliest)s and %(latest)s (%(min)s to %(max)s months from today)") % {
            "earliest": date_format(earliest, "j F Y"), "latest": date_format(latest, "j F Y"),
            "min": min_months(), "max": max_months(),
        }
    return None


def _apply_area(proposal: Proposal, area) -> None:
    proposal.area = geometry.to_geojson(area)
    proposal.min_longitude, proposal.min_latitude, proposal.max_longitude, proposal.max_latitude = (
        geometry.bounds(area)
    )


# The parishes pages' own addresses: a proposal named like one would be hidden behind it.
# "electorate" and "powers" are the councils' own pages under /parishes/council/, beside each review there.
RESERVED_SLUGS = frozenset({"propose", "yours", "council", "electorate", "powers"})


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:150] or "parish"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Proposal.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


_UNCHANGED = object()


def _clean(data: dict) -> dict:
    """Check given details together, reporting every problem at once; returns the cleaned values."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    if "name" in data:
        cleaned["name"] = _clean_name(errors, data["name"])
    if "purpose" in data:
        cleaned["purpose"] = _clean_long_text(errors, "purpose", data["purpose"], maximum=PURPOSE_MAX,
                                              label=_("Purpose"))
    if "constitution" in data:
        cleaned["constitution"] = _clean_long_text(errors, "constitution", data["constitution"],
                                                   maximum=CONSTITUTION_MAX, label=_("Constitution"))
    if "area" in data:
        if data["area"] in (None, "", {}):
            cleaned["area"] = None
        else:
            try:
                cleaned["area"] = geometry.parse_area(data["area"])
            except ValidationError as error:
                errors["area"] = error.messages[0]
    if "sunset_on" in data:
        if data["sunset_on"] is None:
            cleaned["sunset_on"] = None
        else:
            problem = sunset_error(data["sunset_on"])
            if problem:
                errors["sunset_on"] = problem
            cleaned["sunset_on"] = data["sunset_on"]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _store(proposal: Proposal, cleaned: dict) -> None:
    for field in ("name", "purpose", "constitution", "sunset_on"):
        if field in cleaned:
            setattr(proposal, field, cleaned[field])
    if "area" in cleaned:
        if cleaned["area"] is None:
            proposal.area = None
            proposal.min_longitude = proposal.min_latitude = proposal.max_longitude = proposal.max_latitude = None
        else:
            _apply_area(proposal, cleaned["area"])


@transaction.atomic
def proposal_create(*, actor, name: str, purpose: str = "", area=None, sunset_on=None,
                    constitution: str | None = None) -> Proposal:
    """Start a draft; the actor becomes its lead proposer and first founding member."""
    require(actor, "parishes.add_proposal", None)
    data = {"name": name, "purpose": purpose, "area": area, "sunset_on": sunset_on}
    if constitution is not None:
        data["constitution"] = constitution
    cleaned = _clean(data)
    proposal = Proposal(created_by=actor, slug=_unique_slug(cleaned["name"]))
    _store(proposal, cleaned)
    if constitution is None:
        proposal.constitution = constitution_for(name=proposal.name, purpose=proposal.purpose)
    proposal.save()
    Proposer.objects.create(proposal=proposal, user=actor, role=ProposerRole.CREATOR)
    FoundingMember.objects.create(proposal=proposal, user=actor)
    audit_record(actor=actor, action="parishes.proposal_created", target=proposal,
                 metadata={"name": proposal.name, "has_area": proposal.has_area})
    return proposal


_SNAPSHOT = ("name", "purpose", "constitution", "area", "sunset_on")


def _snapshot(proposal: Proposal) -> dict:
    return {field: getattr(proposal, field) for field in _SNAPSHOT}


@transaction.atomic
def proposal_update(*, actor, proposal: Proposal, name=_UNCHANGED, purpose=_UNCHANGED, area=_UNCHANGED,
                    sunset_on=_UNCHANGED, constitution=_UNCHANGED) -> Proposal:
    """Change a draft's details; only what is passed changes."""
    proposal = locked(proposal)
    require(actor, "parishes.change_proposal", proposal)
    data = {key: value for key, value in {"name": name, "purpose": purpose, "area": area, "sunset_on": sunset_on,
                                          "constitution": constitution}.items() if value is not _UNCHANGED}
    cleaned = _clean(data)
    before = _snapshot(proposal)
    _store(proposal, cleaned)
    after = _snapshot(proposal)
    changes = {key: [str(before[key]), str(value)] for key, value in after.items() if before[key] != value}
    if changes:
        if "area" in changes:
            changes["area"] = ["changed"]  # the shapes are too long for the audit log; the proposal keeps them
        proposal.save()
        audit_record(actor=actor, action="parishes.proposal_updated", target=proposal, changes=changes)
    return proposal


# People ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def proposal_add_coproposer(*, actor, proposal: Proposal, user) -> Proposer:
    """The lead proposer adds a co-proposer, who joins the founding group too and is told."""
    proposal = locked(proposal)
    require(actor, "parishes.add_coproposer", proposal)
    if user is None or not has_verified_email(user):
        raise ValidationError({"user": _("A co-proposer must have a Covenant account with a confirmed email "
                                         "address. Ask them to sign up first")})
    if proposal.proposers.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s is already a proposer") % {"name": user.display_name}})
    proposer = Proposer.objects.create(proposal=proposal, user=user, role=ProposerRole.CO_PROPOSER)
    FoundingMember.objects.get_or_create(proposal=proposal, user=user)
    audit_record(actor=actor, action="parishes.coproposer_added", target=proposal,
                 metadata={"user_id": user.pk})
    notify(event="parishes.coproposer_added", recipient=user, key=f"coproposer:{proposal.pk}:{user.pk}",
           context={"proposal_name": proposal.name, "added_by": actor.display_name}, url=proposal_url(proposal))
    return proposer


@transaction.atomic
def founding_member_join(*, actor, proposal: Proposal) -> FoundingMember:
    """A resident joins a draft's founding group (whether they live in the area is checked at publishing,
    when the area is final)."""
    proposal = locked(proposal)
    require(actor, "parishes.join_founding_group", proposal)
    member, created = FoundingMember.objects.get_or_create(proposal=proposal, user=actor)
    if not created:
        raise ValidationError(_("You are already in the founding group"))
    audit_record(actor=actor, action="parishes.founding_member_joined", target=proposal)
    return member


@transaction.atomic
def founding_member_leave(*, actor, proposal: Proposal) -> None:
    proposal = locked(proposal)
    if not proposal.is_draft:
        raise ValidationError(_("The founding group is fixed once the petition is published"))
    if proposal.proposers.filter(user=actor).exists():
        raise ValidationError(_("Proposers stay in the founding group"))
    deleted, _detail = FoundingMember.objects.filter(proposal=proposal, user=actor).delete()
    if not deleted:
        raise ValidationError(_("You are not in the founding group"))
    audit_record(actor=actor, action="parishes.founding_member_left", target=proposal)


# Powers ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def power_add(*, actor, local_authority: LocalAuthority, name: str, description: str = "") -> Power:
    """A council adds its own power to the catalogue, offered to proposals in its area."""
    require(actor, "parishes.add_power", local_authority)
    errors: dict[str, str] = {}
    name = _clean_name(errors, name)
    if "name" in errors:
        errors["name"] = _("Enter a name for the power") if not name else errors["name"]
    description = _clean_long_text(errors, "description", description, maximum=PURPOSE_MAX, label=_("Description"))
    same_name = Power.objects.filter(name__iexact=name)
    if name and (same_name.filter(local_authority__isnull=True).exists()
                 or same_name.filter(local_authority=local_authority).exists()):
        errors["name"] = _("There is already a power called %(name)s. Choose it, or give yours another name") % {
            "name": name}
    if errors:
        raise ValidationError(errors)
    base = slugify(f"{local_authority.code}-{name}")[:75]
    slug, n = base, 1
    while Power.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    power = Power.objects.create(slug=slug, name=name, description=description, local_authority=local_authority,
                                 created_by=actor)
    audit_record(actor=actor, action="parishes.power_added", target=power,
                 metadata={"local_authority": local_authority.code})
    return power


@transaction.atomic
def proposal_set_powers(*, actor, proposal: Proposal, powers: list[tuple[Power, str]]) -> list[RequestedPower]:
    """Replace the powers a draft asks for, each with its justification. A council's own power may be asked
    for only when that council covers the area."""
    proposal = locked(proposal)
    require(actor, "parishes.change_proposal", proposal)
    errors: list[str] = []
    seen: set[int] = set()
    cleaned: list[tuple[Power, str]] = []
    local = None
    for power, justification in powers:
        if power.pk in seen:
            errors.append(_("%(power)s is chosen twice. Choose each power once") % {"power": power.name})
            continue
        seen.add(power.pk)
        justification = (justification or "").strip()
        if not justification:
            errors.append(_("Say why the parish needs %(power)s") % {"power": power.name})
        elif len(justification) > JUSTIFICATION_MAX:
            errors.append(_("Why the parish needs %(power)s must be %(max)s characters or fewer")
                          % {"power": power.name, "max": f"{JUSTIFICATION_MAX:,}"})
        if not power.is_standard:
            if local is None:
                area = selectors.proposal_area(proposal)
                local = set(selectors.local_authorities_for_area(area).values_list("code", flat=True)) if area else set()
            if power.local_authority_id not in local:
                errors.append(_("%(power)s is offered only by %(council)s, which does not cover this area")
                              % {"power": power.name, "council": power.local_authority})
        cleaned.append((power, justification))
    if errors:
        raise ValidationError({"powers": errors})
    before = sorted(proposal.requested_powers.values_list("power__slug", flat=True))
    proposal.requested_powers.all().delete()
    requested = RequestedPower.objects.bulk_create(
        RequestedPower(proposal=proposal, power=power, justification=text) for power, text in cleaned
    )
    after = sorted(power.slug for power, _text in cleaned)
    if before != after or requested:
        audit_record(actor=actor, action="parishes.powers_set", target=proposal, changes={"powers": [before, after]})
    return requested


# Publishing -----------------------------------------------------------------------------------------------------

def _members_living_in(area, users) -> int:
    """How many of `users` have a known, live postcode inside the area."""
    postcodes = [user.postcode for user in users if user.postcode and is_valid_postcode(user.postcode)]
    if not postcodes:
        return 0
    locations = geocode_many(postcodes)
    points = []
    for user in users:
        if not (user.postcode and is_valid_postcode(user.postcode)):
            continue
        location = locations.get(normalise_postcode(user.postcode))
        if location is not None and location.has_coordinates and location.terminated_on is None:
            points.append((location.latitude, location.longitude))
    return sum(geometry.points_inside(area, points))


@transaction.atomic
def proposal_publish(*, actor, proposal: Proposal) -> Proposal:
    """Open the petition, once the draft is complete: a valid area, a sunset date in range, 21 founding members
    living in the area, at least one power with a justification, and no clash with an active parish."""
    proposal = locked(proposal)
    require(actor, "parishes.publish_proposal", proposal)
    errors: dict[str, list[str]] = {}
    area = None
    if proposal.area is None:
        errors["area"] = [_("Draw the area on the map, or choose the postcodes it covers")]
    else:
        try:
            area = geometry.parse_area(proposal.area)  # checked again: the limits may have changed since
        except ValidationError as error:
            errors["area"] = error.messages
    if proposal.sunset_on is None:
        errors["sunset_on"] = [_("Enter the sunset date, when the parish's powers end")]
    elif problem := sunset_error(proposal.sunset_on):
        errors["sunset_on"] = [problem]
    requested = list(proposal.requested_powers.select_related("power"))
    if not requested:
        errors["powers"] = [_("Choose at least one power or freedom the parish asks for")]
    elif missing := [r.power.name for r in requested if not r.justification.strip()]:
        errors["powers"] = [_("Say why the parish needs %(power)s") % {"power": name} for name in missing]
    if area is not None:
        members = [m.user for m in proposal.founding_members.select_related("user")]
        try:
            living = _members_living_in(area, members)
        except GeocoderUnavailable:
            raise ValidationError(_("We cannot look up postcodes at the moment. Try again later")) from None
        if living < MIN_FOUNDING_MEMBERS:
            errors["founding_members"] = [
                _("The founding group needs at least %(min)s residents of the area; %(living)s of its %(total)s "
                  "members live inside it. Invite more residents, or check the area")
                % {"min": MIN_FOUNDING_MEMBERS, "living": living, "total": len(members)}
            ]
        if requested:
            conflicts = selectors.conflicting_parishes(area=area, power_ids=[r.power_id for r in requested],
                                                       exclude=proposal)
            if conflicts:
                errors["area"] = errors.get("area", []) + [
                    _("The area overlaps %(parishes)s, an active pop-up parish with some of the same powers. "
                      "Change the area or the powers") % {"parishes": ", ".join(p.name for p in conflicts)}
                ]
    if errors:
        raise ValidationError(errors)

    proposal.status = ProposalStatus.PUBLISHED
    proposal.published_at = timezone.now()
    proposal.save(update_fields=["status", "published_at", "updated_at"])
    # Recorded now so councils see petitions coming; recorded again when the petition becomes valid.
    authorities = list(selectors.local_authorities_for_area(area))
    proposal.covering_authorities.set(authorities)
    electors = selectors.electors_in_area(area)
    audit_record(actor=actor, action="parishes.proposal_published", target=proposal,
                 changes={"status": [ProposalStatus.DRAFT, ProposalStatus.PUBLISHED]},
                 metadata={"covering_authorities": [a.code for a in authorities], "electors": electors})
    notify_proposers(proposal, "parishes.petition_opened",
                      {"electors": electors, "threshold": petition_threshold(electors)}, key=f"opened:{proposal.pk}")
    return proposal
