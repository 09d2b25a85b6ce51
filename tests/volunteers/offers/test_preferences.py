"""A volunteer's choices about offers: none at all, a daily digest instead, causes and organisations left out."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Channel, Delivery
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import CauseFactory
from tests.volunteers.offers.test_matching import need_with_shift, offered, volunteer
from volunteers.models import Offer, OfferStatus
from volunteers.services.matching import matching_batch_run
from volunteers.services.offers import offers_send_digests, passport_set_offer_preferences

pytestmark = pytest.mark.django_db


def emails(user, event):
    return Delivery.objects.filter(recipient=user, event=event, channel=Channel.EMAIL)


def test_the_page_saves_choices_and_checks_them(client):
    animals = CauseFactory(slug="animals", name="Animal welfare")
    passport = volunteer(1)
    client.force_login(passport.holder)
    url = reverse("volunteers:offers-preferences")
    assert "Causes not to offer you" in client.get(url).content.decode()
    response = client.post(url, {"offers_daily_digest": "daily", "opted_out_causes": ["nonsense"]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Select yes if you want us to offer you shifts" in body and "Choose causes from the list" in body
    response = client.post(url, {"offers_wanted": "yes", "offers_daily_digest": "daily",
                                 "opted_out_causes": [str(animals.pk)]})
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.offers_daily_digest and list(passport.opted_out_causes.all()) == [animals]
    assert AuditEntry.objects.filter(action="volunteers.offer_preferences_set").exists()


def test_without_a_passport_the_page_sends_you_to_start_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("volunteers:offers-preferences"))
    assert response.status_code == 302 and response.url == reverse("volunteers:passport-tasks")


def test_saying_no_withdraws_open_offers_and_stops_new_ones(django_capture_on_commit_callbacks):
    shift = need_with_shift(places=1)
    first, second = volunteer(1), volunteer(2)
    matching_batch_run()
    assert offered(shift) == {first.pk}
    with django_capture_on_commit_callbacks(execute=True):
        passport_set_offer_preferences(actor=first.holder, passport=first, offers_wanted=False,
                                       offers_daily_digest=False)
    assert Offer.objects.get(passport=first).status == OfferStatus.WITHDRAWN
    assert Offer.objects.get(passport=second, shift=shift).status == OfferStatus.OFFERED
    with pytest.raises(PermissionDenied):
        passport_set_offer_preferences(actor=UserFactory(), passport=second, offers_wanted=False,
                                       offers_daily_digest=False)


def test_a_daily_digest_instead_of_a_message_each(settings):
    need_with_shift(places=1), need_with_shift(places=1, days=9)
    passport = volunteer(1)
    passport_set_offer_preferences(actor=passport.holder, passport=passport, offers_wanted=True,
                                   offers_daily_digest=True)
    matching_batch_run()
    assert Offer.objects.filter(passport=passport).count() == 2
    assert not emails(passport.holder, "volunteers.match_offered").exists()
    assert offers_send_digests() == 1
    assert offers_send_digests() == 1  # the same day again: the message is not sent twice
    digest = emails(passport.holder, "volunteers.match_digest").get()
    assert digest.subject == "2 shifts that suit you"
    assert "Food bank helper" in digest.body
