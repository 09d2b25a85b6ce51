"""The hours pages: the holder's history and certificate, logging hours, and an organisation's queue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.volunteers.factories import CauseFactory, PassportFactory
from volunteers.models import HoursEntry, HoursStatus
from volunteers.selectors.history import hours_certificate, hours_totals

from .factories import HoursEntryFactory

PAGE = reverse("volunteers:history-page")
LOG = reverse("volunteers:history-log")
CERTIFICATE = reverse("volunteers:history-certificate")


def dated(days_ago):
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def date_fields(day):
    return {"date_0": day.day, "date_1": day.month, "date_2": day.year}


def test_the_holder_logs_hours(client, holder, organisation):
    client.force_login(holder)
    assert client.get(LOG).status_code == 200
    response = client.post(LOG, {**date_fields(dated(1)), "hours": "1.5", "organisation": organisation.pk,
                                 "description": "Sorting"})
    assert response.status_code == 302 and response.url == PAGE
    entry = HoursEntry.objects.get()
    assert entry.passport.holder == holder and entry.organisation == organisation
    assert entry.status == HoursStatus.UNCONFIRMED


@pytest.mark.parametrize(("data", "message"), [
    ({"hours": "2"}, "Enter the date you volunteered"),
    ({"date_0": "1", "date_1": "", "date_2": "2024", "hours": "2"}, "must include a month"),
    ({"date_0": "31", "date_1": "2", "date_2": "2024", "hours": "2"}, "must be a real date"),
    ({"date_0": "1", "date_1": "2", "date_2": "24", "hours": "2"}, "Year must include 4 numbers"),
    ({**date_fields(timezone.localdate() + datetime.timedelta(days=1)), "hours": "2"}, "today or in the past"),
    ({**date_fields(dated(1)), "hours": ""}, "Enter the number of hours"),
    ({**date_fields(dated(1)), "hours": "0.1"}, "at least 0.25"),
    ({**date_fields(dated(1)), "hours": "25"}, "24 or fewer"),
    ({**date_fields(dated(1)), "hours": "lots"}, "Enter the number of hours"),
    ({**date_fields(dated(1)), "hours": "2", "organisation": "999999"}, "Choose a verified organisation"),
    ({**date_fields(dated(1)), "hours": "2", "cause": "abc"}, "Choose a cause from the list"),
])
def test_log_form_bad_input(client, holder, data, message):
    client.force_login(holder)
    response = client.post(LOG, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_people_without_a_confirmed_email_cannot_log(client, db):
    client.force_login(UserFactory(verified=False))
    assert client.get(LOG).status_code == 404
    assert client.post(LOG, {**date_fields(dated(1)), "hours": "2"}).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, organisation):
    for url in (PAGE, LOG, CERTIFICATE, reverse("volunteers:history-queue", args=[organisation.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def make_history(passport, organisation):
    other = VerifiedOrganisationFactory(name="Canal Trust")
    cause = CauseFactory(name="Food poverty")
    this_year = timezone.localdate().year
    HoursEntryFactory(passport=passport, organisation=organisation, cause=cause, hours="2",
                      date=dated(1), confirmed=True)
    HoursEntryFactory(passport=passport, organisation=other, hours="3.25", date=datetime.date(this_year - 1, 6, 1),
                      confirmed=True)
    HoursEntryFactory(passport=passport, organisation=organisation, hours="5", date=dated(2))  # waiting
    HoursEntryFactory(passport=passport, organisation=None, hours="1", date=dated(2))  # self-reported
    HoursEntryFactory(passport=passport, organisation=other, hours="7", status=HoursStatus.DECLINED)
    HoursEntryFactory(organisation=organisation, hours="9", confirmed=True)  # someone else's
    return this_year


def test_totals_count_confirmed_hours_only(passport, organisation):
    this_year = make_history(passport, organisation)
    totals = hours_totals(passport)
    assert totals.confirmed == 5.25
    assert (totals.waiting, totals.self_reported, totals.declined) == (5, 1, 7)
    assert totals.by_year == [(this_year, 2), (this_year - 1, 3.25)]
    assert totals.by_organisation == [("Canal Trust", 3.25), ("Riverside Food Bank", 2)]
    assert totals.by_cause == [("Food poverty", 2)]


def test_the_history_page_shows_totals_in_a_fixed_number_of_queries(client, holder, passport, organisation,
                                                                    django_assert_max_num_queries):
    make_history(passport, organisation)
    client.force_login(holder)
    client.get(PAGE)  # warm the session and permission caches
    with django_assert_max_num_queries(15) as few:
        page = client.get(PAGE).content.decode()
    for _ in range(20):
        HoursEntryFactory(passport=passport, organisation=VerifiedOrganisationFactory(), cause=CauseFactory(),
                          confirmed=True)
        HoursEntryFactory(passport=passport, organisation=VerifiedOrganisationFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE)
    assert "5.25" in page and "Canal Trust" in page and "Waiting for confirmation" in page


def test_the_certificate_lists_confirmed_hours_per_organisation(client, holder, passport, organisation):
    this_year = make_history(passport, organisation)
    client.force_login(holder)
    page = client.get(CERTIFICATE).content.decode()
    assert "Certificate of volunteering hours" in page and "5.25" in page
    assert "certificate.css" in page and 'media="print"' in page
    assert hours_certificate(passport).reference_number in page
    only_this_year = client.get(CERTIFICATE, {"year": this_year}).content.decode()
    assert "Canal Trust" not in only_this_year and hours_certificate(passport, year=this_year).reference_number \
        in only_this_year
    bad = client.get(CERTIFICATE, {"year": "1066"})
    assert bad.status_code == 400 and "Choose a year you have confirmed hours in" in bad.content.decode()


def test_the_reference_number_changes_when_the_hours_change(passport, organisation):
    before = hours_certificate(passport).reference_number
    HoursEntryFactory(passport=passport, organisation=organisation, confirmed=True)
    assert hours_certificate(passport).reference_number != before


def test_certificate_without_a_passport(client, holder):
    client.force_login(UserFactory())
    response = client.get(CERTIFICATE)
    assert response.status_code == 200 and "You have no confirmed hours yet" in response.content.decode()


def test_the_queue_lists_pending_entries_in_a_fixed_number_of_queries(client, organisation, coordinator,
                                                                      django_assert_max_num_queries):
    HoursEntryFactory(organisation=organisation)
    HoursEntryFactory(organisation=organisation, confirmed=True)  # already done
    HoursEntryFactory()  # another organisation's
    client.force_login(coordinator)
    url = reverse("volunteers:history-queue", args=[organisation.pk])
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        response = client.get(url)
    assert response.content.decode().count("Do not confirm") == 1
    HoursEntryFactory.create_batch(15, organisation=organisation, cause=CauseFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Do not confirm") == 16


def test_confirm_and_decline_pages(client, passport, organisation, coordinator):
    first = HoursEntryFactory(passport=passport, organisation=organisation, hours="3")
    second = HoursEntryFactory(passport=passport, organisation=organisation)
    client.force_login(coordinator)
    confirm = reverse("volunteers:history-confirm", args=[organisation.pk, first.pk])
    assert 'value="3"' in client.get(confirm).content.decode()
    bad = client.post(confirm, {"hours": "30"})
    assert bad.status_code == 200 and "24 or fewer" in bad.content.decode()
    assert client.post(confirm, {"hours": "2.75"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, str(first.hours)) == (HoursStatus.CONFIRMED, "2.75")
    # Decided entries leave the queue, so their pages are gone.
    assert client.get(confirm).status_code == 404
    decline = reverse("volunteers:history-decline", args=[organisation.pk, second.pk])
    long_reason = client.post(decline, {"reason": "x" * 1001})
    assert "1,000 characters" in long_reason.content.decode()
    assert client.post(decline, {"reason": "Not us"}).status_code == 302
    second.refresh_from_db()
    assert second.status == HoursStatus.DECLINED


def test_another_organisations_coordinator_gets_404(client, passport, organisation):
    entry = HoursEntryFactory(passport=passport, organisation=organisation)
    outsider = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["coordinator"]).user
    verifier = MembershipFactory(organisation=organisation, roles=["verifier"]).user
    for person in (outsider, verifier, passport.holder, UserFactory()):
        client.force_login(person)
        assert client.get(reverse("volunteers:history-queue", args=[organisation.pk])).status_code == 404
        for name in ("history-confirm", "history-decline"):
            url = reverse(f"volunteers:{name}", args=[organisation.pk, entry.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"hours": "1"}).status_code == 404
    entry.refresh_from_db()
    assert entry.status == HoursStatus.UNCONFIRMED


def test_an_entry_of_another_organisation_is_not_found_through_mine(client, organisation, coordinator):
    foreign = HoursEntryFactory(organisation=VerifiedOrganisationFactory())
    client.force_login(coordinator)
    url = reverse("volunteers:history-confirm", args=[organisation.pk, foreign.pk])
    assert client.post(url, {"hours": "1"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == HoursStatus.UNCONFIRMED


def test_a_coordinator_cannot_confirm_their_own_hours(client, organisation):
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    own = HoursEntryFactory(passport=PassportFactory(holder=coordinator), organisation=organisation)
    client.force_login(coordinator)
    assert client.get(reverse("volunteers:history-confirm", args=[organisation.pk, own.pk])).status_code == 404
