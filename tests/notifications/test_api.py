"""API: a person's own notifications, and marking one as read."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from .factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:notification-list")


def read_url(pk):
    return reverse("api:notification-read", args=[pk])


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def api(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def test_anonymous_callers_are_refused():
    notification = NotificationFactory()
    client = APIClient()
    assert client.get(LIST).status_code in (401, 403)
    response = client.post(read_url(notification.pk))
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"status", "code", "message", "errors"}
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_holds_only_my_own_newest_first(api, person):
    NotificationFactory(recipient=person, title="First")
    NotificationFactory(recipient=person, title="Second")
    NotificationFactory(title="Not mine")
    body = api.get(LIST).json()
    assert body["count"] == 2
    assert [item["title"] for item in body["results"]] == ["Second", "First"]
    assert body["results"][0]["unread"] is True
    assert set(body["results"][0]) == {"id", "event", "title", "body", "url", "created", "read_at", "unread"}


def test_the_list_filters_unread(api, person):
    NotificationFactory(recipient=person, title="New")
    NotificationFactory(recipient=person, title="Old", read_at="2026-01-01T10:00:00Z")
    assert [n["title"] for n in api.get(LIST, {"unread": "true"}).json()["results"]] == ["New"]
    assert [n["title"] for n in api.get(LIST, {"unread": "false"}).json()["results"]] == ["Old"]


def test_bad_list_parameters_are_clear_errors(api, person):
    NotificationFactory(recipient=person)
    response = api.get(LIST, {"unread": "perhaps"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unread"
    response = api.get(LIST, {"page": "lots"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_mark_my_notification_read(api, person):
    notification = NotificationFactory(recipient=person)
    response = api.post(read_url(notification.pk))
    assert response.status_code == 200
    assert response.json()["unread"] is False
    assert response.json()["read_at"]
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(api):
    theirs = NotificationFactory()
    response = api.post(read_url(theirs.pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert api.post(read_url(424242)).status_code == 404


def test_reading_needs_post(api, person):
    notification = NotificationFactory(recipient=person)
    assert api.get(read_url(notification.pk)).status_code == 405
    assert api.post(LIST).status_code == 405
