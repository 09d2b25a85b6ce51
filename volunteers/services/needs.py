"""Writes for needs: organisations post needs, set the checks they require, run their states and add shifts."""

import csv
import datetime
import io
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.audit.services import audit_record
from covenant.core.queueing import enqueue_on_commit
from covenant.organisations.models import Organisation
from covenant.places.geocoding import GeocoderUnavailable, geocode
from covenant.places.postcodes import normalise_postcode

from ..models import (
    ACTIVE_BOOKING_STATES,
    PLACE_TAKING_STATES,
    TAKING_SIGN_UPS,
    ActivityType,
    BarredLists,
    Cause,
    CredentialKind,
    DBSLevel,
    LocationKind,
    Need,
    NeedCheck,
    NeedStatus,
    QualificationType,
    Shift,
    Skill,
    Workforce,
)

MIN_PLACES = 1
MAX_PLACES = 1000
MAX_WEEKS = 52
MAX_IMPORT_ROWS = 500
CSV_COLUMNS = ("start", "end", "places")
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Every allowed change of state, written once: action -> (states it may start from, state it leads to).
# A full need is closed to new bookings by the bookings area; organisers may still pause or close it.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "publish": (frozenset({NeedStatus.DRAFT, NeedStatus.PAUSED}), NeedStatus.PUBLISHED),
    "pause": (frozenset({NeedStatus.PUBLISHED, NeedStatus.FULL}), NeedStatus.PAUSED),
    "close": (frozenset({NeedStatus.DRAFT, NeedStatus.PUBLISHED, NeedStatus.PAUSED, NeedStatus.FULL}),
              NeedStatus.CLOSED),
    # Reopening goes back to draft, so the organiser checks the details and shifts before publishing again.
    "reopen": (frozenset({NeedStatus.CLOSED}), NeedStatus.DRAFT),
}

_SNAPSHOT_FIELDS = (
    "title", "description", "cause_id", "activity_type", "location_kind", "address", "postcode", "latitude",
    "longitude", "minimum_age", "accessibility", "expenses_policy", "contact_name", "contact_email",
    "contact_phone", "auto_accept", "expenses_reimbursed", "training_provided",
)


def _require(actor, perm: str, obj) -> None:
    # Views and the API check first and answer 404; this guards every other caller (tasks, the shell).
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _snapshot(need: Need) -> dict:
    return {field: getattr(need, field) for field in _SNAPSHOT_FIELDS}


def _changes(before: dict, after: dict) -> dict:
    return {key: [before[key], value] for key, value in after.items() if before.get(key) != value}


# Details of a need ---------------------------------------------------------------------------------------------

def _clean_text(errors: dict, field: str, value, *, required_message: str, max_length: int | None = None,
                too_long: str = "") -> str:
    value = (value or "").strip()
    if not value and required_message:
        errors[field] = required_message
    elif max_length and len(value) > max_length:
        errors[field] = too_long
    return value


def _locate(postcode: str) -> tuple[str, float, float]:
    """The normalised postcode and its coordinates, or a ValidationError on `postcode` saying what to do."""
    try:
        normalised = normalise_postcode(postcode)
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages}) from None
    try:
        location = geocode(normalised)
    except GeocoderUnavailable:
        raise ValidationError({"postcode": _("We cannot look up postcodes at the moment. Try again later")}) from None
    if location is None or not location.has_coordinates:
        raise ValidationError({"postcode": _("We cannot find that postcode. Check it and enter it again, "
                                             "like SW1A 1AA")})
    if location.terminated_on is not None:
        raise ValidationError({"postcode": _("That postcode is no longer in use. Enter the current postcode")})
    return normalised, location.latitude, location.longitude


