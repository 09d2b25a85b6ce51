"""Offers from matching: made in bulk, answered by the volunteer (accepting books through the booking service),
and expired when their time runs out. Every step may run twice and changes nothing the second time."""

import csv
import datetime
import io
import json
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.core.formats import govuk_datetime, govuk_time_range
from covenant.core.queueing import enqueue_on_commit
from covenant.notifications.services import notify

from ..models import BookingStatus, MatchingRun, Offer, OfferStatus, RunStatus
from .bookings import booking_apply

OFFER_EVENT = "volunteers.match_offered"


def offer_lifetime() -> datetime.timedelta:
    """How long a volunteer has to answer an offer (settings.MATCHING_OFFER_HOURS, 48 by default)."""
    return datetime.timedelta(hours=getattr(settings, "MATCHING_OFFER_HOURS", 48))


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _locked(offer: Offer) -> Offer:
    return (Offer.objects.select_for_update(of=("self",))
            .select_related("shift__need__organisation", "passport__holder").get(pk=offer.pk))


def _tell(offer: Offer) -> None:
    shift = offer.shift
    notify(
        event=OFFER_EVENT, recipient=offer.passport.holder,
        context={"need_title": shift.need.title, "organisation_name": shift.need.organisation.name,
                 "when": govuk_time_range(shift.starts_at, shift.ends_at),
                 "expires": govuk_datetime(offer.expires_at)},
        url=reverse("volunteers:offers-detail", args=[offer.pk]),
        key=f"{OFFER_EVENT}:{offer.pk}",
    )


@transaction.atomic
def offers_make(*, run: MatchingRun, offers: Iterable[dict], now: datetime.datetime | None = None) -> int:
    """Write a run's offers in bulk and tell each volunteer; returns how many were new.

    Each offer is {shift_id, passport_id, score, distance_km, reasons}. An offer of the same shift to the same
    volunteer made before (by this run, run again, or another) is left as it was: never offered twice.
    """
    now = now or timezone.now()
    expires = now + offer_lifetime()
    offers = list(offers)
    for item in offers:
        shift_starts = item.get("shift_starts_at")
        # An offer never outlives the shift's start.
        item["expires_at"] = min(expires, shift_starts) if shift_starts else expires
    if connection.vendor == "postgresql" and len(offers) > COPY_FROM:
        _copy_offers(run=run, offers=offers, now=now)
    else:
        Offer.objects.bulk_create([Offer(
            shift_id=item["shift_id"], passport_id=item["passport_id"], run=run, score=item.get("score", 0),
            distance_km=item.get("distance_km"), reasons=item.get("reasons") or {}, offered_at=now,
            expires_at=item["expires_at"]) for item in offers], ignore_conflicts=True, batch_size=5_000)
    # Rows kept out by the unique constraint belong to earlier runs: this run's own are the new ones.
    made = list(Offer.objects.filter(run=run, offered_at=now, status=OfferStatus.OFFERED)
                .values_list("pk", flat=True))
    # Telling is handed to workers in parts once the offers are committed: a run's transaction stays short (a
    # national batch makes hundreds of thousands of offers, a new need's run answers in milliseconds) and more
    # workers tell sooner. Offers whose part is lost are told by the sweep (offers_tell_untold).
    from ..tasks_matching import offers_tell_task

    for first in range(0, len(made), TELL_PART):
        enqueue_on_commit(offers_tell_task, made[first:first + TELL_PART])
    return len(made)


# More offers than this are written with PostgreSQL's COPY: a national batch's are written in seconds, not tens.
COPY_FROM = 2_000


def _copy_offers(*, run: MatchingRun, offers: list[dict], now: datetime.datetime) -> None:
    """COPY the offers into a temporary table, then insert those not made before (the unique pair keeps them
    out, as bulk_create's ignore_conflicts would)."""
    table = Offer._meta.db_table
    columns = "shift_id, passport_id, run_id, status, score, distance_km, reasons, offered_at, expires_at"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for item in offers:
        distance = item.get("distance_km")
        writer.writerow((item["shift_id"], item["passport_id"], run.pk, OfferStatus.OFFERED, item.get("score", 0),
                         "" if distance is None else distance, json.dumps(item.get("reasons") or {}),
                         now.isoformat(), item["expires_at"].isoformat()))
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE offers_copy ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA")
        cursor.cursor.copy_expert(f"COPY offers_copy ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM offers_copy "
                       "ON CONFLICT (shift_id, passport_id) DO NOTHING")
        cursor.execute("DROP TABLE offers_copy")


# Offers are told by workers in parts of this many.
TELL_PART = 500


