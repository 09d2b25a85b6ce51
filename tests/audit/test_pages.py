"""The audit log pages: staff only, filters checked, entries shown with their changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("audit:list")


def detail(pk):
    return reverse("audit:detail", args=[pk])


def test_anonymous_people_are_sent_to_sign_in(client, entries):
    for url in [LIST, detail(entries["system"].pk)]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_people_who_are_not_staff_see_not_found(client, entries):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404
    assert client.get(detail(entries["system"].pk)).status_code == 404


def test_staff_without_mfa_are_sent_to_set_it_up(client, entries):
    client.force_login(StaffFactory(mfa=False))
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_see_the_log_newest_first(client, staff, entries):
    response = client.get(LIST)
    assert response.status_code == 200
    assert list(response.context["entries"]) == [
        entries["system"], entries["alice_on_bob"], entries["bob_profile"], entries["alice_profile"]
    ]
    body = response.content.decode()
    assert "accounts.staff_grant" in body
    assert "System" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "ALICE@example.org"}, ["alice_on_bob", "alice_profile"]),
        ({"actor": "bob@"}, ["bob_profile"]),
        ({"action": "accounts."}, ["alice_on_bob", "bob_profile", "alice_profile"]),
        ({"action": "accounts.staff_grant"}, ["alice_on_bob"]),
        ({"target_type": "accounts.user"}, ["alice_on_bob", "bob_profile", "alice_profile"]),
        ({"actor": "alice", "action": "accounts.profile_update"}, ["alice_profile"]),
        ({"action": "nothing.here"}, []),
    ],
)
def test_filters(client, staff, entries, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert list(response.context["entries"]) == [entries[name] for name in expected]


def test_filter_by_target_id(client, staff, entries):
    bob = entries["bob_profile"].target_id
    response = client.get(LIST, {"target_type": "accounts.user", "target_id": bob})
    assert list(response.context["entries"]) == [entries["alice_on_bob"], entries["bob_profile"]]


def test_filter_by_dates_is_inclusive_of_whole_days(client, staff, entries):
    today = timezone.localdate()
    fmt = "%d/%m/%Y"
    response = client.get(LIST, {"date_from": today.strftime(fmt), "date_to": today.strftime(fmt)})
    assert len(response.context["entries"]) == 4
    response = client.get(LIST, {"date_from": (today + timedelta(days=1)).isoformat()})
    assert len(response.context["entries"]) == 0
    response = client.get(LIST, {"date_to": (today - timedelta(days=1)).strftime(fmt)})
    assert len(response.context["entries"]) == 0


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_from": "31/2/2026"}, "date_from", "From date must be a real date, like 27/3/2026"),
        ({"date_to": "yesterday"}, "date_to", "To date must be a real date, like 3/4/2026"),
        ({"date_from": "2/4/2026", "date_to": "1/4/2026"}, "date_to", "To date must be the same as or after the from date"),
        ({"action": "drop table;"}, "action", "Action must only include letters, numbers, dots, hyphens and underscores"),
        ({"action": "a" * 101}, "action", "Action must be 100 characters or fewer"),
        ({"actor": "a" * 255}, "actor", "Email address must be 254 characters or fewer"),
        ({"target_type": "nonsense.thing"}, "target_type", "Select a type of thing from the list"),
        ({"target_id": "9" * 65}, "target_id", "ID must be 64 characters or fewer"),
    ],
)
def test_bad_filters_show_govuk_errors_and_no_entries(client, staff, entries, query, field, message):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert list(response.context["entries"]) == []
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message.split(",")[0] in body
    assert "<title>Error:" in body


def test_the_list_is_paginated_and_keeps_the_filters(client, staff):
    actor = UserFactory(email="busy@example.org")
    from covenant.audit.services import audit_record

    for n in range(55):
        audit_record(actor=actor, action="tests.many", metadata={"n": n})
    first = client.get(LIST, {"action": "tests.many"})
    assert len(first.context["entries"]) == 50
    assert "action=tests.many&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"action": "tests.many", "page": "2"})
    assert len(second.context["entries"]) == 5
    assert client.get(LIST, {"page": "nonsense"}).status_code == 200


def test_the_detail_page_shows_the_changes(client, staff, entries):
    response = client.get(detail(entries["alice_profile"].pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "accounts.profile_update" in body
    assert "alice@example.org" in body
    assert "postcode" in body and "SW1A 1AA" in body
    response = client.get(detail(entries["alice_on_bob"].pk))
    assert "new officer" in response.content.decode()
    assert "No field changes were recorded" in response.content.decode()


def test_a_missing_entry_is_not_found(client, staff):
    assert client.get(detail(987654)).status_code == 404


def test_the_pages_are_read_only(client, staff, entries):
    assert client.post(LIST).status_code == 405
    assert client.post(detail(entries["system"].pk)).status_code == 405
    assert AuditEntry.objects.count() == 4
