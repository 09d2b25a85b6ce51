"""An active parish's pages through the real views: what the public sees, what members and officers do, the
errors they are shown, and the 404 for everyone who may not."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from parishes.models import (
    Evaluation,
    Meeting,
    Office,
    Outcome,
    ParishDecision,
    ProposalStatus,
    RenewalRequest,
    Spending,
    Vote,
)
from parishes.services import add_months

from .factories import ProposalFactory, neighbourhood
from .factories_active import active_parish, add_member, add_officer, chair_of, meeting_of

pytestmark = pytest.mark.django_db


def url(name, parish, *args):
    return reverse(f"parishes:{name}", args=[parish.slug, *args])


def day_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def parish(hood):
    return active_parish(hood, budget_cap="500")


@pytest.fixture
def chair(client, parish):
    person = chair_of(parish)
    client.force_login(person)
    return person


def carried(parish, meeting=None):
    return ParishDecision.objects.create(meeting=meeting or meeting_of(parish, days=-1), parish=parish,
                                         title="Buy bulbs", motion="That the parish buys bulbs", members_count=3,
                                         quorum=3, votes_for=3, outcome=Outcome.CARRIED)


# The proposal page and the public pages ------------------------------------------------------------------------

def test_the_proposal_page_shows_the_parish_at_work(client, parish):
    html = client.get(url("proposal", parish)).content.decode()
    assert "The parish at work" in html
    days = (parish.sunset_on - timezone.localdate()).days
    assert f"{days} days left" in html and "Look after green spaces" in html
    assert chair_of(parish).full_name in html and "(interim)" in html
    assert "£0.00 spent of £500.00 delegated; £500.00 left" in html
    assert url("parish-members", parish) in html


def test_a_proposal_that_is_not_a_parish_shows_no_parish(client, hood):
    petition = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.PUBLISHED)
    html = client.get(url("proposal", petition)).content.decode()
    assert "The parish at work" not in html and "parish-members" not in html
    assert client.get(url("parish-members", petition)).status_code == 404


def test_an_ended_parish_keeps_its_record_and_says_its_powers_ended(client, parish):
    parish.status, parish.ended_at = ProposalStatus.ENDED, timezone.now()
    parish.save(update_fields=["status", "ended_at"])
    html = client.get(url("proposal", parish)).content.decode()
    assert "The parish's record" in html and "Its powers ended after" in html
    members = client.get(url("parish-members", parish)).content.decode()
    assert "nothing more can be changed" in members and "Join the parish" not in members


def test_the_public_sees_how_many_members_and_who_holds_office_but_not_members_names(client, parish):
    member = add_member(parish, full_name="Priya Shah")
    html = client.get(url("parish-members", parish)).content.decode()
    assert "2 members" in html and chair_of(parish).full_name in html
    assert member.full_name not in html and "Sign in to join the parish" in html
    client.force_login(member)
    assert member.full_name in client.get(url("parish-members", parish)).content.decode()


def test_officers_never_appear_by_email(client, parish):
    chair = chair_of(parish)
    chair.full_name = ""
    chair.save(update_fields=["full_name"])
    html = client.get(url("parish-officers", parish)).content.decode()
    assert chair.email not in html and "Name not given" in html


# Joining and leaving -------------------------------------------------------------------------------------------

def test_a_resident_joins_and_leaves_through_the_page(client, hood, parish):
    person = hood.resident()
    client.force_login(person)
    response = client.post(url("parish-join", parish))
    assert response.status_code == 302 and response.url == url("parish-members", parish)
    assert "You are a member of this parish." in client.get(url("parish-members", parish)).content.decode()
    assert client.post(url("parish-leave", parish)).status_code == 302


def test_joining_from_outside_the_area_says_why(client, hood, parish):
    client.force_login(hood.outsider())
    response = client.post(url("parish-join", parish))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Error:" in html and "Your postcode SR5 1AA is outside the area of" in html


def test_join_and_leave_take_only_post(client, hood, parish):
    client.force_login(hood.resident())
    assert client.get(url("parish-join", parish)).status_code == 405
    assert client.post(url("parish-leave", parish)).status_code == 404


# Officers ------------------------------------------------------------------------------------------------------

def test_the_chair_appoints_a_clerk_through_the_form(client, parish, chair):
    clerk = add_member(parish)
    page = client.get(url("parish-appoint", parish))
    assert page.status_code == 200 and clerk.display_name in page.content.decode()
    response = client.post(url("parish-appoint", parish), {"office": "clerk", "user": clerk.pk, "decision": ""})
    assert response.status_code == 302
    html = client.get(url("parish-officers", parish)).content.decode()
    assert clerk.full_name in html


def test_appointing_a_non_member_or_nothing_is_refused_on_the_form(client, hood, parish, chair):
    response = client.post(url("parish-appoint", parish), {"office": "", "user": hood.resident().pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Choose chair, clerk or treasurer" in html
    assert "Choose a member of the parish" in html


def test_the_clerk_is_told_a_decision_is_needed(client, parish):
    clerk = add_officer(parish, Office.CLERK)
    newcomer = add_member(parish)
    client.force_login(clerk)
    response = client.post(url("parish-appoint", parish), {"office": "chair", "user": newcomer.pk, "decision": ""})
    assert "Only the chair can appoint without one" in response.content.decode()
    decision = carried(parish)
    response = client.post(url("parish-appoint", parish),
                           {"office": "chair", "user": newcomer.pk, "decision": decision.pk})
    assert response.status_code == 302 and chair_of(parish) == newcomer


def test_standing_down_alone_is_refused_on_the_page(client, parish, chair):
    response = client.post(url("parish-stand-down", parish), {"office": "chair"})
    assert "Appoint a clerk before you stand down as chair" in response.content.decode()


@pytest.mark.parametrize("name", ["parish-appoint", "parish-stand-down", "parish-meeting-new", "parish-spend",
                                  "parish-renewal-request", "parish-evaluation-publish", "parish-delegate"])
def test_members_without_office_get_404_on_the_officers_pages(client, parish, name):
    client.force_login(add_member(parish))
    assert client.get(url(name, parish)).status_code == 404


@pytest.mark.parametrize("name", ["parish-appoint", "parish-meeting-new", "parish-spend", "parish-renewal-request",
                                  "parish-evaluation-publish"])
def test_the_chair_of_an_ended_parish_gets_404(client, parish, chair, name):
    parish.status = ProposalStatus.ENDED
    parish.save(update_fields=["status"])
    assert client.get(url(name, parish)).status_code == 404


# Meetings and decisions ----------------------------------------------------------------------------------------

def meeting_fields(day, **kwargs):
    return {"title": "Summer fair planning", **day_fields("date", day), "time": "19:00",
            "place": "The village hall", "online_url": "", "agenda": ""} | kwargs


def test_the_chair_schedules_a_meeting_through_the_form(client, parish, chair, django_capture_on_commit_callbacks):
    day = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("parish-meeting-new", parish), meeting_fields(day, agenda="1. The fair"))
    meeting = Meeting.objects.get(parish=parish)
    assert response.status_code == 302 and response.url == url("parish-meeting", parish, meeting.pk)
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(19)
    html = client.get(url("parish-meetings", parish)).content.decode()
    assert "Summer fair planning" in html and "Coming up" in html
    html = client.get(url("parish-meeting", parish, meeting.pk)).content.decode()
    assert "1. The fair" in html and "Cancel the meeting" in html


@pytest.mark.parametrize(("change", "message"), [
    ({"time": "7pm"}, "Enter the start time using the 24-hour clock, like 19:00"),
    ({"time": ""}, "Enter the start time, like 19:00"),
    ({"place": "", "online_url": ""}, "Enter where the meeting is held, or a link to join it online"),
    ({"title": ""}, "Enter the title of the meeting"),
])
def test_bad_meetings_show_errors(client, parish, chair, change, message):
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(url("parish-meeting-new", parish), meeting_fields(day, **change))
    html = response.content.decode()
    assert response.status_code == 200 and "Error:" in html and message in html
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_past_is_refused_against_the_date(client, parish, chair):
    response = client.post(url("parish-meeting-new", parish),
                           meeting_fields(timezone.localdate() - datetime.timedelta(days=1)))
    assert "Enter a date and time in the future" in response.content.decode()
    assert not Meeting.objects.exists()


def test_agenda_minutes_and_cancelling_pages(client, parish, chair):
    future = meeting_of(parish, days=3)
    assert client.post(url("parish-meeting-agenda", parish, future.pk), {"text": "1. Apologies"}).status_code == 302
    response = client.post(url("parish-meeting-minutes", parish, future.pk), {"text": "We met."})
    assert "Minutes can be published once the meeting has taken place" in response.content.decode()
    response = client.post(url("parish-meeting-cancel", parish, future.pk), {"text": ""})
    assert "Enter the reason for cancelling the meeting" in response.content.decode()
    assert client.post(url("parish-meeting-cancel", parish, future.pk), {"text": "Flooded"}).status_code == 302
    assert "This meeting is cancelled: Flooded" in client.get(url("parish-meeting", parish, future.pk)).content.decode()
    past = meeting_of(parish, days=-1)
    assert client.post(url("parish-meeting-minutes", parish, past.pk), {"text": "We met."}).status_code == 302
    assert "We met." in client.get(url("parish-meeting", parish, past.pk)).content.decode()


def test_another_parishs_meeting_is_404_under_this_parish(client, hood, parish, chair):
    other = meeting_of(active_parish(hood))
    assert client.get(url("parish-meeting", parish, other.pk)).status_code == 404
    assert client.get(url("parish-meeting-agenda", parish, other.pk)).status_code == 404


def test_a_decision_is_recorded_with_each_members_vote(client, parish, chair):
    others = [add_member(parish) for _ in range(3)]
    meeting = meeting_of(parish, days=-1)
    page = client.get(url("parish-decision-new", parish, meeting.pk)).content.decode()
    assert "at least 3 must be present" in page
    data = {"title": "The summer fair", "motion": "That we hold a fair", f"vote_{chair.pk}": "for",
            f"vote_{others[0].pk}": "for", f"vote_{others[1].pk}": "against", f"vote_{others[2].pk}": "absent"}
    response = client.post(url("parish-decision-new", parish, meeting.pk), data)
    decision = ParishDecision.objects.get(parish=parish)
    assert response.status_code == 302 and response.url == url("parish-decision", parish, decision.pk)
    assert Vote.objects.filter(decision=decision).count() == 3 and decision.outcome == Outcome.CARRIED
    client.logout()
    public = client.get(url("parish-decision", parish, decision.pk)).content.decode()
    assert "Carried: 2 for, 1 against, 0 abstained" in public and others[1].display_name not in public
    client.force_login(others[0])
    assert others[1].display_name in client.get(url("parish-decision", parish, decision.pk)).content.decode()
    assert "The summer fair" in client.get(url("parish-decisions", parish)).content.decode()


def test_a_decision_without_votes_or_a_bad_vote_shows_errors(client, parish, chair):
    meeting = meeting_of(parish, days=-1)
    response = client.post(url("parish-decision-new", parish, meeting.pk),
                           {"title": "", "motion": "", f"vote_{chair.pk}": "absent"})
    html = response.content.decode()
    assert "Record the vote of each member present" in html and "Enter the title of the decision" in html
    response = client.post(url("parish-decision-new", parish, meeting.pk),
                           {"title": "T", "motion": "M", f"vote_{chair.pk}": "maybe"})
    assert "Choose how" in response.content.decode()
    assert not ParishDecision.objects.exists()


# The budget ----------------------------------------------------------------------------------------------------

def spending_fields(**kwargs):
    return {**day_fields("spent_on", timezone.localdate()), "payee": "Hendon Garden Centre",
            "purpose": "Bulbs", "amount": "120.50", "decision": ""} | kwargs


def test_spending_is_recorded_shown_and_downloaded(client, parish, chair):
    decision = carried(parish)
    response = client.post(url("parish-spend", parish), spending_fields(decision=decision.pk))
    assert response.status_code == 302 and Spending.objects.get().decision == decision
    client.logout()
    html = client.get(url("parish-budget", parish)).content.decode()
    assert "Hendon Garden Centre" in html and "£379.50" in html and "Buy bulbs" in html
    csv = client.get(url("parish-spending-csv", parish))
    assert csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0] == "date,paid_to,purpose,amount_gbp,decision"
    assert lines[1] == f"{timezone.localdate().isoformat()},Hendon Garden Centre,Bulbs,120.50,Buy bulbs"


@pytest.mark.parametrize(("change", "message"), [
    ({"amount": "600"}, "This is more than the £500.00 left of the delegated budget"),
    ({"amount": "-5"}, "Enter an amount more than 0 pounds"),
    ({"amount": "five"}, "Enter the amount in pounds and pence, like 125.50"),
    ({"payee": ""}, "Enter who was paid"),
    ({"decision": "999999"}, "Choose a decision of this parish that was carried, or none"),
])
def test_bad_spending_shows_errors(client, parish, chair, change, message):
    response = client.post(url("parish-spend", parish), spending_fields(**change))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Spending.objects.exists()


def test_the_council_sets_the_delegated_budget_within_its_cap(client, hood, parish):
    client.force_login(hood.officer)
    assert "capped the budget at £500.00" in client.get(url("parish-delegate", parish)).content.decode()
    response = client.post(url("parish-delegate", parish), {"amount": "501"})
    assert "no more than the council&#x27;s cap of £500.00" in response.content.decode()
    assert client.post(url("parish-delegate", parish), {"amount": "450"}).status_code == 302
    assert "£450.00" in client.get(url("parish-budget", parish)).content.decode()


def test_another_councils_officer_gets_404_on_the_councils_pages(client, parish):
    elsewhere = neighbourhood("E08000037", "Gateshead", inside="NE8 1AA", outside="NE9 1AA")
    client.force_login(elsewhere.officer)
    assert client.get(url("parish-delegate", parish)).status_code == 404
    renewal = RenewalRequest.objects.create(parish=parish, current_sunset_on=parish.sunset_on,
                                            requested_sunset_on=add_months(parish.sunset_on, 12), reasons="Well.")
    assert client.get(url("parish-renewal-decide", parish, renewal.pk)).status_code == 404


# Renewal and evaluation ----------------------------------------------------------------------------------------

def test_the_chair_asks_for_renewal_and_the_council_decides(client, hood, parish, chair):
    too_soon = add_months(parish.sunset_on, 2)
    response = client.post(url("parish-renewal-request", parish), {**day_fields("sunset_on", too_soon),
                                                                   "reasons": "Going well."})
    assert "The new sunset date must be between" in response.content.decode()
    wanted = add_months(parish.sunset_on, 12)
    response = client.post(url("parish-renewal-request", parish), {**day_fields("sunset_on", wanted),
                                                                   "reasons": "Going well."})
    assert response.status_code == 302
    renewal = RenewalRequest.objects.get(parish=parish)
    client.force_login(hood.officer)
    html = client.get(url("parish-renewal", parish)).content.decode()
    assert "Going well." in html and url("parish-renewal-decide", parish, renewal.pk) in html
    response = client.post(url("parish-renewal-decide", parish, renewal.pk), {"decision": "approved", "reasons": ""})
    assert "Enter the reasons for the decision" in response.content.decode()
    response = client.post(url("parish-renewal-decide", parish, renewal.pk),
                           {"decision": "approved", "reasons": "It has done well."})
    assert response.status_code == 302
    parish.refresh_from_db()
    assert parish.sunset_on == wanted
    # Decided, the request's decision page is gone.
    assert client.get(url("parish-renewal-decide", parish, renewal.pk)).status_code == 404


def test_the_chair_publishes_the_evaluation(client, parish, chair):
    response = client.post(url("parish-evaluation-publish", parish), {"achievements": "", "evidence": "Photos"})
    html = response.content.decode()
    assert "Enter what the parish achieved" in html
    assert "Select yes if the parish seeks to become a permanent parish council" in html
    response = client.post(url("parish-evaluation-publish", parish),
                           {"achievements": "A cleaner park", "evidence": "Photos", "seeks_permanent": "yes"})
    assert response.status_code == 302 and Evaluation.objects.get().seeks_permanent
    client.logout()
    html = client.get(url("parish-evaluation", parish)).content.decode()
    assert "A cleaner park" in html and "seeks to become a permanent parish council" in html


def test_the_proposal_page_of_a_parish_reads_a_bounded_number_of_queries(client, parish,
                                                                          django_assert_max_num_queries):
    for _ in range(5):
        add_member(parish)
        meeting_of(parish)
    with django_assert_max_num_queries(30):
        assert client.get(url("proposal", parish)).status_code == 200


def test_a_renewal_left_undecided_at_the_sunset_date_says_so(client, parish):
    RenewalRequest.objects.create(parish=parish, current_sunset_on=parish.sunset_on,
                                  requested_sunset_on=add_months(parish.sunset_on, 12), reasons="Well.")
    assert "Waiting for the council" in client.get(url("parish-renewal", parish)).content.decode()
    parish.status = ProposalStatus.ENDED
    parish.save(update_fields=["status"])
    for page in (url("parish-renewal", parish), url("proposal", parish)):
        html = client.get(page).content.decode()
        assert "Not decided before the sunset date" in html and "Waiting for the council" not in html