def _clean_details(data: dict) -> dict:
    """Check a need's details together, reporting every problem at once, and geocode its place."""
    errors: dict[str, str] = {}
    cleaned = dict(data)
    cleaned["title"] = _clean_text(errors, "title", data.get("title"), max_length=150,
                                   required_message=_("Enter a title for the need"),
                                   too_long=_("Title must be 150 characters or fewer"))
    cleaned["description"] = _clean_text(errors, "description", data.get("description"), max_length=5000,
                                         required_message=_("Enter what volunteers will do"),
                                         too_long=_("What volunteers will do must be 5,000 characters or fewer"))
    if data.get("activity_type") not in ActivityType.values:
        errors["activity_type"] = _("Select the type of activity")
    cause = data.get("cause")
    if cause is not None and (not isinstance(cause, Cause) or not cause.active):
        errors["cause"] = _("Select a cause from the list, or leave it blank")
    skills = list(data.get("skills") or [])
    unknown = [str(skill) for skill in skills if not isinstance(skill, Skill) or not skill.active]
    if unknown:
        errors["skills"] = _("Select skills from the list. These are not skills we know: %(skills)s") % {
            "skills": ", ".join(unknown)}
    cleaned["skills"] = skills
    minimum_age = data.get("minimum_age")
    if minimum_age is not None and (not isinstance(minimum_age, int) or not 14 <= minimum_age <= 99):
        errors["minimum_age"] = _("Minimum age must be a whole number between 14 and 99, or leave it blank")
    for field, label in (("accessibility", _("Accessibility")), ("expenses_policy", _("Expenses"))):
        cleaned[field] = (data.get(field) or "").strip()
        if len(cleaned[field]) > 5000:
            errors[field] = _("%(label)s must be 5,000 characters or fewer") % {"label": label}
    cleaned["contact_name"] = (data.get("contact_name") or "").strip()
    if len(cleaned["contact_name"]) > 200:
        errors["contact_name"] = _("Contact name must be 200 characters or fewer")
    cleaned["contact_email"] = (data.get("contact_email") or "").strip()
    if cleaned["contact_email"]:
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            errors["contact_email"] = _("Enter an email address in the correct format, like name@example.org")
    cleaned["contact_phone"] = (data.get("contact_phone") or "").strip()
    if len(cleaned["contact_phone"]) > 16:
        errors["contact_phone"] = _("Enter a telephone number, like 01632 960 001")
    for flag in ("auto_accept", "expenses_reimbursed", "training_provided"):
        cleaned[flag] = bool(data.get(flag))

    kind = data.get("location_kind")
    cleaned["address"] = (data.get("address") or "").strip()
    cleaned["latitude"] = cleaned["longitude"] = None
    if kind not in LocationKind.values:
        errors["location_kind"] = _("Select where volunteers will help")
    elif kind == LocationKind.REMOTE:
        # Remote needs have no place: searching by distance must not find them near an old postcode.
        cleaned["address"] = cleaned["postcode"] = ""
    else:
        if kind == LocationKind.ADDRESS and not cleaned["address"]:
            errors["address"] = _("Enter the address where volunteers will help")
        elif len(cleaned["address"]) > 1000:
            errors["address"] = _("Address must be 1,000 characters or fewer")
        if kind == LocationKind.POSTCODE:
            cleaned["address"] = ""
        try:
            cleaned["postcode"], cleaned["latitude"], cleaned["longitude"] = _locate(data.get("postcode") or "")
        except ValidationError as error:
            errors["postcode"] = error.message_dict["postcode"][0]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_checks(checks: Iterable[dict]) -> list[NeedCheck]:
    """The credentials a need requires, as unsaved NeedChecks; errors name the check by its position."""
    result = []
    errors: list[str] = []
    for position, check in enumerate(checks or [], start=1):
        kind = check.get("kind")
        row = NeedCheck(kind=kind or "")
        if kind not in CredentialKind.values:
            errors.append(_("Check %(n)s: select the kind of check") % {"n": position})
            continue
        if kind == CredentialKind.DBS:
            row.dbs_level = check.get("dbs_level") or ""
            row.dbs_barred_lists = check.get("dbs_barred_lists") or ""
            row.dbs_workforce = check.get("dbs_workforce") or ""
            if row.dbs_level not in DBSLevel.values:
                errors.append(_("Check %(n)s: select the level of DBS check") % {"n": position})
            if row.dbs_barred_lists not in BarredLists.values:
                errors.append(_("Check %(n)s: select which barred lists, or none") % {"n": position})
            elif row.dbs_barred_lists and row.dbs_level != DBSLevel.ENHANCED_BARRED:
                errors.append(_("Check %(n)s: barred lists can only be checked with an enhanced DBS check with "
                                "barred list check") % {"n": position})
            elif row.dbs_level == DBSLevel.ENHANCED_BARRED and not row.dbs_barred_lists:
                errors.append(_("Check %(n)s: select which barred lists the check must include") % {"n": position})
            if row.dbs_workforce and row.dbs_workforce not in Workforce.values:
                errors.append(_("Check %(n)s: select the workforce from the list, or leave it blank")
                              % {"n": position})
        elif kind == CredentialKind.QUALIFICATION:
            row.qualification_type = check.get("qualification_type") or ""
            if row.qualification_type not in QualificationType.values:
                errors.append(_("Check %(n)s: select the type of qualification") % {"n": position})
        if kind in (CredentialKind.TRAINING, CredentialKind.QUALIFICATION):
            row.title = (check.get("title") or "").strip()
            if kind == CredentialKind.TRAINING and not row.title:
                errors.append(_("Check %(n)s: enter the name of the training, like Safeguarding adults")
                              % {"n": position})
            elif len(row.title) > 200:
                errors.append(_("Check %(n)s: name must be 200 characters or fewer") % {"n": position})
        result.append(row)
    if errors:
        raise ValidationError({"checks": errors})
    return result


