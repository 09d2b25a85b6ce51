"""The council officers' pages on a proposal, through the real views: the queue, the review and its steps, the
consultation (with residents commenting on the public page and proposers answering requests for changes), and the
decision with its check-your-answers step; bad input in every form, and the 404 for everyone who may not."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from parishes.models import (
    ChangeRequest,
    ConsultationComment,
    ConsultationResponse,
    Proposal,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
    Review,
)
from parishes.services import (
    add_months,
    consultation_close,
    consultation_comment,
    consultation_open,
    review_request_changes,
    review_start,
)
from tests.accounts.factories import StaffUserFactory, UserFactory, enrol_totp
from tests.organisations.factories import MembershipFactory

from .factories import ProposalFactory, SignatureFactory, neighbourhood, standard_power

pytestmark = pytest.mark.django_db

QUEUE = reverse("parishes:council")


def url(name, proposal, *args):
    return reverse(f"parishes:{name}", args=[proposal.slug, *args])


def html_of(response) -> str:
    return response.content.decode()


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def officer(hood):
    """The neighbourhood council's officer, with the authenticator app every official role must use."""
    enrol_totp(hood.officer)
    return hood.officer


@pytest.fixture
def other_officer(db):
    """An officer of a council that does not cover the neighbourhood."""
    other = neighbourhood("E06000047", "County Durham", inside="DH1 1AA", outside="DH9 9AA")
    enrol_totp(other.officer)
    return other.officer


def valid_proposal(hood, **kwargs) -> Proposal:
    """A valid petition over the neighbourhood asking for two powers, with a lead and a co-proposer."""
    now = timezone.now()
    kwargs.setdefault("review_deadline", add_months(timezone.localdate(now), 12))
    proposal = ProposalFactory(
        created_by=hood.resident(), status=ProposalStatus.VALID, valid_at=now,
        published_at=now - datetime.timedelta(days=30), electors_at_validity=600, threshold_at_validity=187,
        sunset_on=add_months(timezone.localdate(now), 24),
        powers=[standard_power(), standard_power("events-and-markets")], **kwargs,
    )
    proposal.covering_authorities.set([hood.local_authority])
    Proposer.objects.create(proposal=proposal, user=UserFactory(), role=ProposerRole.CO_PROPOSER)
    return proposal


@pytest.fixture
def valid(hood):
    return valid_proposal(hood)


@pytest.fixture
def reviewing(officer, valid):
    review_start(actor=officer, proposal=valid)
    valid.refresh_from_db()
    return valid


@pytest.fixture
def consulting(officer, reviewing):
    consultation_open(actor=officer, proposal=reviewing)
    reviewing.refresh_from_db()
    return reviewing


def weeks_passed(proposal):
    """The consultation's weeks are over today."""
    Review.objects.filter(proposal=proposal).update(consultation_closes_on=timezone.localdate())


@pytest.fixture
def consulted(officer, consulting):
    weeks_passed(consulting)
    consultation_close(actor=officer, proposal=consulting)
    consulting.refresh_from_db()
    return consulting


# The queue -------------------------------------------------------------------------------------------------------

def test_the_queue_lists_the_councils_proposals_by_deadline_with_what_officers_act_on(
        client, hood, officer, reviewing, other_officer):
    soon = valid_proposal(hood, name="Millfield Parish", review_deadline=timezone.localdate() + datetime.timedelta(
        days=10))
    overdue = valid_proposal(hood, name="Deptford Parish", review_deadline=timezone.localdate() - datetime.timedelta(
        days=3))
    Review.objects.filter(proposal=reviewing).update(case_officer=officer,
                                                     consultation_closes_on=datetime.date(2031, 3, 14))
    petition = ProposalFactory(status=ProposalStatus.PUBLISHED, name="Hylton Petition")
    petition.covering_authorities.add(hood.local_authority)
    SignatureFactory(proposal=petition)
    elsewhere = ProposalFactory(status=ProposalStatus.VALID, name="Durham Parish")

    client.force_login(officer)
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = html_of(response)
    assert html.index("Deptford Parish") < html.index("Millfield Parish") < html.index(reviewing.name)
    assert "3 days overdue" in html and "10 days left" in html
    assert officer.display_name in html and "14 March 2031" in html and "Not assigned" in html
    assert url("review", soon) in html and url("review", overdue) in html
    # Petitions still gathering signatures are shown, linked to their public page, not to a review.
    assert "Hylton Petition" in html and url("proposal", petition) in html and url("review", petition) not in html
    assert elsewhere.name not in html


