"""Writes of Assets of Community Value: nominations from draft to the council, the council's decision (listed for
five years, or kept on the list of unsuccessful nominations), the owner's review, the owner's notice of intention
to sell and community groups' requests to be treated as bidders.

Every write is atomic and audited, and tells the asset's followers when it moves. A nomination from someone who
may not nominate, or a request to bid out of time, is refused with the reason and nothing saved; the refusal is
audited after its transaction has been rolled back, so its record stays.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import people_with_roles
from covenant.places.geocoding import GeocoderUnavailable, geocode_many
from covenant.places.models import LocalAuthority
from covenant.places.postcodes import normalise_postcode
from services.catalogue.selectors import manages
from services.following import followers_notify

from . import dates, eligibility, geometry, selectors
from .models import Asset, AssetStatus, BidRequest, DisposalNotice, GroupMember, NominatorKind

NAME_MAX = 200
TEXT_MAX = 5_000
ADDRESS_MAX = 1_000
MAX_MEMBERS = 500
LAND_FIELDS = ("name", "description", "address", "postcode")
OWNER_FIELDS = ("owner_known", "owner_name", "owner_address")
REASON_FIELDS = ("current_use", "future_use")


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _locked(asset: Asset) -> Asset:
    return (Asset.objects.select_for_update(of=("self",)).select_related("council", "local_authority", "organisation")
            .get(pk=asset.pk))


def _refusal_audited(action: str):
    """Run an atomic write; if it refuses, record the refusal once its transaction has rolled back."""

    def decorator(write):
        def wrapped(*, actor, **kwargs):
            try:
                return write(actor=actor, **kwargs)
            except ValidationError as error:
                audit_record(actor=actor, action=action, target=kwargs.get("asset") or kwargs.get("council"),
                             metadata={"reasons": [str(message) for message in error.messages]})
                raise

        wrapped.__doc__ = write.__doc__
        wrapped.__name__ = write.__name__
        return wrapped

    return decorator


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _text(value, *, required: str | None, maximum: int) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError(_("Enter text"))
    if required and not text:
        raise ValidationError(required)
    if len(text) > maximum:
        raise ValidationError(_("Enter %(max)s characters or fewer") % {"max": f"{maximum:,}"})
    return text


def _officers(asset: Asset):
    return people_with_roles(asset.council, [Role.OFFICER])


def _nominators(asset: Asset):
    from django.contrib.auth import get_user_model

    ids = {asset.created_by_id} - {None}
    if asset.organisation_id:
        ids |= set(people_with_roles(asset.organisation, [Role.ADMIN]).values_list("pk", flat=True))
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _tell(people, *, event: str, asset: Asset, context: dict, key: str, exclude=None) -> None:
    context = {"asset": asset.name, "council": asset.council.name, "reference": asset.reference, **context}
    for person in people:
        if exclude is not None and person.pk == exclude.pk:
            continue
        notify(event=event, recipient=person, context=context, key=f"{key}:{person.pk}",
               url=selectors.asset_url(asset))


def _moved(asset: Asset, *, actor, title: str, summary: str = "", key: str) -> None:
    followers_notify(target=asset, title=title, summary=summary, key=key, url=selectors.asset_url(asset),
                     exclude=actor)


# Nominating -------------------------------------------------------------------------------------------------------

@transaction.atomic
def asset_start(*, actor, council: Organisation) -> Asset:
    """Start a draft nomination to a council's list."""
    _require(actor, "services_assets.add_asset")
    local_authority = (LocalAuthority.objects.filter(code=council.ons_code).first()
                       if council.type == OrganisationType.LOCAL_AUTHORITY and council.ons_code else None)
    if local_authority is None or not council.is_verified:
        raise ValidationError({"council": _("Choose a council from the list")})
    asset = Asset.objects.create(council=council, local_authority=local_authority, created_by=actor)
    audit_record(actor=actor, action="services_assets.started", target=asset, metadata={"council": council.pk})
    return asset


