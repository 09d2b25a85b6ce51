"""Residents' ideas, proposals, co-authors, comment threads and supports, each in its phase and only from inside
the area; the council's responses and hiding with a recorded reason. Bad input is refused, nothing half-saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.codesign.models import Coauthorship, Comment, Contribution, ResponseStatus, Support
from services.codesign.services import (
    coauthor_answer,
    coauthor_invite,
    comment_hide,
    comment_post,
    contribution_hide,
    idea_post,
    proposal_submit,
    proposal_update,
    response_publish,
    support_add,
    support_withdraw,
)
from services.following import follow_add

from .factories import ContributionFactory, ProcessFactory, budget_process, phases_around, proposal

pytestmark = pytest.mark.django_db


def field_errors(error: ValidationError) -> dict:
    return error.message_dict


@pytest.fixture
def ideas(service):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas")
    return process


@pytest.fixture
def proposing(service):
    return budget_process(service, open_kind="proposals", budget="1000")


# Ideas -----------------------------------------------------------------------------------------------------------

def test_a_resident_posts_an_idea_in_the_ideas_phase(ideas, resident):
    idea = idea_post(actor=resident, process=ideas, title=" Open on Saturdays ", body="The club is shut at weekends.")
    assert (idea.kind, idea.title, idea.author) == ("idea", "Open on Saturdays", resident)
    assert AuditEntry.objects.filter(action="services_codesign.idea_posted", target_id=str(idea.pk)).exists()


@pytest.mark.parametrize(("title", "body", "field", "message"), [
    ("", "Body", "title", "Enter a title for your idea"),
    ("x" * 151, "Body", "title", "Enter 150 characters or fewer"),
    ("Title", "", "body", "Describe your idea"),
    ("Title", "x" * 5001, "body", "Enter 5,000 characters or fewer"),
])
def test_bad_ideas_are_refused(ideas, resident, title, body, field, message):
    with pytest.raises(ValidationError) as error:
        idea_post(actor=resident, process=ideas, title=title, body=body)
    assert field_errors(error.value)[field] == [message]
    assert not Contribution.objects.exists()


def test_ideas_come_only_from_residents_of_the_area_in_the_ideas_phase(ideas, proposing, town):
    with pytest.raises(ValidationError) as error:
        idea_post(actor=town.outsider(), process=ideas, title="Idea", body="Body")
    assert "Only residents of Sunderland can take part. Your postcode SU9 9ZZ is outside it" in error.value.messages
    with pytest.raises(ValidationError) as error:
        idea_post(actor=town.resident(postcode=""), process=ideas, title="Idea", body="Body")
    assert "Add your postcode to your profile" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        idea_post(actor=town.resident(), process=proposing, title="Idea", body="Body")
    assert error.value.messages[0].startswith("Ideas can only be posted while the ideas phase is open. Ended on")
    with pytest.raises(PermissionDenied):
        idea_post(actor=town.resident(verified=False), process=ideas, title="Idea", body="Body")
    assert not Contribution.objects.exists()


def test_a_service_for_one_ward_takes_part_only_from_that_ward(ideas, town):
    ideas.service.wards.set([town.ward])
    with pytest.raises(ValidationError, match="outside it"):
        idea_post(actor=town.resident(postcode=town.other_ward_postcode.postcode), process=ideas, title="I",
                  body="B")
    assert idea_post(actor=town.resident(), process=ideas, title="I", body="B")


# Proposals -------------------------------------------------------------------------------------------------------

def test_a_proposal_in_a_budget_needs_a_cost_within_the_budget(proposing, resident):
    made = proposal_submit(actor=resident, process=proposing, title="Skate park", body="Ramps", cost="£1,000")
    assert made.cost == Decimal("1000.00")
    for cost, message in [("", "Enter how much the proposal would cost, in pounds"),
                          ("1000.01", "The cost must be no more than the budget of £1,000.00"),
                          ("0", "The cost must be more than £0"),
                          ("ten", "The cost must be an amount in pounds, like 1500 or 1500.50")]:
        with pytest.raises(ValidationError) as error:
            proposal_submit(actor=resident, process=proposing, title="Pool", body="Swim", cost=cost)
        assert field_errors(error.value)["cost"] == [message]
    assert Contribution.objects.count() == 1


def test_without_a_budget_the_cost_is_optional(service, resident):
    process = ProcessFactory(service=service)
    phases_around(process, "proposals")
    assert proposal_submit(actor=resident, process=process, title="A", body="B").cost is None


def test_authors_and_co_authors_change_a_proposal_while_the_phase_is_open(proposing, resident, town):
    made = proposal_submit(actor=resident, process=proposing, title="Skate park", body="Ramps", cost="500")
    stranger = town.resident()
    with pytest.raises(PermissionDenied):
        proposal_update(actor=stranger, proposal=made, title="Mine", body="x", cost="1")
    coauthor = town.resident(full_name="Ben Hall")
    coauthor_invite(actor=resident, proposal=made, user=coauthor)
    coauthor_answer(actor=coauthor, proposal=made, accept=True)
    proposal_update(actor=coauthor, proposal=made, title="Skate park and BMX", body="Ramps", cost="600")
    entry = AuditEntry.objects.get(action="services_codesign.proposal_changed")
    assert entry.changes == {"title": ["Skate park", "Skate park and BMX"], "cost": ["500.00", "600.00"]}


def test_co_authors_are_invited_by_the_author_and_must_live_in_the_area(proposing, resident, town):
    made = proposal(proposing, author=resident)
    neighbour = town.resident(full_name="Ben Hall")
    invitation = coauthor_invite(actor=resident, proposal=made, user=neighbour)
    assert Delivery.objects.filter(event="services_codesign.coauthor_invited", recipient=neighbour).exists()
    for person, message in [(neighbour, "You have invited them already"), (resident, "You are the proposal's author"),
                            (town.outsider(), "Only residents of the area can co-author"),
                            (None, "A co-author must have a Covenant account"),
                            (town.resident(verified=False), "A co-author must have a Covenant account")]:
        with pytest.raises(ValidationError) as error:
            coauthor_invite(actor=resident, proposal=made, user=person)
        assert message in field_errors(error.value)["user"][0]
    with pytest.raises(PermissionDenied):
        coauthor_invite(actor=neighbour, proposal=made, user=town.resident())
    coauthor_answer(actor=neighbour, proposal=made, accept=True)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    with pytest.raises(ValidationError, match="a co-author already"):
        coauthor_invite(actor=resident, proposal=made, user=neighbour)


def test_an_invitation_can_be_declined_and_is_gone(proposing, resident, town):
    made = proposal(proposing, author=resident)
    neighbour = town.resident()
    coauthor_invite(actor=resident, proposal=made, user=neighbour)
    assert coauthor_answer(actor=neighbour, proposal=made, accept=False) is None
    assert not Coauthorship.objects.exists()
    with pytest.raises(PermissionDenied):
        coauthor_answer(actor=neighbour, proposal=made, accept=True)


def test_a_proposal_has_at_most_five_co_authors(proposing, resident, town):
    made = proposal(proposing, author=resident)
    for _ in range(5):
        coauthor_invite(actor=resident, proposal=made, user=town.resident())
    with pytest.raises(ValidationError, match="up to 5 co-authors"):
        coauthor_invite(actor=resident, proposal=made, user=town.resident())


# Comments --------------------------------------------------------------------------------------------------------

def test_residents_comment_and_reply_in_threads_to_a_limited_depth(ideas, resident, town):
    idea = ContributionFactory(process=ideas, kind="idea")
    first = comment_post(actor=resident, contribution=idea, body="Yes please")
    reply = comment_post(actor=town.resident(), contribution=idea, body="Agreed", parent=first)
    deeper = comment_post(actor=resident, contribution=idea, body="Me too", parent=reply)
    assert (first.depth, reply.depth, deeper.depth) == (0, 1, 2)
    with pytest.raises(ValidationError, match="Replies go 2 deep at most"):
        comment_post(actor=resident, contribution=idea, body="Deeper", parent=deeper)
    other = ContributionFactory(process=ideas, kind="idea")
    with pytest.raises(ValidationError, match="Reply to a comment on this page"):
        comment_post(actor=resident, contribution=other, body="Lost", parent=first)
    with pytest.raises(ValidationError) as error:
        comment_post(actor=resident, contribution=idea, body="   ")
    assert field_errors(error.value)["body"] == ["Enter your comment"]
    with pytest.raises(ValidationError, match="outside it"):
        comment_post(actor=town.outsider(), contribution=idea, body="From away")
    assert Comment.objects.count() == 3


# Supports --------------------------------------------------------------------------------------------------------

def test_one_support_per_resident_per_proposal_in_the_proposals_phase(proposing, resident, town):
    made = proposal(proposing)
    support_add(actor=resident, proposal=made)
    with pytest.raises(ValidationError, match="You support this proposal already"):
        support_add(actor=resident, proposal=made)
    with pytest.raises(ValidationError, match="outside it"):
        support_add(actor=town.outsider(), proposal=made)
    assert Support.objects.filter(contribution=made).count() == 1
    support_withdraw(actor=resident, proposal=made)
    with pytest.raises(ValidationError, match="You do not support this proposal"):
        support_withdraw(actor=resident, proposal=made)
    assert not Support.objects.exists()


def test_supports_only_while_the_proposals_phase_is_open(service, resident):
    voting = budget_process(service, open_kind="vote")
    made = proposal(voting)
    with pytest.raises(ValidationError, match="Proposals can only be supported while the proposals phase is open"):
        support_add(actor=resident, proposal=made)
    Support.objects.create(contribution=made, supporter=resident)
    with pytest.raises(ValidationError, match="can only be withdrawn while the proposals phase is open"):
        support_withdraw(actor=resident, proposal=made)
    assert Support.objects.count() == 1


def test_ideas_and_hidden_proposals_are_not_supported(proposing, resident, officer):
    idea = ContributionFactory(process=proposing, kind="idea")
    with pytest.raises(ValidationError, match="Only proposals can be supported"):
        support_add(actor=resident, proposal=idea)
    hidden = contribution_hide(actor=officer, contribution=proposal(proposing), reason="Offensive")
    with pytest.raises(ValidationError, match="hidden this proposal"):
        support_add(actor=resident, proposal=hidden)


# The council -----------------------------------------------------------------------------------------------------

def test_a_response_is_published_and_told_to_followers_and_authors(proposing, resident, officer, town):
    made = proposal(proposing, author=resident)
    coauthor = town.resident()
    Coauthorship.objects.create(contribution=made, user=coauthor, invited_by=resident, accepted_at=made.created_at)
    follower = town.resident()
    follow_add(actor=follower, target=proposing)
    response_publish(actor=officer, contribution=made, status="evaluating", body="We are costing it.")
    response_publish(actor=officer, contribution=made, status="accepted", body="We will fund it.")
    made.refresh_from_db()
    assert made.response_status == ResponseStatus.ACCEPTED and made.responses.count() == 2
    authors_told = Delivery.objects.filter(event="services_codesign.response_published", channel="email")
    assert set(authors_told.values_list("recipient", flat=True)) == {resident.pk, coauthor.pk}
    assert Delivery.objects.filter(event="services.followed_moved", recipient=follower, channel="email").count() == 2
    entry = AuditEntry.objects.filter(action="services_codesign.response_published").latest("pk")
    assert entry.changes == {"response_status": ["evaluating", "accepted"]}


@pytest.mark.parametrize(("status", "body", "field", "message"), [
    ("maybe", "Text", "status", "Choose the council's response"),
    ("accepted", " ", "body", "Explain the council's response"),
])
def test_bad_responses_are_refused(proposing, officer, status, body, field, message):
    made = proposal(proposing)
    with pytest.raises(ValidationError) as error:
        response_publish(actor=officer, contribution=made, status=status, body=body)
    assert field_errors(error.value)[field] == [message]
    assert not made.responses.exists()


def test_only_the_councils_officers_respond_and_moderate(proposing, resident, other_officer):
    made = proposal(proposing)
    for person in (resident, other_officer):
        with pytest.raises(PermissionDenied):
            response_publish(actor=person, contribution=made, status="accepted", body="Yes")
        with pytest.raises(PermissionDenied):
            contribution_hide(actor=person, contribution=made, reason="No")


def test_hiding_keeps_the_words_records_the_reason_and_tells_the_author(ideas, resident, officer):
    idea = ContributionFactory(process=ideas, kind="idea", author=resident, title="Rude idea")
    comment = comment_post(actor=resident, contribution=idea, body="Rude words")
    with pytest.raises(ValidationError) as error:
        contribution_hide(actor=officer, contribution=idea, reason=" ")
    assert field_errors(error.value)["reason"] == ["Enter why the council is hiding it, for everyone to read"]
    comment_hide(actor=officer, comment=comment, reason="Personal attack")
    contribution_hide(actor=officer, contribution=idea, reason="Breaks the rules")
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert (idea.title, idea.hidden_reason, idea.hidden_by) == ("Rude idea", "Breaks the rules", officer)
    assert (comment.body, comment.hidden_reason) == ("Rude words", "Personal attack")
    with pytest.raises(ValidationError, match="hidden already"):
        comment_hide(actor=officer, comment=comment, reason="Again")
    assert {e.metadata["reason"] for e in AuditEntry.objects.filter(action__endswith="_hidden")} == {
        "Personal attack", "Breaks the rules"}
    told = Delivery.objects.filter(event="services_codesign.hidden", recipient=resident, channel="email")
    assert sorted(d.subject for d in told) == ["The council has hidden your comment on “Rude idea”",
                                               "The council has hidden your idea “Rude idea”"]
    with pytest.raises(ValidationError, match="hidden this, so it takes no more comments"):
        comment_post(actor=resident, contribution=idea, body="More")
