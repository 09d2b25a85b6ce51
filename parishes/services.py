"""Writes for pop-up parishes: proposals and their people, powers, publishing, signing and council declines.

Every function is keyword-only and atomic, checks the actor's permission itself (views check first and answer
404; this guards tasks and the shell), raises ValidationError with messages that say what to do, and writes
an audit entry for each change of state.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import has_verified_email, people_with_roles
from covenant.places.geocoding import GeocoderUnavailable, geocode, geocode_many
from covenant.places.models import LSOA, LocalAuthority, Ward
from covenant.places.postcodes import is_valid_postcode, normalise_postcode

from . import geometry, selectors
from .constitution import constitution_for
from .models import (
    Electorate,
    FoundingMember,
    Power,
    Proposal,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
    Signature,
)
from .thresholds import petition_is_met, petition_threshold

MIN_FOUNDING_MEMBERS = 21
REVIEW_MONTHS = 12  # the council must complete its review within 12 months of a valid petition
RECENT_REVIEW_YEARS = 2  # and may decline a petition for an area it reviewed in the last 2 years
NAME_MAX = 150
PURPOSE_MAX = 5000
CONSTITUTION_MAX = 50000
JUSTIFICATION_MAX = 2000
REASON_MAX = 5000


def min_months() -> int:
    return int(getattr(settings, "PARISH_MIN_MONTHS", 6))


def max_months() -> int:
    return int(getattr(settings, "PARISH_MAX_MONTHS", 36))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _locked(proposal: Proposal) -> Proposal:
    """The proposal read again under a row lock, so two people acting at once see each other's change."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _url(proposal: Proposal) -> str:
    # The public page arrives with the parishes' views; until then notifications carry no link.
    try:
        return reverse("parishes:proposal", kwargs={"slug": proposal.slug})
    except NoReverseMatch:
        return ""


def _notify_proposers(proposal: Proposal, event: str, context: dict, *, key: str) -> None:
    context = {"proposal_name": proposal.name, **context}
    for proposer in proposal.proposers.select_related("user"):
        notify(event=event, recipient=proposer.user, context=context, key=f"{key}:{proposer.user_id}",
               url=_url(proposal))


# Details --------------------------------------------------------------------------------------------------------

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


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:150] or "parish"
    slug, n = base, 1
    while Proposal.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
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
    _require(actor, "parishes.add_proposal", None)
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
    proposal = _locked(proposal)
    _require(actor, "parishes.change_proposal", proposal)
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
    proposal = _locked(proposal)
    _require(actor, "parishes.add_coproposer", proposal)
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
           context={"proposal_name": proposal.name, "added_by": actor.display_name}, url=_url(proposal))
    return proposer


@transaction.atomic
def founding_member_join(*, actor, proposal: Proposal) -> FoundingMember:
    """A resident joins a draft's founding group (whether they live in the area is checked at publishing,
    when the area is final)."""
    proposal = _locked(proposal)
    _require(actor, "parishes.join_founding_group", proposal)
    member, created = FoundingMember.objects.get_or_create(proposal=proposal, user=actor)
    if not created:
        raise ValidationError(_("You are already in the founding group"))
    audit_record(actor=actor, action="parishes.founding_member_joined", target=proposal)
    return member


@transaction.atomic
def founding_member_leave(*, actor, proposal: Proposal) -> None:
    proposal = _locked(proposal)
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
    _require(actor, "parishes.add_power", local_authority)
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
    proposal = _locked(proposal)
    _require(actor, "parishes.change_proposal", proposal)
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
    proposal = _locked(proposal)
    _require(actor, "parishes.publish_proposal", proposal)
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
    _notify_proposers(proposal, "parishes.petition_opened",
                      {"electors": electors, "threshold": petition_threshold(electors)}, key=f"opened:{proposal.pk}")
    return proposal


# Petition -------------------------------------------------------------------------------------------------------