@_refusal_audited("services_assets.nominator_refused")
@transaction.atomic
def asset_set_nominator(*, actor, asset: Asset, kind: str, organisation: Organisation | None = None,
                        group_name: str = "", not_for_profit: bool = False, local_connection: bool = False) -> Asset:
    """Say who nominates: an eligible organisation the person administers, or an unincorporated group (whose 21
    local members are named next). Someone who may not nominate is refused with the reason."""
    asset = _locked(asset)
    _require(actor, "services_assets.change_asset", asset)
    if kind == NominatorKind.ORGANISATION:
        if organisation is None:
            raise ValidationError({"organisation": _("Choose the organisation nominating the asset")})
        if not selectors.nominator_organisations(actor).filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": _("Choose an organisation you are an administrator of")})
        problem = eligibility.organisation_problem(organisation, not_for_profit=not_for_profit,
                                                   local_connection=local_connection)
        if problem:
            raise ValidationError({"organisation": problem})
        changes = {"organisation": organisation, "group_name": organisation.name,
                   "not_for_profit": bool(not_for_profit and organisation.type in
                                          eligibility.NOT_FOR_PROFIT_DECLARATION),
                   "local_connection": eligibility.needs_local_connection(organisation)}
        asset.members.all().delete()
    elif kind == NominatorKind.GROUP:
        try:
            name = _text(group_name, required=_("Enter the name of the group"), maximum=NAME_MAX)
        except ValidationError as error:
            raise ValidationError({"group_name": error.messages}) from None
        errors = {}
        if not not_for_profit:
            errors["not_for_profit"] = _("Confirm that the group does not distribute any surplus to its members")
        if not local_connection:
            errors["local_connection"] = _("Confirm that the group's activities are wholly or partly concerned with "
                                           "%(area)s or a neighbouring area") % {"area": asset.council.name}
        if errors:
            raise ValidationError(errors)
        changes = {"organisation": None, "group_name": name, "not_for_profit": True, "local_connection": True}
    else:
        raise ValidationError({"kind": _("Select who is nominating the asset")})
    asset.nominator_kind = kind
    for field, value in changes.items():
        setattr(asset, field, value)
    asset.save()
    audit_record(actor=actor, action="services_assets.nominator_set", target=asset,
                 metadata={"kind": kind, "organisation": getattr(organisation, "pk", None)})
    return asset


def _checked_members(asset: Asset, members: list[dict]) -> tuple[list[tuple[str, str]], list[str]]:
    """The members as (name, postcode) and the problems, each naming its line."""
    problems, rows, seen = [], [], set()
    parsed = []
    for number, member in enumerate(members, start=1):
        name = " ".join(str(member.get("name") or "").split())
        raw = str(member.get("postcode") or "").strip()
        if not name or not raw:
            problems.append(_("Line %(n)s: enter the member's full name, a comma and their postcode, like Sam "
                              "Smith, SR2 8AA") % {"n": number})
            continue
        if len(name) > NAME_MAX:
            problems.append(_("Line %(n)s: the name must be %(max)s characters or fewer") % {"n": number,
                                                                                          "max": NAME_MAX})
            continue
        try:
            postcode = normalise_postcode(raw)
        except ValidationError as error:
            problems.append(_("Line %(n)s: %(problem)s") % {"n": number, "problem": error.messages[0]})
            continue
        if (name.casefold(), postcode) in seen:
            problems.append(_("Line %(n)s: %(name)s is named twice") % {"n": number, "name": name})
            continue
        seen.add((name.casefold(), postcode))
        parsed.append((number, name, postcode))
    try:
        located = geocode_many([postcode for _number, _name, postcode in parsed])
    except GeocoderUnavailable:
        raise ValidationError({"members": _("We cannot check postcodes at the moment. Try again later")}) from None
    for number, name, postcode in parsed:
        residence = selectors.postcode_in_authority(postcode, asset.local_authority, located=located)
        if not residence:
            problems.append(_("Line %(n)s, %(name)s: %(reason)s") % {"n": number, "name": name,
                                                                    "reason": residence.reason})
            continue
        rows.append((name, postcode))
    return rows, problems


