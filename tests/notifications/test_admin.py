"""Deliveries are visible to staff in admin and cannot be edited there."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from covenant.notifications.models import Delivery

from .factories import DeliveryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(user)
    return user


def test_staff_can_look_up_deliveries_but_not_change_them(client, superuser):
    delivery = DeliveryFactory(address="find.me@example.org")
    response = client.get(reverse("admin:notifications_delivery_changelist"), {"q": "find.me"})
    assert response.status_code == 200
    assert "find.me@example.org" in response.content.decode()
    change = reverse("admin:notifications_delivery_change", args=[delivery.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"status": "sent"}).status_code == 403
    assert client.get(reverse("admin:notifications_delivery_add")).status_code == 403
    assert client.post(reverse("admin:notifications_delivery_delete", args=[delivery.pk]), {"post": "yes"}).status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert Delivery.objects.count() == 1


def test_people_who_are_not_staff_cannot_open_it(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:notifications_delivery_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
