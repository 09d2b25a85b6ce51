"""Writes for an active parish's meetings: scheduling, the agenda, cancelling with a reason, the minutes, and the
decisions taken there with each present member's vote and the outcome the votes give."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.core.queueing import enqueue_on_commit

from .. import selectors_active
from ..models import Meeting, ParishDecision, Proposal, Vote, VoteChoice
from .active import acting_on, clean_text, tell
from .common import proposal_url

TITLE_MAX = 150
DECISION_TITLE_MAX = 200
PLACE_MAX = 300
URL_MAX = 500
AGENDA_MAX = 20000
MINUTES_MAX = 50000
MOTION_MAX = 5000
REASON_MAX = 2000

SCHEDULED = "parishes.meeting_scheduled"
AGENDA_PUBLISHED = "parishes.meeting_agenda_published"
CANCELLED = "parishes.meeting_cancelled"
MEETING_EVENTS = (SCHEDULED, AGENDA_PUBLISHED, CANCELLED)


def meeting_url(meeting: Meeting) -> str:
    try:
        return reverse("parishes:parish-meeting", kwargs={"slug": meeting.parish.slug, "pk": meeting.pk})
    except NoReverseMatch:
        return proposal_url(meeting.parish)


def _when(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "j F Y, H:i")


def _meeting(parish: Proposal, meeting: Meeting) -> Meeting:
    """The meeting locked, and checked to be the parish's own."""
    return Meeting.objects.select_for_update().select_related("parish").get(pk=meeting.pk, parish=parish)


def _optional_text(errors: dict, field: str, value, maximum: int) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if len(value) > maximum:
        errors[field] = _("This must be %(max)s characters or fewer") % {"max": f"{maximum:,}"}
    return value


def _tell_members_later(meeting: Meeting, event: str) -> None:
    # A parish may have hundreds of members: the workers tell them, once the meeting is saved.
    from ..tasks import parishes_meeting_notify_task

    enqueue_on_commit(parishes_meeting_notify_task, meeting.pk, event)