@_refusal_audited("services_assets.members_refused")
@transaction.atomic
def asset_set_members(*, actor, asset: Asset, members: list[dict]) -> Asset:
    """Name the members of an unincorporated group: at least 21 whose postcodes lie in the council's area. Every
    line is checked; one bad line saves none of them, and the error names it."""
    asset = _locked(asset)
    _require(actor, "services_assets.change_asset", asset)
    if asset.nominator_kind != NominatorKind.GROUP:
        raise ValidationError({"members": _("Only a group nominating as 21 local people names its members")})
    if len(members) > MAX_MEMBERS:
        raise ValidationError({"members": _("Name %(max)s members or fewer") % {"max": MAX_MEMBERS}})
    rows, problems = _checked_members(asset, members)
    if problems:
        raise ValidationError({"members": problems})
    if len(rows) < eligibility.MIN_GROUP_MEMBERS:
        raise ValidationError({"members": _(
            "Name at least %(min)s members who live in %(area)s. You have named %(count)s") % {
            "min": eligibility.MIN_GROUP_MEMBERS, "area": asset.council.name, "count": len(rows)}})
    asset.members.all().delete()
    GroupMember.objects.bulk_create([GroupMember(asset=asset, name=name, postcode=postcode)
                                     for name, postcode in rows])
    audit_record(actor=actor, action="services_assets.members_set", target=asset, metadata={"members": len(rows)})
    return asset


@transaction.atomic
def asset_update(*, actor, asset: Asset, **data) -> Asset:
    """Change the draft's answers about the land or building, its owner and why it is of community value."""
    asset = _locked(asset)
    _require(actor, "services_assets.change_asset", asset)
    unknown = set(data) - set(LAND_FIELDS) - set(OWNER_FIELDS) - set(REASON_FIELDS)
    if unknown:
        raise TypeError(f"asset_update() got unknown fields: {sorted(unknown)}")
    errors, cleaned = {}, {}
    required = {"name": _("Enter the name of the land or building"),
                "address": _("Enter the address of the land or building"),
                "current_use": str(selectors.MISSING_MESSAGES["current_use"]),
                "future_use": str(selectors.MISSING_MESSAGES["future_use"])}
    limits = {"name": NAME_MAX, "description": TEXT_MAX, "address": ADDRESS_MAX, "owner_name": NAME_MAX,
              "owner_address": ADDRESS_MAX, "current_use": TEXT_MAX, "future_use": TEXT_MAX}
    for field, maximum in limits.items():
        if field in data:
            try:
                cleaned[field] = _text(data[field], required=required.get(field), maximum=maximum)
            except ValidationError as error:
                errors[field] = error.messages
    if "postcode" in data:
        raw = (data["postcode"] or "").strip()
        if raw:
            residence = selectors.postcode_in_authority(raw, asset.local_authority)
            if residence:
                cleaned["postcode"] = normalise_postcode(raw)
            else:
                errors["postcode"] = _("%(reason)s. Nominate the asset to the council whose area it is in") % {
                    "reason": residence.reason}
        else:
            cleaned["postcode"] = ""
    if "owner_known" in data:
        if data["owner_known"] not in (True, False):
            errors["owner_known"] = _("Select whether you know who owns it")
        else:
            cleaned["owner_known"] = data["owner_known"]
            if data["owner_known"] and not cleaned.get("owner_name") and "owner_name" not in errors:
                errors["owner_name"] = _("Enter the owner's name")
            if not data["owner_known"]:
                cleaned["owner_name"], cleaned["owner_address"] = "", ""
    if errors:
        raise ValidationError(errors)
    changed = [field for field, value in cleaned.items() if getattr(asset, field) != value]
    for field in changed:
        setattr(asset, field, cleaned[field])
    if changed:
        asset.save()
        audit_record(actor=actor, action="services_assets.answers_changed", target=asset, metadata={"fields": changed})
    return asset


@transaction.atomic
def asset_set_location(*, actor, asset: Asset, latitude=None, longitude=None, boundary: dict | None = None) -> Asset:
    """Where it is: a point, and its boundary if known (the boundary's middle stands for a point not given)."""
    asset = _locked(asset)
    _require(actor, "services_assets.change_asset", asset)
    asset.latitude, asset.longitude, asset.boundary = geometry.location_clean(
        latitude=latitude, longitude=longitude, boundary=boundary)
    asset.save()
    audit_record(actor=actor, action="services_assets.location_set", target=asset,
                 metadata={"latitude": asset.latitude, "longitude": asset.longitude,
                           "boundary": asset.boundary is not None})
    return asset


