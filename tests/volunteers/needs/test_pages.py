"""Needs pages: posting, editing, shifts, states, dashboard and export; bad input and who may not."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from covenant.organisations.models import Role
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory, SkillFactory
from tests.volunteers.history.factories import HoursEntryFactory
from volunteers.models import Booking, BookingStatus, Need, NeedStatus, Shift

from .helpers import coordinator_of, known_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def need():
    return NeedFactory(status=NeedStatus.DRAFT)


@pytest.fixture
def coordinator(client, need):
    user = coordinator_of(need.organisation)
    client.force_login(user)
    return user


def _need_data(**overrides):
    return {"title": "Warehouse helper", "description": "Sort donations", "activity_type": "practical",
            "location_kind": "postcode", "postcode": "SR1 1AD", "dbs_barred_lists": "", **overrides}


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def _shift_data(day=None, **overrides):
    day = day or _tomorrow()
    return {"date_0": day.day, "date_1": day.month, "date_2": day.year, "start_time": "09:00",
            "end_time": "13:00", "places": "3", **overrides}


def test_list_shows_needs_with_status(client, coordinator, need):
    response = client.get(reverse("volunteers:needs-list", args=[need.organisation.pk]))
    assert response.status_code == 200
    assert need.title in response.text and "Draft" in response.text


def test_create_need(client, coordinator, need):
    known_postcode()
    skill = SkillFactory()
    response = client.post(reverse("volunteers:needs-create", args=[need.organisation.pk]), _need_data(
        skills=[skill.pk], dbs_level="enhanced_barred", dbs_barred_lists="adults", training_title="Safeguarding",
        expenses_reimbursed="on"))
    created = Need.objects.exclude(pk=need.pk).get()
    assert created.expenses_reimbursed is True and created.training_provided is False
    assert response.status_code == 302
    assert response.url == reverse("volunteers:needs-detail", args=[need.organisation.pk, created.pk])
    assert created.status == NeedStatus.DRAFT and created.latitude == 54.9061
    assert sorted(check.kind for check in created.checks.all()) == ["dbs", "training"]
    assert list(created.skills.all()) == [skill]


@pytest.mark.parametrize("data, message", [
    (_need_data(postcode="SW1A 2AB"), "We cannot find that postcode. Check it and enter it again, like SW1A 1AA"),
    (_need_data(postcode="banana"), "Enter a real postcode"),
    (_need_data(title=""), "Enter a title for the need"),
    (_need_data(location_kind="moon"), "Select where volunteers will help"),
    (_need_data(skills=["999999"]), "Select skills from the list"),
    (_need_data(minimum_age="12"), "Minimum age must be 14 or more"),
    (_need_data(dbs_level="basic", dbs_barred_lists="adults"),
     "Barred lists can only be checked with an enhanced DBS check with barred list check"),
])
def test_create_need_bad_input(client, coordinator, need, data, message):
    known_postcode()
    response = client.post(reverse("volunteers:needs-create", args=[need.organisation.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    assert Need.objects.count() == 1


def test_edit_need(client, coordinator, need):
    known_postcode()
    url = reverse("volunteers:needs-edit", args=[need.organisation.pk, need.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _need_data(title="Renamed", require_identity="on"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Renamed" and need.checks.get().kind == "identity"


def test_add_shift_then_publish(client, coordinator, need):
    organisation = need.organisation
    response = client.post(reverse("volunteers:needs-shift-add", args=[organisation.pk, need.pk]), _shift_data())
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert timezone.localtime(shift.starts_at).hour == 9 and shift.places == 3
    client.post(reverse("volunteers:needs-action", args=[organisation.pk, need.pk, "publish"]))
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    page = client.get(reverse("volunteers:needs-detail", args=[organisation.pk, need.pk]))
    assert "0 / 3" in page.text


def test_publish_without_shifts_says_why(client, coordinator, need):
    response = client.post(reverse("volunteers:needs-action", args=[need.organisation.pk, need.pk, "publish"]),
                           follow=True)
    assert "Add at least one shift in the future before you publish the need" in response.text
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT


def test_unknown_action_and_get_are_refused(client, coordinator, need):
    assert client.post(reverse("volunteers:needs-action", args=[need.organisation.pk, need.pk, "explode"])
                       ).status_code == 404
    assert client.get(reverse("volunteers:needs-action", args=[need.organisation.pk, need.pk, "publish"])
                      ).status_code == 405


@pytest.mark.parametrize("data, message", [
    (_shift_data(end_time="09:00"), "The end must be after the start"),
    (_shift_data(day=timezone.localdate() - datetime.timedelta(days=2)), "The start must be in the future"),
    (_shift_data(places="-1"), "Places must be between 1 and 1,000"),
    (_shift_data(places="1001"), "Places must be between 1 and 1,000"),
    (_shift_data(start_time="25:00"), "Enter the start time using the 24-hour clock, like 09:00"),
    (_shift_data(date_1=""), "The date of the shift must include a month"),
])
def test_add_shift_bad_input(client, coordinator, need, data, message):
    response = client.post(reverse("volunteers:needs-shift-add", args=[need.organisation.pk, need.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Shift.objects.exists()


def test_add_weekly(client, coordinator, need):
    response = client.post(reverse("volunteers:needs-shift-weekly", args=[need.organisation.pk, need.pk]),
                           _shift_data(weeks="4"))
    assert response.status_code == 302
    assert Shift.objects.count() == 4
    response = client.post(reverse("volunteers:needs-shift-weekly", args=[need.organisation.pk, need.pk]),
                           _shift_data(weeks="60"))
    assert "Number of weeks must be between 1 and 52" in response.text


def test_upload_csv(client, coordinator, need):
    year = timezone.localdate().year + 1
    upload = SimpleUploadedFile("rota.csv", f"start,end,places\n{year}-03-01 09:00,{year}-03-01 12:00,2\n".encode())
    response = client.post(reverse("volunteers:needs-shift-upload", args=[need.organisation.pk, need.pk]),
                           {"file": upload})
    assert response.status_code == 302
    assert Shift.objects.count() == 1


@pytest.mark.parametrize("content, message", [
    (b"when,places\n", "The first line must name the columns start, end, places (missing start, end; not expected when)"),
    ("start,end,places\n".encode("utf-16"), "The file must be saved as UTF-8"),
    (b"start,end,places\n2030-01-01 09:00,2030-01-01 08:00,2\n", "Line 2: The end must be after the start"),
])
def test_upload_csv_bad_input(client, coordinator, need, content, message):
    upload = SimpleUploadedFile("rota.csv", content)
    response = client.post(reverse("volunteers:needs-shift-upload", args=[need.organisation.pk, need.pk]),
                           {"file": upload})
    assert response.status_code == 200
    assert message in response.text
    assert not Shift.objects.exists()


def test_upload_refuses_other_files(client, coordinator, need):
    upload = SimpleUploadedFile("rota.xlsx", b"PK\x03\x04")
    response = client.post(reverse("volunteers:needs-shift-upload", args=[need.organisation.pk, need.pk]),
                           {"file": upload})
    assert "The selected file must be a CSV" in response.text


def test_remove_shift(client, coordinator, need):
    shift = ShiftFactory(need=need)
    url = reverse("volunteers:needs-shift-remove", args=[need.organisation.pk, need.pk, shift.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Shift.objects.exists()


def test_remove_booked_shift_says_why(client, coordinator, need):
    shift = ShiftFactory(need=need)
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.ACCEPTED)
    response = client.post(reverse("volunteers:needs-shift-remove", args=[need.organisation.pk, need.pk, shift.pk]))
    assert "Cancel their bookings before you remove it" in response.text
    assert Shift.objects.exists()


def test_shift_of_another_need_is_404(client, coordinator, need):
    other = ShiftFactory()
    assert client.get(reverse("volunteers:needs-shift-remove", args=[need.organisation.pk, need.pk, other.pk])
                      ).status_code == 404


def test_dashboard(client, coordinator, need):
    need.status = NeedStatus.PUBLISHED
    need.save()
    shift = ShiftFactory(need=need, places=5)
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.ACCEPTED)
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.APPLIED)
    HoursEntryFactory(organisation=need.organisation)
    top = HoursEntryFactory(organisation=need.organisation, confirmed=True, hours="7.5",
                            date=timezone.localdate())
    response = client.get(reverse("volunteers:needs-dashboard", args=[need.organisation.pk]))
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.applications_waiting == 1 and dashboard.hours_waiting == 1
    assert [s.booked for s in dashboard.open_shifts] == [1]
    assert dashboard.top_volunteers[0].name == top.passport.holder.display_name
    assert "1 / 5" in response.text


def test_export(client, coordinator, need):
    need.title = "=HYPERLINK(1)"
    need.save()
    ShiftFactory(need=need, places=4)
    response = client.get(reverse("volunteers:needs-export", args=[need.organisation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("need id,title,status")
    assert "'=HYPERLINK(1)" in lines[1] and ",4,0,0" in lines[1]


@pytest.mark.parametrize("who", ["stranger", "verifier", "other_coordinator"])
def test_who_may_not(client, need, who):
    if who == "stranger":
        user = UserFactory()
    elif who == "verifier":
        user = MembershipFactory(organisation=need.organisation, roles=[Role.VERIFIER]).user
    else:
        user = coordinator_of()
    client.force_login(user)
    shift = ShiftFactory(need=need)
    org = need.organisation.pk
    for url in [
        reverse("volunteers:needs-list", args=[org]), reverse("volunteers:needs-create", args=[org]),
        reverse("volunteers:needs-dashboard", args=[org]), reverse("volunteers:needs-export", args=[org]),
        reverse("volunteers:needs-detail", args=[org, need.pk]), reverse("volunteers:needs-edit", args=[org, need.pk]),
        reverse("volunteers:needs-shift-add", args=[org, need.pk]),
        reverse("volunteers:needs-shift-remove", args=[org, need.pk, shift.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("volunteers:needs-action", args=[org, need.pk, "publish"])).status_code == 404
    assert client.post(reverse("volunteers:needs-shift-remove", args=[org, need.pk, shift.pk])).status_code == 404
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT and Shift.objects.exists()


def test_need_of_another_organisation_is_404(client, coordinator, need):
    other = NeedFactory()
    assert client.get(reverse("volunteers:needs-detail", args=[need.organisation.pk, other.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, need):
    response = client.get(reverse("volunteers:needs-list", args=[need.organisation.pk]))
    assert response.status_code == 302 and "login" in response.url
