"""Writes for volunteering history: logging hours, an organisation confirming or declining them, shift hours."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation

from ..models import Cause, HoursEntry, HoursSource, HoursStatus, Passport

MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal("24")
EARLIEST_DATE = datetime.date(1950, 1, 1)
CONFIRMED_EVENT = "volunteers.hours_confirmed"
DECLINED_EVENT = "volunteers.hours_declined"


def _require(actor, perm: str, obj=None) -> None:
    # Views and the API check first and answer 404; this guards every other caller (tasks, the shell).
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def clean_hours(value, *, field: str = "hours") -> Decimal:
    """Hours as a Decimal between 0.25 and 24, to at most 2 decimal places."""
    if isinstance(value, float):
        value = str(value)
    try:
        hours = Decimal(str(value).strip()) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite():
        raise ValidationError({field: _("Enter the number of hours, like 2 or 1.5")})
    if hours < MIN_HOURS:
        raise ValidationError({field: _("Hours must be at least 0.25 (15 minutes)")})
    if hours > MAX_HOURS:
        raise ValidationError({field: _("Hours must be 24 or fewer in one day")})
    if hours != hours.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Hours must have no more than 2 decimal places, like 1.25")})
    return hours.quantize(Decimal("0.01"))


def clean_hours_date(value, *, field: str = "date") -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Enter the date you volunteered, like 27 3 2025")})
    if value > timezone.localdate():
        raise ValidationError({field: _("The date you volunteered must be today or in the past")})
    if value < EARLIEST_DATE:
        raise ValidationError({field: _("The date you volunteered must be after 1 January 1950")})
    return value


def _clean_organisation(organisation: Organisation | None) -> Organisation | None:
    if organisation is not None and not organisation.is_verified:
        raise ValidationError({"organisation": _("Choose a verified organisation, or leave it blank")})
    return organisation


def _clean_cause(cause: Cause | None) -> Cause | None:
    if cause is not None and not cause.active:
        raise ValidationError({"cause": _("Choose a cause from the list, or leave it blank")})
    return cause


@transaction.atomic
def hours_log(
    *, actor, passport: Passport, date: datetime.date, hours, organisation: Organisation | None = None,
    cause: Cause | None = None, description: str = "",
) -> HoursEntry:
    """The volunteer logs hours they gave. Hours for an organisation wait for that organisation to confirm them."""
    _require(actor, "volunteers.log_hours", passport)
    date = clean_hours_date(date)
    hours = clean_hours(hours)
    organisation = _clean_organisation(organisation)
    cause = _clean_cause(cause)
    description = " ".join(str(description or "").split())
    if len(description) > 300:
        raise ValidationError({"description": _("Description must be 300 characters or fewer")})
    entry = HoursEntry.objects.create(
        passport=passport, organisation=organisation, cause=cause, date=date, hours=hours,
        description=description, source=HoursSource.INFORMAL, status=HoursStatus.UNCONFIRMED,
    )
    audit_record(
        actor=actor, action="volunteers.hours_logged", target=entry,
        metadata={"passport": passport.pk, "organisation": organisation.pk if organisation else None,
                  "hours": str(hours), "date": date.isoformat()},
    )
    return entry


def _locked(entry: HoursEntry) -> HoursEntry:
    return (
        HoursEntry.objects.select_for_update(of=("self",))
        .select_related("passport__holder", "organisation").get(pk=entry.pk)
    )


def _tell_volunteer(entry: HoursEntry, event: str, **context) -> None:
    notify(
        event=event, recipient=entry.passport.holder,
        context={"organisation_name": entry.organisation.name, "hours": entry.hours,
                 "date": date_format(entry.date, "j F Y"), **context},
        url=reverse("volunteers:history-page"), key=f"{event}:{entry.pk}",
    )


@transaction.atomic
def hours_confirm(*, actor, entry: HoursEntry, hours=None) -> HoursEntry:
    """A coordinator or administrator of the organisation confirms the hours, correcting them if need be."""
    _require(actor, "volunteers.confirm_hours", entry)
    entry = _locked(entry)
    if entry.status != HoursStatus.UNCONFIRMED:
        raise ValidationError(_("These hours have already been %(state)s") % {
            "state": _("confirmed") if entry.status == HoursStatus.CONFIRMED else _("declined")}, code="decided")
    claimed = entry.hours
    entry.hours = clean_hours(claimed if hours in (None, "") else hours)
    entry.status = HoursStatus.CONFIRMED
    entry.confirmed_by = actor
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["hours", "status", "confirmed_by", "confirmed_at"])
    changes = {"status": [HoursStatus.UNCONFIRMED, HoursStatus.CONFIRMED]}
    if entry.hours != claimed:
        changes["hours"] = [str(claimed), str(entry.hours)]
    audit_record(actor=actor, action="volunteers.hours_confirmed", target=entry, changes=changes,
                 metadata={"organisation": entry.organisation_id, "passport": entry.passport_id})
    _tell_volunteer(entry, CONFIRMED_EVENT, corrected=entry.hours != claimed, claimed=claimed)
    return entry


@transaction.atomic
def hours_decline(*, actor, entry: HoursEntry, reason: str = "") -> HoursEntry:
    """A coordinator or administrator of the organisation says the hours were not given to it."""
    _require(actor, "volunteers.confirm_hours", entry)
    entry = _locked(entry)
    if entry.status != HoursStatus.UNCONFIRMED:
        raise ValidationError(_("These hours have already been %(state)s") % {
            "state": _("confirmed") if entry.status == HoursStatus.CONFIRMED else _("declined")}, code="decided")
    reason = str(reason or "").strip()
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Reason must be 1,000 characters or fewer")})
    entry.status = HoursStatus.DECLINED
    entry.confirmed_by = actor
    entry.confirmed_at = timezone.now()
    entry.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(actor=actor, action="volunteers.hours_declined", target=entry,
                 changes={"status": [HoursStatus.UNCONFIRMED, HoursStatus.DECLINED]},
                 metadata={"organisation": entry.organisation_id, "passport": entry.passport_id, "reason": reason})
    _tell_volunteer(entry, DECLINED_EVENT, reason=reason)
    return entry


@transaction.atomic
def hours_record_from_shift(
    *, passport: Passport, organisation: Organisation, cause: Cause | None, date: datetime.date, hours, actor,
) -> HoursEntry:
    """Hours from a shift the organisation ran: confirmed at once by `actor`, who confirms the attendance."""
    if organisation is None:
        raise ValidationError({"organisation": _("Hours from a shift must name the organisation that ran it")})
    _require(actor, "volunteers.confirm_hours", HoursEntry(passport=passport, organisation=organisation))
    date = clean_hours_date(date)
    hours = clean_hours(hours)
    entry = HoursEntry.objects.create(
        passport=passport, organisation=organisation, cause=cause, date=date, hours=hours,
        source=HoursSource.SHIFT, status=HoursStatus.CONFIRMED, confirmed_by=actor, confirmed_at=timezone.now(),
    )
    audit_record(actor=actor, action="volunteers.hours_recorded_from_shift", target=entry,
                 metadata={"organisation": organisation.pk, "passport": passport.pk, "hours": str(hours),
                           "date": date.isoformat()})
    return entry