def test_the_queue_filters_by_status_and_says_when_a_status_is_not_one(client, officer, reviewing, hood):
    waiting = valid_proposal(hood, name="Millfield Parish")
    client.force_login(officer)
    html = html_of(client.get(QUEUE, {"status": "valid"}))
    assert waiting.name in html and reviewing.name not in html
    html = html_of(client.get(QUEUE, {"status": "under_review"}))
    assert reviewing.name in html and waiting.name not in html
    response = client.get(QUEUE, {"status": "approved"})
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html and "Choose a status from the list" in html
    assert waiting.name in html and reviewing.name in html


def test_the_queue_costs_the_same_queries_whatever_its_length(client, hood, officer):
    client.force_login(officer)
    review_start(actor=officer, proposal=valid_proposal(hood))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(5):
        review_start(actor=officer, proposal=valid_proposal(hood))
        SignatureFactory(proposal=ProposalFactory(status=ProposalStatus.PUBLISHED)).proposal.covering_authorities.add(
            hood.local_authority)
    assert queries() == one


def test_the_queue_is_for_council_officers_who_use_an_authenticator(client, hood, valid):
    assert client.get(QUEUE).status_code == 302  # to sign in
    client.force_login(hood.resident())
    assert client.get(QUEUE).status_code == 404
    client.force_login(hood.officer)  # no authenticator app yet
    assert client.get(QUEUE).url == reverse("mfa_activate_totp")


# The review page and starting or declining ----------------------------------------------------------------------

def test_the_review_page_shows_the_petition_area_powers_and_constitution(client, officer, valid):
    client.force_login(officer)
    response = client.get(url("review", valid))
    assert response.status_code == 200
    html = html_of(response)
    assert "0 signatures; 187 needed of the area's 600 electors" in html
    assert "data-areas-map" in html and "The park needs care." in html and "Our constitution." in html
    assert "Look after green spaces" in html and "days left" in html
    assert url("review-start", valid) in html and url("review-decline", valid) in html


def test_an_officer_starts_the_review(client, officer, valid):
    client.force_login(officer)
    response = client.post(url("review-start", valid))
    assert response.status_code == 302 and response.url == url("review", valid)
    valid.refresh_from_db()
    assert valid.status == ProposalStatus.UNDER_REVIEW
    html = html_of(client.get(response.url))
    assert "You have started the review for Sunderland" in html
    assert "The area is clearly defined" in html and url("review-checklist", valid, "area") in html
    assert url("review-start", valid) not in html


def test_starting_twice_says_so_and_changes_nothing(client, officer, reviewing):
    client.force_login(officer)
    response = client.post(url("review-start", reviewing))
    assert response.status_code == 200
    assert "The review has started already" in html_of(response)
    assert Review.objects.count() == 1
    assert client.get(url("review-start", reviewing)).status_code == 405


def test_an_officer_declines_a_petition_for_a_recent_review(client, officer, valid):
    client.force_login(officer)
    assert client.get(url("review-decline", valid)).status_code == 200
    last = timezone.localdate() - datetime.timedelta(days=200)
    response = client.post(url("review-decline", valid), {**date_fields("reviewed_on", last),
                                                          "reason": "We reviewed Hendon last year."})
    assert response.status_code == 302
    valid.refresh_from_db()
    assert valid.status == ProposalStatus.DECLINED and valid.decline_reason == "We reviewed Hendon last year."
    html = html_of(client.get(url("review", valid)))
    assert "We reviewed Hendon last year." in html and url("review-decline", valid) not in html


@pytest.mark.parametrize(("days_ago", "reason", "message"), [
    (200, "", "Enter the reason for declining the petition"),
    (365 * 3, "Reviewed.", "A petition can be declined only if the area was reviewed in the last 2 years"),
    (-5, "Reviewed.", "The date of the last review must be today or in the past"),
    (None, "Reviewed.", "Enter the date of the last review, like 14 3 2025"),
])
def test_declining_with_bad_input_says_what_to_fix(client, officer, valid, days_ago, reason, message):
    client.force_login(officer)
    data = {"reason": reason}
    if days_ago is not None:
        data |= date_fields("reviewed_on", timezone.localdate() - datetime.timedelta(days=days_ago))
    response = client.post(url("review-decline", valid), data)
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html and message in html
    valid.refresh_from_db()
    assert valid.status == ProposalStatus.VALID