def _save_checks(need: Need, checks: list[NeedCheck]) -> None:
    need.checks.all().delete()
    for check in checks:
        check.need = need
    NeedCheck.objects.bulk_create(checks)


def _describe_checks(checks: list[NeedCheck]) -> list[dict]:
    return [{"kind": c.kind, "dbs_level": c.dbs_level, "dbs_barred_lists": c.dbs_barred_lists,
             "dbs_workforce": c.dbs_workforce, "qualification_type": c.qualification_type, "title": c.title}
            for c in checks]


@transaction.atomic
def need_create(
    *, actor, organisation: Organisation, title: str, description: str, activity_type: str, location_kind: str,
    cause: Cause | None = None, address: str = "", postcode: str = "", skills: Iterable[Skill] = (),
    checks: Iterable[dict] = (), minimum_age: int | None = None, accessibility: str = "",
    expenses_policy: str = "", contact_name: str = "", contact_email: str = "", contact_phone: str = "",
    auto_accept: bool = False, expenses_reimbursed: bool = False, training_provided: bool = False,
) -> Need:
    """A coordinator or administrator of a verified organisation posts a need, as a draft."""
    _require(actor, "volunteers.manage_needs", organisation)
    data = _clean_details(dict(
        title=title, description=description, activity_type=activity_type, location_kind=location_kind,
        cause=cause, address=address, postcode=postcode, skills=skills, minimum_age=minimum_age,
        accessibility=accessibility, expenses_policy=expenses_policy, contact_name=contact_name,
        contact_email=contact_email, contact_phone=contact_phone, auto_accept=auto_accept,
        expenses_reimbursed=expenses_reimbursed, training_provided=training_provided,
    ))
    check_rows = _clean_checks(checks)
    skills = data.pop("skills")
    need = Need.objects.create(organisation=organisation, created_by=actor, status=NeedStatus.DRAFT, **data)
    need.skills.set(skills)
    _save_checks(need, check_rows)
    audit_record(actor=actor, action="volunteers.need_created", target=need, metadata={
        "organisation": organisation.pk, "skills": sorted(skill.slug for skill in skills),
        "checks": _describe_checks(check_rows),
    })
    return need


