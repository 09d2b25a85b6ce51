"""The Right to Challenge's rules, through its services: windows, who may express an interest and when, the
required content, modifications with the body's agreement, and decisions within the deadline or with a reason."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from covenant.organisations.models import OrganisationType, VerificationStatus
from services.challenge import eligibility, services
from services.challenge.models import BodyKind, Challenge, ChallengeStatus, RejectionGround, Window
from services.following import follow_add
from tests.services.factories import council

from .factories import ANSWERS, draft, open_service, organisation_admin, submitted

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date):
    """Travel to midday of `day` in London."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")),
                               tick=False)


def audited(action: str) -> bool:
    return AuditEntry.objects.filter(action=action).exists()


# Windows ---------------------------------------------------------------------------------------------------------

def test_officers_add_and_remove_windows_for_their_councils_services(town):
    service = open_service(town)
    with at(D(2027, 3, 1)):
        window = services.window_add(actor=town.officer, service=service, opens_on=D(2027, 3, 1),
                                     closes_on=D(2027, 3, 31))
    assert audited("services_challenge.window_added")
    services.window_remove(actor=town.officer, window=window)
    assert not Window.objects.exists() and audited("services_challenge.window_removed")


@pytest.mark.parametrize(("opens", "closes", "field", "message"), [
    (None, D(2027, 3, 31), "opens_on", "Enter the date the window opens"),
    (D(2027, 3, 1), None, "closes_on", "Enter the date the window closes"),
    (D(2027, 3, 10), D(2027, 3, 9), "closes_on", "The closing date must be the same as or after the opening date"),
    (D(2027, 2, 1), D(2027, 2, 28), "closes_on", "The closing date must be today or in the future"),
    (D(2027, 3, 20), D(2027, 4, 20), "opens_on", "The window overlaps the one from 1 March 2027 to 31 March 2027"),
    (D(2027, 2, 20), D(2027, 3, 1), "opens_on", "The window overlaps the one from 1 March 2027 to 31 March 2027"),
])
def test_bad_windows_are_refused_with_the_reason(town, opens, closes, field, message):
    service = open_service(town)
    with at(D(2027, 3, 1)):
        services.window_add(actor=town.officer, service=service, opens_on=D(2027, 3, 1), closes_on=D(2027, 3, 31))
        with pytest.raises(ValidationError) as error:
            services.window_add(actor=town.officer, service=service, opens_on=opens, closes_on=closes)
    assert message in error.value.message_dict[field][0]
    assert Window.objects.count() == 1


def test_a_window_may_start_the_day_after_another_ends(town):
    service = open_service(town)
    with at(D(2027, 3, 1)):
        services.window_add(actor=town.officer, service=service, opens_on=D(2027, 3, 1), closes_on=D(2027, 3, 31))
        services.window_add(actor=town.officer, service=service, opens_on=D(2027, 4, 1), closes_on=D(2027, 4, 30))
    assert Window.objects.count() == 2


def test_another_councils_officer_cannot_set_windows(town):
    service = open_service(town)
    other = council("E08000021", "Newcastle")
    with pytest.raises(PermissionDenied):
        services.window_add(actor=other.officer, service=service, opens_on=D(2027, 3, 1), closes_on=D(2027, 3, 31))


# Starting, and who may express an interest ------------------------------------------------------------------------

def test_a_service_not_open_to_challenge_is_refused_and_the_refusal_audited(town):
    service = open_service(town, involvement=["co_design"])
    person, _organisation = organisation_admin()
    with pytest.raises(ValidationError) as error:
        services.challenge_start(actor=person, service=service)
    assert "has not opened Youth clubs to the Community Right to Challenge" in error.value.message_dict["service"][0]
    assert not Challenge.objects.exists()
    entry = AuditEntry.objects.get(action="services_challenge.start_refused")
    assert entry.actor == person and "Community Right to Challenge" in entry.metadata["reasons"][0]


def test_an_unpublished_service_is_not_open_to_challenge(town):
    service = open_service(town, is_published=False)
    person, _organisation = organisation_admin()
    with pytest.raises(ValidationError):
        services.challenge_start(actor=person, service=service)