def offers_tell_untold(*, older_than: datetime.timedelta = datetime.timedelta(minutes=5),
                       now: datetime.datetime | None = None) -> int:
    """Tell volunteers of open offers nobody has told them of yet: the parts a run handed to workers are lost if
    the broker was down when it committed. Safe to repeat, as offers_tell is."""
    from covenant.notifications.models import Delivery

    now = now or timezone.now()
    told = Delivery.objects.filter(event=OFFER_EVENT).values_list("key", flat=True)
    waiting = (Offer.objects.filter(status=OfferStatus.OFFERED, offered_at__lte=now - older_than,
                                    expires_at__gt=now, passport__offers_daily_digest=False)
               .values_list("pk", flat=True))
    told_keys = set(told.filter(key__in=[f"{OFFER_EVENT}:{pk}" for pk in waiting]))
    untold = [pk for pk in waiting if f"{OFFER_EVENT}:{pk}" not in told_keys]
    return offers_tell(offer_ids=untold)


def offers_tell(*, offer_ids: list[int]) -> int:
    """Tell volunteers of their offers still open (those who asked for a daily digest hear of it there instead).
    Safe to repeat: each offer's notification carries the offer as its key, so it is sent once."""
    offers = (Offer.objects.filter(pk__in=offer_ids, status=OfferStatus.OFFERED, passport__offers_daily_digest=False)
              .select_related("shift__need__organisation", "passport__holder"))
    told = 0
    for offer in offers:
        _tell(offer)
        told += 1
    return told


@transaction.atomic
def offer_accept(*, actor, offer: Offer) -> Offer:
    """The volunteer takes the place: booked through the booking service (eligibility checked again, the shift
    locked), straight away while a place is free, else onto the waiting list."""
    _require(actor, "volunteers.answer_offer", offer)
    offer = _locked(offer)
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(_("You have already answered this offer, or it has ended"), code="answered")
    if offer.expires_at <= timezone.now():
        raise ValidationError(_("The time to answer this offer has run out"), code="expired")
    booking = booking_apply(actor=actor, shift=offer.shift, offered=True)
    offer.status, offer.answered_at, offer.booking = OfferStatus.ACCEPTED, timezone.now(), booking
    offer.save(update_fields=["status", "answered_at", "booking"])
    audit_record(actor=actor, action="volunteers.offer_accepted", target=offer,
                 changes={"status": [OfferStatus.OFFERED, OfferStatus.ACCEPTED]},
                 metadata={"shift": offer.shift_id, "booking": booking.pk,
                           "waitlisted": booking.status == BookingStatus.WAITLISTED})
    return offer


@transaction.atomic
def offer_decline(*, actor, offer: Offer) -> Offer:
    """The volunteer says no; the place stays open for matching to offer to the next best volunteer."""
    _require(actor, "volunteers.answer_offer", offer)
    offer = _locked(offer)
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(_("You have already answered this offer, or it has ended"), code="answered")
    offer.status, offer.answered_at = OfferStatus.DECLINED, timezone.now()
    offer.save(update_fields=["status", "answered_at"])
    audit_record(actor=actor, action="volunteers.offer_declined", target=offer,
                 changes={"status": [OfferStatus.OFFERED, OfferStatus.DECLINED]}, metadata={"shift": offer.shift_id})
    from ..tasks_matching import matching_shift_task

    shift_id = offer.shift_id
    enqueue_on_commit(matching_shift_task, shift_id)
    return offer


@transaction.atomic
def offers_expire(*, now: datetime.datetime | None = None) -> list[int]:
    """Close offers whose time has run out; returns the shifts that have places to offer again."""
    now = now or timezone.now()
    expired = list(Offer.objects.select_for_update(skip_locked=True)
                   .filter(status=OfferStatus.OFFERED, expires_at__lte=now).values_list("pk", "shift_id"))
    if not expired:
        return []
    Offer.objects.filter(pk__in=[pk for pk, _shift in expired]).update(status=OfferStatus.EXPIRED, answered_at=now)
    audit_record(actor=None, action="volunteers.offers_expired", metadata={"offers": [pk for pk, _ in expired]})
    return sorted({shift for _pk, shift in expired})


@transaction.atomic
def matching_run_finish(*, run: MatchingRun, stats: dict | None = None, error: str = "") -> MatchingRun:
    run.status = RunStatus.FAILED if error else RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.stats = {**run.stats, **(stats or {})}
    run.error = error
    run.save(update_fields=["status", "finished_at", "stats", "error"])
    return run