@transaction.atomic
def need_update(*, actor, need: Need, skills: Iterable[Skill] | None = None, **fields) -> Need:
    """Change a need's details; fields left out keep their values. Checks change through need_set_checks."""
    _require(actor, "volunteers.change_need", need)
    unknown = set(fields) - set(_SNAPSHOT_FIELDS) - {"cause"}
    if unknown:
        raise TypeError(f"need_update() got unexpected fields: {', '.join(sorted(unknown))}")
    need = Need.objects.select_for_update().get(pk=need.pk)
    before = _snapshot(need)
    before_skills = sorted(need.skills.values_list("slug", flat=True))
    current = {field: getattr(need, field) for field in _SNAPSHOT_FIELDS if not field.endswith("_id")}
    current["cause"] = need.cause
    current["skills"] = list(need.skills.all()) if skills is None else list(skills)
    data = _clean_details({**current, **fields})
    new_skills = data.pop("skills")
    for field, value in data.items():
        setattr(need, field, value)
    need.save()
    need.skills.set(new_skills)
    changes = _changes(before, _snapshot(need))
    after_skills = sorted(skill.slug for skill in new_skills)
    if after_skills != before_skills:
        changes["skills"] = [before_skills, after_skills]
    if changes:
        audit_record(actor=actor, action="volunteers.need_updated", target=need, changes=changes)
    return need


@transaction.atomic
def need_set_checks(*, actor, need: Need, checks: Iterable[dict]) -> list[NeedCheck]:
    """Replace the credentials volunteers must hold, verified and valid on the shift's date."""
    _require(actor, "volunteers.change_need", need)
    rows = _clean_checks(checks)
    before = _describe_checks(list(need.checks.all()))
    _save_checks(need, rows)
    after = _describe_checks(rows)
    if before != after:
        audit_record(actor=actor, action="volunteers.need_checks_set", target=need, changes={"checks": [before, after]})
    return list(need.checks.all())


# States ---------------------------------------------------------------------------------------------------------

def allowed_actions(need: Need) -> list[str]:
    """The state changes open to the need now, in the order pages offer them."""
    return [action for action, (sources, _target) in TRANSITIONS.items() if need.status in sources]


ACTION_LABELS = {"publish": gettext_lazy("publish"), "pause": gettext_lazy("pause"), "close": gettext_lazy("close"),
                 "reopen": gettext_lazy("reopen")}


def _transition(*, actor, need: Need, action: str) -> Need:
    _require(actor, "volunteers.change_need", need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    sources, target = TRANSITIONS[action]
    if need.status not in sources:
        raise ValidationError(_("You cannot %(action)s a need that is %(status)s") % {
            "action": ACTION_LABELS[action], "status": need.get_status_display().lower()}, code="transition")
    if target == NeedStatus.PUBLISHED:
        if not need.shifts.filter(starts_at__gt=timezone.now()).exists():
            raise ValidationError(_("Add at least one shift in the future before you publish the need"),
                                  code="no_shifts")
        if need.published_at is None:
            need.published_at = timezone.now()
    before = need.status
    need.status = target
    need.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action=f"volunteers.need_{action}", target=need, changes={"status": [before, target]})
    return need


@transaction.atomic
def need_publish(*, actor, need: Need) -> Need:
    """Show the need to volunteers, and offer its places to the best-suited ones at once. It needs a shift to come."""
    need = _transition(actor=actor, need=need, action="publish")
    from ..tasks_matching import matching_need_task

    # Should the broker be down, the need is still published and the next national batch offers its places.
    enqueue_on_commit(matching_need_task, need.pk)
    return need


@transaction.atomic
def need_pause(*, actor, need: Need) -> Need:
    """Stop new applications for a while; existing bookings stand."""
    return _transition(actor=actor, need=need, action="pause")


@transaction.atomic
def need_close(*, actor, need: Need) -> Need:
    return _transition(actor=actor, need=need, action="close")


@transaction.atomic
def need_reopen(*, actor, need: Need) -> Need:
    """A closed need goes back to draft, to be checked and published again."""
    return _transition(actor=actor, need=need, action="reopen")


