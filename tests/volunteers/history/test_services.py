"""The hours services: logging, confirming (with correction), declining and hours from shifts."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from tests.volunteers.factories import CauseFactory
from volunteers.models import HoursEntry, HoursSource, HoursStatus
from volunteers.services.history import (
    hours_confirm,
    hours_decline,
    hours_log,
    hours_record_from_shift,
)

from .factories import HoursEntryFactory

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def test_hours_for_an_organisation_wait_for_its_confirmation(holder, passport, organisation):
    cause = CauseFactory()
    entry = hours_log(actor=holder, passport=passport, date=YESTERDAY, hours="1.5", organisation=organisation,
                      cause=cause, description="  Packed   food parcels ")
    assert (entry.status, entry.hours, entry.description) == (HoursStatus.UNCONFIRMED, Decimal("1.50"),
                                                              "Packed food parcels")
    assert entry.source == HoursSource.INFORMAL
    assert AuditEntry.objects.filter(action="volunteers.hours_logged").count() == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date", "today or in the past"),
    ({"date": datetime.date(1900, 1, 1)}, "date", "after 1 January 1950"),
    ({"date": "2024-01-01"}, "date", "Enter the date"),
    ({"hours": "0.2"}, "hours", "at least 0.25"),
    ({"hours": "24.01"}, "hours", "24 or fewer"),
    ({"hours": "1.255"}, "hours", "2 decimal places"),
    ({"hours": "abc"}, "hours", "Enter the number of hours"),
    ({"hours": "NaN"}, "hours", "Enter the number of hours"),
    ({"hours": ""}, "hours", "Enter the number of hours"),
    ({"description": "x" * 301}, "description", "300 characters"),
])
def test_log_bad_input_changes_nothing(holder, passport, changes, field, message):
    data = {"date": YESTERDAY, "hours": "2", **changes}
    with pytest.raises(ValidationError) as caught:
        hours_log(actor=holder, passport=passport, **data)
    assert message in caught.value.message_dict[field][0]
    assert not HoursEntry.objects.exists()


def test_hours_cannot_name_an_unverified_organisation_or_retired_cause(holder, passport):
    with pytest.raises(ValidationError) as caught:
        hours_log(actor=holder, passport=passport, date=YESTERDAY, hours=2, organisation=OrganisationFactory())
    assert "organisation" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        hours_log(actor=holder, passport=passport, date=YESTERDAY, hours=2, cause=CauseFactory(active=False))
    assert "cause" in caught.value.message_dict


def test_only_the_holder_logs_their_hours(passport):
    for actor in (UserFactory(), None):
        with pytest.raises(PermissionDenied):
            hours_log(actor=actor, passport=passport, date=YESTERDAY, hours=2)


def test_a_coordinator_confirms_and_corrects_and_the_volunteer_is_told(passport, organisation, coordinator,
                                                                      django_capture_on_commit_callbacks):
    entry = HoursEntryFactory(passport=passport, organisation=organisation, hours="3")
    with django_capture_on_commit_callbacks(execute=True):
        entry = hours_confirm(actor=coordinator, entry=entry, hours="2.5")
    entry.refresh_from_db()
    assert (entry.status, entry.hours, entry.confirmed_by) == (HoursStatus.CONFIRMED, Decimal("2.50"), coordinator)
    audit = AuditEntry.objects.get(action="volunteers.hours_confirmed")
    assert audit.changes["hours"] == ["3.00", "2.50"] and audit.actor == coordinator
    [message] = [m for m in mail.outbox if passport.holder.email in m.to]
    assert "Riverside Food Bank" in message.subject and "corrected" in message.body
    with pytest.raises(ValidationError, match="already been confirmed"):
        hours_confirm(actor=coordinator, entry=entry)


def test_an_admin_declines_with_a_reason(passport, organisation, org_admin, django_capture_on_commit_callbacks):
    entry = HoursEntryFactory(passport=passport, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        hours_decline(actor=org_admin, entry=entry, reason="We were closed that day")
    entry.refresh_from_db()
    assert entry.status == HoursStatus.DECLINED
    assert AuditEntry.objects.get(action="volunteers.hours_declined").metadata["reason"] == "We were closed that day"
    assert any("We were closed that day" in m.body for m in mail.outbox)
    with pytest.raises(ValidationError, match="already been declined"):
        hours_confirm(actor=org_admin, entry=entry)


def test_confirm_bad_hours_changes_nothing(passport, organisation, coordinator):
    entry = HoursEntryFactory(passport=passport, organisation=organisation)
    for bad in ("0", "25", "x"):
        with pytest.raises(ValidationError):
            hours_confirm(actor=coordinator, entry=entry, hours=bad)
    entry.refresh_from_db()
    assert entry.status == HoursStatus.UNCONFIRMED


def test_who_may_not_confirm(holder, passport, organisation):
    entry = HoursEntryFactory(passport=passport, organisation=organisation)
    other_coordinator = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["coordinator"]).user
    verifier = MembershipFactory(organisation=organisation, roles=["verifier"]).user
    # The holder is a coordinator of the organisation too: still nobody confirms their own hours.
    MembershipFactory(organisation=organisation, user=holder, roles=["coordinator"])
    for actor in (other_coordinator, verifier, holder, UserFactory(), None):
        with pytest.raises(PermissionDenied):
            hours_confirm(actor=actor, entry=entry)
        with pytest.raises(PermissionDenied):
            hours_decline(actor=actor, entry=entry)


def test_an_unverified_organisations_coordinator_cannot_confirm(passport):
    unverified = OrganisationFactory()
    entry = HoursEntryFactory(passport=passport, organisation=unverified)
    coordinator = MembershipFactory(organisation=unverified, roles=["coordinator"]).user
    with pytest.raises(PermissionDenied):
        hours_confirm(actor=coordinator, entry=entry)


def test_hours_from_a_shift_are_confirmed_at_once(passport, organisation, coordinator):
    cause = CauseFactory()
    entry = hours_record_from_shift(passport=passport, organisation=organisation, cause=cause, date=YESTERDAY,
                                    hours=Decimal("4"), actor=coordinator)
    assert (entry.status, entry.source, entry.confirmed_by) == (HoursStatus.CONFIRMED, HoursSource.SHIFT,
                                                                coordinator)
    assert AuditEntry.objects.filter(action="volunteers.hours_recorded_from_shift").count() == 1
    with pytest.raises(PermissionDenied):
        hours_record_from_shift(passport=passport, organisation=organisation, cause=None, date=YESTERDAY,
                                hours=1, actor=UserFactory())
    with pytest.raises(ValidationError):
        hours_record_from_shift(passport=passport, organisation=None, cause=None, date=YESTERDAY, hours=1,
                                actor=coordinator)
    with pytest.raises(ValidationError):
        hours_record_from_shift(passport=passport, organisation=organisation, cause=None,
                                date=timezone.localdate() + datetime.timedelta(days=2), hours=1, actor=coordinator)
