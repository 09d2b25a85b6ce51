"""The end of an active parish's term: the chair asks the covering council for renewal, the council renews or
refuses with reasons, the powers (and reminders) follow the new date; the parish publishes its evaluation."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes import selectors_active
from parishes.models import Evaluation, Office, ProposalStatus, RenewalRequest, RenewalStatus
from parishes.services import add_months, parishes_send_sunset_reminders
from parishes.services.renewal import evaluation_publish, renewal_decide, renewal_request

from .factories import neighbourhood
from .factories_active import active_parish, add_member, add_officer, chair_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def parish(hood):
    return active_parish(hood)


def ask(parish, actor=None, months: int = 12, **kwargs):
    fields = {"sunset_on": add_months(parish.sunset_on, months), "reasons": "The park is thriving."} | kwargs
    return renewal_request(actor=actor or chair_of(parish), parish=parish, **fields)


def told(event: str) -> set:
    return set(Delivery.objects.filter(event=event, channel="email").values_list("recipient_id", flat=True))


# Asking --------------------------------------------------------------------------------------------------------

def test_the_chair_asks_for_renewal_and_the_councils_officers_are_told(hood, parish):
    renewal = ask(parish)
    assert renewal.status == RenewalStatus.PENDING and renewal.current_sunset_on == parish.sunset_on
    assert told("parishes.renewal_requested") == {hood.officer.pk}
    assert AuditEntry.objects.filter(action="parishes.renewal_requested").count() == 1
    assert list(selectors_active.renewals_for_officer(hood.officer)) == [renewal]
    assert not selectors_active.renewals_for_officer(chair_of(parish)).exists()


@pytest.mark.parametrize(("months", "days"), [(5, 0), (36, 1), (0, 0), (-1, 0)])
def test_a_new_sunset_date_out_of_range_is_refused(parish, months, days):
    with pytest.raises(ValidationError) as caught:
        ask(parish, sunset_on=add_months(parish.sunset_on, months) + datetime.timedelta(days=days))
    message = caught.value.message_dict["sunset_on"][0]
    assert message.startswith("The new sunset date must be between ")
    assert not RenewalRequest.objects.exists()


@pytest.mark.parametrize("months", [6, 36])
def test_the_range_runs_from_6_to_36_months_after_the_current_sunset_date(parish, months):
    assert ask(parish, months=months).requested_sunset_on == add_months(parish.sunset_on, months)


def test_reasons_and_a_real_date_are_required(parish):
    with pytest.raises(ValidationError) as caught:
        ask(parish, sunset_on="next year", reasons=" ")
    assert caught.value.message_dict == {"sunset_on": ["Enter the new sunset date, like 31 3 2029"],
                                         "reasons": ["Enter why the parish should continue"]}


def test_one_request_waits_at_a_time(parish):
    ask(parish)
    with pytest.raises(ValidationError) as caught:
        ask(parish)
    assert caught.value.messages == ["The parish has asked for renewal already. Wait for the council's decision"]


def test_only_the_chair_asks_and_not_once_the_parish_has_ended(hood, parish):
    for person in (add_officer(parish, Office.CLERK), add_member(parish), hood.officer):
        with pytest.raises(PermissionDenied):
            ask(parish, person)
    chair = chair_of(parish)
    with time_machine.travel(parish.sunset_on + datetime.timedelta(days=1)):
        with pytest.raises(PermissionDenied):
            ask(parish, chair)


# Deciding ------------------------------------------------------------------------------------------------------

def test_the_council_renews_and_the_parish_holds_its_powers_longer(hood, parish):
    before = parish.sunset_on
    renewal = ask(parish)
    renewal = renewal_decide(actor=hood.officer, renewal=renewal, decision="approved", reasons="It has done well.")
    parish.refresh_from_db()
    assert parish.sunset_on == renewal.granted_sunset_on == add_months(before, 12)
    assert renewal.local_authority == hood.local_authority and renewal.decided_by == hood.officer
    entry = AuditEntry.objects.get(action="parishes.renewal_decided")
    assert entry.changes == {"sunset_on": [before.isoformat(), parish.sunset_on.isoformat()]}
    assert chair_of(parish).pk in told("parishes.renewal_decided")
    # Still active the day after the old sunset date.
    with time_machine.travel(before + datetime.timedelta(days=1)):
        assert selectors_active.is_active(parish)


def test_the_council_may_renew_for_a_shorter_term(hood, parish):
    renewal = ask(parish, months=24)
    shorter = add_months(parish.sunset_on, 8)
    renewal_decide(actor=hood.officer, renewal=renewal, decision="approved", reasons="For a trial.", sunset_on=shorter)
    parish.refresh_from_db()
    assert parish.sunset_on == shorter


@pytest.mark.parametrize(("decision", "shift", "field", "message"), [
    ("approved", 0, "sunset_on", "must be after"),
    ("approved", 400, "sunset_on", "no later than the date asked for"),
    ("refused", 30, "sunset_on", "A refusal sets no new sunset date"),
    ("postponed", None, "decision", "Choose renew or refuse"),
])
def test_bad_decisions_are_refused(hood, parish, decision, shift, field, message):
    renewal = ask(parish)
    sunset_on = None if shift is None else parish.sunset_on + datetime.timedelta(days=shift)
    with pytest.raises(ValidationError) as caught:
        renewal_decide(actor=hood.officer, renewal=renewal, decision=decision, reasons="Because.", sunset_on=sunset_on)
    assert message in caught.value.message_dict[field][0]
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.PENDING


def test_a_refusal_needs_reasons_and_leaves_the_date(hood, parish):
    before = parish.sunset_on
    renewal = ask(parish)
    with pytest.raises(ValidationError) as caught:
        renewal_decide(actor=hood.officer, renewal=renewal, decision="refused", reasons="")
    assert caught.value.message_dict["reasons"] == ["Enter the reasons for the decision"]
    renewal_decide(actor=hood.officer, renewal=renewal, decision="refused", reasons="The area has changed.")
    parish.refresh_from_db()
    assert parish.sunset_on == before
    with pytest.raises(ValidationError) as caught:
        renewal_decide(actor=hood.officer, renewal=renewal, decision="approved", reasons="Changed our mind.")
    assert caught.value.messages == ["This request has been decided already"]
    # Once refused, the parish may ask again.
    assert ask(parish, reasons="New evidence.").status == RenewalStatus.PENDING


def test_only_officers_of_a_covering_council_decide(hood, parish):
    renewal = ask(parish)
    elsewhere = neighbourhood("E08000037", "Gateshead", inside="NE8 1AA", outside="NE9 1AA")
    for person in (chair_of(parish), elsewhere.officer):
        with pytest.raises(PermissionDenied):
            renewal_decide(actor=person, renewal=renewal, decision="approved", reasons="Yes.")


def test_a_renewed_parish_is_reminded_again_before_its_new_date(hood, parish):
    days_before = parish.sunset_on - datetime.timedelta(days=30)
    parishes_send_sunset_reminders(today=days_before)
    renewal_decide(actor=hood.officer, renewal=ask(parish), decision="approved", reasons="Yes.")
    parish.refresh_from_db()
    parishes_send_sunset_reminders(today=parish.sunset_on - datetime.timedelta(days=30))
    keys = {key.rsplit(":", 1)[0] for key in Delivery.objects.filter(event="parishes.sunset_reminder",
                                                                      channel="email").values_list("key", flat=True)}
    assert len(keys) == 2


# Evaluation ----------------------------------------------------------------------------------------------------

def test_the_chair_publishes_an_evaluation_and_updates_it(hood, parish):
    evaluation = evaluation_publish(actor=chair_of(parish), parish=parish, achievements="A cleaner park.",
                                    evidence="Litter down by half.", seeks_permanent=False)
    assert told("parishes.evaluation_published") == {hood.officer.pk}
    evaluation_publish(actor=chair_of(parish), parish=parish, achievements="A cleaner park and a fair.",
                       evidence="Litter down by half; 400 came to the fair.", seeks_permanent=True)
    evaluation.refresh_from_db()
    assert evaluation.seeks_permanent and evaluation.updated_at is not None
    assert Evaluation.objects.count() == 1
    # Seeking permanence asks the council for a governance review, so its officers hear of it too.
    assert Delivery.objects.filter(event="parishes.evaluation_published", channel="email").count() == 2
    assert AuditEntry.objects.get(action="parishes.evaluation_updated").changes == {"seeks_permanent": [False, True]}


def test_an_evaluation_needs_each_answer(parish):
    with pytest.raises(ValidationError) as caught:
        evaluation_publish(actor=chair_of(parish), parish=parish, achievements="", evidence=" ",
                           seeks_permanent="maybe")
    assert caught.value.message_dict == {
        "achievements": ["Enter what the parish achieved"], "evidence": ["Enter the evidence of what it achieved"],
        "seeks_permanent": ["Select yes if the parish seeks to become a permanent parish council"]}


def test_only_the_chair_of_an_active_parish_publishes(hood, parish):
    with pytest.raises(PermissionDenied):
        evaluation_publish(actor=add_officer(parish, Office.CLERK), parish=parish, achievements="a", evidence="b",
                           seeks_permanent=False)
    chair = chair_of(parish)
    parish.status = ProposalStatus.ENDED
    parish.ended_at = timezone.now()
    parish.save(update_fields=["status", "ended_at"])
    with pytest.raises(PermissionDenied):
        evaluation_publish(actor=chair, parish=parish, achievements="a", evidence="b", seeks_permanent=False)


# The council's queue -----------------------------------------------------------------------------------------

def test_the_councils_queue_lists_renewals_waiting_with_a_link_to_decide(client, hood, parish):
    from django.urls import reverse

    from tests.accounts.factories import enrol_totp

    renewal = ask(parish)
    enrol_totp(hood.officer)
    client.force_login(hood.officer)
    html = client.get(reverse("parishes:council")).content.decode()
    rows = html.split("Renewals asked for", 1)[1].split("Petitions gathering signatures", 1)[0]
    assert parish.name in rows
    assert reverse("parishes:parish-renewal-decide", args=[parish.slug, renewal.pk]) in rows
    assert f"{renewal.requested_sunset_on:%-d %B %Y}" in rows

    renewal_decide(actor=hood.officer, renewal=renewal, decision="refused", reasons="The evaluation is not in yet.")
    rows = client.get(reverse("parishes:council")).content.decode().split("Renewals asked for", 1)[1]
    assert parish.name not in rows.split("Petitions gathering signatures", 1)[0]
    assert "No active pop-up parish in your council's area is asking for a renewal." in rows