@transaction.atomic
def need_fullness_refresh(*, actor, need_id: int) -> str:
    """A published need becomes full when no shift still to come has a free place, and published again when one
    does; other states are left alone. Returns the need's status.

    Every service that takes or frees a place, or changes shifts, calls this after its own change. It locks the
    need after the shift (the one lock order), so of two bookings racing for a need's last places, the one that
    commits second sees both and decides. `actor` is None when a task makes the change (an offer running out).
    """
    need = Need.objects.select_for_update().get(pk=need_id)
    if need.status not in TAKING_SIGN_UPS:
        return need.status
    to_come = Shift.objects.filter(need=need, starts_at__gt=timezone.now())
    free = to_come.annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=PLACE_TAKING_STATES))
    ).filter(taken__lt=F("places"))
    # With no shift to come the need is not full, only over: search stops listing it without a state change.
    target = NeedStatus.FULL if to_come.exists() and not free.exists() else NeedStatus.PUBLISHED
    if target != need.status:
        before = need.status
        need.status = target
        need.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="volunteers.need_full" if target == NeedStatus.FULL
                     else "volunteers.need_places_free", target=need, changes={"status": [before, target]})
    return need.status


# Shifts ---------------------------------------------------------------------------------------------------------

def clean_shift(*, starts_at, ends_at, places, now: datetime.datetime | None = None) -> dict:
    """A shift's start, end and places checked together; errors name the field."""
    errors: dict[str, str] = {}
    now = now or timezone.now()
    if not isinstance(starts_at, datetime.datetime):
        errors["starts_at"] = _("Enter the start date and time, like 2026-12-01 09:00")
    elif timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if not isinstance(ends_at, datetime.datetime):
        errors["ends_at"] = _("Enter the end date and time, like 2026-12-01 13:00")
    elif timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    if "starts_at" not in errors and starts_at <= now:
        errors["starts_at"] = _("The start must be in the future")
    if not errors and ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start")
    elif not errors and ends_at - starts_at > datetime.timedelta(hours=24):
        errors["ends_at"] = _("A shift must be 24 hours or shorter. Add one shift for each day")
    if isinstance(places, bool) or not isinstance(places, int):
        errors["places"] = _("Enter the number of places as a whole number, like 4")
    elif not MIN_PLACES <= places <= MAX_PLACES:
        errors["places"] = _("Places must be between 1 and 1,000")
    if errors:
        raise ValidationError(errors)
    return {"starts_at": starts_at, "ends_at": ends_at, "places": places}


def _shift_changeable(need: Need) -> None:
    if need.status == NeedStatus.CLOSED:
        raise ValidationError(_("Reopen the need before you change its shifts"), code="closed")


def _describe_shift(shift: Shift) -> dict:
    return {"starts_at": shift.starts_at.isoformat(), "ends_at": shift.ends_at.isoformat(), "places": shift.places}


@transaction.atomic
def shift_add(*, actor, need: Need, starts_at, ends_at, places) -> Shift:
    _require(actor, "volunteers.change_need", need)
    _shift_changeable(need)
    shift = Shift.objects.create(need=need, **clean_shift(starts_at=starts_at, ends_at=ends_at, places=places))
    audit_record(actor=actor, action="volunteers.shift_added", target=shift, metadata={
        "need": need.pk, **_describe_shift(shift)})
    need_fullness_refresh(actor=actor, need_id=need.pk)
    return shift


def booked_places(shift: Shift) -> int:
    return shift.bookings.filter(status__in=PLACE_TAKING_STATES).count()


@transaction.atomic
def shift_update(*, actor, shift: Shift, starts_at=None, ends_at=None, places=None) -> Shift:
    """Change a shift's times or places; it cannot have fewer places than volunteers already booked."""
    _require(actor, "volunteers.change_need", shift.need)
    _shift_changeable(shift.need)
    # Locked so a booking cannot take a place between counting and saving.
    shift = Shift.objects.select_for_update().select_related("need").get(pk=shift.pk)
    before = _describe_shift(shift)
    times_changed = (starts_at is not None and starts_at != shift.starts_at) or (
        ends_at is not None and ends_at != shift.ends_at)
    new_starts = starts_at if starts_at is not None else shift.starts_at
    new_ends = ends_at if ends_at is not None else shift.ends_at
    new_places = places if places is not None else shift.places
    try:
        cleaned = clean_shift(starts_at=new_starts, ends_at=new_ends, places=new_places)
    except ValidationError as error:
        errors = error.message_dict
        # A shift already under way may still gain or lose places; only new times must be in the future.
        if not times_changed:
            errors.pop("starts_at", None)
        if errors:
            raise ValidationError({field: messages[0] for field, messages in errors.items()}) from None
        cleaned = {"starts_at": new_starts, "ends_at": new_ends, "places": new_places}
    booked = booked_places(shift)
    if cleaned["places"] < booked:
        raise ValidationError({"places": _("%(booked)s volunteers are booked on this shift. Places must be "
                                           "%(booked)s or more") % {"booked": booked}})
    for field, value in cleaned.items():
        setattr(shift, field, value)
    shift.save(update_fields=["starts_at", "ends_at", "places"])
    changes = _changes(before, _describe_shift(shift))
    if changes:
        audit_record(actor=actor, action="volunteers.shift_updated", target=shift, changes=changes)
        need_fullness_refresh(actor=actor, need_id=shift.need_id)
    return shift