# The review's steps ------------------------------------------------------------------------------------------------

def test_the_case_officer_is_assigned_from_the_councils_officers(client, hood, officer, reviewing):
    colleague = MembershipFactory(organisation=hood.council, roles=["officer"],
                                  user=UserFactory(full_name="Sam Okafor")).user
    client.force_login(officer)
    html = html_of(client.get(url("review-case-officer", reviewing)))
    assert "Sam Okafor" in html and "Who is the case officer?" in html
    response = client.post(url("review-case-officer", reviewing), {"officer": colleague.pk})
    assert response.status_code == 302
    assert Review.objects.get().case_officer == colleague
    assert "Sam Okafor" in html_of(client.get(url("review", reviewing)))


def test_a_case_officer_of_another_council_or_none_is_refused(client, officer, reviewing, other_officer):
    client.force_login(officer)
    for data in ({}, {"officer": other_officer.pk}, {"officer": "nobody"}):
        response = client.post(url("review-case-officer", reviewing), data)
        assert response.status_code == 200
        assert "Choose an officer of Sunderland as the case officer" in html_of(response)
    assert Review.objects.get().case_officer is None


def test_a_checklist_item_is_ticked_with_a_note_and_unticked(client, officer, reviewing):
    client.force_login(officer)
    page = url("review-checklist", reviewing, "area")
    assert "The area is clearly defined" in html_of(client.get(page))
    response = client.post(page, {"done": "yes", "note": "Matches the ward map"})
    assert response.status_code == 302
    html = html_of(client.get(url("review", reviewing)))
    assert "Matches the ward map" in html and officer.display_name in html
    assert timezone.localdate().strftime("%-d %B %Y") in html
    client.post(page, {"done": "no", "note": ""})
    item = Review.objects.get().checklist.get(key="area")
    assert not item.done and item.checked_by == officer


@pytest.mark.parametrize(("data", "message"), [
    ({"done": "yes", "note": " "}, "Add a note saying how The area is clearly defined was checked"),
    ({"note": "x"}, "Select yes if this has been checked"),
    ({"done": "maybe", "note": "x"}, "Select yes if this has been checked"),
])
def test_a_checklist_item_with_bad_input_is_not_saved(client, officer, reviewing, data, message):
    client.force_login(officer)
    response = client.post(url("review-checklist", reviewing, "area"), data)
    assert response.status_code == 200 and message in html_of(response)
    assert not Review.objects.get().checklist.filter(done=True).exists()


def test_an_unknown_checklist_item_is_404(client, officer, reviewing):
    client.force_login(officer)
    assert client.get(url("review-checklist", reviewing, "nonsense")).status_code == 404


def test_changes_are_asked_for_and_proposers_answer_on_the_public_page(client, officer, reviewing):
    client.force_login(officer)
    response = client.post(url("review-changes", reviewing), {"message": "Name the park."})
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert "Name the park." in html_of(client.get(url("review", reviewing)))

    # The proposers see the request on the public page with a form that posts to its own page.
    client.force_login(reviewing.created_by)
    html = html_of(client.get(url("proposal", reviewing)))
    assert "The council asks for changes" in html and "Name the park." in html
    assert url("answer-changes", reviewing, change.pk) in html
    response = client.post(url("answer-changes", reviewing, change.pk), {"answer": " "})
    assert response.status_code == 200 and "Enter your answer to the council" in html_of(response)
    response = client.post(url("answer-changes", reviewing, change.pk), {"answer": "It is Mowbray Park."})
    assert response.status_code == 302 and response.url == url("proposal", reviewing)
    assert "The council asks for changes" not in html_of(client.get(url("proposal", reviewing)))

    # The officers read the answer; a second answer is refused.
    response = client.post(url("answer-changes", reviewing, change.pk), {"answer": "Again."})
    assert "This request has been answered already" in html_of(response)
    client.force_login(officer)
    assert "It is Mowbray Park." in html_of(client.get(url("review", reviewing)))


