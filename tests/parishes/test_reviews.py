"""The council review: starting it, the case officer, the checklist, changes asked of proposers, the public
consultation, the decision, who may not, and the public timeline."""

import datetime
import decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes import selectors_reviews
from parishes.models import (
    DEFAULT_CHECKLIST,
    ChangeRequest,
    ConsultationComment,
    ConsultationResponse,
    Power,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
    Review,
)
from parishes.services import (
    add_months,
    change_request_answer,
    consultation_close,
    consultation_comment,
    consultation_comment_hide,
    consultation_open,
    consultation_respond,
    review_assign_case_officer,
    review_check,
    review_conditions_check,
    review_decide,
    review_request_changes,
    review_start,
)
from tests.accounts.factories import UserFactory
from tests.concurrency import race as _race
from tests.conftest import need_service
from tests.organisations.factories import MembershipFactory

from .factories import ProposalFactory, neighbourhood, standard_power

pytestmark = pytest.mark.django_db

APPROVED = ProposalStatus.APPROVED
WITH_CONDITIONS = ProposalStatus.APPROVED_WITH_CONDITIONS
REJECTED = ProposalStatus.REJECTED


def errors(caught) -> dict:
    return caught.value.message_dict


def message(caught) -> list:
    return caught.value.messages


def deliveries(user, event: str) -> list:
    return list(Delivery.objects.filter(recipient=user, event=event, channel="email"))


@pytest.fixture
def valid(hood):
    """A valid petition over the neighbourhood, asking for two powers, with a lead and a co-proposer."""
    now = timezone.now()
    proposal = ProposalFactory(
        created_by=hood.resident(), status=ProposalStatus.VALID, valid_at=now,
        published_at=now - datetime.timedelta(days=30),
        review_deadline=add_months(timezone.localdate(now), 12), electors_at_validity=600,
        threshold_at_validity=187, sunset_on=add_months(timezone.localdate(now), 24),
        powers=[standard_power(), standard_power("events-and-markets")],
    )
    proposal.covering_authorities.set([hood.local_authority])
    Proposer.objects.create(proposal=proposal, user=UserFactory(), role=ProposerRole.CO_PROPOSER)
    return proposal


@pytest.fixture
def reviewing(hood, valid):
    review_start(actor=hood.officer, proposal=valid)
    valid.refresh_from_db()
    return valid