def test_outside_the_councils_windows_is_refused_naming_the_next_window(town):
    service = open_service(town)
    Window.objects.create(service=service, opens_on=D(2027, 5, 1), closes_on=D(2027, 5, 31))
    person, _organisation = organisation_admin()
    with at(D(2027, 4, 30)), pytest.raises(ValidationError) as error:
        services.challenge_start(actor=person, service=service)
    assert error.value.message_dict["window"] == [
        "Sunderland City Council takes expressions of interest in Youth clubs only from 1 May 2027 to 31 May 2027. "
        "Come back when the window opens"]
    assert not Challenge.objects.exists() and audited("services_challenge.start_refused")
    with at(D(2027, 5, 1)):
        assert services.challenge_start(actor=person, service=service).status == ChallengeStatus.DRAFT
    with at(D(2027, 6, 1)), pytest.raises(ValidationError) as error:
        services.challenge_start(actor=person, service=service)
    assert "none is open or planned" in error.value.message_dict["window"][0]


def test_without_windows_a_service_takes_expressions_of_interest_at_any_time(town):
    person, _organisation = organisation_admin()
    assert services.challenge_start(actor=person, service=open_service(town)).is_draft


def test_people_without_a_confirmed_email_cannot_start(town):
    from tests.accounts.factories import UserFactory

    with pytest.raises(PermissionDenied):
        services.challenge_start(actor=UserFactory(verified=False), service=open_service(town))


def test_every_type_of_organisation_is_mapped_to_the_statutory_list():
    """The documented mapping: businesses, councils and public bodies are never relevant bodies."""
    eligible = set(eligibility.STATUTORY_CATEGORY)
    assert eligible | {OrganisationType.BUSINESS, OrganisationType.LOCAL_AUTHORITY,
                       OrganisationType.PUBLIC_BODY} == set(OrganisationType.values)
    assert not eligible & {OrganisationType.BUSINESS, OrganisationType.LOCAL_AUTHORITY, OrganisationType.PUBLIC_BODY}


@pytest.mark.parametrize("kind", [OrganisationType.REGISTERED_CHARITY, OrganisationType.CIO, OrganisationType.CIC,
                                  OrganisationType.PARISH_COUNCIL, OrganisationType.INFORMAL_GROUP,
                                  OrganisationType.FAITH_GROUP])
def test_relevant_bodies_may_express_an_interest(town, kind):
    person, organisation = organisation_admin(type=kind)
    challenge = services.challenge_start(actor=person, service=open_service(town))
    services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                organisation=organisation)
    challenge.refresh_from_db()
    assert challenge.organisation == organisation


@pytest.mark.parametrize("kind", [OrganisationType.BUSINESS, OrganisationType.LOCAL_AUTHORITY,
                                  OrganisationType.PUBLIC_BODY])
def test_ineligible_bodies_are_refused_with_the_reason_and_audited(town, kind):
    person, organisation = organisation_admin(type=kind)
    challenge = services.challenge_start(actor=person, service=open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                    organisation=organisation)
    assert "Only voluntary or community bodies, charities, parish councils" in error.value.message_dict[
        "organisation"][0]
    challenge.refresh_from_db()
    assert challenge.organisation is None and challenge.body_kind == ""
    assert AuditEntry.objects.get(action="services_challenge.body_refused").target_id == str(challenge.pk)


def test_an_unverified_organisation_is_refused(town):
    person, organisation = organisation_admin(verified=False)
    challenge = services.challenge_start(actor=person, service=open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                    organisation=organisation)
    assert "has not been verified yet" in error.value.message_dict["organisation"][0]


@pytest.mark.parametrize("kind", [OrganisationType.COMPANY, OrganisationType.SOCIAL_ENTERPRISE])
def test_companies_count_only_when_they_declare_they_are_not_for_profit(town, kind):
    person, organisation = organisation_admin(type=kind)
    challenge = services.challenge_start(actor=person, service=open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                    organisation=organisation)
    assert "does not carry on its activities for profit" in error.value.message_dict["organisation"][0]
    services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                organisation=organisation, not_for_profit=True)
    challenge.refresh_from_db()
    assert challenge.not_for_profit


def test_only_an_organisations_administrator_can_express_an_interest_for_it(town):
    person, _organisation = organisation_admin()
    _other_admin, other = organisation_admin()
    challenge = services.challenge_start(actor=person, service=open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.ORGANISATION,
                                    organisation=other)
    assert error.value.message_dict == {"organisation": ["Choose an organisation you are an administrator of"]}


