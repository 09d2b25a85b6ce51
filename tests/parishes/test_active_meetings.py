"""An active parish's meetings (scheduling, agenda, cancelling, minutes, members told) and its decisions with
recorded votes, the quorum and the outcome."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes import selectors_active
from parishes.models import Meeting, Office, Outcome, ProposalStatus, Vote
from parishes.services.meetings import (
    decision_record,
    meeting_cancel,
    meeting_notify_members,
    meeting_publish_agenda,
    meeting_publish_minutes,
    meeting_schedule,
)

from .factories_active import active_parish, add_member, add_officer, chair_of, meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def parish(hood):
    return active_parish(hood)


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def schedule(parish, actor=None, **kwargs):
    fields = {"title": "Summer fair planning", "starts_at": in_days(7), "place": "The village hall"} | kwargs
    return meeting_schedule(actor=actor or chair_of(parish), parish=parish, **fields)


def deliveries(event: str) -> list:
    return list(Delivery.objects.filter(event=event, channel="email").values_list("recipient_id", flat=True))


# Scheduling ----------------------------------------------------------------------------------------------------

def test_the_chair_schedules_a_meeting_and_members_are_told(parish, django_capture_on_commit_callbacks):
    members = [add_member(parish) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(parish, agenda="1. The summer fair")
    assert meeting.agenda_published_at is not None
    assert sorted(deliveries("parishes.meeting_scheduled")) == sorted([chair_of(parish).pk] + [m.pk for m in members])
    assert AuditEntry.objects.filter(action="parishes.meeting_scheduled").count() == 1


def test_the_clerk_schedules_an_online_meeting(parish):
    clerk = add_officer(parish, Office.CLERK)
    meeting = schedule(parish, clerk, place="", online_url="https://meet.example.org/parish")
    assert meeting.online_url == "https://meet.example.org/parish" and meeting.scheduled_by == clerk


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"starts_at": in_days(-1)}, "starts_at", "Enter a date and time in the future"),
    ({"starts_at": "next Tuesday"}, "starts_at", "Enter the date and time of the meeting"),
    ({"title": "  "}, "title", "Enter the title of the meeting"),
    ({"title": "x" * 151}, "title", "This must be 150 characters or fewer"),
    ({"place": ""}, "place", "Enter where the meeting is held, or a link to join it online"),
    ({"online_url": "meet dot example"}, "online_url",
     "Enter the link as a full web address, like https://meet.example.org/parish"),
    ({"online_url": "javascript:alert(1)"}, "online_url",
     "Enter the link as a full web address, like https://meet.example.org/parish"),
])
def test_bad_meetings_are_refused_and_nothing_saved(parish, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        schedule(parish, **fields)
    assert caught.value.message_dict[field] == [message]
    assert not selectors_active.meetings_of(parish).exists()


def test_a_meeting_after_the_sunset_date_is_refused(parish):
    after = timezone.make_aware(datetime.datetime.combine(parish.sunset_on + datetime.timedelta(days=1),
                                                          datetime.time(19)))
    with pytest.raises(ValidationError) as caught:
        schedule(parish, starts_at=after)
    assert "the sunset date, while the parish holds its powers" in caught.value.message_dict["starts_at"][0]


def test_members_without_office_and_outsiders_schedule_nothing(hood, parish):
    for person in (add_member(parish), add_officer(parish, Office.TREASURER), hood.resident(), hood.officer):
        with pytest.raises(PermissionDenied):
            schedule(parish, person)


def test_an_ended_parish_schedules_nothing(parish):
    chair = chair_of(parish)
    parish.status = ProposalStatus.ENDED
    parish.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        schedule(parish, chair)


# Agenda, cancelling, minutes -----------------------------------------------------------------------------------

def test_the_agenda_is_published_before_the_meeting_and_members_told_once(parish, django_capture_on_commit_callbacks):
    meeting = schedule(parish)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_agenda(actor=chair_of(parish), meeting=meeting, agenda="1. Apologies")
        meeting_publish_agenda(actor=chair_of(parish), meeting=meeting, agenda="1. Apologies\n2. The fair")
    meeting.refresh_from_db()
    assert meeting.agenda.endswith("The fair")
    assert deliveries("parishes.meeting_agenda_published") == [chair_of(parish).pk]
    assert AuditEntry.objects.filter(action="parishes.meeting_agenda_published").count() == 2


def test_the_agenda_cannot_change_once_the_meeting_has_started(parish):
    meeting = meeting_of(parish, days=-0.01)
    with pytest.raises(ValidationError) as caught:
        meeting_publish_agenda(actor=chair_of(parish), meeting=meeting, agenda="Late")
    assert caught.value.messages[0].startswith("The meeting has started")


def test_an_empty_agenda_is_refused(parish):
    with pytest.raises(ValidationError) as caught:
        meeting_publish_agenda(actor=chair_of(parish), meeting=schedule(parish), agenda=" ")
    assert caught.value.message_dict["agenda"] == ["Enter the agenda"]


def test_minutes_wait_for_the_meeting(parish):
    meeting = schedule(parish)
    with pytest.raises(ValidationError) as caught:
        meeting_publish_minutes(actor=chair_of(parish), meeting=meeting, minutes="We met.")
    assert caught.value.messages[0].startswith("Minutes can be published once the meeting has taken place, from ")
    with time_machine.travel(meeting.starts_at + datetime.timedelta(hours=2)):
        meeting_publish_minutes(actor=chair_of(parish), meeting=meeting, minutes="We met.")
        meeting_publish_minutes(actor=chair_of(parish), meeting=meeting, minutes="We met and agreed.")
    meeting.refresh_from_db()
    assert meeting.minutes == "We met and agreed."
    corrected = AuditEntry.objects.filter(action="parishes.meeting_minutes_published").order_by("pk")
    assert [e.metadata["corrected"] for e in corrected] == [False, True]


def test_a_meeting_is_cancelled_with_a_reason_members_are_given(parish, django_capture_on_commit_callbacks):
    member = add_member(parish)
    meeting = schedule(parish)
    with pytest.raises(ValidationError) as caught:
        meeting_cancel(actor=chair_of(parish), meeting=meeting, reason="")
    assert caught.value.message_dict["reason"] == ["Enter the reason for cancelling the meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=chair_of(parish), meeting=meeting, reason="The hall is flooded")
    assert member.pk in deliveries("parishes.meeting_cancelled")
    body = Delivery.objects.filter(event="parishes.meeting_cancelled", recipient=member).first().body
    assert "The hall is flooded" in body
    with pytest.raises(ValidationError) as caught:
        meeting_cancel(actor=chair_of(parish), meeting=meeting, reason="Again")
    assert caught.value.messages == ["The meeting is cancelled already"]
    for publish in (meeting_publish_agenda,):
        with pytest.raises(ValidationError):
            publish(actor=chair_of(parish), meeting=meeting, agenda="x")
    with time_machine.travel(meeting.starts_at + datetime.timedelta(hours=1)):
        with pytest.raises(ValidationError) as caught:
            meeting_publish_minutes(actor=chair_of(parish), meeting=meeting, minutes="x")
        assert caught.value.messages == ["The meeting was cancelled, so it has no minutes"]


def test_a_meeting_that_has_taken_place_is_not_cancelled(parish):
    with pytest.raises(ValidationError) as caught:
        meeting_cancel(actor=chair_of(parish), meeting=meeting_of(parish, days=-1), reason="Too late")
    assert caught.value.messages == ["The meeting has already taken place, so it cannot be cancelled"]


def test_another_parishs_officers_cannot_touch_the_meeting(hood, parish):
    other = active_parish(hood)
    meeting = schedule(parish)
    meeting.parish = other  # as if a view had been handed the wrong parish's officer
    with pytest.raises(Meeting.DoesNotExist):
        meeting_cancel(actor=chair_of(other), meeting=meeting, reason="Not ours")
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_telling_members_twice_sends_once_and_not_for_a_meeting_cancelled_since(parish):
    meeting = schedule(parish)
    assert meeting_notify_members(meeting_id=meeting.pk, event="parishes.meeting_scheduled") == 1
    meeting_notify_members(meeting_id=meeting.pk, event="parishes.meeting_scheduled")
    assert len(deliveries("parishes.meeting_scheduled")) == 1
    meeting_cancel(actor=chair_of(parish), meeting=meeting, reason="Rain")
    assert meeting_notify_members(meeting_id=meeting.pk, event="parishes.meeting_agenda_published") == 0
    assert meeting_notify_members(meeting_id=999999, event="parishes.meeting_scheduled") == 0


# Quorum and decisions -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("members", "quorum"), [(1, 3), (3, 3), (9, 3), (10, 4), (30, 10), (31, 11)])
def test_the_quorum_is_a_third_of_members_or_three_whichever_is_more(members, quorum):
    assert selectors_active.quorum_for(members) == quorum


def test_the_quorum_rule_is_a_setting(settings):
    settings.PARISH_QUORUM_FRACTION = "1/2"
    settings.PARISH_QUORUM_MINIMUM = 2
    assert [selectors_active.quorum_for(n) for n in (1, 4, 5)] == [2, 2, 3]


def _members(parish, count):
    return [chair_of(parish)] + [add_member(parish) for _ in range(count - 1)]


def test_a_decision_records_each_vote_and_is_carried(parish):
    people = _members(parish, 6)
    meeting = meeting_of(parish, days=-0.1)
    decision = decision_record(actor=chair_of(parish), meeting=meeting, title="The summer fair",
                               motion="That the parish holds a summer fair on 1 July",
                               votes={people[0]: "for", people[1]: "for", people[2]: "against", people[3]: "abstain"})
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (2, 1, 1)
    assert (decision.members_count, decision.quorum, decision.outcome) == (6, 3, Outcome.CARRIED)
    assert Vote.objects.filter(decision=decision).count() == 4
    assert selectors_active.outcome_reason(decision) == "Carried: 2 for, 1 against, 1 abstained"
    assert AuditEntry.objects.get(action="parishes.decision_recorded").metadata["outcome"] == "carried"


@pytest.mark.parametrize(("choices", "outcome", "reason"), [
    (["for", "against", "against"], Outcome.NOT_CARRIED, "Not carried: 1 for, 2 against, 0 abstained"),
    (["for", "against", "abstain"], Outcome.NOT_CARRIED, "Not carried, a tie: 1 for, 1 against, 1 abstained"),
    (["for", "for"], Outcome.INQUORATE,
     "Inquorate: 2 members voted, and the quorum was 3 of the 4 members"),
])
def test_outcomes_say_why(parish, choices, outcome, reason):
    people = _members(parish, 4)
    decision = decision_record(actor=chair_of(parish), meeting=meeting_of(parish, days=-1), title="Motion",
                               motion="That …", votes=dict(zip(people, choices, strict=False)))
    assert decision.outcome == outcome
    assert selectors_active.outcome_reason(decision) == reason


def test_a_vote_by_someone_not_a_member_is_refused(hood, parish):
    stranger = hood.resident()
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=chair_of(parish), meeting=meeting_of(parish, days=-1), title="Motion", motion="That …",
                        votes={chair_of(parish): "for", stranger: "for"})
    assert caught.value.message_dict["votes"] == [
        f"{stranger.display_name} is not a member of the parish, so has no vote"]
    assert not selectors_active.decisions_of(parish).exists()


@pytest.mark.parametrize(("votes", "field", "message"), [
    ({}, "votes", "Record the vote of each member present"),
    (None, "votes", "Record the vote of each member present"),
])
def test_a_decision_without_votes_is_refused(parish, votes, field, message):
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=chair_of(parish), meeting=meeting_of(parish, days=-1), title="", motion="",
                        votes=votes)
    assert caught.value.message_dict == {"title": ["Enter the title of the decision"],
                                         "motion": ["Enter the motion members voted on"], field: [message]}


def test_a_vote_must_be_for_against_or_abstain(parish):
    chair = chair_of(parish)
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=chair, meeting=meeting_of(parish, days=-1), title="Motion", motion="That …",
                        votes={chair: "maybe"})
    assert caught.value.message_dict["votes"] == [f"Choose for, against or abstain for {chair.display_name}"]


def test_decisions_wait_for_the_meeting_and_not_at_a_cancelled_one(parish):
    chair = chair_of(parish)
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=chair, meeting=meeting_of(parish, days=2), title="Motion", motion="That …",
                        votes={chair: "for"})
    assert caught.value.messages[0].startswith("Record decisions at or after the meeting, which starts at ")
    cancelled = meeting_of(parish, days=-1, cancelled_at=timezone.now(), cancel_reason="Rain")
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=chair, meeting=cancelled, title="Motion", motion="That …", votes={chair: "for"})
    assert caught.value.messages == ["The meeting was cancelled, so it decided nothing"]


def test_only_the_chair_or_clerk_records_decisions_and_not_once_ended(parish):
    member = add_member(parish)
    meeting = meeting_of(parish, days=-1)
    with pytest.raises(PermissionDenied):
        decision_record(actor=member, meeting=meeting, title="Motion", motion="That …", votes={member: "for"})
    chair = chair_of(parish)
    with time_machine.travel(parish.sunset_on + datetime.timedelta(days=1)):
        with pytest.raises(PermissionDenied):
            decision_record(actor=chair, meeting=meeting, title="Motion", motion="That …", votes={chair: "for"})