@transaction.atomic
def offer_invite(*, actor, shift, passport) -> Offer:
    """A coordinator invites a suggested volunteer: an offer like matching's, made by a person.

    The volunteer must meet the need's requirements for the shift, want offers, not have been offered it before
    and have room under the cap on open offers.
    """
    from ..matching.scoring import limits
    from ..models import MatchingKind, Passport, Shift
    from ..selectors.eligibility import eligibility

    _require(actor, "volunteers.manage_roster", shift)
    shift = Shift.objects.select_related("need__organisation").get(pk=shift.pk)
    passport = Passport.objects.select_related("holder").get(pk=passport.pk)
    if not passport.offers_wanted:
        raise ValidationError(_("This volunteer does not want offers at the moment"), code="unwanted")
    if Offer.objects.filter(shift=shift, passport=passport).exists():
        raise ValidationError(_("This volunteer has already been offered this shift"), code="already")
    result = eligibility(passport, shift.need, on=timezone.localtime(shift.starts_at).date())
    if not result.eligible:
        raise ValidationError(_("This volunteer does not meet the requirements for this shift"), code="ineligible")
    cap = limits().max_open_offers
    if Offer.objects.filter(passport=passport, status=OfferStatus.OFFERED).count() >= cap:
        raise ValidationError(_("This volunteer has as many open offers as they may have. Try again in a few days"),
                              code="cap")
    run = MatchingRun.objects.create(kind=MatchingKind.NEED, scope=f"invited to shift {shift.pk}",
                                     status=RunStatus.FINISHED, finished_at=timezone.now(),
                                     stats={"invited_by": actor.pk})
    offers_make(run=run, offers=[{"shift_id": shift.pk, "passport_id": passport.pk, "shift_starts_at": shift.starts_at,
                                  "reasons": {"invited": True}}])
    offer = Offer.objects.get(shift=shift, passport=passport)
    audit_record(actor=actor, action="volunteers.offer_invited", target=offer,
                 metadata={"shift": shift.pk, "passport": passport.pk})
    return offer


@transaction.atomic
def passport_set_offer_preferences(*, actor, passport, offers_wanted: bool, offers_daily_digest: bool,
                                   opted_out_causes=(), opted_out_organisations=()):
    """Whether to be offered shifts, how to hear of them, and the causes and organisations never to offer."""
    if actor is None or passport.holder_id != actor.pk:
        raise PermissionDenied("volunteers.change_passport_profile")
    before = {"offers_wanted": passport.offers_wanted, "offers_daily_digest": passport.offers_daily_digest,
              "opted_out_causes": sorted(passport.opted_out_causes.values_list("slug", flat=True)),
              "opted_out_organisations": sorted(passport.opted_out_organisations.values_list("pk", flat=True))}
    passport.offers_wanted, passport.offers_daily_digest = bool(offers_wanted), bool(offers_daily_digest)
    passport.save(update_fields=["offers_wanted", "offers_daily_digest", "updated_at"])
    passport.opted_out_causes.set(opted_out_causes)
    passport.opted_out_organisations.set(opted_out_organisations)
    after = {"offers_wanted": passport.offers_wanted, "offers_daily_digest": passport.offers_daily_digest,
             "opted_out_causes": sorted(cause.slug for cause in opted_out_causes),
             "opted_out_organisations": sorted(organisation.pk for organisation in opted_out_organisations)}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        audit_record(actor=actor, action="volunteers.offer_preferences_set", target=passport, changes=changes)
    if not passport.offers_wanted:
        # Someone who wants no more offers is not left holding places others could take.
        open_offers = Offer.objects.filter(passport=passport, status=OfferStatus.OFFERED)
        for shift_id in set(open_offers.values_list("shift_id", flat=True)):
            from ..tasks_matching import matching_shift_task

            enqueue_on_commit(matching_shift_task, shift_id)
        open_offers.update(status=OfferStatus.WITHDRAWN, answered_at=timezone.now())
    return passport


DIGEST_EVENT = "volunteers.match_digest"


def offers_send_digests(*, now: datetime.datetime | None = None) -> int:
    """Once a day, tell each volunteer who asked for a digest about the offers made to them since the last one.

    Returns how many volunteers were told. Safe to run twice in a day: the message's key is the date.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(days=1)
    offers = (Offer.objects.filter(status=OfferStatus.OFFERED, offered_at__gt=since, passport__offers_daily_digest=True)
              .select_related("shift__need__organisation", "passport__holder").order_by("passport_id", "expires_at"))
    by_passport: dict[int, list[Offer]] = {}
    for offer in offers:
        by_passport.setdefault(offer.passport_id, []).append(offer)
    for group in by_passport.values():
        lines = [f"- {offer.shift.need.title}, {offer.shift.need.organisation.name}: "
                 f"{govuk_time_range(offer.shift.starts_at, offer.shift.ends_at)}" for offer in group]
        notify(event=DIGEST_EVENT, recipient=group[0].passport.holder,
               context={"count": len(group), "offers": "\n".join(lines),
                        "expires": govuk_datetime(min(offer.expires_at for offer in group))},
               url=reverse("volunteers:offers"), key=f"{DIGEST_EVENT}:{group[0].passport_id}:{now.date().isoformat()}")
    return len(by_passport)
