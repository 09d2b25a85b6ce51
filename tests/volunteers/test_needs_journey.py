"""A volunteer need's whole journey through the real pages, as the people in it see them.

A verified charity's coordinator posts a need that asks for an enhanced DBS check, adds a shift and publishes
it; a resident a couple of miles away finds it by postcode, opens it, is told they can sign up and does; the
coordinator accepts them on the roster; on the day the resident checks in with the code shown at the venue;
the coordinator confirms the hours, which the resident then sees in their passport; and the open-data feed
lists the need for other volunteering platforms.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.volunteers.factories import CredentialFactory, PassportFactory
from tests.volunteers.needs.helpers import known_postcode
from tests.volunteers.test_journey import Seen, date_parts, follow, signed_in, url
from volunteers.models import Booking, BookingStatus, HoursEntry, Need
from volunteers.services.passport import taxonomies_load

pytestmark = pytest.mark.django_db

FEED = "/api/v1/volunteering/opendata/feed/"
TITLE = "Food parcel packer"


@pytest.fixture
def people(db):
    taxonomies_load(actor=None)  # the platform's skill and cause lists, as deployed
    # The need is in Sunderland city centre; the resident lives about two miles north-west, across the river.
    known_postcode("SR1 1AD", 54.9061, -1.3811)
    known_postcode("SR5 1AA", 54.9250, -1.4300)
    charity = VerifiedOrganisationFactory(name="Harbour Food Bank")
    coordinator = MembershipFactory(organisation=charity, user=UserFactory(full_name="Tomasz Nowak")).user
    resident = UserFactory(full_name="Amina Okafor")
    passport = PassportFactory(holder=resident)
    CredentialFactory(passport=passport, dbs=True, verified=True)
    return charity, coordinator, resident


def test_a_charity_posts_a_need_a_resident_finds_it_by_postcode_works_a_shift_and_sees_the_hours(people):
    charity, coordinator_user, resident_user = people
    coordinator, resident, anyone = signed_in(coordinator_user), signed_in(resident_user), Client()
    shift_day = timezone.localdate() + datetime.timedelta(days=3)

    # 1. The coordinator posts the need as a draft, from their organisation's needs.
    needs = Seen(coordinator.get(url("needs-list", charity.pk)))
    assert needs.heading == "Volunteer needs"
    form_page = coordinator.get(needs.links["Post a need"])
    assert Seen(form_page).heading == "Post a need"
    cause = form_page.context["form"].fields["cause"].queryset.get(name="Anti-Poverty")
    created = coordinator.post(url("needs-create", charity.pk), {
        "title": TITLE, "description": "Sort donations and pack food parcels for families.",
        "cause": str(cause.pk), "activity_type": "practical", "location_kind": "address",
        "address": "Hope Hall\n12 High Street West", "postcode": "sr1 1ad",
        "dbs_level": "enhanced_barred", "dbs_barred_lists": "adults", "dbs_workforce": "adult",
        "accessibility": "Step-free access", "expenses_policy": "We pay bus fares",
        "contact_name": "Tomasz Nowak", "contact_email": "tomasz@example.org",
    })
    draft = follow(coordinator, created)
    need = Need.objects.get(title=TITLE)
    assert draft.heading == TITLE
    assert "Need saved as a draft. Add shifts, then publish it" in draft
    assert "No shifts yet. Add at least one before you publish the need." in draft
    assert "Checks DBS check: Enhanced with barred list check (Adults' barred list)" in draft

    # 2. They add a shift three days from now, 10:00 to 13:00 with two places, and publish the need.
    shift_form = Seen(coordinator.get(draft.links["Add a shift"]))
    assert shift_form.heading == "Add a shift"
    with_shift = follow(coordinator, coordinator.post(url("needs-shift-add", charity.pk, need.pk), {
        **date_parts("date", shift_day), "start_time": "10:00", "end_time": "13:00", "places": "2",
    }))
    assert "Shift added" in with_shift
    assert f"{shift_day:%A %-d %B %Y}, 10am to 1pm 0 / 2 0" in with_shift
    published = follow(coordinator, coordinator.post(url("needs-action", charity.pk, need.pk, "publish")))
    assert "The need is now published" in published
    shift = need.shifts.get()

    # 3. The resident searches by their postcode within 5 miles and finds it, about two miles away.
    search = Seen(resident.get(url("search-page"), {"postcode": "sr5 1aa", "within_miles": "5"}))
    assert search.heading == "Find volunteering"
    assert "1 opportunity found near SR5 1AA" in search
    assert f"{TITLE} Harbour Food Bank · Anti-Poverty" in search
    assert "Where SR1 1AD (2.3 miles away)" in search
    # Nothing is within a mile, and someone without an account finds the need too.
    assert "0 opportunities found" in Seen(resident.get(url("search-page"),
                                                        {"postcode": "SR5 1AA", "within_miles": "1"}))
    assert TITLE in Seen(anyone.get(url("search-page"), {"postcode": "SR5 1AA", "within_miles": "5"}))

    # 4. The need's page tells them plainly that they can sign up, and lists the shift.
    need_page = Seen(resident.get(search.links[TITLE]))
    assert need_page.heading == TITLE
    assert "You can sign up" in need_page
    assert "Checks needed Enhanced with barred list check Accessibility" in need_page
    assert f"{shift_day:%A %-d %B %Y}, 10am to 1pm 2 Sign up" in need_page
    sign_up_link = next(href for text, href in need_page.links.items() if text.startswith("Sign up for the shift"))
    assert sign_up_link == url("bookings-sign-up", shift.pk)

    # 5. They check the shift and sign up; the charity decides who gets a place.
    check = Seen(resident.get(sign_up_link))
    assert check.heading == "Check the shift before you sign up"
    assert "Harbour Food Bank will look at your application and tell you if you have a place." in check
    shifts = follow(resident, resident.post(sign_up_link))
    assert shifts.heading == "Your shifts"
    assert "You have applied. The organisation will tell you if you have a place" in shifts
    assert f"{TITLE} Harbour Food Bank {shift_day:%A %-d %B %Y}, 10am Waiting for the organisation" in shifts
    booking = Booking.objects.get(shift=shift)

    # 6. The coordinator finds the shift's roster from the need and accepts the application.
    detail = Seen(coordinator.get(url("needs-detail", charity.pk, need.pk)))
    assert f"{shift_day:%A %-d %B %Y}, 10am to 1pm 0 / 2 1" in detail
    roster_link = next(href for text, href in detail.links.items() if text.startswith("Roster"))
    assert roster_link == url("bookings-roster", charity.pk, shift.pk)
    roster = Seen(coordinator.get(roster_link))
    assert roster.heading == "Roster"
    assert "Applications Amina Okafor applied on" in roster
    roster = follow(coordinator, coordinator.post(url("bookings-roster-action", charity.pk, shift.pk, booking.pk,
                                                      "accept")))
    assert "Amina Okafor has a place" in roster
    assert "Places taken 1 of 2" in roster and "No applications are waiting." in roster
    assert "Booked Amina Okafor Booked" in roster
    code = next(part for part in roster.text.split("Check-in code ", 1)[1].split() if part)
    assert len(code) == 6

    shifts = Seen(resident.get(url("bookings-your-shifts")))
    assert f"Booked Shift When Actions {TITLE} Harbour Food Bank {shift_day:%A %-d %B %Y}, 10am Check in" in shifts

    # 7. On the day, half an hour into the shift, the resident checks in with the code shown at the venue.
    start = timezone.make_aware(datetime.datetime.combine(shift_day, datetime.time(10, 30)))
    with time_machine.travel(start, tick=True):
        check_in = Seen(resident.get(shifts.links[f"Check in {TITLE}"]))
        assert check_in.heading == "Check in to your shift"
        assert f"{TITLE} Check in to your shift Enter the check-in code" in check_in
        wrong = resident.post(url("bookings-check-in", booking.pk), {"code": "AAAAAA" if code != "AAAAAA" else "BBBBBB"})
        assert wrong.status_code == 400
        assert "The check-in code is not right" in wrong.content.decode()
        checked_in = follow(resident, resident.post(url("bookings-check-in", booking.pk), {"code": code.lower()}))
        assert "You are checked in. Thank you for volunteering" in checked_in

    # 8. After the shift the coordinator sees the attendance and confirms the three hours proposed.
    with time_machine.travel(start + datetime.timedelta(hours=4), tick=True):
        roster = Seen(coordinator.get(roster_link))
        assert "Attendance and hours Volunteer Attendance Hours Actions Amina Okafor Attended 3" in roster
        hours_page = Seen(coordinator.get(roster.links["Confirm hours Amina Okafor"]))
        assert hours_page.heading == "Confirm the hours of Amina Okafor"
        assert "The shift was 3 hours long." in hours_page
        roster = follow(coordinator, coordinator.post(roster.links["Confirm hours Amina Okafor"], {"hours": "3"}))
        assert "3 hours confirmed for Amina Okafor" in roster
        assert "Amina Okafor Attended 3 (confirmed)" in roster

        # 9. The resident sees the confirmed hours in their passport, and the shift as past.
        hours = Seen(resident.get(url("history-page")))
        assert hours.heading == "Your volunteering hours"
        assert "3 hours confirmed" in hours
        assert "By organisation Organisation Hours Harbour Food Bank 3" in hours
        assert "By cause Cause Hours Anti-Poverty 3" in hours
        assert f"{shift_day:%-d %B %Y} Harbour Food Bank Anti-Poverty Confirmed 3" in hours
        shifts = Seen(resident.get(url("bookings-your-shifts")))
        assert f"Past Shift When Status {TITLE} Harbour Food Bank {shift_day:%A %-d %B %Y}, 10am Attended Hours confirmed" in shifts
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    assert HoursEntry.objects.get(pk=booking.hours_entry_id).hours == 3

    # 10. The open-data feed lists the published need, with its session and where to apply.
    feed = anyone.get(FEED)
    assert feed.status_code == 200
    organisation = next(node for node in feed.json()["graph"] if node["name"] == "Harbour Food Bank")
    activity = organisation["activity"][0]
    role = activity["role"][0]
    assert role["title"] == TITLE
    assert role["applyLink"].endswith(url("search-need", need.pk))
    assert "https://ns.volunteeringdata.io/DBSCheck" in role["requirement"]
    assert organisation["cause"] == ["https://ns.volunteeringdata.io/AntiPoverty"]
    session = activity["session"][0]
    assert session["location"]["address"].endswith("SR1 1AD")
    assert session["time"][0]["beginning"] == timezone.localtime(shift.starts_at).isoformat()