def _signer_postcode_inside(actor, proposal: Proposal) -> str:
    """The signer's postcode when it is real, live and inside the area; otherwise a ValidationError."""
    postcode = (actor.postcode or "").strip()
    if not postcode:
        raise ValidationError({"postcode": _("Add your postcode to your profile to sign this petition")})
    if not is_valid_postcode(postcode):
        raise ValidationError({"postcode": _("The postcode in your profile is not a real postcode. "
                                             "Correct it, like SW1A 1AA, to sign this petition")})
    try:
        location = geocode(postcode)
    except GeocoderUnavailable:
        raise ValidationError({"postcode": _("We cannot look up postcodes at the moment. Try again later")}) from None
    if location is None or not location.has_coordinates or location.terminated_on is not None:
        raise ValidationError({"postcode": _("We cannot find the postcode in your profile. Check it and correct it "
                                             "to sign this petition")})
    area = selectors.proposal_area(proposal)
    if not geometry.contains_point(area, location.latitude, location.longitude):
        raise ValidationError({"postcode": _("Only residents of the area can sign. Your postcode %(postcode)s is "
                                             "outside the area of %(name)s") % {"postcode": location.postcode,
                                                                               "name": proposal.name}})
    return location.postcode


@transaction.atomic
def petition_sign(*, actor, proposal: Proposal) -> Signature:
    """A resident of the area signs; the signature that reaches the threshold makes the petition valid."""
    proposal = _locked(proposal)
    _require(actor, "parishes.sign_petition", proposal)
    postcode = _signer_postcode_inside(actor, proposal)
    if Signature.objects.active().filter(proposal=proposal, signer=actor).exists():
        raise ValidationError(_("You have already signed this petition"))
    try:
        # A savepoint, so a signature racing past the check above fails alone, not the whole transaction.
        with transaction.atomic():
            signature = Signature.objects.create(proposal=proposal, signer=actor, postcode=postcode)
    except IntegrityError:
        raise ValidationError(_("You have already signed this petition")) from None
    audit_record(actor=actor, action="parishes.petition_signed", target=proposal,
                 metadata={"signature_id": signature.pk})
    _make_valid_if_met(actor=actor, proposal=proposal)
    return signature


def _make_valid_if_met(*, actor, proposal: Proposal) -> bool:
    area = selectors.proposal_area(proposal)
    electors = selectors.electors_in_area(area)
    signatures = selectors.active_signature_count(proposal)
    if not petition_is_met(signatures=signatures, electors=electors):
        return False
    now = timezone.now()
    threshold = petition_threshold(electors)
    proposal.status = ProposalStatus.VALID
    proposal.valid_at = now
    proposal.review_deadline = add_months(timezone.localdate(now), REVIEW_MONTHS)
    proposal.electors_at_validity = electors
    proposal.threshold_at_validity = threshold
    proposal.save(update_fields=["status", "valid_at", "review_deadline", "electors_at_validity",
                                 "threshold_at_validity", "updated_at"])
    authorities = list(selectors.local_authorities_for_area(area))
    proposal.covering_authorities.set(authorities)
    audit_record(actor=actor, action="parishes.petition_valid", target=proposal,
                 changes={"status": [ProposalStatus.PUBLISHED, ProposalStatus.VALID]},
                 metadata={"signatures": signatures, "electors": electors, "threshold": threshold,
                           "review_deadline": proposal.review_deadline.isoformat(),
                           "covering_authorities": [a.code for a in authorities]})
    context = {"signatures": signatures, "electors": electors,
               "review_deadline": date_format(proposal.review_deadline, "j F Y"),
               "councils": ", ".join(a.name or a.code for a in authorities) or _("the council")}
    _notify_proposers(proposal, "parishes.petition_valid", context, key=f"valid:{proposal.pk}")
    councils = Organisation.objects.verified().filter(type=OrganisationType.LOCAL_AUTHORITY,
                                                      ons_code__in=[a.code for a in authorities])
    for council in councils:
        for officer in people_with_roles(council, [Role.OFFICER]):
            notify(event="parishes.petition_received", recipient=officer, key=f"received:{proposal.pk}:{officer.pk}",
                   context={"proposal_name": proposal.name, **context}, url=_url(proposal))
    return True


@transaction.atomic
def petition_withdraw(*, actor, proposal: Proposal) -> Signature:
    """Withdraw the actor's signature while the petition is open; the row stays, dated."""
    proposal = _locked(proposal)
    _require(actor, "parishes.withdraw_signature", proposal)
    signature = Signature.objects.active().select_for_update().filter(proposal=proposal, signer=actor).first()
    if signature is None:
        raise ValidationError(_("You have not signed this petition"))
    signature.withdrawn_at = timezone.now()
    signature.save(update_fields=["withdrawn_at"])
    audit_record(actor=actor, action="parishes.petition_withdrawn", target=proposal,
                 metadata={"signature_id": signature.pk})
    return signature


