"""An active parish's delegated budget: the council sets it within its cap, officers record spending, never more
than is left (also when officers race on PostgreSQL), and the totals and CSV rows read back."""

import datetime
import decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes import selectors_active
from parishes.models import (
    DelegatedBudget,
    Office,
    Outcome,
    ParishDecision,
    ProposalStatus,
    Spending,
)
from parishes.services.budget import budget_delegate, spending_record
from tests.concurrency import race
from tests.conftest import need_service

from .factories import neighbourhood
from .factories_active import active_parish, add_member, add_officer, chair_of, meeting_of

pytestmark = pytest.mark.django_db

D = decimal.Decimal


@pytest.fixture
def parish(hood):
    return active_parish(hood, budget_cap="1000.00")


def spend(parish, actor=None, **kwargs):
    fields = {"spent_on": timezone.localdate(), "payee": "Hendon Garden Centre", "purpose": "Bulbs for the park",
              "amount": "120.50"} | kwargs
    return spending_record(actor=actor or chair_of(parish), parish=parish, **fields)


# The council delegating ----------------------------------------------------------------------------------------

def test_an_officer_of_the_covering_council_delegates_within_the_cap_and_the_parish_is_told(hood, parish):
    budget = budget_delegate(actor=hood.officer, parish=parish, amount="800")
    assert budget.amount == 800 and budget.set_by == hood.officer
    assert AuditEntry.objects.get(action="parishes.budget_delegated").changes == {"amount": ["1000.00", "800"]}
    assert Delivery.objects.filter(recipient=chair_of(parish), event="parishes.budget_delegated").exists()


@pytest.mark.parametrize(("amount", "message"), [
    ("1000.01", "The budget can be no more than the council's cap of £1,000.00"),
    ("-5", "The budget must be 0 pounds or more"),
    ("lots", "Enter the budget in pounds and pence, like 5000 or 5000.00"),
    ("12.345", "Enter the budget in pounds and pence, like 5000 or 5000.00"),
    ("NaN", "Enter the budget in pounds and pence, like 5000 or 5000.00"),
    (None, "Enter the budget in pounds and pence, like 5000 or 5000.00"),
])
def test_bad_budgets_are_refused(hood, parish, amount, message):
    with pytest.raises(ValidationError) as caught:
        budget_delegate(actor=hood.officer, parish=parish, amount=amount)
    assert caught.value.message_dict["amount"] == [message]
    assert DelegatedBudget.objects.get(parish=parish).amount == 1000


def test_without_a_cap_the_council_sets_any_amount(hood):
    parish = active_parish(hood)
    assert budget_delegate(actor=hood.officer, parish=parish, amount="25000.00").amount == 25000


def test_the_budget_cannot_fall_below_what_is_spent(hood, parish):
    spend(parish, amount="300")
    with pytest.raises(ValidationError) as caught:
        budget_delegate(actor=hood.officer, parish=parish, amount="299.99")
    assert caught.value.message_dict["amount"] == [
        "The parish has spent £300.00 already. The budget cannot be less than that"]


def test_only_officers_of_a_covering_council_delegate(hood, parish):
    elsewhere = neighbourhood("E08000037", "Gateshead", inside="NE8 1AA", outside="NE9 1AA")
    for person in (chair_of(parish), hood.resident(), elsewhere.officer):
        with pytest.raises(PermissionDenied):
            budget_delegate(actor=person, parish=parish, amount="10")


# Spending ------------------------------------------------------------------------------------------------------

def test_officers_record_spending_and_the_totals_follow(parish):
    treasurer = add_officer(parish, Office.TREASURER)
    spend(parish, amount="120.50")
    spend(parish, treasurer, amount="79.50", payee="Sunderland Printers", purpose="Posters for the fair")
    summary = selectors_active.budget_summary(parish)
    assert (summary.delegated, summary.spent, summary.remaining, summary.cap) == (1000, 200, 800, 1000)
    assert AuditEntry.objects.filter(action="parishes.spending_recorded").count() == 2