def test_changes_without_a_message_or_during_the_consultation_are_refused(client, officer, reviewing):
    client.force_login(officer)
    response = client.post(url("review-changes", reviewing), {"message": ""})
    assert "Enter the changes you are asking the proposers for" in html_of(response)
    consultation_open(actor=officer, proposal=reviewing)
    response = client.post(url("review-changes", reviewing), {"message": "Name the park."})
    assert "Changes can be asked for only while the proposal is under review" in html_of(response)
    assert not ChangeRequest.objects.exists()


def test_only_its_proposers_answer_a_request(client, officer, reviewing, hood):
    change = review_request_changes(actor=officer, proposal=reviewing, message="Name the park.")
    for person in (hood.resident(), officer):
        client.force_login(person)
        assert client.get(url("answer-changes", reviewing, change.pk)).status_code == 404
        assert client.post(url("answer-changes", reviewing, change.pk), {"answer": "x"}).status_code == 404
        assert "The council asks for changes" not in html_of(client.get(url("proposal", reviewing)))
    client.force_login(reviewing.created_by)
    assert client.get(url("answer-changes", reviewing, 999999)).status_code == 404
    assert ChangeRequest.objects.get().answered_at is None


# The consultation ------------------------------------------------------------------------------------------------

def test_the_consultation_opens_for_the_default_weeks(client, officer, reviewing, settings):
    settings.PARISH_CONSULTATION_WEEKS = 8
    client.force_login(officer)
    html = html_of(client.get(url("consultation-open", reviewing)))
    assert 'value="8"' in html
    response = client.post(url("consultation-open", reviewing), {"weeks": "8"})
    assert response.status_code == 302
    reviewing.refresh_from_db()
    assert reviewing.status == ProposalStatus.CONSULTATION
    assert Review.objects.get().consultation_closes_on == timezone.localdate() + datetime.timedelta(weeks=8)


@pytest.mark.parametrize(("weeks", "message"), [
    ("0", "A consultation must run for at least 1 week"),
    ("13", "A consultation can run for at most 12 weeks"),
    ("six", "Enter the number of weeks as a whole number, like 6"),
    ("", "Enter the number of weeks, like 6"),
])
def test_consultation_weeks_out_of_range_are_refused(client, officer, reviewing, weeks, message):
    client.force_login(officer)
    response = client.post(url("consultation-open", reviewing), {"weeks": weeks})
    assert response.status_code == 200 and message in html_of(response)
    reviewing.refresh_from_db()
    assert reviewing.status == ProposalStatus.UNDER_REVIEW


def test_a_resident_comments_on_the_public_page_and_the_council_responds(client, hood, officer, consulting):
    resident = hood.resident(full_name="Ada Lovelace")
    client.force_login(resident)
    html = html_of(client.get(url("proposal", consulting)))
    assert "Public consultation" in html and url("comment", consulting) in html
    response = client.post(url("comment", consulting), {"body": "Please keep the bandstand."})
    assert response.status_code == 302 and response.url == url("proposal", consulting) + "#consultation"
    comment = ConsultationComment.objects.get()
    assert comment.author == resident

    client.force_login(officer)
    html = html_of(client.get(url("review", consulting)))
    assert "Please keep the bandstand." in html and "Ada Lovelace" in html
    response = client.post(url("consultation-respond-to", consulting, comment.pk), {"body": "We will."})
    assert response.status_code == 302
    response = client.post(url("consultation-respond", consulting), {"body": "Thank you all."})
    assert response.status_code == 302
    assert ConsultationResponse.objects.filter(comment=comment).count() == 1
    assert ConsultationResponse.objects.filter(comment__isnull=True).count() == 1

    client.logout()
    html = html_of(client.get(url("proposal", consulting)))
    assert "Please keep the bandstand." in html and "We will." in html and "Thank you all." in html
    assert "Sunderland responded on" in html
    # Residents comment without their name on the public page; anonymous people are asked to sign in.
    assert "Ada Lovelace" not in html and "Sign in to comment" in html
    assert client.post(url("comment", consulting), {"body": "Hi"}).status_code == 302  # to sign in
    assert ConsultationComment.objects.count() == 1


def test_an_empty_comment_or_response_is_refused(client, hood, officer, consulting):
    client.force_login(hood.resident())
    response = client.post(url("comment", consulting), {"body": "  "})
    assert response.status_code == 200 and "Enter your comment" in html_of(response)
    comment = consultation_comment(actor=hood.resident(), proposal=consulting, body="A comment")
    client.force_login(officer)
    for page in (url("consultation-respond", consulting), url("consultation-respond-to", consulting, comment.pk)):
        response = client.post(page, {"body": ""})
        assert response.status_code == 200 and "Enter the council&#x27;s response" in html_of(response)
    assert not ConsultationResponse.objects.exists()


