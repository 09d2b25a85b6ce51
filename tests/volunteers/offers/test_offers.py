"""Matching's offers: made once, answered by the volunteer (accepting books the place), expired, and their pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Channel, Delivery
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import (
    CauseFactory,
    NeedFactory,
    PassportFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteers.models import (
    BookingStatus,
    MatchingKind,
    MatchingRun,
    NeedCheck,
    Offer,
    OfferStatus,
)
from volunteers.selectors.offers import offer_reasons
from volunteers.services import offers as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift():
    return ShiftFactory(places=1)


@pytest.fixture
def passport():
    return PassportFactory()


def make(shift, passport, **reasons):
    run = MatchingRun.objects.create(kind=MatchingKind.NEED, scope=str(shift.need_id))
    services.offers_make(run=run, offers=[{"shift_id": shift.pk, "passport_id": passport.pk, "score": 0.8,
                                           "distance_km": 3.2, "reasons": reasons,
                                           "shift_starts_at": shift.starts_at}])
    return Offer.objects.get(shift=shift, passport=passport)


def test_an_offer_is_made_once_and_told_once(shift, passport, django_capture_on_commit_callbacks):
    # Volunteers are told by a worker once the offers are committed.
    with django_capture_on_commit_callbacks(execute=True):
        offer = make(shift, passport)
    assert offer.status == OfferStatus.OFFERED
    assert offer.expires_at <= shift.starts_at
    again = MatchingRun.objects.create(kind=MatchingKind.BATCH)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.offers_make(run=again, offers=[{"shift_id": shift.pk, "passport_id": passport.pk}])
    assert made == 0 and Offer.objects.count() == 1
    notes = Delivery.objects.filter(recipient=passport.holder, event="volunteers.match_offered", channel=Channel.EMAIL)
    assert notes.count() == 1
    assert notes.get().url.endswith(reverse("volunteers:offers-detail", args=[offer.pk]))
    assert shift.need.title in notes.get().subject


def test_accepting_books_the_place_through_the_booking_service(shift, passport):
    offer = services.offer_accept(actor=passport.holder, offer=make(shift, passport))
    assert offer.status == OfferStatus.ACCEPTED and offer.booking.status == BookingStatus.ACCEPTED
    assert AuditEntry.objects.filter(action="volunteers.offer_accepted", target_id=str(offer.pk)).exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.offer_accept(actor=passport.holder, offer=offer)


def test_accepting_when_the_place_has_gone_waitlists(shift, passport):
    offer = make(shift, passport)
    other = make(shift, PassportFactory())
    services.offer_accept(actor=other.passport.holder, offer=other)
    offer = services.offer_accept(actor=passport.holder, offer=offer)
    assert offer.booking.status == BookingStatus.WAITLISTED


def test_accepting_rechecks_eligibility(shift, passport):
    offer = make(shift, passport)
    NeedCheck.objects.create(need=shift.need, kind="dbs", dbs_level="enhanced")
    with pytest.raises(ValidationError, match="You cannot sign up to this shift yet"):
        services.offer_accept(actor=passport.holder, offer=offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED


def test_only_the_volunteer_offered_may_answer(shift, passport):
    offer = make(shift, passport)
    with pytest.raises(PermissionDenied):
        services.offer_accept(actor=UserFactory(), offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_decline(actor=UserFactory(), offer=offer)


def test_declining_and_expiry(shift, passport):
    declined = services.offer_decline(actor=passport.holder, offer=make(shift, passport))
    assert declined.status == OfferStatus.DECLINED
    later_shift = ShiftFactory(need=NeedFactory(), starts_at=timezone.now() + datetime.timedelta(days=20))
    waiting = make(later_shift, passport)
    later = waiting.expires_at + datetime.timedelta(minutes=1)
    assert services.offers_expire(now=later) == [later_shift.pk]
    assert services.offers_expire(now=later) == []
    waiting.refresh_from_db()
    assert waiting.status == OfferStatus.EXPIRED
    with pytest.raises(ValidationError, match="already answered"):
        services.offer_accept(actor=passport.holder, offer=waiting)


def test_an_offer_past_its_time_cannot_be_taken(shift, passport):
    offer = make(shift, passport)
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="run out"):
        services.offer_accept(actor=passport.holder, offer=Offer.objects.get(pk=offer.pk))


def test_reasons_in_words(shift, passport):
    SkillFactory(slug="cooking", name="Cooking")
    CauseFactory(slug="food", name="Food poverty")
    offer = make(shift, passport, checks=1, skills=["cooking"], cause="food", offers_30_days=0)
    assert offer_reasons(offer) == [
        "2.0 miles from you", "You have the check it asks for, valid on the day", "It needs skills you have: Cooking",
        "It is for a cause you care about: Food poverty",
        "You have had no other offers this month, so you were first in line",
    ]


def test_pages_show_and_answer_an_offer(client, shift, passport):
    offer = make(shift, passport, offers_30_days=2)
    client.force_login(passport.holder)
    listing = client.get(reverse("volunteers:offers")).content.decode()
    assert shift.need.title in listing
    page = client.get(reverse("volunteers:offers-detail", args=[offer.pk])).content.decode()
    assert "Why we thought of you" in page and "You have had 2 other offers this month" in page
    response = client.post(reverse("volunteers:offers-detail", args=[offer.pk]), {"answer": "maybe"})
    assert response.status_code == 400 and "Select yes if you want to take this place" in response.content.decode()
    response = client.post(reverse("volunteers:offers-detail", args=[offer.pk]), {"answer": "yes"})
    assert response.status_code == 302 and response.url == reverse("volunteers:bookings-your-shifts")
    response = client.post(reverse("volunteers:offers-detail", args=[offer.pk]), {"answer": "no"})
    assert response.status_code == 400 and "already answered" in response.content.decode()


def test_someone_elses_offer_is_not_found(client, shift, passport):
    offer = make(shift, passport)
    client.force_login(UserFactory())
    assert client.get(reverse("volunteers:offers-detail", args=[offer.pk])).status_code == 404
    assert client.post(reverse("volunteers:offers-detail", args=[offer.pk]), {"answer": "yes"}).status_code == 404
    assert client.get(reverse("volunteers:offers-detail", args=[999999])).status_code == 404
    client.logout()
    response = client.get(reverse("volunteers:offers-detail", args=[offer.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_erasure_removes_open_offers_and_keeps_answered_ones_without_reasons(shift, passport):
    from volunteers.services.sharing import passport_erase

    answered = services.offer_decline(actor=passport.holder, offer=make(shift, passport, offers_30_days=1))
    make(ShiftFactory(), passport, offers_30_days=1)
    passport.offers_wanted = True
    passport.save()
    passport_erase(actor=passport.holder, user=passport.holder)
    assert list(Offer.objects.filter(passport=passport)) == [answered]
    answered.refresh_from_db()
    assert answered.reasons == {} and answered.distance_km is None
    passport.refresh_from_db()
    assert passport.offers_wanted is False