def consulted(officer, proposal):
    """Open the consultation and close it once its weeks have passed."""
    review = consultation_open(actor=officer, proposal=proposal)
    Review.objects.filter(pk=review.pk).update(consultation_closes_on=timezone.localdate())
    consultation_close(actor=officer, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def consulted_proposal(hood, reviewing):
    return consulted(hood.officer, reviewing)


@pytest.fixture
def strangers(hood, valid):
    """Those who may not act as the council: a resident, an officer of another council, and a proposer."""
    other = neighbourhood("E06000047", "County Durham", inside="DH1 1AA", outside="DH9 9AA")
    return {"resident": hood.resident(), "other officer": other.officer, "proposer": valid.created_by}


class TestStart:
    def test_starts_under_review_with_the_checklist_audited_and_told(self, hood, valid):
        review = review_start(actor=hood.officer, proposal=valid)
        valid.refresh_from_db()
        assert valid.status == ProposalStatus.UNDER_REVIEW
        assert review.local_authority == hood.local_authority
        assert review.started_by == hood.officer
        assert [i.key for i in review.checklist.all()] == [key for key, _ in DEFAULT_CHECKLIST]
        entry = AuditEntry.objects.get(action="parishes.review_started")
        assert entry.actor == hood.officer
        assert entry.changes == {"status": ["valid", "under_review"]}
        for proposer in valid.proposers.all():
            [sent] = deliveries(proposer.user, "parishes.review_started")
            assert "Sunderland has started its review" in sent.body

    def test_the_checklist_is_a_setting(self, hood, valid, settings):
        settings.PARISH_REVIEW_CHECKLIST = [("ward", "Ward boundaries agreed")]
        review = review_start(actor=hood.officer, proposal=valid)
        assert [(i.key, i.label) for i in review.checklist.all()] == [("ward", "Ward boundaries agreed")]

    def test_only_a_valid_petition(self, hood, reviewing):
        # Once started the permission no longer holds: a second start is refused, not a second review.
        with pytest.raises(PermissionDenied):
            review_start(actor=hood.officer, proposal=reviewing)
        assert Review.objects.count() == 1

    def test_who_may_not(self, valid, strangers):
        for who, user in strangers.items():
            with pytest.raises(PermissionDenied):
                review_start(actor=user, proposal=valid)
            assert not Review.objects.exists(), who
        valid.refresh_from_db()
        assert valid.status == ProposalStatus.VALID


class TestCaseOfficer:
    def test_an_officer_of_the_council_is_assigned(self, hood, reviewing):
        colleague = MembershipFactory(organisation=hood.council, roles=["officer"], user=UserFactory()).user
        assert set(selectors_reviews.case_officer_choices(reviewing.review)) == {hood.officer, colleague}
        review = review_assign_case_officer(actor=hood.officer, proposal=reviewing, officer=colleague)
        assert review.case_officer == colleague and review.case_officer_assigned_at
        assert AuditEntry.objects.get(action="parishes.case_officer_assigned").actor == hood.officer
        assert deliveries(reviewing.created_by, "parishes.case_officer_assigned")

    def test_not_an_officer_of_that_council(self, hood, reviewing, strangers):
        for who in ("resident", "other officer"):
            with pytest.raises(ValidationError) as caught:
                review_assign_case_officer(actor=hood.officer, proposal=reviewing, officer=strangers[who])
            assert errors(caught) == {"officer": ["Choose an officer of Sunderland as the case officer"]}
        assert Review.objects.get().case_officer is None

    def test_who_may_not(self, hood, reviewing, strangers):
        for user in strangers.values():
            with pytest.raises(PermissionDenied):
                review_assign_case_officer(actor=user, proposal=reviewing, officer=hood.officer)


class TestChecklist:
    def test_ticked_with_a_note_dated_and_by_whom(self, hood, reviewing):
        item = review_check(actor=hood.officer, proposal=reviewing, key="area", done=True,
                            note="Matches the ward map")
        assert (item.done, item.note, item.checked_by) == (True, "Matches the ward map", hood.officer)
        assert item.checked_at is not None
        assert AuditEntry.objects.get(action="parishes.checklist_checked").metadata["key"] == "area"
        item = review_check(actor=hood.officer, proposal=reviewing, key="area", done=False)
        assert not item.done

    def test_bad_input(self, hood, reviewing):
        with pytest.raises(ValidationError) as caught:
            review_check(actor=hood.officer, proposal=reviewing, key="nonsense", done=True, note="x")
        assert errors(caught) == {"key": ["Choose an item of the review checklist"]}
        with pytest.raises(ValidationError) as caught:
            review_check(actor=hood.officer, proposal=reviewing, key="area", done=True, note="  ")
        assert errors(caught) == {"note": ["Add a note saying how The area is clearly defined was checked"]}
        assert not reviewing.review.checklist.filter(done=True).exists()

    def test_not_before_the_review_starts(self, hood, valid):
        with pytest.raises(ValidationError) as caught:
            review_check(actor=hood.officer, proposal=valid, key="area", done=True, note="x")
        assert message(caught) == ["This can be done only while the proposal is under review"]

    def test_who_may_not(self, reviewing, strangers):
        for user in strangers.values():
            with pytest.raises(PermissionDenied):
                review_check(actor=user, proposal=reviewing, key="area", done=True, note="x")


class TestChanges:
    def test_asked_told_and_answered(self, hood, reviewing):
        change = review_request_changes(actor=hood.officer, proposal=reviewing, message="Name the park.")
        for proposer in reviewing.proposers.all():
            [sent] = deliveries(proposer.user, "parishes.changes_requested")
            assert "Name the park." in sent.body
        co = reviewing.proposers.get(role=ProposerRole.CO_PROPOSER).user
        change = change_request_answer(actor=co, change=change, answer="It is Mowbray Park.")
        assert (change.answer, change.answered_by) == ("It is Mowbray Park.", co)
        assert change.answered_at is not None
        assert [e.action for e in AuditEntry.objects.filter(action__startswith="parishes.changes")
                .order_by("id")] == ["parishes.changes_requested", "parishes.changes_answered"]
        [sent] = deliveries(hood.officer, "parishes.changes_answered")
        assert "It is Mowbray Park." in sent.body

    def test_bad_input(self, hood, reviewing):
        with pytest.raises(ValidationError) as caught:
            review_request_changes(actor=hood.officer, proposal=reviewing, message=" ")
        assert errors(caught) == {"message": ["Enter the changes you are asking the proposers for"]}
        assert not ChangeRequest.objects.exists()
        change = review_request_changes(actor=hood.officer, proposal=reviewing, message="Name the park.")
        with pytest.raises(ValidationError) as caught:
            change_request_answer(actor=reviewing.created_by, change=change, answer="")
        assert errors(caught) == {"answer": ["Enter your answer to the council"]}
        change_request_answer(actor=reviewing.created_by, change=change, answer="Done.")
        with pytest.raises(ValidationError) as caught:
            change_request_answer(actor=reviewing.created_by, change=change, answer="Again.")
        assert message(caught) == ["This request has been answered already"]

    def test_who_may_not(self, hood, reviewing, strangers):
        for who in ("resident", "other officer", "proposer"):
            with pytest.raises(PermissionDenied):
                review_request_changes(actor=strangers[who], proposal=reviewing, message="Change it")
        change = review_request_changes(actor=hood.officer, proposal=reviewing, message="Name the park.")
        for who in ("resident", "other officer"):
            with pytest.raises(PermissionDenied):
                change_request_answer(actor=strangers[who], change=change, answer="Here")
        with pytest.raises(PermissionDenied):
            change_request_answer(actor=hood.officer, change=change, answer="Here")

    def test_not_during_the_consultation(self, hood, reviewing):
        consultation_open(actor=hood.officer, proposal=reviewing)
        with pytest.raises(ValidationError) as caught:
            review_request_changes(actor=hood.officer, proposal=reviewing, message="Name the park.")
        assert message(caught) == ["Changes can be asked for only while the proposal is under review and not in "
                                   "consultation"]


class TestConsultation:
    def test_opens_for_6_weeks_by_default(self, hood, reviewing):
        review = consultation_open(actor=hood.officer, proposal=reviewing)
        reviewing.refresh_from_db()
        assert reviewing.status == ProposalStatus.CONSULTATION
        assert review.consultation_closes_on == timezone.localdate() + datetime.timedelta(weeks=6)
        assert AuditEntry.objects.get(action="parishes.consultation_opened").metadata["weeks"] == 6
        [sent] = deliveries(reviewing.created_by, "parishes.consultation_opened")
        assert "Residents can comment until" in sent.body

    def test_weeks_are_a_setting_and_a_choice(self, hood, reviewing, settings):
        settings.PARISH_CONSULTATION_WEEKS = 8
        assert selectors_reviews.review_of(reviewing) is not None
        review = consultation_open(actor=hood.officer, proposal=reviewing)
        assert review.consultation_closes_on == timezone.localdate() + datetime.timedelta(weeks=8)

    def test_at_least_a_week(self, hood, reviewing):
        for weeks in (0, -1, "six"):
            with pytest.raises(ValidationError) as caught:
                consultation_open(actor=hood.officer, proposal=reviewing, weeks=weeks)
            assert errors(caught) == {"weeks": ["A consultation must run for at least 1 week"]}
        reviewing.refresh_from_db()
        assert reviewing.status == ProposalStatus.UNDER_REVIEW
        review = consultation_open(actor=hood.officer, proposal=reviewing, weeks=1)
        assert review.consultation_closes_on == timezone.localdate() + datetime.timedelta(weeks=1)

    def test_at_most_12_weeks(self, hood, reviewing):
        with pytest.raises(ValidationError) as caught:
            consultation_open(actor=hood.officer, proposal=reviewing, weeks=13)
        assert errors(caught) == {"weeks": ["A consultation can run for at most 12 weeks"]}
        review = consultation_open(actor=hood.officer, proposal=reviewing, weeks=12)
        assert review.consultation_closes_on == timezone.localdate() + datetime.timedelta(weeks=12)

    def test_only_once_and_only_under_review(self, hood, valid):
        with pytest.raises(PermissionDenied):  # not yet in review: the officer's permission needs a review
            consultation_open(actor=hood.officer, proposal=ProposalFactory(status=ProposalStatus.PUBLISHED))
        review_start(actor=hood.officer, proposal=valid)
        consulted(hood.officer, valid)
        with pytest.raises(ValidationError) as caught:
            consultation_open(actor=hood.officer, proposal=valid)
        assert message(caught) == ["The consultation has been held already"]

    def test_residents_comment_officers_respond_and_hide(self, hood, reviewing):
        consultation_open(actor=hood.officer, proposal=reviewing)
        resident = hood.outsider()  # any signed-in resident, inside the area or not
        comment = consultation_comment(actor=resident, proposal=reviewing, body="Please keep the fair.")
        rude = consultation_comment(actor=hood.resident(), proposal=reviewing, body="Something rude.")
        response = consultation_respond(actor=hood.officer, proposal=reviewing, body="The fair stays.",
                                        comment=comment)
        consultation_respond(actor=hood.officer, proposal=reviewing, body="Thank you all.")
        hidden = consultation_comment_hide(actor=hood.officer, comment=rude, reason="Abusive language")
        assert hidden.hidden_reason == "Abusive language" and hidden.hidden_by == hood.officer
        assert ConsultationComment.objects.count() == 2  # hidden, never deleted
        review = reviewing.review
        assert list(selectors_reviews.consultation_comments(review)) == [comment]
        assert list(selectors_reviews.consultation_comments(review, include_hidden=True)) == [comment, rude]
        assert list(selectors_reviews.consultation_comments(review)[0].responses.all()) == [response]
        assert [r.body for r in selectors_reviews.general_responses(review)] == ["Thank you all."]
        assert {e.action for e in AuditEntry.objects.filter(action__startswith="parishes.consultation_")} == {
            "parishes.consultation_opened", "parishes.consultation_commented",
            "parishes.consultation_responded", "parishes.consultation_comment_hidden"}

    def test_comment_bad_input(self, hood, reviewing):
        with pytest.raises(PermissionDenied):  # no consultation open
            consultation_comment(actor=hood.resident(), proposal=reviewing, body="Hello")
        consultation_open(actor=hood.officer, proposal=reviewing)
        with pytest.raises(ValidationError) as caught:
            consultation_comment(actor=hood.resident(), proposal=reviewing, body="  ")
        assert errors(caught) == {"body": ["Enter your comment"]}
        with pytest.raises(PermissionDenied):
            consultation_comment(actor=UserFactory(verified=False), proposal=reviewing, body="Hello")
        Review.objects.update(consultation_closes_on=timezone.localdate() - datetime.timedelta(days=1))
        with pytest.raises(ValidationError) as caught:
            consultation_comment(actor=hood.resident(), proposal=reviewing, body="Late")
        assert message(caught)[0].startswith("The consultation closed on ")
        assert not ConsultationComment.objects.exists()

    def test_hiding_needs_a_reason_and_an_officer(self, hood, reviewing, strangers):
        consultation_open(actor=hood.officer, proposal=reviewing)
        comment = consultation_comment(actor=hood.resident(), proposal=reviewing, body="Hm.")
        with pytest.raises(ValidationError) as caught:
            consultation_comment_hide(actor=hood.officer, comment=comment, reason="")
        assert errors(caught) == {"reason": ["Enter the reason for hiding the comment"]}
        for user in strangers.values():
            with pytest.raises(PermissionDenied):
                consultation_comment_hide(actor=user, comment=comment, reason="Rude")
            with pytest.raises(PermissionDenied):
                consultation_respond(actor=user, proposal=reviewing, body="We hear you")
        comment.refresh_from_db()
        assert comment.hidden_at is None
        consultation_comment_hide(actor=hood.officer, comment=comment, reason="Off topic")
        with pytest.raises(ValidationError):
            consultation_comment_hide(actor=hood.officer, comment=comment, reason="Again")

    def test_a_response_needs_words_and_an_open_consultation(self, hood, reviewing):
        with pytest.raises(ValidationError) as caught:
            consultation_respond(actor=hood.officer, proposal=reviewing, body="Early")
        assert message(caught) == ["Responses can be published only while the consultation is open"]
        consultation_open(actor=hood.officer, proposal=reviewing)
        with pytest.raises(ValidationError) as caught:
            consultation_respond(actor=hood.officer, proposal=reviewing, body=" ")
        assert errors(caught) == {"body": ["Enter the council's response"]}
        assert not ConsultationResponse.objects.exists()

    def test_closes_on_or_after_its_date_and_tells_proposers(self, hood, reviewing):
        review = consultation_open(actor=hood.officer, proposal=reviewing, weeks=1)
        with pytest.raises(ValidationError) as caught:
            consultation_close(actor=hood.officer, proposal=reviewing)
        assert message(caught)[0].startswith("The consultation runs until ")
        with time_machine.travel(review.consultation_opened_at + datetime.timedelta(weeks=1, hours=1)):
            consultation_close(actor=hood.officer, proposal=reviewing)
        reviewing.refresh_from_db()
        assert reviewing.status == ProposalStatus.UNDER_REVIEW
        assert AuditEntry.objects.get(action="parishes.consultation_closed").changes == {
            "status": ["consultation", "under_review"]}
        assert deliveries(reviewing.created_by, "parishes.consultation_closed")
        with pytest.raises(ValidationError) as caught:
            consultation_close(actor=hood.officer, proposal=reviewing)
        assert message(caught) == ["Only an open consultation can be closed"]

    def test_who_may_not_open_or_close(self, hood, reviewing, strangers):
        for user in strangers.values():
            with pytest.raises(PermissionDenied):
                consultation_open(actor=user, proposal=reviewing)
        consultation_open(actor=hood.officer, proposal=reviewing)
        for user in strangers.values():
            with pytest.raises(PermissionDenied):
                consultation_close(actor=user, proposal=reviewing)


class TestDecide:
    def test_approve_grants_every_power(self, hood, consulted_proposal):
        review = review_decide(actor=hood.officer, proposal=consulted_proposal, decision=APPROVED,
                               reasons="A strong case with wide support.")
        consulted_proposal.refresh_from_db()
        assert consulted_proposal.status == APPROVED
        assert (review.decided_by, review.reasons) == (hood.officer, "A strong case with wide support.")
        assert set(RequestedPower.objects.values_list("granted", flat=True)) == {True}
        entry = AuditEntry.objects.get(action="parishes.decided")
        assert entry.actor == hood.officer and entry.metadata["reasons"] == "A strong case with wide support."
        for proposer in consulted_proposal.proposers.all():
            [sent] = deliveries(proposer.user, "parishes.decided")
            assert "Approved" in sent.subject and "A strong case" in sent.body

    def test_approve_with_conditions(self, hood, consulted_proposal):
        asked = consulted_proposal.sunset_on
        shorter = timezone.localdate() + datetime.timedelta(days=90)  # earlier than PARISH_MIN_MONTHS is fine
        review = review_decide(actor=hood.officer, proposal=consulted_proposal, decision=WITH_CONDITIONS,
                               reasons="Events need more planning.", granted_powers=[standard_power()],
                               sunset_on=shorter, budget_cap="5000.50")
        consulted_proposal.refresh_from_db()
        assert consulted_proposal.status == WITH_CONDITIONS
        assert consulted_proposal.sunset_on == shorter
        assert (review.requested_sunset_on, review.budget_cap) == (asked, decimal.Decimal("5000.50"))
        assert dict(RequestedPower.objects.values_list("power__slug", "granted")) == {
            "green-spaces": True, "events-and-markets": False}
        conditions = selectors_reviews.decision_conditions(review)
        assert len(conditions) == 3 and conditions[2] == "A budget cap of £5,000.50"
        assert AuditEntry.objects.get(action="parishes.decided").metadata["granted_powers"] == ["green-spaces"]
        [sent] = deliveries(consulted_proposal.created_by, "parishes.decided")
        assert "Its conditions: Powers granted: " in sent.body

    def test_reject_with_reasons(self, hood, consulted_proposal):
        review_decide(actor=hood.officer, proposal=consulted_proposal, decision=REJECTED,
                      reasons="The area splits the estate in two.")
        consulted_proposal.refresh_from_db()
        assert consulted_proposal.status == REJECTED
        assert set(RequestedPower.objects.values_list("granted", flat=True)) == {False}

    @pytest.mark.parametrize("decision", [APPROVED, WITH_CONDITIONS, REJECTED])
    def test_no_decision_without_reasons(self, hood, consulted_proposal, decision):
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=consulted_proposal, decision=decision, reasons="  ",
                          budget_cap=0 if decision == WITH_CONDITIONS else None)
        assert errors(caught) == {"reasons": ["Enter the reasons for the decision"]}
        self.assert_nothing_saved(consulted_proposal)

    def assert_nothing_saved(self, proposal):
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.UNDER_REVIEW
        assert Review.objects.get().decided_at is None
        assert set(RequestedPower.objects.values_list("granted", flat=True)) == {None}
        assert not AuditEntry.objects.filter(action="parishes.decided").exists()

    @pytest.mark.parametrize(("conditions", "expected"), [
        ({"granted_powers": []}, {"granted_powers": [
            "Grant at least one of the powers asked for, or reject the proposal"]}),
        ({"budget_cap": -1}, {"budget_cap": ["The budget cap must be 0 pounds or more"]}),
        ({"budget_cap": "lots"}, {"budget_cap": ["Enter the budget cap in pounds, like 5000"]}),
        ({"budget_cap": "1.001"}, {"budget_cap": [
            "Enter the budget cap in pounds and pence, under 10,000,000,000"]}),
        ({"sunset_on": "tomorrow"}, {"sunset_on": ["Enter the sunset date, like 14 3 2027"]}),
        ({"sunset_on": "today"}, {"sunset_on": ["The sunset date must be in the future"]}),
        ({}, None),
    ])
    def test_bad_conditions(self, hood, consulted_proposal, conditions, expected):
        if conditions.get("sunset_on") == "today":
            conditions["sunset_on"] = timezone.localdate()
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=consulted_proposal, decision=WITH_CONDITIONS,
                          reasons="Because.", **conditions)
        if expected is None:
            assert message(caught) == ["Set at least one condition (powers granted, a shorter term or a budget "
                                       "cap), or approve without conditions"]
        else:
            assert errors(caught) == expected
        self.assert_nothing_saved(consulted_proposal)

    def test_conditions_are_checked_before_the_decision_without_saving(self, hood, consulted_proposal):
        """What the check-your-answers step asks before the officer confirms the decision."""
        with pytest.raises(ValidationError) as caught:
            review_conditions_check(proposal=consulted_proposal, budget_cap="-1")
        assert errors(caught) == {"budget_cap": ["The budget cap must be 0 pounds or more"]}
        with pytest.raises(ValidationError) as caught:
            review_conditions_check(proposal=consulted_proposal)
        assert message(caught)[0].startswith("Set at least one condition")
        assert review_conditions_check(proposal=consulted_proposal, granted_powers=[standard_power()],
                                       budget_cap="5000") is None
        self.assert_nothing_saved(consulted_proposal)

    def test_powers_not_requested(self, hood, consulted_proposal):
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=consulted_proposal, decision=WITH_CONDITIONS,
                          reasons="Because.", granted_powers=[standard_power(), standard_power("planning-say")])
        assert errors(caught) == {"granted_powers": ["Grant only powers the proposal asked for"]}
        self.assert_nothing_saved(consulted_proposal)

    def test_a_longer_term_than_asked(self, hood, consulted_proposal):
        later = consulted_proposal.sunset_on + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=consulted_proposal, decision=WITH_CONDITIONS,
                          reasons="Because.", sunset_on=later)
        assert list(errors(caught)) == ["sunset_on"]
        assert errors(caught)["sunset_on"][0].startswith("The sunset date can be no later than the one asked for")
        self.assert_nothing_saved(consulted_proposal)

    def test_conditions_only_with_a_conditional_approval(self, hood, consulted_proposal):
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=consulted_proposal, decision=APPROVED, reasons="Good.",
                          budget_cap=100)
        assert message(caught) == ["Conditions go with an approval with conditions"]
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=consulted_proposal, decision="declined", reasons="No.")
        assert errors(caught) == {"decision": ["Choose approve, approve with conditions or reject"]}
        self.assert_nothing_saved(consulted_proposal)

    def test_not_before_a_consultation_nor_during_one_nor_twice(self, hood, reviewing):
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=reviewing, decision=APPROVED, reasons="Good.")
        assert message(caught) == ["Hold the public consultation and close it before deciding"]
        consultation_open(actor=hood.officer, proposal=reviewing)
        with pytest.raises(ValidationError) as caught:
            review_decide(actor=hood.officer, proposal=reviewing, decision=APPROVED, reasons="Good.")
        assert message(caught) == ["A decision can be made only while the proposal is under review, after any "
                                   "consultation has closed"]
        Review.objects.update(consultation_closes_on=timezone.localdate())
        consultation_close(actor=hood.officer, proposal=reviewing)
        review_decide(actor=hood.officer, proposal=reviewing, decision=APPROVED, reasons="Good.")
        with pytest.raises(PermissionDenied):  # decided: no longer in review
            review_decide(actor=hood.officer, proposal=reviewing, decision=REJECTED, reasons="Changed mind.")

    def test_who_may_not(self, consulted_proposal, strangers):
        for user in strangers.values():
            with pytest.raises(PermissionDenied):
                review_decide(actor=user, proposal=consulted_proposal, decision=APPROVED, reasons="Yes.")
        consulted_proposal.refresh_from_db()
        assert consulted_proposal.status == ProposalStatus.UNDER_REVIEW