@pytest.mark.parametrize(("employees", "declared", "field", "message"), [
    ([{"name": "Sam Smith", "role": "Youth worker"}], True, "employees", "Name at least 2 employees"),
    ([], True, "employees", "Name at least 2 employees"),
    ([{"name": "Sam Smith"}, {"name": "sam  smith"}], True, "employees", "sam smith is named twice"),
    ([{"name": "Sam Smith"}, {"name": "", "role": "Cook"}], True, "employees", "Enter each employee's full name"),
    ([{"name": "Sam Smith"}, {"name": "Ali Khan"}], False, "employees_declared", "Confirm that everyone named"),
])
def test_employees_must_be_two_or_more_named_with_a_declaration(town, employees, declared, field, message):
    person = town.resident()
    challenge = services.challenge_start(actor=person, service=open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.EMPLOYEES,
                                    employees=employees, employees_declared=declared)
    assert message in error.value.message_dict[field][0]


def test_two_employees_with_their_declaration_are_a_relevant_body(town):
    person = town.resident()
    challenge = services.challenge_start(actor=person, service=open_service(town))
    services.challenge_set_body(actor=person, challenge=challenge, body_kind=BodyKind.EMPLOYEES,
                                employees=[{"name": " Sam  Smith ", "role": "Youth worker"}, {"name": "Ali Khan"}],
                                employees_declared=True)
    challenge.refresh_from_db()
    assert challenge.employees == [{"name": "Sam Smith", "role": "Youth worker"}, {"name": "Ali Khan", "role": ""}]


def test_only_the_body_changes_its_draft(town):
    challenge = draft(open_service(town), answers=False)
    with pytest.raises(PermissionDenied):
        services.challenge_update(actor=town.resident(), challenge=challenge, finances="Ours")


@pytest.mark.parametrize(("value", "message"), [
    ("", "Describe the body's finances"),
    ("   ", "Describe the body's finances"),
    ("x" * 10_001, "Your answer must be 10,000 characters or fewer"),
])
def test_answers_are_required_and_limited(town, value, message):
    challenge = draft(open_service(town), answers=False)
    with pytest.raises(ValidationError) as error:
        services.challenge_update(actor=challenge.created_by, challenge=challenge, finances=value)
    assert error.value.message_dict == {"finances": [message]}


# Submitting --------------------------------------------------------------------------------------------------------

def test_submitting_without_every_answer_names_each_one_missing(town):
    challenge = draft(open_service(town), answers=False)
    services.challenge_update(actor=challenge.created_by, challenge=challenge, finances=ANSWERS["finances"])
    with pytest.raises(ValidationError) as error:
        services.challenge_submit(actor=challenge.created_by, challenge=challenge)
    assert set(error.value.message_dict) == {"capability", "social_value", "economic_value", "environmental_value",
                                             "users_needs"}
    challenge.refresh_from_db()
    assert challenge.is_draft and audited("services_challenge.submission_refused")


def test_submitting_without_a_body_is_refused(town):
    person = town.resident()
    challenge = services.challenge_start(actor=person, service=open_service(town))
    services.challenge_update(actor=person, challenge=challenge, **ANSWERS)
    with pytest.raises(ValidationError) as error:
        services.challenge_submit(actor=person, challenge=challenge)
    assert error.value.message_dict == {"body": ["Say who is expressing an interest"]}


def test_a_submission_sets_the_deadline_and_tells_the_body_and_the_council(town):
    service = open_service(town)
    with at(D(2027, 3, 1)):
        challenge = submitted(service)
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert (challenge.received_on, challenge.decision_due_on) == (D(2027, 3, 1), D(2027, 3, 31))
    assert challenge.window_closes_on is None
    assert Delivery.objects.filter(event="services_challenge.received", recipient=challenge.created_by).exists()
    assert Delivery.objects.filter(event="services_challenge.to_decide", recipient=town.officer).exists()
    assert audited("services_challenge.submitted")


def test_a_submission_in_a_window_is_due_30_days_after_the_window_closes(town):
    service = open_service(town)
    Window.objects.create(service=service, opens_on=D(2027, 3, 1), closes_on=D(2027, 3, 20))
    with at(D(2027, 3, 5)):
        challenge = submitted(service)
    assert (challenge.window_opens_on, challenge.window_closes_on) == (D(2027, 3, 1), D(2027, 3, 20))
    assert challenge.decision_due_on == D(2027, 4, 19)