@transaction.atomic
def shift_remove(*, actor, shift: Shift) -> None:
    """Remove a shift nobody is booked on or waiting for."""
    _require(actor, "volunteers.change_need", shift.need)
    shift = Shift.objects.select_for_update().select_related("need").get(pk=shift.pk)
    if shift.bookings.filter(status__in=ACTIVE_BOOKING_STATES).exists():
        raise ValidationError(_("Volunteers have applied for or booked this shift. Cancel their bookings before "
                                "you remove it"), code="booked")
    audit_record(actor=actor, action="volunteers.shift_removed", target=shift.need, metadata={
        "shift": shift.pk, **_describe_shift(shift)})
    shift.delete()
    need_fullness_refresh(actor=actor, need_id=shift.need_id)


def _clean_rows(rows: list[dict], label: str) -> tuple[list[dict], list[tuple[int, str]]]:
    """Each row checked by the one shift rule; errors as (line, "Label line: message")."""
    now = timezone.now()
    cleaned, errors = [], []
    for position, row in enumerate(rows, start=1):
        line = row.get("line", position)
        try:
            cleaned.append(clean_shift(starts_at=row.get("starts_at"), ends_at=row.get("ends_at"),
                                       places=row.get("places"), now=now))
        except ValidationError as error:
            for messages in error.message_dict.values():
                errors += [(line, f"{label} {line}: {message}") for message in messages]
    return cleaned, errors


@transaction.atomic
def shifts_add_many(*, actor, need: Need, rows: list[dict], label: str = "") -> list[Shift]:
    """Add many shifts at once, all or nothing. Each row is {starts_at, ends_at, places[, line]}; errors start
    with the row's label and line, like "Line 3: The end must be after the start"."""
    _require(actor, "volunteers.change_need", need)
    _shift_changeable(need)
    label = label or _("Row")
    if not rows:
        raise ValidationError(_("Add at least one shift"), code="empty")
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(_("Add %(max)s shifts or fewer at a time") % {"max": MAX_IMPORT_ROWS}, code="too_many")
    cleaned, errors = _clean_rows(rows, label)
    if errors:
        raise ValidationError([message for _line, message in errors], code="rows")
    shifts = Shift.objects.bulk_create([Shift(need=need, **row) for row in cleaned])
    audit_record(actor=actor, action="volunteers.shifts_added", target=need, metadata={"count": len(shifts)})
    need_fullness_refresh(actor=actor, need_id=need.pk)
    return shifts


