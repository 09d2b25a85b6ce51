"""The notifications page, marking as read, and the unread count on every page."""

import pytest
from django.urls import reverse

from covenant.notifications.models import Notification

from .factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read_all")


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_anonymous_people_are_sent_to_sign_in(client):
    notification = NotificationFactory()
    for url, method in [
        (LIST, "get"),
        (READ_ALL, "post"),
        (reverse("notifications:open", args=[notification.pk]), "get"),
        (reverse("notifications:read", args=[notification.pk]), "post"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_shows_only_my_notifications_newest_first_with_unread_marked(client, person):
    NotificationFactory(recipient=person, title="Older news")
    NotificationFactory(recipient=person, title="Newer news")
    NotificationFactory(recipient=person, title="Already read", read_at="2026-01-01T10:00:00Z")
    NotificationFactory(title="Someone else's secret")

    response = client.get(LIST)

    assert response.status_code == 200
    titles = [n.title for n in response.context["notifications"]]
    assert titles == ["Already read", "Newer news", "Older news"]
    body = response.content.decode()
    assert "Someone else" not in body
    assert body.count("govuk-tag--blue") == 2
    assert response.context["unread_notifications_count"] == 2
    assert "Mark all as read" in body


def test_the_list_is_paginated_and_a_bad_page_number_is_not_an_error(client, person):
    NotificationFactory.create_batch(25, recipient=person)
    first = client.get(LIST)
    assert len(first.context["notifications"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["notifications"]) == 5
    for bad in ["abc", "-1", "999", ""]:
        response = client.get(LIST, {"page": bad})
        assert response.status_code == 200


def test_an_empty_list_says_so(client, person):
    response = client.get(LIST)
    assert "You have no notifications yet" in response.content.decode()
    assert "Mark all as read" not in response.content.decode()


def test_opening_marks_read_and_follows_the_link(client, person):
    notification = NotificationFactory(recipient=person, url="/organisations/5/")
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/organisations/5/"
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None
    client.get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_opening_never_follows_a_link_to_another_site(client, person):
    for url in ["https://evil.example/phish", "//evil.example", "javascript:alert(1)", ""]:
        notification = NotificationFactory(recipient=person, url=url)
        response = client.get(reverse("notifications:open", args=[notification.pk]))
        assert response["Location"] == LIST


def test_other_peoples_notifications_are_not_found(client, person):
    theirs = NotificationFactory()
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[99999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_as_read(client, person):
    notification = NotificationFactory(recipient=person)
    response = client.post(reverse("notifications:read", args=[notification.pk]), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert [str(m) for m in response.context["messages"]] == ["Notification marked as read"]


def test_mark_all_as_read_changes_only_mine(client, person):
    NotificationFactory.create_batch(3, recipient=person)
    theirs = NotificationFactory()
    response = client.post(READ_ALL)
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_needs_post(client, person):
    notification = NotificationFactory(recipient=person)
    assert client.get(READ_ALL).status_code == 405
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.post(LIST).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_unread_count_is_one_query_and_zero_for_anonymous(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from covenant.notifications.context_processors import unread

    person = UserFactory()
    NotificationFactory.create_batch(2, recipient=person)
    NotificationFactory(recipient=person, read_at="2026-01-01T10:00:00Z")
    request = rf.get("/")
    request.user = person
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_notifications_count": 2}
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request) == {"unread_notifications_count": 0}
