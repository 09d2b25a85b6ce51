"""API of the audit log: platform staff only, filters validated."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:audit-list")


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who", ["anonymous", "person"])
def test_only_platform_staff_may_read_the_log(who, entries):
    user = None if who == "anonymous" else UserFactory()
    response = client_for(user).get(LIST)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_staff_without_mfa_are_told_to_set_it_up(entries):
    response = client_for(StaffFactory(mfa=False)).get(LIST)
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["message"]


def test_staff_read_the_log_newest_first(entries):
    body = client_for(StaffFactory()).get(LIST).json()
    assert body["count"] == 4
    first = body["results"][0]
    assert first["action"] == "system.cleanup" and first["actor"] == ""
    profile = body["results"][-1]
    assert profile == {
        "id": entries["alice_profile"].pk,
        "created_at": profile["created_at"],
        "actor": "alice@example.org",
        "action": "accounts.profile_update",
        "target_type": "accounts.user",
        "target_id": entries["alice_profile"].target_id,
        "target_label": entries["alice_profile"].target_label,
        "changes": {"postcode": ["", "SW1A 1AA"]},
        "metadata": {},
    }


def test_filters(entries):
    api = client_for(StaffFactory())
    today = timezone.localdate().isoformat()

    def ids(**params):
        return [item["id"] for item in api.get(LIST, params).json()["results"]]

    assert ids(actor="Alice@") == [entries["alice_on_bob"].pk, entries["alice_profile"].pk]
    assert ids(action="accounts.staff") == [entries["alice_on_bob"].pk]
    assert ids(target_type="accounts.user", target_id=entries["bob_profile"].target_id) == [
        entries["alice_on_bob"].pk,
        entries["bob_profile"].pk,
    ]
    assert len(ids(date_from=today, date_to=today)) == 4
    assert ids(date_from="2999-01-01") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "27/3/2026"}, "date_from"),
        ({"date_to": "2026-02-31"}, "date_to"),
        ({"date_from": "2026-04-02", "date_to": "2026-04-01"}, "date_to"),
        ({"action": "drop table;"}, "action"),
        ({"target_type": "nonsense"}, "target_type"),
        ({"target_id": "9" * 65}, "target_id"),
    ],
)
def test_bad_filters_are_400_with_the_field_named(entries, params, field):
    response = client_for(StaffFactory()).get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [error["field"] for error in body["errors"]] == [field]


def test_the_log_cannot_be_written_through_the_api(entries):
    api = client_for(StaffFactory())
    assert api.post(LIST, {"action": "forged"}).status_code == 405
    assert api.delete(LIST).status_code == 405