@_refusal_audited("services_assets.nomination_refused")
@transaction.atomic
def asset_submit(*, actor, asset: Asset) -> Asset:
    """Send the nomination to the council, checking everything again (the nominator may no longer be eligible,
    a member may have moved away). The council must decide within 8 weeks."""
    asset = _locked(asset)
    _require(actor, "services_assets.change_asset", asset)
    errors = dict(selectors.draft_state(asset).missing)
    if asset.nominator_kind == NominatorKind.ORGANISATION and asset.organisation_id:
        problem = eligibility.organisation_problem(asset.organisation, not_for_profit=asset.not_for_profit,
                                                   local_connection=asset.local_connection)
        if problem:
            errors["nominator"] = problem
    if asset.nominator_kind == NominatorKind.GROUP and "members" not in errors:
        rows, problems = _checked_members(asset, list(asset.members.values("name", "postcode")))
        if problems or len(rows) < eligibility.MIN_GROUP_MEMBERS:
            errors["members"] = problems or [str(selectors.MISSING_MESSAGES["members"])]
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    asset.status = AssetStatus.NOMINATED
    asset.submitted_at = timezone.now()
    asset.received_on = today
    asset.decision_due_on = dates.decision_due(today)
    asset.save()
    audit_record(actor=actor, action="services_assets.nominated", target=asset,
                 metadata={"received_on": str(today), "decision_due_on": str(asset.decision_due_on)})
    due = _day(asset.decision_due_on)
    _tell(_nominators(asset), event="services_assets.received", asset=asset, context={"due": due},
          key=f"asset-received:{asset.pk}")
    _tell(_officers(asset), event="services_assets.to_decide", asset=asset,
          context={"due": due, "nominator": asset.nominator_name}, key=f"asset-to-decide:{asset.pk}")
    return asset


# The council's part -----------------------------------------------------------------------------------------------

@transaction.atomic
def asset_decide(*, actor, asset: Asset, listed: bool | None, reasons: str) -> Asset:
    """List the asset for five years, or not (it then goes on the list of unsuccessful nominations), with the
    council's reasons, published either way."""
    asset = _locked(asset)
    _require(actor, "services_assets.review_asset", asset)
    if asset.status != AssetStatus.NOMINATED:
        raise ValidationError(_("The council has already decided on this nomination"))
    errors = {}
    if listed is None:
        errors["listed"] = _("Select whether the asset is listed")
    try:
        text = _text(reasons, required=_("Enter the council's reasons for its decision"), maximum=TEXT_MAX)
    except ValidationError as error:
        errors["reasons"] = error.messages
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    asset.decided_at, asset.decided_on, asset.decided_by = timezone.now(), today, actor
    asset.decision_reasons = text
    if listed:
        asset.status = AssetStatus.LISTED
        asset.listed_on, asset.expires_on = today, dates.listing_expires(today)
    else:
        asset.status = AssetStatus.NOT_LISTED
    asset.save()
    audit_record(actor=actor, action="services_assets.listed" if listed else "services_assets.not_listed",
                 target=asset, metadata={"decided_on": str(today), "decision_due_on": str(asset.decision_due_on),
                                         "expires_on": str(asset.expires_on) if asset.expires_on else None,
                                         "late": today > asset.decision_due_on})
    outcome = asset.get_status_display()
    context = {"outcome": outcome, "reasons": text,
               "expires": _day(asset.expires_on) if asset.expires_on else ""}
    _tell(_nominators(asset), event="services_assets.decided", asset=asset, context=context,
          key=f"asset-decided:{asset.pk}")
    title = (_("%(asset)s is listed as an asset of community value until %(date)s") % {
        "asset": asset.name, "date": _day(asset.expires_on)} if listed else
        _("%(asset)s is not listed as an asset of community value") % {"asset": asset.name})
    _moved(asset, actor=actor, title=title, summary=text, key=f"asset-decided:{asset.pk}")
    return asset


def _received_on(value, *, field: str, label: str) -> datetime.date:
    if value in (None, ""):
        raise ValidationError({field: _("Enter the date %(what)s") % {"what": label}})
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: _("Enter a real date")})
    if value > timezone.localdate():
        raise ValidationError({field: _("The date must be today or in the past")})
    return value