def test_commenting_after_the_closing_date_or_once_closed_is_refused(client, hood, officer, consulting):
    resident = hood.resident()
    client.force_login(resident)
    Review.objects.filter(proposal=consulting).update(
        consultation_closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client.post(url("comment", consulting), {"body": "Late."})
    assert response.status_code == 200 and "The consultation closed on" in html_of(response)
    # The public page no longer offers the form.
    assert f'action="{url("comment", consulting)}"' not in html_of(client.get(url("proposal", consulting)))
    consultation_close(actor=officer, proposal=consulting)
    response = client.post(url("comment", consulting), {"body": "Later."})
    assert response.status_code == 200
    assert "The public consultation is not open, so comments cannot be added" in html_of(response)
    assert "not open" in html_of(client.get(url("comment", consulting)))
    assert not ConsultationComment.objects.exists()


def test_a_comment_is_hidden_with_a_reason_shown_in_its_place(client, hood, officer, consulting):
    comment = consultation_comment(actor=hood.resident(), proposal=consulting, body="Rude words here.")
    client.force_login(officer)
    page = url("consultation-hide", consulting, comment.pk)
    assert "Rude words here." in html_of(client.get(page))
    response = client.post(page, {"reason": ""})
    assert response.status_code == 200 and "Enter the reason for hiding the comment" in html_of(response)
    assert ConsultationComment.objects.get().hidden_at is None
    assert client.post(page, {"reason": "Offensive language"}).status_code == 302
    # Officers still read it, with who hid it and why; the public read only the reason.
    html = html_of(client.get(url("review", consulting)))
    assert "Rude words here." in html and "Offensive language" in html
    client.logout()
    html = html_of(client.get(url("proposal", consulting)))
    assert "Hidden by the council: Offensive language" in html and "Rude words here." not in html


def test_a_comment_of_another_proposal_is_404(client, hood, officer, consulting):
    other = valid_proposal(hood)
    review_start(actor=officer, proposal=other)
    consultation_open(actor=officer, proposal=other)
    comment = consultation_comment(actor=hood.resident(), proposal=other, body="Elsewhere")
    client.force_login(officer)
    assert client.get(url("consultation-hide", consulting, comment.pk)).status_code == 404
    assert client.post(url("consultation-respond-to", consulting, comment.pk), {"body": "x"}).status_code == 404


def test_the_consultation_closes_on_or_after_its_closing_date(client, officer, consulting):
    client.force_login(officer)
    response = client.post(url("consultation-close", consulting))
    assert response.status_code == 200 and "The consultation runs until" in html_of(response)
    weeks_passed(consulting)
    response = client.post(url("consultation-close", consulting))
    assert response.status_code == 302
    consulting.refresh_from_db()
    assert consulting.status == ProposalStatus.UNDER_REVIEW
    assert url("decision", consulting) in html_of(client.get(url("review", consulting)))


# The decision ----------------------------------------------------------------------------------------------------

def test_an_approval_is_checked_then_confirmed(client, officer, consulted):
    client.force_login(officer)
    response = client.post(url("decision", consulted), {"decision": "approved", "reasons": "Strong support."})
    assert response.status_code == 302 and response.url == url("decision-check", consulted)
    html = html_of(client.get(response.url))
    assert "Check the decision before it is final" in html and "Strong support." in html
    consulted.refresh_from_db()
    assert consulted.status == ProposalStatus.UNDER_REVIEW  # nothing is final before the confirmation
    response = client.post(url("decision-check", consulted))
    assert response.status_code == 302
    consulted.refresh_from_db()
    assert consulted.status == ProposalStatus.APPROVED
    assert set(RequestedPower.objects.values_list("granted", flat=True)) == {True}
    html = html_of(client.get(url("review", consulted)))
    assert "The decision is made and published" in html and "Strong support." in html


def test_an_approval_with_conditions_grants_fewer_powers_for_less_time_with_a_cap(client, officer, consulted):
    client.force_login(officer)
    client.post(url("decision", consulted), {"decision": "approved_with_conditions", "reasons": "Start small."})
    page = url("decision-conditions", consulted)
    html = html_of(client.get(page))
    assert "Look after green spaces" in html and "Local events and markets" in html
    green = standard_power()
    shorter = add_months(timezone.localdate(), 12)
    response = client.post(page, {"granted_powers": [str(green.pk)], **date_fields("sunset_on", shorter),
                                  "budget_cap": "£5,000"})
    assert response.status_code == 302 and response.url == url("decision-check", consulted)
    html = html_of(client.get(response.url))
    assert "Look after green spaces" in html and "Not granted:" in html and "£5000" in html
    assert client.post(url("decision-check", consulted)).status_code == 302
    consulted.refresh_from_db()
    review = Review.objects.get()
    assert consulted.status == ProposalStatus.APPROVED_WITH_CONDITIONS and consulted.sunset_on == shorter
    assert review.budget_cap == 5000
    assert list(RequestedPower.objects.filter(granted=True).values_list("power", flat=True)) == [green.pk]
    # The public page shows the decision with its conditions.
    client.logout()
    html = html_of(client.get(url("proposal", consulted)))
    assert "Approved with conditions" in html and "Start small." in html and "A budget cap of £5,000.00" in html
    assert "A shorter term" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"decision": "approved", "reasons": ""}, "Enter the reasons for the decision"),
    ({"reasons": "Because."}, "Choose approve, approve with conditions or reject"),
    ({"decision": "maybe", "reasons": "Because."}, "Choose approve, approve with conditions or reject"),
])
def test_a_decision_without_reasons_or_a_choice_is_refused(client, officer, consulted, data, message):
    client.force_login(officer)
    response = client.post(url("decision", consulted), data)
    assert response.status_code == 200 and message in html_of(response)
    assert client.get(url("decision-check", consulted)).url == url("decision", consulted)