def test_a_draft_whose_window_closed_cannot_be_submitted(town):
    service = open_service(town)
    Window.objects.create(service=service, opens_on=D(2027, 3, 1), closes_on=D(2027, 3, 20))
    with at(D(2027, 3, 20)):
        challenge = draft(service)
    with at(D(2027, 3, 21)), pytest.raises(ValidationError) as error:
        services.challenge_submit(actor=challenge.created_by, challenge=challenge)
    assert "window" in error.value.message_dict
    challenge.refresh_from_db()
    assert challenge.is_draft and challenge.received_on is None
    assert audited("services_challenge.submission_refused")


def test_an_organisation_suspended_since_its_draft_cannot_submit(town):
    challenge = draft(open_service(town))
    challenge.organisation.verification_status = VerificationStatus.SUSPENDED
    challenge.organisation.save()
    with pytest.raises(ValidationError) as error:
        services.challenge_submit(actor=challenge.created_by, challenge=challenge)
    assert "has not been verified yet" in error.value.message_dict["body"][0]


def test_a_submitted_expression_of_interest_cannot_be_changed(town):
    challenge = submitted(open_service(town))
    with pytest.raises(PermissionDenied):
        services.challenge_update(actor=challenge.created_by, challenge=challenge, finances="Changed")


# Modifications -----------------------------------------------------------------------------------------------------

def test_a_modification_applies_only_with_the_bodys_agreement(town):
    challenge = submitted(open_service(town))
    follower = town.resident()
    follow_add(actor=follower, target=challenge)
    services.modification_request(actor=town.officer, challenge=challenge,
                                  request="Run the Saturday club from the library instead")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.MODIFICATION_PROPOSED
    assert Delivery.objects.filter(event="services_challenge.modification_requested",
                                   recipient=challenge.created_by).exists()
    with pytest.raises(ValidationError) as error:
        services.challenge_accept(actor=town.officer, challenge=challenge, minimum_months=3, maximum_months=6)
    assert "Wait for" in error.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.modification_answer(actor=follower, challenge=challenge, agreed=True)
    services.modification_answer(actor=challenge.created_by, challenge=challenge, agreed=True, answer="Agreed.")
    challenge.refresh_from_db()
    modification = challenge.modifications.get()
    assert challenge.status == ChallengeStatus.SUBMITTED and modification.agreed is True
    assert Delivery.objects.filter(event="services_challenge.modification_answered", recipient=town.officer).exists()
    assert Delivery.objects.filter(event="services.followed_moved", recipient=follower, channel="email").count() == 2


def test_a_modification_needs_what_and_why_and_an_answer(town):
    challenge = submitted(open_service(town))
    with pytest.raises(ValidationError) as error:
        services.modification_request(actor=town.officer, challenge=challenge, request="  ")
    assert error.value.message_dict == {"request": ["Say what you propose to modify and why"]}
    services.modification_request(actor=town.officer, challenge=challenge, request="Smaller area")
    with pytest.raises(ValidationError) as error:
        services.modification_answer(actor=challenge.created_by, challenge=challenge, agreed=None)
    assert error.value.message_dict == {"agreed": ["Select whether you agree to the modification"]}


# Decisions ---------------------------------------------------------------------------------------------------------

def test_accepting_records_the_procurement_periods_and_tells_the_body_and_followers(town):
    with at(D(2027, 3, 1)):
        challenge = submitted(open_service(town))
        follower = town.resident()
        follow_add(actor=follower, target=challenge)
    with at(D(2027, 3, 20)):
        services.challenge_accept(actor=town.officer, challenge=challenge, minimum_months=3, maximum_months=6,
                                  reasons="A strong plan.")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ACCEPTED and challenge.decided_on == D(2027, 3, 20)
    assert (challenge.procurement_earliest_on, challenge.procurement_latest_on) == (D(2027, 6, 20), D(2027, 9, 20))
    assert challenge.lateness_reason == ""
    decided = Delivery.objects.get(event="services_challenge.decided", recipient=challenge.created_by, channel="email")
    assert "between 20 June 2027 and 20 September 2027" in decided.body
    assert Delivery.objects.filter(event="services.followed_moved", recipient=follower).exists()
    entry = AuditEntry.objects.get(action="services_challenge.accepted")
    assert entry.metadata["procurement_earliest_on"] == "2027-06-20" and entry.metadata["late"] is False