@transaction.atomic
def meeting_schedule(*, actor, parish: Proposal, title: str, starts_at: datetime.datetime, place: str = "",
                     online_url: str = "", agenda: str = "") -> Meeting:
    """The chair or clerk calls a meeting in the future, somewhere or online (or both), while the parish holds its
    powers; an agenda may come now or later. Members are told."""
    parish = acting_on(actor, parish, "parishes.run_meetings")
    errors: dict[str, str] = {}
    try:
        title = clean_text(title, "title", empty=_("Enter the title of the meeting"), maximum=TITLE_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
        title = ""
    if not isinstance(starts_at, datetime.datetime):
        errors["starts_at"] = _("Enter the date and time of the meeting")
    else:
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        if starts_at <= timezone.now():
            errors["starts_at"] = _("Enter a date and time in the future")
        elif timezone.localdate(starts_at) > parish.sunset_on:
            errors["starts_at"] = _("The meeting must be on or before %(day)s, the sunset date, while the parish "
                                    "holds its powers") % {"day": date_format(parish.sunset_on, "j F Y")}
    place = _optional_text(errors, "place", place, PLACE_MAX)
    online_url = _optional_text(errors, "online_url", online_url, URL_MAX)
    if online_url and "online_url" not in errors:
        try:
            URLValidator(schemes=["https", "http"])(online_url)
        except ValidationError:
            errors["online_url"] = _("Enter the link as a full web address, like https://meet.example.org/parish")
    if not place and not online_url and not {"place", "online_url"} & set(errors):
        errors["place"] = _("Enter where the meeting is held, or a link to join it online")
    agenda = _optional_text(errors, "agenda", agenda, AGENDA_MAX)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    meeting = Meeting.objects.create(parish=parish, title=title, starts_at=starts_at, place=place,
                                     online_url=online_url, agenda=agenda,
                                     agenda_published_at=now if agenda else None, scheduled_at=now,
                                     scheduled_by=actor)
    audit_record(actor=actor, action="parishes.meeting_scheduled", target=parish,
                 metadata={"meeting_id": meeting.pk, "starts_at": starts_at.isoformat(), "agenda": bool(agenda)})
    _tell_members_later(meeting, SCHEDULED)
    return meeting


@transaction.atomic
def meeting_publish_agenda(*, actor, meeting: Meeting, agenda: str) -> Meeting:
    """Publish (or correct) the agenda, up to the start of the meeting."""
    parish = acting_on(actor, meeting.parish, "parishes.run_meetings")
    meeting = _meeting(parish, meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled"))
    if selectors_active.has_started(meeting):
        raise ValidationError(_("The meeting has started, so its agenda can no longer change. Publish its minutes "
                                "after it"))
    agenda = clean_text(agenda, "agenda", empty=_("Enter the agenda"), maximum=AGENDA_MAX)
    first = meeting.agenda_published_at is None
    meeting.agenda, meeting.agenda_published_at = agenda, timezone.now()
    meeting.save(update_fields=["agenda", "agenda_published_at"])
    audit_record(actor=actor, action="parishes.meeting_agenda_published", target=parish,
                 metadata={"meeting_id": meeting.pk, "corrected": not first})
    if first:
        _tell_members_later(meeting, AGENDA_PUBLISHED)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting that has not started, with the reason members are given; the meeting stays listed."""
    parish = acting_on(actor, meeting.parish, "parishes.run_meetings")
    meeting = _meeting(parish, meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled already"))
    if selectors_active.has_started(meeting):
        raise ValidationError(_("The meeting has already taken place, so it cannot be cancelled"))
    reason = clean_text(reason, "reason", empty=_("Enter the reason for cancelling the meeting"),
                        maximum=REASON_MAX)
    meeting.cancelled_at, meeting.cancelled_by, meeting.cancel_reason = timezone.now(), actor, reason
    meeting.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit_record(actor=actor, action="parishes.meeting_cancelled", target=parish,
                 metadata={"meeting_id": meeting.pk, "reason": reason})
    _tell_members_later(meeting, CANCELLED)
    return meeting


@transaction.atomic
def meeting_publish_minutes(*, actor, meeting: Meeting, minutes: str) -> Meeting:
    """Publish (or correct) the minutes of a meeting that has taken place."""
    parish = acting_on(actor, meeting.parish, "parishes.run_meetings")
    meeting = _meeting(parish, meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled, so it has no minutes"))
    if not selectors_active.has_started(meeting):
        raise ValidationError(_("Minutes can be published once the meeting has taken place, from %(when)s")
                              % {"when": _when(meeting)})
    minutes = clean_text(minutes, "minutes", empty=_("Enter the minutes"), maximum=MINUTES_MAX)
    corrected = meeting.minutes_published_at is not None
    meeting.minutes, meeting.minutes_published_at = minutes, timezone.now()
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    audit_record(actor=actor, action="parishes.meeting_minutes_published", target=parish,
                 metadata={"meeting_id": meeting.pk, "corrected": corrected})
    return meeting


def meeting_notify_members(*, meeting_id: int, event: str) -> int:
    """Tell the parish's current members about a meeting (the task's work); once each, by key, so running it
    again sends nothing more. Nothing is sent about a meeting cancelled since, except its cancellation."""
    if event not in MEETING_EVENTS:
        raise ValueError(f"Unknown meeting event {event!r}")
    meeting = Meeting.objects.select_related("parish").filter(pk=meeting_id).first()
    if meeting is None or (meeting.is_cancelled and event != CANCELLED):
        return 0
    members = [m.user for m in selectors_active.current_members(meeting.parish).select_related("user")]
    tell(members, meeting.parish, event,
         {"meeting_title": meeting.title, "starts": _when(meeting), "place": meeting.place,
          "online_url": meeting.online_url, "reason": meeting.cancel_reason},
         key=f"{event}:{meeting.pk}", url=meeting_url(meeting))
    return len(members)


# Decisions -----------------------------------------------------------------------------------------------------

def _clean_votes(parish: Proposal, votes) -> dict:
    """{member: choice} checked: every voter a current member, every choice for, against or abstain."""
    if not isinstance(votes, dict) or not votes:
        raise ValidationError({"votes": _("Record the vote of each member present")})
    members = set(selectors_active.current_members(parish).values_list("user_id", flat=True))
    problems = []
    for person, choice in votes.items():
        if getattr(person, "pk", None) not in members:
            problems.append(_("%(name)s is not a member of the parish, so has no vote")
                            % {"name": getattr(person, "display_name", _("Someone"))})
        elif choice not in VoteChoice.values:
            problems.append(_("Choose for, against or abstain for %(name)s") % {"name": person.display_name})
    if problems:
        raise ValidationError({"votes": problems})
    return votes


@transaction.atomic
def decision_record(*, actor, meeting: Meeting, title: str, motion: str, votes: dict) -> ParishDecision:
    """Record a motion put to a meeting with each present member's vote ({member: "for" | "against" |
    "abstain"}); the outcome follows from the votes and the quorum (quorum_for the members today)."""
    parish = acting_on(actor, meeting.parish, "parishes.record_decision")
    meeting = _meeting(parish, meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting was cancelled, so it decided nothing"))
    if not selectors_active.has_started(meeting):
        raise ValidationError(_("Record decisions at or after the meeting, which starts at %(when)s")
                              % {"when": _when(meeting)})
    errors: dict = {}
    cleaned = {}
    for field, value, empty, maximum in (
            ("title", title, _("Enter the title of the decision"), DECISION_TITLE_MAX),
            ("motion", motion, _("Enter the motion members voted on"), MOTION_MAX)):
        try:
            cleaned[field] = clean_text(value, field, empty=empty, maximum=maximum)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        votes = _clean_votes(parish, votes)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    choices = list(votes.values())
    members = selectors_active.member_count(parish)
    counts = {"votes_for": choices.count(VoteChoice.FOR), "votes_against": choices.count(VoteChoice.AGAINST),
              "abstentions": choices.count(VoteChoice.ABSTAIN)}
    quorum = selectors_active.quorum_for(members)
    outcome = selectors_active.outcome_for(**counts, quorum=quorum)
    decision = ParishDecision.objects.create(meeting=meeting, parish=parish, title=cleaned["title"],
                                             motion=cleaned["motion"], members_count=members, quorum=quorum,
                                             outcome=outcome, recorded_by=actor, **counts)
    Vote.objects.bulk_create(Vote(decision=decision, voter=person, choice=choice) for person, choice in votes.items())
    audit_record(actor=actor, action="parishes.decision_recorded", target=parish,
                 metadata={"decision_id": decision.pk, "meeting_id": meeting.pk, "outcome": outcome,
                           "members": members, "quorum": quorum, **counts})
    return decision