@transaction.atomic
def petition_decline_recent_review(*, actor, proposal: Proposal, reviewed_on: datetime.date,
                                   reason: str) -> Proposal:
    """A covering council declines a valid petition because it reviewed the area within the last 2 years."""
    proposal = _locked(proposal)
    _require(actor, "parishes.decline_petition", proposal)
    errors: dict[str, str] = {}
    if proposal.status != ProposalStatus.VALID:
        raise ValidationError(_("Only a valid petition waiting for its review can be declined"))
    today = timezone.localdate()
    if not isinstance(reviewed_on, datetime.date) or isinstance(reviewed_on, datetime.datetime):
        errors["reviewed_on"] = _("Enter the date of the last review, like 14 3 2025")
    elif reviewed_on > today:
        errors["reviewed_on"] = _("The date of the last review must be today or in the past")
    elif reviewed_on < add_months(today, -12 * RECENT_REVIEW_YEARS):
        errors["reviewed_on"] = _("A petition can be declined only if the area was reviewed in the last "
                                  "%(years)s years. Start the review instead") % {"years": RECENT_REVIEW_YEARS}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Enter the reason for declining the petition")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("Reason must be %(max)s characters or fewer") % {"max": f"{REASON_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    previous = proposal.status
    proposal.status = ProposalStatus.DECLINED
    proposal.declined_at = timezone.now()
    proposal.declined_by = actor
    proposal.decline_reason = reason
    proposal.save(update_fields=["status", "declined_at", "declined_by", "decline_reason", "updated_at"])
    codes = selectors.officer_authority_codes(actor) & selectors.covering_authority_codes(proposal)
    council = LocalAuthority.objects.filter(code__in=codes).order_by("code").first()
    audit_record(actor=actor, action="parishes.petition_declined", target=proposal,
                 changes={"status": [previous, ProposalStatus.DECLINED]},
                 metadata={"reviewed_on": reviewed_on.isoformat(), "reason": reason,
                           "local_authority": council.code if council else ""})
    _notify_proposers(proposal, "parishes.petition_declined",
                      {"council": (council.name or council.code) if council else _("The council"),
                       "reviewed_on": date_format(reviewed_on, "j F Y"), "reason": reason},
                      key=f"declined:{proposal.pk}")
    return proposal


# Privacy --------------------------------------------------------------------------------------------------------

def parishes_export(user) -> dict | None:
    """A person's part of their data export: what they propose, the founding groups they joined, their
    signatures."""
    proposing = list(Proposal.objects.filter(proposers__user=user).values("name", "status", "proposers__role"))
    founding = list(FoundingMember.objects.filter(user=user).values("proposal__name", "joined_at"))
    signatures = list(Signature.objects.filter(signer=user).values("proposal__name", "postcode", "signed_at",
                                                                   "withdrawn_at"))
    if not (proposing or founding or signatures):
        return None
    return {
        "proposals": [{"name": p["name"], "status": p["status"], "role": p["proposers__role"]} for p in proposing],
        "founding_groups": [{"proposal": f["proposal__name"], "joined_at": f["joined_at"].isoformat()}
                            for f in founding],
        "signatures": [{"proposal": s["proposal__name"], "postcode": s["postcode"],
                        "signed_at": s["signed_at"].isoformat(),
                        "withdrawn_at": s["withdrawn_at"].isoformat() if s["withdrawn_at"] else None}
                       for s in signatures],
    }


def parishes_erase(*, actor, user) -> None:
    """Erase a person from parishes: their signatures on open petitions are withdrawn, every signature
    forgets its postcode, and they leave the founding groups of drafts. Signatures on petitions that were
    already valid still count: the council acted on them, so the count stays true; nothing names the person."""
    now = timezone.now()
    withdrawn = Signature.objects.active().filter(signer=user, proposal__status=ProposalStatus.PUBLISHED).update(
        withdrawn_at=now)
    Signature.objects.filter(signer=user).update(postcode="")
    left = FoundingMember.objects.filter(user=user, proposal__status=ProposalStatus.DRAFT).delete()[0]
    audit_record(actor=actor, action="parishes.person_erased", target=user,
                 metadata={"signatures_withdrawn": withdrawn, "founding_groups_left": left})


# Electorate -----------------------------------------------------------------------------------------------------

@transaction.atomic
def electorate_record(*, actor, local_authority: LocalAuthority, electors: int, as_of: datetime.date,
                      ward: Ward | None = None, lsoa: LSOA | None = None) -> Electorate:
    """A council records the electors of one of its wards or LSOAs on a date (again on the same date corrects it)."""
    _require(actor, "parishes.record_electorate", local_authority)
    errors: dict[str, str] = {}
    if (ward is None) == (lsoa is None):
        errors["area"] = _("Choose a ward or an LSOA, not both")
    elif (ward or lsoa).local_authority_id != local_authority.code:
        errors["area"] = _("%(area)s is not in %(council)s. Choose one of the council's own areas") % {
            "area": ward or lsoa, "council": local_authority}
    if isinstance(electors, bool) or not isinstance(electors, int) or electors < 0:
        errors["electors"] = _("Enter the number of electors as a whole number, like 1250")
    if not isinstance(as_of, datetime.date) or isinstance(as_of, datetime.datetime):
        errors["as_of"] = _("Enter the date of the figure, like 1 12 2025")
    elif as_of > timezone.localdate():
        errors["as_of"] = _("The date of the figure must be today or in the past")
    if errors:
        raise ValidationError(errors)
    row, created = Electorate.objects.update_or_create(
        ward=ward, lsoa=lsoa, as_of=as_of, defaults={"electors": electors, "entered_by": actor,
                                                     "entered_at": timezone.now()},
    )
    audit_record(actor=actor, action="parishes.electorate_recorded", target=row,
                 metadata={"area": (ward or lsoa).code, "electors": electors, "as_of": as_of.isoformat(),
                           "corrected": not created})
    return row


ELECTORATE_CSV_COLUMNS = ("code", "electors", "as_of")
MAX_ELECTORATE_ROWS = 5000


@transaction.atomic
def electorate_import(*, actor, local_authority: LocalAuthority, text: str) -> int:
    """Import a council's electorate from CSV text with the columns code (a ward E05… or LSOA E01… of the
    council), electors and as_of (YYYY-MM-DD). Every row is checked first; one bad row imports nothing."""
    _require(actor, "parishes.record_electorate", local_authority)
    reader = csv.DictReader(io.StringIO(text or ""))
    if reader.fieldnames is None or [f.strip().lower() for f in reader.fieldnames] != list(ELECTORATE_CSV_COLUMNS):
        raise ValidationError({"file": [_("The first line of the file must be the column names code,electors,as_of")]})
    wards = {w.code: w for w in Ward.objects.filter(local_authority=local_authority)}
    lsoas = {a.code: a for a in LSOA.objects.filter(local_authority=local_authority)}
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ELECTORATE_ROWS:
            raise ValidationError({"file": [_("The file has more than %(max)s rows. Split it into smaller files")
                                            % {"max": f"{MAX_ELECTORATE_ROWS:,}"}]})
        values = [(v or "").strip() for v in raw.values()]
        code, electors, as_of = (values + ["", "", ""])[:3]
        area = wards.get(code.upper()) or lsoas.get(code.upper())
        if area is None:
            problems.append(_("Line %(n)s: %(code)s is not a ward or LSOA of %(council)s")
                            % {"n": number, "code": code or _("an empty code"), "council": local_authority})
            continue
        if not electors.isdigit():
            problems.append(_("Line %(n)s: enter the electors as a whole number, like 1250") % {"n": number})
            continue
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            problems.append(_("Line %(n)s: enter the date as YYYY-MM-DD, like 2025-12-01") % {"n": number})
            continue
        if day > timezone.localdate():
            problems.append(_("Line %(n)s: the date must be today or in the past") % {"n": number})
            continue
        rows.append((area, int(electors), day))
    if problems:
        raise ValidationError({"file": problems})
    if not rows:
        raise ValidationError({"file": [_("The file has no rows of figures")]})
    now = timezone.now()
    for area, electors, day in rows:
        key = {"ward": area, "lsoa": None} if isinstance(area, Ward) else {"ward": None, "lsoa": area}
        Electorate.objects.update_or_create(**key, as_of=day, defaults={"electors": electors, "entered_by": actor,
                                                                         "entered_at": now})
    audit_record(actor=actor, action="parishes.electorate_imported", target=local_authority,
                 metadata={"rows": len(rows)})
    return len(rows)
