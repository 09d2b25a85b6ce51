"""Following things in services/ and telling followers once when they move."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from covenant.notifications.models import Delivery
from services.following import (
    follow_add,
    follow_remove,
    followers_notify,
    followers_of,
    is_following,
)
from services.models import Follow

pytestmark = pytest.mark.django_db


def test_following_twice_is_following_once_and_unfollowing_stops_it(town, service):
    person = town.resident()
    follow_add(actor=person, target=service)
    follow_add(actor=person, target=service)
    assert Follow.objects.count() == 1 and is_following(person, service)
    follow_remove(actor=person, target=service)
    assert not is_following(person, service) and list(followers_of(service)) == []


def test_signed_out_people_cannot_follow(service):
    with pytest.raises(PermissionDenied):
        follow_add(actor=AnonymousUser(), target=service)


def test_followers_are_told_once_per_key_but_not_the_person_who_made_the_change(town, service, settings):
    alice, bob = town.resident(), town.resident()
    for person in (alice, bob, town.officer):
        follow_add(actor=person, target=service)
    assert followers_notify(target=service, title="Phase changed",
                            key="phase:1", exclude=town.officer) == 2
    followers_notify(target=service, title="Phase changed",
                     key="phase:1", exclude=town.officer)
    deliveries = Delivery.objects.filter(event="services.followed_moved", channel="email")
    assert sorted(deliveries.values_list("recipient", flat=True)) == sorted([alice.pk, bob.pk])
    assert "Phase changed" in deliveries.first().subject
