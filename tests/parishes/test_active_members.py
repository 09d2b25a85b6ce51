"""An active parish's people: starting on approval, residents joining and leaving, and officers appointed,
replaced and standing down with their history kept."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes import selectors_active
from parishes.models import (
    DelegatedBudget,
    MemberVia,
    Office,
    OfficeHolder,
    Outcome,
    ParishDecision,
    ParishMember,
    ProposalStatus,
    Proposer,
    ProposerRole,
    TermEnd,
)
from parishes.services.active import (
    officer_appoint,
    officer_stand_down,
    parish_activate,
    parish_join,
    parish_leave,
)
from tests.accounts.factories import UserFactory

from .factories import ProposalFactory, standard_power
from .factories_active import active_parish, add_member, add_officer, chair_of, meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def parish(hood):
    return active_parish(hood)


def decision_of(parish, outcome=Outcome.CARRIED):
    meeting = meeting_of(parish, days=-1)
    return ParishDecision.objects.create(meeting=meeting, parish=parish, title="Appoint officers", motion="That …",
                                         members_count=3, quorum=3, votes_for=3, outcome=outcome)


# Starting ------------------------------------------------------------------------------------------------------

def test_activation_makes_proposers_members_and_the_lead_proposer_interim_chair(hood):
    parish = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.APPROVED)
    co = Proposer.objects.create(proposal=parish, user=UserFactory(), role=ProposerRole.CO_PROPOSER).user
    parish_activate(actor=hood.officer, parish=parish)
    members = ParishMember.objects.filter(parish=parish)
    assert {m.user for m in members} == {parish.created_by, co}
    assert {m.via for m in members} == {MemberVia.PROPOSER}
    chair = OfficeHolder.objects.get(parish=parish)
    assert (chair.user, chair.office, chair.interim) == (parish.created_by, Office.CHAIR, True)
    assert DelegatedBudget.objects.get(parish=parish).amount == 0
    assert AuditEntry.objects.filter(action="parishes.parish_activated", target_id=str(parish.pk)).count() == 1
    # Running it again changes nothing.
    parish_activate(actor=hood.officer, parish=parish)
    assert ParishMember.objects.filter(parish=parish).count() == 2 and OfficeHolder.objects.count() == 1


def test_a_budget_cap_becomes_the_delegated_budget(hood):
    parish = active_parish(hood, budget_cap="2500.00")
    assert DelegatedBudget.objects.get(parish=parish).amount == 2500


# Joining and leaving -------------------------------------------------------------------------------------------

def test_a_resident_of_the_area_joins(hood, parish):
    person = hood.resident()
    member = parish_join(actor=person, parish=parish)
    assert member.postcode == "SR2 8AA" and member.via == MemberVia.RESIDENT
    assert selectors_active.member_count(parish) == 2
    assert AuditEntry.objects.filter(action="parishes.member_joined").count() == 1


def test_joining_from_outside_the_area_is_refused_saying_why(hood, parish):
    with pytest.raises(ValidationError) as caught:
        parish_join(actor=hood.outsider(), parish=parish)
    assert caught.value.message_dict["postcode"] == [
        f"Only residents of the area can join. Your postcode SR5 1AA is outside the area of {parish.name}"]
    assert selectors_active.member_count(parish) == 1


@pytest.mark.parametrize(("postcode", "message"), [
    ("", "Add your postcode to your profile to join this parish"),
    ("XX", "The postcode in your profile is not a real postcode. Correct it, like SW1A 1AA, to join "
                       "this parish"),
    ("SR9 9ZZ", "We cannot find the postcode in your profile. Check it and correct it to join this parish"),
])
def test_joining_without_a_known_postcode_is_refused(hood, parish, postcode, message):
    with pytest.raises(ValidationError) as caught:
        parish_join(actor=UserFactory(postcode=postcode), parish=parish)
    assert caught.value.message_dict["postcode"] == [message]


def test_joining_twice_is_refused(hood, parish):
    person = hood.resident()
    parish_join(actor=person, parish=parish)
    with pytest.raises(ValidationError) as caught:
        parish_join(actor=person, parish=parish)
    assert caught.value.messages == ["You are a member of this parish already"]
    assert ParishMember.objects.filter(parish=parish, user=person).count() == 1


def test_only_residents_with_a_confirmed_email_join(hood, parish):
    with pytest.raises(PermissionDenied):
        parish_join(actor=hood.resident(verified=False), parish=parish)


def test_nobody_joins_a_proposal_that_is_not_an_active_parish(hood):
    petition = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        parish_join(actor=hood.resident(), parish=petition)


def test_nobody_joins_or_leaves_after_the_sunset_date(hood, parish):
    member = add_member(parish, hood.resident())
    with time_machine.travel(parish.sunset_on + datetime.timedelta(days=1)):
        with pytest.raises(PermissionDenied):
            parish_join(actor=hood.resident(), parish=parish)
        with pytest.raises(PermissionDenied):
            parish_leave(actor=member, parish=parish)


def test_an_ended_parish_takes_no_members(hood, parish):
    parish.status = ProposalStatus.ENDED
    parish.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        parish_join(actor=hood.resident(), parish=parish)


def test_a_member_leaves_and_the_row_stays_dated(hood, parish):
    person = hood.resident()
    parish_join(actor=person, parish=parish)
    parish_leave(actor=person, parish=parish)
    assert not selectors_active.is_member(person, parish)
    assert ParishMember.objects.get(parish=parish, user=person).left_at is not None
    # Leaving is no bar to joining again, as a new row.
    parish_join(actor=person, parish=parish)
    assert ParishMember.objects.filter(parish=parish, user=person).count() == 2


def test_someone_not_a_member_cannot_leave(hood, parish):
    with pytest.raises(PermissionDenied):
        parish_leave(actor=hood.resident(), parish=parish)


def test_an_officer_stands_down_before_leaving(parish):
    with pytest.raises(ValidationError) as caught:
        parish_leave(actor=chair_of(parish), parish=parish)
    assert caught.value.messages == ["You are the chair. Stand down before you leave the parish"]


# Officers ------------------------------------------------------------------------------------------------------

def test_the_chair_appoints_a_clerk_who_is_told(parish):
    clerk = add_member(parish)
    holder = officer_appoint(actor=chair_of(parish), parish=parish, office=Office.CLERK, user=clerk)
    assert holder.office == Office.CLERK and holder.appointed_by == chair_of(parish)
    assert selectors_active.offices_of(clerk, parish) == {Office.CLERK}
    entry = AuditEntry.objects.get(action="parishes.officer_appointed")
    assert entry.changes == {"clerk": [None, clerk.pk]}
    assert Delivery.objects.filter(recipient=clerk, event="parishes.officer_appointed").exists()


def test_replacing_an_officer_keeps_the_last_ones_term(parish):
    chair = chair_of(parish)
    first, second = add_member(parish), add_member(parish)
    officer_appoint(actor=chair, parish=parish, office=Office.TREASURER, user=first)
    officer_appoint(actor=chair, parish=parish, office=Office.TREASURER, user=second)
    terms = list(OfficeHolder.objects.filter(parish=parish, office=Office.TREASURER).order_by("pk"))
    assert [t.user for t in terms] == [first, second]
    assert terms[0].ended_at is not None and terms[0].end_reason == TermEnd.REPLACED and terms[1].ended_at is None
    assert [h.user for h in selectors_active.officer_history(parish)][:2] == [second, first]


def test_the_chair_hands_over_the_chair(parish):
    chair, successor = chair_of(parish), add_member(parish)
    officer_appoint(actor=chair, parish=parish, office=Office.CHAIR, user=successor)
    assert chair_of(parish) == successor
    assert not selectors_active.offices_of(chair, parish)


@pytest.mark.parametrize(("office", "field", "message"), [
    ("mayor", "office", "Choose chair, clerk or treasurer"),
])
def test_an_unknown_office_is_refused(parish, office, field, message):
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=chair_of(parish), parish=parish, office=office, user=add_member(parish))
    assert caught.value.message_dict[field] == [message]


def test_only_members_hold_office(parish):
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=chair_of(parish), parish=parish, office=Office.CLERK, user=UserFactory())
    assert caught.value.message_dict["user"] == ["Choose a member of the parish. Only members can hold office"]


def test_a_member_holds_one_office_at_a_time(parish):
    clerk = add_officer(parish, Office.CLERK)
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=chair_of(parish), parish=parish, office=Office.TREASURER, user=clerk)
    assert "holds one office at a time" in caught.value.message_dict["user"][0]
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=chair_of(parish), parish=parish, office=Office.CLERK, user=clerk)
    assert caught.value.message_dict["user"] == [f"{clerk.display_name} is the clerk already"]


def test_the_clerk_appoints_only_by_a_carried_decision(parish):
    clerk = add_officer(parish, Office.CLERK)
    newcomer = add_member(parish)
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=clerk, parish=parish, office=Office.CHAIR, user=newcomer)
    assert "Only the chair can appoint without one" in caught.value.message_dict["decision"][0]
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=clerk, parish=parish, office=Office.CHAIR, user=newcomer,
                        decision=decision_of(parish, Outcome.INQUORATE))
    assert caught.value.message_dict["decision"] == ["Choose a decision of this parish that was carried"]
    decision = decision_of(parish)
    holder = officer_appoint(actor=clerk, parish=parish, office=Office.CHAIR, user=newcomer, decision=decision)
    assert holder.decision == decision and chair_of(parish) == newcomer


def test_a_decision_of_another_parish_appoints_no_one(hood, parish):
    other = active_parish(hood)
    with pytest.raises(ValidationError) as caught:
        officer_appoint(actor=chair_of(parish), parish=parish, office=Office.CLERK, user=add_member(parish),
                        decision=decision_of(other))
    assert caught.value.message_dict["decision"] == ["Choose a decision of this parish that was carried"]


def test_members_without_office_and_outsiders_appoint_no_one(hood, parish):
    for person in (add_member(parish), hood.resident(), add_officer(parish, Office.TREASURER)):
        with pytest.raises(PermissionDenied):
            officer_appoint(actor=person, parish=parish, office=Office.CLERK, user=add_member(parish))


def test_no_appointments_once_the_parish_has_ended(parish):
    parish.status = ProposalStatus.ENDED
    parish.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        officer_appoint(actor=chair_of(parish), parish=parish, office=Office.CLERK, user=add_member(parish))


def test_the_chair_stands_down_only_when_a_clerk_remains(parish):
    chair = chair_of(parish)
    with pytest.raises(ValidationError) as caught:
        officer_stand_down(actor=chair, parish=parish, office=Office.CHAIR)
    assert caught.value.message_dict["office"][0].startswith("Appoint a clerk before you stand down as chair")
    add_officer(parish, Office.CLERK)
    holder = officer_stand_down(actor=chair, parish=parish, office=Office.CHAIR)
    assert holder.end_reason == TermEnd.STOOD_DOWN and not selectors_active.offices_of(chair, parish)
    assert AuditEntry.objects.filter(action="parishes.officer_stood_down").count() == 1


def test_standing_down_from_an_office_not_held_is_refused(parish):
    treasurer = add_officer(parish, Office.TREASURER)
    with pytest.raises(ValidationError) as caught:
        officer_stand_down(actor=treasurer, parish=parish, office=Office.CLERK)
    assert caught.value.message_dict["office"] == ["Choose an office you hold"]
    officer_stand_down(actor=treasurer, parish=parish, office=Office.TREASURER)
    assert timezone.now() >= OfficeHolder.objects.get(user=treasurer).ended_at


def test_the_councils_approval_starts_the_parish_and_a_rejection_does_not(hood):
    from parishes.models import Review
    from parishes.services import consultation_close, consultation_open, review_decide, review_start

    def decided(decision, **conditions):
        proposal = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.VALID, valid_at=timezone.now(),
                                   published_at=timezone.now(), powers=[standard_power()])
        proposal.covering_authorities.set([hood.local_authority])
        review_start(actor=hood.officer, proposal=proposal)
        review = consultation_open(actor=hood.officer, proposal=proposal)
        Review.objects.filter(pk=review.pk).update(consultation_closes_on=timezone.localdate())
        consultation_close(actor=hood.officer, proposal=proposal)
        review_decide(actor=hood.officer, proposal=proposal, decision=decision, reasons="Reasons.", **conditions)
        return proposal

    approved = decided(ProposalStatus.APPROVED_WITH_CONDITIONS, budget_cap="750")
    assert chair_of(approved) == approved.created_by
    assert selectors_active.is_member(approved.created_by, approved)
    assert DelegatedBudget.objects.get(parish=approved).amount == 750
    rejected = decided(ProposalStatus.REJECTED)
    assert not ParishMember.objects.filter(parish=rejected).exists()
    assert not DelegatedBudget.objects.filter(parish=rejected).exists()