def later(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.mark.parametrize(("conditions", "field", "message"), [
    ({"sunset_on": "later"}, "sunset_on", "The sunset date can be no later than the one asked for"),
    ({"sunset_on": "past"}, "sunset_on", "The sunset date must be in the future"),
    ({"budget_cap": "-5"}, "budget_cap", "The budget cap must be 0 pounds or more"),
    ({"budget_cap": "lots"}, "budget_cap", "Enter the budget cap in pounds, like 5000"),
    ({"budget_cap": "12.345"}, "budget_cap", "Enter the budget cap in pounds and pence"),
    ({"granted_powers": "other"}, "granted_powers", "Grant only powers the proposal asked for"),
    ({"granted_powers": []}, "granted_powers", "Grant at least one of the powers asked for, or reject the proposal"),
    ({}, None, "Set at least one condition"),
])
def test_bad_conditions_are_refused_before_the_check(client, officer, consulted, conditions, field, message):
    client.force_login(officer)
    client.post(url("decision", consulted), {"decision": "approved_with_conditions", "reasons": "Start small."})
    every = [str(rp.power_id) for rp in consulted.requested_powers.all()]
    data = {"granted_powers": every}
    if "sunset_on" in conditions:
        day = consulted.sunset_on + datetime.timedelta(days=1) if conditions["sunset_on"] == "later" else later(-1)
        data |= date_fields("sunset_on", day)
    if "budget_cap" in conditions:
        data["budget_cap"] = conditions["budget_cap"]
    if "granted_powers" in conditions:
        other = ProposalFactory(powers=[standard_power("community-building")])
        data["granted_powers"] = ([str(other.requested_powers.get().power_id)]
                                  if conditions["granted_powers"] == "other" else [])
    response = client.post(url("decision-conditions", consulted), data)
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html and message in html
    if field:
        assert f'href="#id_{field}' in html  # the summary links to the field that is wrong
    # The conditions were not kept, so the check page sends the officer back to them.
    assert client.post(url("decision-check", consulted)).url == url("decision-conditions", consulted)
    consulted.refresh_from_db()
    assert consulted.status == ProposalStatus.UNDER_REVIEW


def test_a_rejection_needs_no_conditions_and_is_published(client, officer, consulted):
    client.force_login(officer)
    response = client.post(url("decision", consulted), {"decision": "rejected", "reasons": "Too few support it."})
    assert response.url == url("decision-check", consulted)
    assert client.post(response.url).status_code == 302
    consulted.refresh_from_db()
    assert consulted.status == ProposalStatus.REJECTED
    client.logout()
    assert "Too few support it." in html_of(client.get(url("proposal", consulted)))


def test_no_decision_before_the_consultation_has_closed(client, officer, consulting):
    client.force_login(officer)
    for name in ("decision", "decision-conditions", "decision-check"):
        response = client.get(url(name, consulting))
        assert response.status_code == 302 and response.url == url("review", consulting)
    response = client.post(url("decision", consulting), {"decision": "approved", "reasons": "Yes."})
    assert response.url == url("review", consulting)
    consulting.refresh_from_db()
    assert consulting.status == ProposalStatus.CONSULTATION


def test_the_conditions_page_needs_that_decision_first(client, officer, consulted):
    client.force_login(officer)
    assert client.get(url("decision-conditions", consulted)).url == url("decision", consulted)
    client.post(url("decision", consulted), {"decision": "approved_with_conditions", "reasons": "Start small."})
    assert client.get(url("decision-check", consulted)).url == url("decision-conditions", consulted)


def test_once_decided_the_review_is_read_only_and_its_steps_are_404(client, officer, consulted):
    client.force_login(officer)
    client.post(url("decision", consulted), {"decision": "approved", "reasons": "Strong support."})
    client.post(url("decision-check", consulted))
    assert client.get(url("review", consulted)).status_code == 200
    for name in ("decision", "decision-check", "review-changes", "consultation-open", "review-case-officer"):
        assert client.get(url(name, consulted)).status_code == 404, name
    assert AuditEntry.objects.filter(action="parishes.decided").count() == 1


# Who may not ------------------------------------------------------------------------------------------------------

REVIEW_PAGES = ("review", "review-decline", "review-case-officer", "review-changes", "consultation-open",
                "consultation-respond", "decision", "decision-conditions", "decision-check")
REVIEW_ACTIONS = ("review-start", "consultation-close")


@pytest.mark.parametrize("who", ["other officer", "resident", "proposer", "platform staff"])
def test_everyone_but_the_covering_councils_officers_gets_a_404(client, hood, reviewing, other_officer, who):
    comment = consultation_comment(actor=hood.resident(), proposal=consulting_of(reviewing), body="Hi")
    person = {"other officer": other_officer, "resident": hood.resident(), "proposer": reviewing.created_by,
              "platform staff": StaffUserFactory(mfa=True)}[who]
    client.force_login(person)
    for name in REVIEW_PAGES:
        assert client.get(url(name, reviewing)).status_code == 404, name
        assert client.post(url(name, reviewing), {"reason": "x", "body": "x", "weeks": "6"}).status_code == 404, name
    for name in REVIEW_ACTIONS:
        assert client.post(url(name, reviewing)).status_code == 404, name
    assert client.post(url("review-checklist", reviewing, "area"), {"done": "yes", "note": "x"}).status_code == 404
    assert client.post(url("consultation-hide", reviewing, comment.pk), {"reason": "x"}).status_code == 404
    assert client.post(url("consultation-respond-to", reviewing, comment.pk), {"body": "x"}).status_code == 404
    assert "Review this proposal" not in html_of(client.get(url("proposal", reviewing)))
    comment.refresh_from_db()
    assert comment.hidden_at is None and not ConsultationResponse.objects.exists()
    assert not Review.objects.get().checklist.filter(done=True).exists()


def consulting_of(proposal):
    """The proposal in consultation, opened by an officer of its council."""
    review = Review.objects.get(proposal=proposal)
    officer = review.started_by
    consultation_open(actor=officer, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def test_the_review_page_of_an_open_petition_or_missing_proposal_is_404(client, officer, hood):
    petition = ProposalFactory(status=ProposalStatus.PUBLISHED)
    petition.covering_authorities.add(hood.local_authority)
    client.force_login(officer)
    assert client.get(url("review", petition)).status_code == 404
    assert client.get(reverse("parishes:review", args=["no-such-parish"])).status_code == 404


def test_officers_find_the_review_from_the_public_page(client, officer, valid, hood):
    client.force_login(officer)
    html = html_of(client.get(url("proposal", valid)))
    assert "Review this proposal" in html and url("review", valid) in html
    client.force_login(hood.resident())
    assert "Review this proposal" not in html_of(client.get(url("proposal", valid)))


def test_anonymous_people_are_sent_to_sign_in(client, reviewing):
    for name in ("review", "decision", "comment"):
        response = client.get(url(name, reviewing))
        assert response.status_code == 302 and reverse("account_login") in response.url