@transaction.atomic
def review_request_record(*, actor, asset: Asset, requested_on) -> Asset:
    """Record the owner's request for a review of the listing, which they may make within 8 weeks of it."""
    asset = _locked(asset)
    _require(actor, "services_assets.record_review", asset)
    requested_on = _received_on(requested_on, field="requested_on", label=_("the council received the request"))
    if asset.review_requested_on is not None:
        raise ValidationError({"requested_on": _("The owner has already asked for a review of this listing")})
    if requested_on < asset.listed_on:
        raise ValidationError({"requested_on": _("The request must be on or after the listing, %(date)s") % {
            "date": _day(asset.listed_on)}})
    deadline = dates.review_request_deadline(asset.listed_on)
    if requested_on > deadline:
        raise ValidationError({"requested_on": _(
            "The request is out of time: the owner could ask for a review until %(date)s, 8 weeks after the "
            "listing") % {"date": _day(deadline)}})
    asset.review_requested_on, asset.review_due_on = requested_on, dates.review_due(requested_on)
    asset.save()
    audit_record(actor=actor, action="services_assets.review_requested", target=asset,
                 metadata={"requested_on": str(requested_on), "review_due_on": str(asset.review_due_on)})
    _moved(asset, actor=actor, title=_("The owner of %(asset)s asked for a review of its listing") % {
        "asset": asset.name}, key=f"asset-review-requested:{asset.pk}")
    return asset


@transaction.atomic
def review_decide(*, actor, asset: Asset, upheld: bool | None, reasons: str) -> Asset:
    """Decide the owner's review: the listing stands, or the asset is removed from the list."""
    asset = _locked(asset)
    _require(actor, "services_assets.record_review", asset)
    if asset.review_requested_on is None or asset.review_decided_on is not None:
        raise ValidationError(_("There is no review of this listing waiting for a decision"))
    errors = {}
    if upheld is None:
        errors["upheld"] = _("Select whether the listing stands")
    try:
        text = _text(reasons, required=_("Enter the reasons for the review's decision"), maximum=TEXT_MAX)
    except ValidationError as error:
        errors["reasons"] = error.messages
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    asset.review_decided_on, asset.review_upheld, asset.review_reasons = today, bool(upheld), text
    if not upheld:
        asset.status, asset.removed_on = AssetStatus.REMOVED, today
    asset.save()
    audit_record(actor=actor, action="services_assets.review_decided", target=asset,
                 metadata={"upheld": bool(upheld), "decided_on": str(today)})
    title = (_("The review of %(asset)s's listing: it stays on the list") if upheld
             else _("The review of %(asset)s's listing: it is removed from the list")) % {"asset": asset.name}
    _tell(_nominators(asset), event="services_assets.review_decided", asset=asset,
          context={"title": title, "reasons": text}, key=f"asset-review-decided:{asset.pk}")
    _moved(asset, actor=actor, title=title, summary=text, key=f"asset-review-decided:{asset.pk}")
    return asset


@transaction.atomic
def notice_record(*, actor, asset: Asset, notified_on) -> DisposalNotice:
    """Record the owner's notice of intention to sell: the interim moratorium begins, and the protected period,
    on the day the council received it. A notice within an earlier notice's protected period starts nothing."""
    asset = _locked(asset)
    _require(actor, "services_assets.record_notice", asset)
    notified_on = _received_on(notified_on, field="notified_on", label=_("the council received the notice"))
    if notified_on < asset.listed_on or notified_on > asset.expires_on:
        raise ValidationError({"notified_on": _(
            "The asset was on the list from %(listed)s to %(expires)s. A notice is for an asset while it is listed")
            % {"listed": _day(asset.listed_on), "expires": _day(asset.expires_on)}})
    for earlier in asset.notices.all():
        if earlier.notified_on > notified_on:
            raise ValidationError({"notified_on": _(
                "A later notice, of %(later)s, is already recorded. Enter the date of the newest notice") % {
                "later": _day(earlier.notified_on)}})
        moratorium = dates.Moratorium(notified_on=earlier.notified_on)
        if moratorium.covers(notified_on):
            raise ValidationError({"notified_on": _(
                "The owner's notice of %(earlier)s started a protected period that runs until %(end)s. A new notice "
                "in it starts no new moratorium") % {"earlier": _day(earlier.notified_on),
                                                     "end": _day(moratorium.protected_ends_on)}})
    notice = DisposalNotice.objects.create(asset=asset, notified_on=notified_on, recorded_by=actor)
    moratorium = dates.Moratorium(notified_on=notified_on)
    audit_record(actor=actor, action="services_assets.notice_recorded", target=asset,
                 metadata={"notified_on": str(notified_on), "interim_ends_on": str(moratorium.interim_ends_on),
                           "protected_ends_on": str(moratorium.protected_ends_on)})
    context = {"notified": _day(notified_on), "interim_ends": _day(moratorium.interim_ends_on),
               "full_ends": _day(moratorium.full_ends_on), "protected_ends": _day(moratorium.protected_ends_on)}
    _tell(_nominators(asset), event="services_assets.notice", asset=asset, context=context,
          key=f"asset-notice:{notice.pk}")
    _moved(asset, actor=actor, title=_("The owner of %(asset)s intends to sell it: the moratorium has started") % {
        "asset": asset.name},
        summary=_("Community groups can ask to be treated as potential bidders until %(date)s") % {
            "date": context["interim_ends"]}, key=f"asset-notice:{notice.pk}")
    return notice