@transaction.atomic
def shifts_add_recurring(*, actor, need: Need, starts_at, ends_at, places, weeks) -> list[Shift]:
    """The same shift every week for `weeks` weeks (1 to 52), at the same local time across clock changes."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError({"weeks": _("Number of weeks must be between 1 and 52")})
    first = clean_shift(starts_at=starts_at, ends_at=ends_at, places=places)
    local_start = timezone.localtime(first["starts_at"]).replace(tzinfo=None)
    local_end = timezone.localtime(first["ends_at"]).replace(tzinfo=None)
    rows = [
        {"starts_at": timezone.make_aware(local_start + datetime.timedelta(weeks=week)),
         "ends_at": timezone.make_aware(local_end + datetime.timedelta(weeks=week)), "places": places,
         "line": week + 1}
        for week in range(weeks)
    ]
    return shifts_add_many(actor=actor, need=need, rows=rows, label=_("Week"))


def _read_shifts_csv(content: bytes | str) -> tuple[list[dict], list[tuple[int, str]]]:
    """Rows of a shifts CSV (columns start, end, places; times like 2026-12-01 09:00) with their line numbers,
    and the (line, message) of every value it cannot read. Raises ValidationError if the file is unusable."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file must be saved as UTF-8. In your spreadsheet, save it as ‘CSV UTF-8’ "
                                    "and upload it again"), code="encoding") from None
    if "\x00" in content:
        raise ValidationError(_("The file must be a CSV file"), code="not_csv")
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ValidationError(_("The file is empty. Add a header line with the columns start, end, places"),
                                  code="empty")
        columns = [cell.strip().lower() for cell in header]
        missing = [name for name in CSV_COLUMNS if name not in columns]
        extra = [cell for cell in columns if cell not in CSV_COLUMNS]
        duplicated = sorted({cell for cell in columns if columns.count(cell) > 1})
        if missing or extra or duplicated:
            problems = []
            if missing:
                problems.append(_("missing %(columns)s") % {"columns": ", ".join(missing)})
            if extra:
                problems.append(_("not expected %(columns)s") % {"columns": ", ".join(extra)})
            if duplicated:
                problems.append(_("repeated %(columns)s") % {"columns": ", ".join(duplicated)})
            raise ValidationError(_("The first line must name the columns start, end, places (%(problems)s)")
                                  % {"problems": "; ".join(problems)}, code="columns")
        index = {name: columns.index(name) for name in CSV_COLUMNS}
        rows, errors = [], []
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                errors.append((line, _("Line %(line)s: expected %(expected)s values, found %(found)s") % {
                    "line": line, "expected": len(columns), "found": len(cells)}))
                continue
            row, problems = {"line": line}, []
            for name, field in (("start", "starts_at"), ("end", "ends_at")):
                value = cells[index[name]].strip()
                try:
                    row[field] = datetime.datetime.strptime(value, CSV_DATETIME_FORMAT)
                except ValueError:
                    problems.append(_("%(column)s must be a date and time like 2026-12-01 09:00, not “%(value)s”")
                                    % {"column": name, "value": value[:40]})
            value = cells[index["places"]].strip()
            try:
                row["places"] = int(value)
            except ValueError:
                problems.append(_("places must be a whole number, like 4, not “%(value)s”") % {"value": value[:40]})
            errors += [(line, _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem})
                       for problem in problems]
            if not problems:
                rows.append(row)
            if len(rows) + len(errors) > MAX_IMPORT_ROWS:
                raise ValidationError(_("The file has more than %(max)s shifts. Split it into smaller files")
                                      % {"max": MAX_IMPORT_ROWS}, code="too_many")
    except csv.Error as error:
        raise ValidationError(_("Line %(line)s: the file could not be read as CSV (%(error)s)") % {
            "line": reader.line_num, "error": error}, code="not_csv") from None
    if not rows and not errors:
        raise ValidationError(_("The file has no shifts. Add one line for each shift under the header"),
                              code="empty")
    return rows, errors


def parse_shifts_csv(content: bytes | str) -> list[dict]:
    """Read and check every line of a shifts CSV, raising one ValidationError listing each bad line in order."""
    rows, errors = _read_shifts_csv(content)
    cleaned, row_errors = _clean_rows(rows, _("Line"))
    errors = sorted(errors + row_errors, key=lambda error: error[0])
    if errors:
        raise ValidationError([message for _line, message in errors], code="rows")
    return [{**row, "line": source["line"]} for row, source in zip(cleaned, rows, strict=True)]


@transaction.atomic
def shifts_import_csv(*, actor, need: Need, content: bytes | str) -> list[Shift]:
    """Add every shift in a CSV file, or none of them if any line is wrong."""
    _require(actor, "volunteers.change_need", need)
    return shifts_add_many(actor=actor, need=need, rows=parse_shifts_csv(content), label=_("Line"))