class TestDeadline:
    def test_days_left_then_overdue_then_done(self, hood, valid):
        today = timezone.localdate()
        deadline = selectors_reviews.review_deadline(valid, today=valid.review_deadline - datetime.timedelta(10))
        assert (deadline.days_left, deadline.overdue, deadline.days_overdue) == (10, False, 0)
        late = selectors_reviews.review_deadline(valid, today=valid.review_deadline + datetime.timedelta(3))
        assert (late.days_left, late.overdue, late.days_overdue) == (-3, True, 3)
        assert selectors_reviews.review_deadline(valid).days_left == (valid.review_deadline - today).days
        valid.status = ProposalStatus.APPROVED
        done = selectors_reviews.review_deadline(valid, today=valid.review_deadline + datetime.timedelta(3))
        assert done.completed and not done.overdue and done.days_left is None


class TestTimeline:
    def test_every_public_step_in_order_without_officers_names(self, hood, valid):
        officer = hood.officer
        review_start(actor=officer, proposal=valid)
        review_assign_case_officer(actor=officer, proposal=valid, officer=officer)
        change = review_request_changes(actor=officer, proposal=valid, message="Name the park.")
        change_request_answer(actor=valid.created_by, change=change, answer="Mowbray Park.")
        consulted(officer, valid)
        review_decide(actor=officer, proposal=valid, decision=WITH_CONDITIONS, reasons="Mostly good.",
                      budget_cap=1000)
        steps = selectors_reviews.proposal_timeline(valid)
        assert [s.kind for s in steps] == [
            "published", "valid", "review_started", "case_officer_assigned", "changes_requested",
            "changes_answered", "consultation_opened", "consultation_closed", "decided"]
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        by_kind = {s.kind: s for s in steps}
        assert by_kind["case_officer_assigned"].title == "Case officer of Sunderland assigned"
        assert by_kind["changes_answered"].detail == "Mowbray Park."
        assert by_kind["decided"].title == "Approved with conditions"
        assert by_kind["decided"].detail == "Mostly good."
        assert by_kind["decided"].items == ["A budget cap of £1,000.00"]
        words = " ".join(f"{s.title} {s.detail}" for s in steps)
        for name in filter(None, [officer.get_full_name(), officer.email]):
            assert name not in words

    def test_before_the_review(self, valid):
        assert [s.kind for s in selectors_reviews.proposal_timeline(valid)] == ["published", "valid"]