@_refusal_audited("services_assets.bid_request_refused")
@transaction.atomic
def bid_request(*, actor, asset: Asset, group_name: str = "", organisation: Organisation | None = None,
                received_on=None) -> BidRequest:
    """A community interest group's written request to be treated as a potential bidder. Made within the interim
    moratorium (6 weeks beginning with the owner's notice), it extends the moratorium to 6 months from the notice;
    later, it is refused as out of time. The council's officers record requests that came by letter or email,
    with the day they arrived; anyone else makes one here, today, for an organisation they administer or a
    group they name."""
    asset = _locked(asset)
    _require(actor, "services_assets.request_bid", asset)
    for_council = manages(actor, asset.council)
    if for_council:
        received_on = _received_on(received_on, field="received_on", label=_("the council received the request"))
    else:
        received_on = timezone.localdate()
    if organisation is not None:
        if not for_council and not selectors.nominator_organisations(actor).filter(pk=organisation.pk).exists():
            raise ValidationError({"organisation": _("Choose an organisation you are an administrator of")})
        if not organisation.is_verified:
            raise ValidationError({"organisation": _("%(name)s has not been verified yet") % {
                "name": organisation.name}})
        name = organisation.name
    else:
        try:
            name = _text(group_name, required=_("Enter the name of the group"), maximum=NAME_MAX)
        except ValidationError as error:
            raise ValidationError({"group_name": error.messages}) from None
    notice = selectors.latest_notice(asset)
    if notice is None or notice.notified_on > received_on:
        raise ValidationError({"received_on": _("The owner has not given notice of intention to sell %(asset)s, so "
                                                "there is nothing to bid for yet") % {"asset": asset.name}})
    moratorium = dates.Moratorium(notified_on=notice.notified_on)
    if not moratorium.request_in_time(received_on):
        raise ValidationError({"received_on": _(
            "The request is out of time: it came on %(received)s, after the interim moratorium ended on %(end)s. "
            "Groups must ask within 6 weeks of the owner's notice of %(notified)s") % {
            "received": _day(received_on), "end": _day(moratorium.interim_ends_on),
            "notified": _day(notice.notified_on)}})
    if notice.bid_requests.filter(group_name__iexact=name).exists():
        raise ValidationError({"group_name": _("%(group)s has already asked to be treated as a bidder") % {
            "group": name}})
    first = not notice.bid_requests.exists()
    request = BidRequest.objects.create(notice=notice, group_name=name, organisation=organisation,
                                        received_on=received_on, made_by=None if for_council else actor,
                                        recorded_by=actor if for_council else None)
    extended = dates.Moratorium(notified_on=notice.notified_on, bid_requested=True)
    audit_record(actor=actor, action="services_assets.bid_requested", target=asset,
                 metadata={"group": name, "received_on": str(received_on),
                           "full_ends_on": str(extended.full_ends_on)})
    context = {"group": name, "full_ends": _day(extended.full_ends_on), "first": first}
    _tell(_officers(asset), event="services_assets.bid_requested", asset=asset, context=context,
          key=f"asset-bid:{request.pk}", exclude=actor)
    _tell(_nominators(asset), event="services_assets.bid_requested", asset=asset, context=context,
          key=f"asset-bid:{request.pk}", exclude=actor)
    _moved(asset, actor=actor, title=_("%(group)s asked to bid for %(asset)s: the moratorium runs until %(date)s") % {
        "group": name, "asset": asset.name, "date": context["full_ends"]}, key=f"asset-bid:{request.pk}")
    return request