@pytest.mark.parametrize(("minimum", "maximum", "field", "message"), [
    (None, 6, "minimum_months", "Enter the minimum period"),
    (3, "", "maximum_months", "Enter the maximum period"),
    ("three", 6, "minimum_months", "Enter the period as a whole number of months"),
    (3, 61, "maximum_months", "Enter a period from 0 to 60 months"),
    (-1, 6, "minimum_months", "Enter a period from 0 to 60 months"),
    (6, 3, "maximum_months", "The maximum period must be the same as or longer than the minimum period"),
])
def test_acceptance_needs_sensible_periods(town, minimum, maximum, field, message):
    challenge = submitted(open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_accept(actor=town.officer, challenge=challenge, minimum_months=minimum,
                                  maximum_months=maximum)
    assert message in error.value.message_dict[field][0]
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED and challenge.decided_at is None


def test_rejecting_cites_statutory_grounds_with_reasons(town):
    challenge = submitted(open_service(town))
    services.challenge_reject(actor=town.officer, challenge=challenge,
                              grounds=[RejectionGround.ALREADY_PROCURING, RejectionGround.INADEQUATE],
                              reasons="The service is out to tender until June.")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.REJECTED
    assert challenge.grounds == ["inadequate", "already_procuring"]  # in the Schedule's order
    assert challenge.ground_labels()[1] == "The service is already the subject of a procurement exercise"
    assert Delivery.objects.filter(event="services_challenge.decided", recipient=challenge.created_by).exists()


@pytest.mark.parametrize(("grounds", "reasons", "field", "message"), [
    ([], "Because.", "grounds", "Select at least one ground"),
    (["we_do_not_like_it"], "Because.", "grounds", "Select grounds from the list"),
    ([RejectionGround.FRIVOLOUS], "", "reasons", "Enter the council's reasons for rejecting it"),
    ([RejectionGround.FRIVOLOUS], "x" * 5001, "reasons", "Enter 5,000 characters or fewer"),
])
def test_rejection_needs_grounds_and_reasons(town, grounds, reasons, field, message):
    challenge = submitted(open_service(town))
    with pytest.raises(ValidationError) as error:
        services.challenge_reject(actor=town.officer, challenge=challenge, grounds=grounds, reasons=reasons)
    assert message in error.value.message_dict[field][0]
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED


@pytest.mark.parametrize(("day", "needs_reason"), [
    (D(2027, 3, 30), False),  # the day before it is due
    (D(2027, 3, 31), False),  # the day it is due
    (D(2027, 4, 1), True),  # the day after
])
def test_a_decision_after_its_deadline_needs_a_reason_for_lateness(town, day, needs_reason):
    with at(D(2027, 3, 1)):
        challenge = submitted(open_service(town))
    with at(day):
        if needs_reason:
            with pytest.raises(ValidationError) as error:
                services.challenge_reject(actor=town.officer, challenge=challenge,
                                          grounds=[RejectionGround.FRIVOLOUS], reasons="No plan.")
            assert error.value.message_dict == {
                "lateness_reason": ["The decision was due by 31 March 2027. Enter why it is late"]}
            services.challenge_reject(actor=town.officer, challenge=challenge, grounds=[RejectionGround.FRIVOLOUS],
                                      reasons="No plan.", lateness_reason="The officer was away.")
        else:
            services.challenge_reject(actor=town.officer, challenge=challenge, grounds=[RejectionGround.FRIVOLOUS],
                                      reasons="No plan.", lateness_reason="Ignored when on time")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.REJECTED
    assert challenge.lateness_reason == ("The officer was away." if needs_reason else "")


def test_only_the_services_council_decides_and_only_once(town):
    challenge = submitted(open_service(town))
    other = council("E08000021", "Newcastle")
    for person in (other.officer, challenge.created_by, town.resident()):
        with pytest.raises(PermissionDenied):
            services.challenge_accept(actor=person, challenge=challenge, minimum_months=1, maximum_months=2)
    services.challenge_accept(actor=town.officer, challenge=challenge, minimum_months=1, maximum_months=2)
    with pytest.raises(ValidationError) as error:
        services.challenge_reject(actor=town.officer, challenge=challenge, grounds=[RejectionGround.FRIVOLOUS],
                                  reasons="Changed our mind")
    assert error.value.messages == ["The council has already decided on this expression of interest"]