def test_spending_more_than_is_left_is_refused(parish):
    spend(parish, amount="900")
    with pytest.raises(ValidationError) as caught:
        spend(parish, amount="100.01")
    assert caught.value.message_dict["amount"] == ["This is more than the £100.00 left of the delegated budget"]
    spend(parish, amount="100.00")
    assert selectors_active.budget_summary(parish).remaining == 0


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"amount": "-10"}, "amount", "Enter an amount more than 0 pounds"),
    ({"amount": "0"}, "amount", "Enter an amount more than 0 pounds"),
    ({"amount": "ten pounds"}, "amount", "Enter the amount in pounds and pence, like 125.50"),
    ({"amount": "1e3"}, "amount", "Enter the amount in pounds and pence, like 125.50"),
    ({"payee": " "}, "payee", "Enter who was paid"),
    ({"purpose": ""}, "purpose", "Enter what the money was spent on"),
    ({"purpose": "x" * 1001}, "purpose", "This must be 1,000 characters or fewer"),
    ({"spent_on": "yesterday"}, "spent_on", "Enter the date of the spending, like 14 3 2027"),
    ({"spent_on": timezone.localdate() + datetime.timedelta(days=1)}, "spent_on",
     "The date of the spending must be today or in the past"),
])
def test_bad_spending_is_refused_and_nothing_saved(parish, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        spend(parish, **fields)
    assert caught.value.message_dict[field] == [message]
    assert not Spending.objects.exists()


def test_spending_dated_before_the_parish_began_is_refused(parish):
    with pytest.raises(ValidationError) as caught:
        spend(parish, spent_on=timezone.localdate() - datetime.timedelta(days=1))
    assert caught.value.message_dict["spent_on"][0].endswith("when the parish's powers began")


def test_spending_links_only_a_carried_decision_of_the_parish(hood, parish):
    meeting = meeting_of(parish, days=-1)
    lost = ParishDecision.objects.create(meeting=meeting, parish=parish, title="Buy a bench", motion="That …",
                                         members_count=3, quorum=3, votes_against=3, outcome=Outcome.NOT_CARRIED)
    with pytest.raises(ValidationError) as caught:
        spend(parish, decision=lost)
    assert caught.value.message_dict["decision"] == ["Choose a decision of this parish that was carried, or none"]
    carried = ParishDecision.objects.create(meeting=meeting, parish=parish, title="Buy bulbs", motion="That …",
                                            members_count=3, quorum=3, votes_for=3, outcome=Outcome.CARRIED)
    assert spend(parish, decision=carried).decision == carried
    rows = list(selectors_active.spending_csv_rows(parish))
    assert rows[0] == ("date", "paid_to", "purpose", "amount_gbp", "decision")
    assert rows[1] == (timezone.localdate().isoformat(), "Hendon Garden Centre", "Bulbs for the park", "120.50",
                       "Buy bulbs")


def test_members_without_the_accounts_and_the_council_record_no_spending(hood, parish):
    for person in (add_member(parish), hood.officer, hood.resident()):
        with pytest.raises(PermissionDenied):
            spend(parish, person)


def test_no_spending_after_the_sunset_date_or_once_ended(parish):
    chair = chair_of(parish)
    with time_machine.travel(parish.sunset_on + datetime.timedelta(days=1)):
        with pytest.raises(PermissionDenied):
            spend(parish, chair, spent_on=parish.sunset_on)
    parish.status = ProposalStatus.ENDED
    parish.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        spend(parish, chair)


@pytest.mark.django_db(transaction=True)
def test_officers_racing_to_spend_never_spend_more_than_the_budget():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    hood = neighbourhood()
    parish = active_parish(hood, budget_cap="100.00")
    officers = [chair_of(parish), add_officer(parish, Office.CLERK), add_officer(parish, Office.TREASURER)]
    work = [lambda person=officers[i % 3]: spend(parish, person, amount="30") for i in range(6)]
    results = race(work)
    recorded = [r for r in results if isinstance(r, Spending)]
    assert len(recorded) == 3, results
    assert all(isinstance(r, Spending | ValidationError) for r in results), results
    assert selectors_active.spent(parish) == D("90.00")
    assert Spending.objects.filter(parish=parish).count() == 3
