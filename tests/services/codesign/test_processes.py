"""Officers' writes on a process: a draft with its budget and phases (no overlaps, in order), publishing, moving
to the next phase, closing; followers told once of each new phase; every bad input refused, nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.codesign.models import Phase, Process, ProcessStatus
from services.codesign.services import (
    phase_add,
    phase_advance,
    phase_remove,
    phase_update,
    phases_announce,
    process_close,
    process_create,
    process_publish,
    process_set_budget,
    process_update,
)
from services.following import follow_add

from .factories import ProcessFactory, budget_process, phases_around, proposal

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def messages(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


def draft(officer, service, **kwargs) -> Process:
    return process_create(actor=officer, service=service, title="Shape youth services",
                          description="How should the youth clubs run?", **kwargs)


def test_an_officer_opens_a_draft_with_a_budget(officer, service):
    process = draft(officer, service, budget="50,000", voting_method="approval", approval_limit="3")
    assert (process.status, process.budget, process.approval_limit) == (ProcessStatus.DRAFT, Decimal("50000.00"), 3)
    assert process.slug == "shape-youth-services"
    assert draft(officer, service).slug == "shape-youth-services-2"
    assert AuditEntry.objects.filter(action="services_codesign.process_created").count() == 2


def test_a_process_is_never_given_an_address_the_pages_use(officer, service):
    process = process_create(actor=officer, service=service, title="Officers", description="x")
    assert process.slug == "officers-process"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"title": ""}, "title", "Enter the title of the process"),
    ({"title": "x" * 151}, "title", "Enter 150 characters or fewer"),
    ({"description": " "}, "description", "Describe the process"),
    ({"budget": "lots"}, "budget", "The budget must be an amount in pounds, like 1500 or 1500.50"),
    ({"budget": "0"}, "budget", "The budget must be more than £0"),
    ({"budget": "-5"}, "budget", "The budget must be more than £0"),
    ({"budget": "10.123"}, "budget", "The budget must be an amount in pounds and pence"),
    ({"budget": "NaN"}, "budget", "The budget must be an amount in pounds and pence"),
    ({"budget": "1e20"}, "budget", "The budget must be less than £10,000,000,000"),
    ({"budget": "100"}, "voting_method", "Choose how residents vote on the budget"),
    ({"budget": "100", "voting_method": "approval"}, "approval_limit", "Enter how many proposals each voter may"),
    ({"budget": "100", "voting_method": "approval", "approval_limit": "0"}, "approval_limit", "between 1 and 100"),
    ({"budget": "100", "voting_method": "approval", "approval_limit": "101"}, "approval_limit", "between 1 and 100"),
])
def test_bad_details_and_budgets_are_refused_and_nothing_is_saved(officer, service, data, field, message):
    values = {"title": "Shape youth services", "description": "How?", **data}
    with pytest.raises(ValidationError) as error:
        process_create(actor=officer, service=service, **values)
    assert message in " ".join(messages(error.value)[field])
    assert not Process.objects.exists()


def test_only_the_services_officers_open_processes_and_only_for_published_services(service, other_officer, town):
    with pytest.raises(PermissionDenied):
        draft(other_officer, service)
    with pytest.raises(PermissionDenied):
        draft(town.resident(), service)
    service.is_published = False
    service.save()
    with pytest.raises(ValidationError) as error:
        draft(town.officer, service)
    assert "Publish Youth services in the catalogue" in messages(error.value)["service"][0]


def test_details_change_and_are_audited(officer, service):
    process = draft(officer, service)
    process_update(actor=officer, process=process, title="New title", description="New words")
    entry = AuditEntry.objects.get(action="services_codesign.process_changed")
    assert entry.changes["title"] == ["Shape youth services", "New title"]


# Phases ----------------------------------------------------------------------------------------------------------

def test_phases_are_added_in_order_without_overlapping(officer, service):
    process = draft(officer, service)
    phase_add(actor=officer, process=process, kind="ideas", starts_on=days(1), ends_on=days(10))
    phase_add(actor=officer, process=process, kind="vote", starts_on=days(21), ends_on=days(30))
    phase_add(actor=officer, process=process, kind="proposals", starts_on=days(11), ends_on=days(20),
              description="Turn ideas into costed proposals")
    assert list(process.phases.values_list("kind", flat=True)) == ["ideas", "proposals", "vote"]


@pytest.mark.parametrize(("kind", "start", "end", "field", "message"), [
    ("proposals", 5, 15, "starts_on", "The dates overlap the ideas phase"),
    ("proposals", 10, 12, "starts_on", "The dates overlap the ideas phase"),
    ("deliberation", 31, 35, "starts_on", "The deliberation phase must come before the vote phase"),
    ("implementation", 11, 12, "starts_on", "The implementation phase must come after the vote phase"),
    ("proposals", 12, 11, "ends_on", "The last day must be the same as or after the first day"),
    ("proposals", -1, 12, "starts_on", "The first day must be today or later"),
    ("proposals", "31/02/2027", 12, "starts_on", "The first day must be a real date"),
    ("proposals", None, 12, "starts_on", "Enter the first day"),
    ("ideas", 40, 45, "kind", "The process already has a ideas phase"),
    ("party", 40, 45, "kind", "Choose the kind of phase"),
])
def test_bad_phases_are_refused_with_the_reason(officer, service, kind, start, end, field, message):
    process = draft(officer, service)
    phase_add(actor=officer, process=process, kind="ideas", starts_on=days(1), ends_on=days(10))
    phase_add(actor=officer, process=process, kind="vote", starts_on=days(21), ends_on=days(30))
    start = days(start) if isinstance(start, int) else start
    end = days(end) if isinstance(end, int) else end
    with pytest.raises(ValidationError) as error:
        phase_add(actor=officer, process=process, kind=kind, starts_on=start, ends_on=end)
    assert message in messages(error.value)[field][0]
    assert process.phases.count() == 2


def test_a_started_phase_keeps_its_first_day_and_an_ended_one_cannot_change(officer, service):
    process = ProcessFactory(service=service)
    phases = phases_around(process, "proposals")
    with pytest.raises(ValidationError) as error:
        phase_update(actor=officer, phase=phases["proposals"], starts_on=days(-1), ends_on=days(20))
    assert messages(error.value)["starts_on"] == ["The phase has started, so its first day cannot change"]
    with pytest.raises(ValidationError) as error:
        phase_update(actor=officer, phase=phases["proposals"], starts_on=phases["proposals"].starts_on,
                     ends_on=days(-1))
    assert messages(error.value)["ends_on"] == ["The last day must be today or later"]
    with pytest.raises(ValidationError) as error:
        phase_update(actor=officer, phase=phases["ideas"], starts_on=days(1), ends_on=days(2))
    assert "The ideas phase has ended" in error.value.messages[0]
    # Its end moves later as long as the next phase moves first.
    phase_update(actor=officer, phase=phases["implementation"], starts_on=days(60), ends_on=days(70))
    phase_update(actor=officer, phase=phases["vote"], starts_on=days(40), ends_on=days(50))
    phase_update(actor=officer, phase=phases["proposals"], starts_on=phases["proposals"].starts_on, ends_on=days(30))
    assert Phase.objects.get(pk=phases["proposals"].pk).ends_on == days(30)
    assert AuditEntry.objects.filter(action="services_codesign.phase_moved").count() == 3


def test_only_phases_still_to_come_are_removed_and_a_budget_keeps_its_vote(officer, service):
    process = budget_process(service, open_kind="ideas")
    with pytest.raises(ValidationError, match="needs its vote phase"):
        phase_remove(actor=officer, phase=process.phases.get(kind="vote"))
    with pytest.raises(ValidationError, match="has started"):
        phase_remove(actor=officer, phase=process.phases.get(kind="ideas"))
    phase_remove(actor=officer, phase=process.phases.get(kind="implementation"))
    assert not process.phases.filter(kind="implementation").exists()


def test_moving_to_the_next_phase_ends_the_open_one_yesterday_and_tells_followers(officer, service, town):
    process = budget_process(service, open_kind="ideas")
    process.announced_phase = "ideas"
    process.save()
    follower = town.resident()
    follow_add(actor=follower, target=process)
    follow_add(actor=officer, target=process)
    started = phase_advance(actor=officer, process=process)
    assert started.kind == "deliberation" and started.starts_on == TODAY()
    assert process.phases.get(kind="ideas").ends_on == days(-1)
    told = Delivery.objects.filter(event="services.followed_moved", channel="email")
    assert list(told.values_list("recipient", flat=True)) == [follower.pk]
    assert "the deliberation phase has started" in told.get().subject
    assert Process.objects.get(pk=process.pk).announced_phase == "deliberation"


def test_moving_on_is_refused_after_the_last_phase_and_on_a_phase_that_started_today(officer, service):
    process = ProcessFactory(service=service)
    phases_around(process, None, kinds=["ideas", "implementation"], ended="ideas")
    with pytest.raises(ValidationError, match="no phase after this one"):
        phase_advance(actor=officer, process=process)
    other = ProcessFactory(service=service)
    Phase.objects.create(process=other, kind="ideas", starts_on=TODAY(), ends_on=days(3))
    Phase.objects.create(process=other, kind="vote", starts_on=days(4), ends_on=days(6))
    with pytest.raises(ValidationError, match="started today"):
        phase_advance(actor=officer, process=other)


# Budget ----------------------------------------------------------------------------------------------------------

def test_the_budget_changes_until_the_vote_starts_and_covers_every_proposal(officer, service):
    process = budget_process(service, open_kind="proposals", budget="1000")
    proposal(process, cost="800", title="Skate park")
    with pytest.raises(ValidationError) as error:
        process_set_budget(actor=officer, process=process, budget="500", voting_method="knapsack")
    assert messages(error.value)["budget"] == ["The budget must be at least £800.00, the cost of the proposal "
                                               "“Skate park”"]
    process_set_budget(actor=officer, process=process, budget="2000", voting_method="approval", approval_limit=2)
    assert Process.objects.get(pk=process.pk).approval_limit == 2
    voting = budget_process(service, open_kind="vote")
    with pytest.raises(ValidationError, match="The vote has started"):
        process_set_budget(actor=officer, process=voting, budget="5000", voting_method="knapsack")


def test_a_budget_needs_every_proposal_costed(officer, service):
    process = ProcessFactory(service=service)
    phases_around(process, "proposals")
    proposal(process, cost=None)
    with pytest.raises(ValidationError, match="1 proposals have no cost yet"):
        process_set_budget(actor=officer, process=process, budget="5000", voting_method="knapsack")


# Publishing and closing ------------------------------------------------------------------------------------------

def test_publishing_checks_the_phases(officer, service):
    process = draft(officer, service, budget="1000", voting_method="knapsack")
    with pytest.raises(ValidationError) as error:
        process_publish(actor=officer, process=process)
    assert error.value.messages == ["Add at least one phase before publishing",
                                    "A process with a participatory budget needs a proposals phase and a vote phase"]
    phase_add(actor=officer, process=process, kind="proposals", starts_on=days(0), ends_on=days(10))
    phase_add(actor=officer, process=process, kind="vote", starts_on=days(11), ends_on=days(20))
    published = process_publish(actor=officer, process=process)
    assert published.status == ProcessStatus.PUBLISHED and published.announced_phase == "proposals"
    with pytest.raises(ValidationError, match="published already"):
        process_publish(actor=officer, process=process)


def test_a_vote_without_a_budget_is_refused_at_publishing(officer, service):
    process = draft(officer, service)
    phase_add(actor=officer, process=process, kind="vote", starts_on=days(1), ends_on=days(2))
    with pytest.raises(ValidationError, match="Residents vote on a participatory budget"):
        process_publish(actor=officer, process=process)


def test_closing_stops_taking_part_and_tells_followers(officer, service, town):
    process = budget_process(service, open_kind="ideas")
    follow_add(actor=town.resident(), target=process)
    with pytest.raises(ValidationError) as error:
        process_close(actor=officer, process=process, note="x" * 1001)
    assert messages(error.value)["note"] == ["Enter 1,000 characters or fewer"]
    process_close(actor=officer, process=process, note="Thank you all.")
    process.refresh_from_db()
    assert process.status == ProcessStatus.CLOSED and process.closed_by == officer
    assert Delivery.objects.filter(event="services.followed_moved", channel="email").count() == 1
    with pytest.raises(ValidationError, match="closed already"):
        process_close(actor=officer, process=process)
    with pytest.raises(ValidationError, match="closed, so it can no longer change"):
        process_update(actor=officer, process=process, title="x", description="y")


def test_the_daily_check_tells_followers_once_when_the_dates_bring_a_new_phase(service, town):
    process = budget_process(service, open_kind="ideas")
    follow_add(actor=town.resident(), target=process)
    assert phases_announce() == 1
    assert phases_announce() == 0
    assert Delivery.objects.filter(event="services.followed_moved", channel="email").count() == 1
    assert phases_announce(day=days(10)) == 1  # the deliberation phase's first day
    assert Delivery.objects.filter(event="services.followed_moved", channel="email").count() == 2
    # Drafts and closed processes are nobody's news.
    ProcessFactory(service=service, status=ProcessStatus.DRAFT)
    assert phases_announce(day=days(10)) == 0