class TestRaces:
    """Two officers acting at once on PostgreSQL: the row lock lets one change the state and the other see it."""

    def _valid(self, hood):
        # Tests that commit empty the tables afterwards, the seeded powers with them, so make sure of one.
        power, _created = Power.objects.get_or_create(slug="green-spaces",
                                                      defaults={"name": "Look after green spaces"})
        now = timezone.now()
        proposal = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.VALID, valid_at=now,
                                   review_deadline=add_months(timezone.localdate(now), 12), powers=[power])
        proposal.covering_authorities.set([hood.local_authority])
        return proposal

    @pytest.mark.django_db(transaction=True)
    def test_racing_starts_make_one_review(self):
        need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
        hood = neighbourhood()
        colleague = MembershipFactory(organisation=hood.council, roles=["officer"], user=UserFactory()).user
        proposal = self._valid(hood)
        results = _race([lambda officer=officer: review_start(actor=officer, proposal=proposal)
                         for officer in (hood.officer, colleague)])
        assert sorted(type(r).__name__ for r in results) == ["PermissionDenied", "Review"], results
        assert Review.objects.count() == 1
        assert AuditEntry.objects.filter(action="parishes.review_started").count() == 1

    @pytest.mark.django_db(transaction=True)
    def test_racing_decisions_decide_once(self):
        need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
        hood = neighbourhood()
        proposal = self._valid(hood)
        review_start(actor=hood.officer, proposal=proposal)
        consulted(hood.officer, proposal)
        results = _race([
            lambda: review_decide(actor=hood.officer, proposal=proposal, decision=APPROVED, reasons="Yes."),
            lambda: review_decide(actor=hood.officer, proposal=proposal, decision=REJECTED, reasons="No."),
        ])
        assert sorted(type(r).__name__ for r in results) == ["PermissionDenied", "Review"], results
        decided = next(r for r in results if isinstance(r, Review))
        proposal.refresh_from_db()
        assert proposal.status == decided.decision
        assert AuditEntry.objects.filter(action="parishes.decided").count() == 1
