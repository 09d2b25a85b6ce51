"""Matching's measures: fill rate, offers, reach and evenness, and why places found nobody; who may see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import StaffUserFactory, UserFactory
from tests.organisations.factories import admin_of
from tests.volunteers.factories import SkillFactory
from tests.volunteers.offers.test_matching import need_with_shift, volunteer
from volunteers.models import Booking, BookingStatus
from volunteers.selectors.matching import matching_measures
from volunteers.services.matching import matching_batch_run

pytestmark = pytest.mark.django_db


def test_national_measures():
    shift = need_with_shift(places=2)
    first, second, idle = volunteer(1), volunteer(2), volunteer(30, travel=1)
    matching_batch_run()
    Booking.objects.create(shift=shift, passport=first, status=BookingStatus.ACCEPTED,
                           decided_at=timezone.now() + datetime.timedelta(hours=3))
    measures = matching_measures()
    assert (measures.places, measures.filled, measures.fill_percent) == (2, 1, "50%")
    assert measures.offers == 2 and measures.willing == 3 and measures.offered_volunteers == 2
    assert measures.offered_percent == "67%"
    assert measures.gini == pytest.approx(1 / 3)
    assert measures.median_hours_to_fill > 2.9
    assert idle and second


def test_places_nobody_could_be_offered_say_why():
    skill = SkillFactory(slug="welding", name="Welding")
    skilled = need_with_shift(places=1)
    skilled.need.skills.add(skill)
    far = need_with_shift(places=1, radius_km=1)
    checked = need_with_shift(places=1)
    checked.need.checks.create(kind="dbs", dbs_level="enhanced")
    volunteer(3)
    measures = matching_measures()
    reasons = {row.shift.pk: row.reason for row in measures.unmatched}
    assert reasons == {skilled.pk: "skills", far.pk: "reach", checked.pk: "checks"}


def test_pages_and_who_may_see_them(client):
    shift = need_with_shift(places=1)
    client.force_login(StaffUserFactory(mfa=True))
    page = client.get(reverse("volunteers:matching-operations"))
    assert page.status_code == 200 and "Places nobody could be offered" in page.content.decode()
    assert shift.need.title in page.content.decode()
    client.force_login(UserFactory())
    assert client.get(reverse("volunteers:matching-operations")).status_code == 404
    assert client.get(reverse("volunteers:matching-organisation", args=[shift.need.organisation.pk])).status_code == 404
    client.force_login(admin_of(shift.need.organisation))
    page = client.get(reverse("volunteers:matching-organisation", args=[shift.need.organisation.pk]))
    assert page.status_code == 200 and "How matching is filling your shifts" in page.content.decode()


def test_suggested_volunteers_and_inviting_one(client):
    from volunteers.models import Offer

    shift = need_with_shift(places=1)
    near = volunteer(1)
    near.holder.full_name = "Amira Khan"
    near.holder.save()
    volunteer(50, travel=1)  # out of reach: never suggested
    admin = admin_of(shift.need.organisation)
    client.force_login(admin)
    url = reverse("volunteers:matching-suggested", args=[shift.need.organisation.pk, shift.need_id])
    page = client.get(url).content.decode()
    assert "Amira K." in page and "Amira Khan" not in page and "1.0 km away" in page
    response = client.post(url, {"shift": shift.pk, "volunteer": "nobody"})
    assert response.status_code == 400 and "Choose a volunteer from the list to invite" in response.content.decode()
    response = client.post(url, {"shift": shift.pk, "volunteer": near.pk})
    assert response.status_code == 302
    offer = Offer.objects.get(shift=shift, passport=near)
    assert offer.reasons == {"invited": True}
    response = client.post(url, {"shift": shift.pk, "volunteer": near.pk})
    assert response.status_code == 400 and "already been offered this shift" in response.content.decode()
    # Someone else's need, or someone outside the organisation: not found.
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, {"shift": shift.pk, "volunteer": near.pk}).status_code == 404


def test_invitations_respect_requirements_and_caps(settings):
    from django.core.exceptions import PermissionDenied, ValidationError

    from volunteers.services.offers import offer_invite

    settings.MATCHING_MAX_OPEN_OFFERS = 1
    shift = need_with_shift(places=3, minimum_age=18)
    admin = admin_of(shift.need.organisation)
    young = volunteer(1, born=timezone.localdate() - datetime.timedelta(days=365 * 16))
    with pytest.raises(ValidationError, match="does not meet the requirements"):
        offer_invite(actor=admin, shift=shift, passport=young)
    busy = volunteer(1)
    offer_invite(actor=admin, shift=need_with_shift(places=1, days=12, organisation=shift.need.organisation),
                 passport=busy)
    with pytest.raises(ValidationError, match="as many open offers"):
        offer_invite(actor=admin, shift=shift, passport=busy)
    with pytest.raises(ValidationError, match="does not want offers"):
        offer_invite(actor=admin, shift=shift, passport=volunteer(1, offers_wanted=False))
    with pytest.raises(PermissionDenied):
        offer_invite(actor=UserFactory(), shift=shift, passport=volunteer(1))
