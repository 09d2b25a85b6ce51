"""The demo world loads, documents its logins, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    first = StringIO()
    call_command("seed_demo", "--logins", stdout=first)
    counts = _row_counts()
    assert counts["accounts.User"] >= 7
    assert counts["organisations.Organisation"] >= 5
    assert counts["places.Postcode"] > 0
    assert "resident@example.org" in first.getvalue()
    assert "covenant-demo-2026" in first.getvalue()

    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert "nothing changed" in second.getvalue()
    assert _row_counts() == counts


@pytest.mark.django_db
def test_demo_people_can_sign_in_and_hold_their_roles(client):
    from covenant.organisations.selectors import user_roles

    call_command("seed_demo", stdout=StringIO())
    User = apps.get_model("accounts", "User")
    assert client.login(email="resident@example.org", password="covenant-demo-2026")
    assert "council_officer" in user_roles(User.objects.get(email="officer@example.org"))
    assert "fund_administrator" in user_roles(User.objects.get(email="funds@example.org"))
    assert "platform_staff" in user_roles(User.objects.get(email="staff@example.org"))


@pytest.mark.django_db
def test_demo_passport_world_shows_the_whole_journey(client):
    from covenant.audit.models import AuditEntry
    from volunteers.models import CredentialKind, CredentialStatus, HoursStatus, ReferenceStatus
    from volunteers.selectors.issuing import document_verify
    from volunteers.selectors.sharing import active_shares

    call_command("seed_demo", stdout=StringIO())
    User = apps.get_model("accounts", "User")
    aisha = User.objects.get(email="resident@example.org")
    priya = User.objects.get(email="priya@example.org")
    tom = User.objects.get(email="tom.rowe@example.org")
    passport = aisha.passport

    assert passport.skills.filter(skill__slug="trade-cook", level=2).exists()
    assert set(passport.causes.values_list("slug", flat=True)) == {"community", "anti-poverty"}
    assert passport.availability.count() == 2
    assert passport.unavailable.count() == 1

    dbs = passport.credentials.get(kind=CredentialKind.DBS)
    assert (dbs.dbs_level, dbs.dbs_barred_lists, dbs.status) == ("enhanced_barred", "adults", CredentialStatus.VERIFIED)
    assert dbs.verified_by == priya
    assert dbs.verified_organisation.name == "Blackpool Food Bank"
    assert passport.credentials.get(kind=CredentialKind.TRAINING).status == CredentialStatus.SELF_DECLARED

    reference = passport.references.get()
    assert reference.status == ReferenceStatus.ANSWERED and not reference.confidential
    statuses = sorted(passport.hours.values_list("status", flat=True))
    # Two logged and confirmed, one logged and waiting, and one from the café shift she attended.
    assert statuses == [HoursStatus.CONFIRMED, HoursStatus.CONFIRMED, HoursStatus.CONFIRMED, HoursStatus.UNCONFIRMED]
    assert set(passport.hours.filter(status=HoursStatus.CONFIRMED).values_list("confirmed_by", flat=True)) == {
        priya.pk}

    share = active_shares().get(passport=passport)
    assert share.organisation == dbs.verified_organisation
    assert share.sections == ["profile", "dbs", "training", "history"]

    issued = passport.issued.get()
    assert list(issued.credentials.all()) == [dbs]
    result = document_verify(issued.document)
    assert (result.verified, result.status) == (True, "valid")

    assert tom.passport.skills.count() == 2
    assert not tom.passport.credentials.exists()

    # Written through the services, so the audit log tells the story.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"volunteers.credential_create", "volunteers.share_created", "volunteers.credential_verify",
            "volunteers.reference_answered", "volunteers.hours_confirmed", "volunteers.credential_issued"} <= actions

    # Priya, the food bank's verifier, sees the shared DBS check through the real page.
    assert client.login(email="priya@example.org", password="covenant-demo-2026")
    response = client.get(reverse("volunteers:sharing-org-passport", args=[share.organisation_id, passport.pk]))
    assert response.status_code == 200
    assert "Aisha" in response.content.decode()


@pytest.mark.django_db
def test_demo_needs_are_published_near_their_organisations_with_shifts_to_come(client):
    from covenant.audit.models import AuditEntry
    from covenant.places.distance import KM_PER_MILE
    from volunteers.models import (
        ActivityType,
        BookingStatus,
        HoursSource,
        HoursStatus,
        Need,
        NeedStatus,
    )
    from volunteers.selectors.eligibility import eligibility
    from volunteers.selectors.search import needs_search

    call_command("seed_demo", stdout=StringIO())
    User = apps.get_model("accounts", "User")
    aisha = User.objects.get(email="resident@example.org")
    priya = User.objects.get(email="priya@example.org")
    now = timezone.now()

    food_bank = Need.objects.filter(organisation__name="Blackpool Food Bank")
    garden = Need.objects.filter(organisation__name="Truro Community Garden")
    assert food_bank.count() == 3 and garden.count() == 1
    assert garden.get().activity_type == ActivityType.OUTDOOR
    for need in Need.objects.all():
        assert need.status == NeedStatus.PUBLISHED and need.published_at is not None
        assert need.latitude is not None and need.longitude is not None
        upcoming = need.shifts.filter(starts_at__gt=now)
        assert upcoming.count() >= 3, need.title
        # Computed from the day the seed ran: the first shift is on a later day, never earlier today.
        assert timezone.localdate(upcoming.first().starts_at) > timezone.localdate()

    # The food bank's needs are all within five miles of its postcode; the garden is at the other end of England.
    near = needs_search(postcode="FY1 1AB", within_miles=5)
    found = {need.title: need.distance_km for need in near.needs}
    assert set(found) == set(food_bank.values_list("title", flat=True))
    assert all(distance / KM_PER_MILE < 5 for distance in found.values())

    # The delivery round needs the enhanced DBS check with the adults' barred list that Aisha holds verified.
    deliveries = food_bank.get(checks__dbs_level="enhanced_barred")
    check = deliveries.checks.get()
    assert (check.kind, check.dbs_barred_lists) == ("dbs", "adults")
    next_round = deliveries.shifts.filter(starts_at__gt=now).first()
    assert eligibility(aisha.passport, deliveries, on=timezone.localdate(next_round.starts_at)).eligible

    # Aisha is booked on one shift to come, and attended one past shift whose hours the food bank confirmed.
    bookings = aisha.passport.bookings.select_related("shift", "hours_entry")
    booked = bookings.get(status=BookingStatus.ACCEPTED)
    assert booked.shift == next_round
    attended = bookings.get(status=BookingStatus.ATTENDED)
    assert attended.shift.ends_at < now
    assert attended.shift.need.title == "Cook and serve at the Saturday community café"
    entry = attended.hours_entry
    assert (entry.status, entry.source, entry.confirmed_by) == (HoursStatus.CONFIRMED, HoursSource.SHIFT, priya)
    assert entry.hours == 3 and entry.date == timezone.localdate(attended.shift.starts_at)

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"volunteers.need_created", "volunteers.need_publish", "volunteers.shifts_added",
            "volunteers.booking_applied", "volunteers.booking_attended",
            "volunteers.booking_hours_confirmed"} <= actions

    # The search page finds them by postcode and offers them on the map; the need's page says Aisha can sign up.
    content = client.get(reverse("volunteers:search-page"), {"postcode": "FY1 1AB", "within_miles": "5"}).content
    assert "The map shows the 3 opportunities on this page that have a place." in content.decode()
    client.force_login(aisha)
    page = client.get(reverse("volunteers:search-need", args=[deliveries.pk])).content.decode()
    assert "You can sign up" in page
    # Tom holds no DBS check, so the page tells him what he would need.
    client.force_login(User.objects.get(email="tom.rowe@example.org"))
    page = client.get(reverse("volunteers:search-need", args=[deliveries.pk])).content.decode()
    assert "An enhanced DBS check with the adults&#x27; barred list" in page


@pytest.mark.django_db
def test_seeding_again_weeks_later_adds_shifts_to_come_and_nothing_else():
    import datetime

    import time_machine

    from volunteers.models import BookingStatus, Need

    call_command("seed_demo", stdout=StringIO())
    needs = Need.objects.count()
    later = timezone.now() + datetime.timedelta(weeks=10)
    with time_machine.travel(later, tick=False):
        second = StringIO()
        call_command("seed_demo", stdout=second)
        assert Need.objects.count() == needs
        for need in Need.objects.all():
            assert need.shifts.filter(starts_at__gt=later).exists(), need.title
        User = apps.get_model("accounts", "User")
        passport = User.objects.get(email="resident@example.org").passport
        assert passport.bookings.filter(status=BookingStatus.ACCEPTED, shift__starts_at__gt=later).count() == 1
        assert passport.bookings.filter(status=BookingStatus.ATTENDED).count() == 1
        assert "nothing changed" not in second.getvalue()


@pytest.mark.django_db
def test_demo_parishes_show_every_stage(client):
    from parishes import selectors
    from parishes.models import Proposal, ProposalStatus

    call_command("seed_demo", stdout=StringIO())
    User = apps.get_model("accounts", "User")
    statuses = dict(Proposal.objects.values_list("slug", "status"))
    assert statuses == {
        "claremont-pop-up-parish": ProposalStatus.DRAFT,
        "millfield-pop-up-parish": ProposalStatus.PUBLISHED,
        "hendon-green-spaces-parish": ProposalStatus.CONSULTATION,
        "pallion-pop-up-parish": ProposalStatus.APPROVED_WITH_CONDITIONS,
    }
    millfield = selectors.petition_progress(Proposal.objects.get(slug="millfield-pop-up-parish"))
    assert (millfield.signatures, millfield.threshold) == (64, 187)
    officer = User.objects.get(email="officer@example.org")
    assert {p.slug for p in selectors.council_queue(officer)} == {"hendon-green-spaces-parish"}
    assert [p.slug for p in selectors.active_parishes()] == ["pallion-pop-up-parish"]
    # Aisha's draft is hers to finish; the rest are public.
    assert client.get(reverse("parishes:proposal", args=["claremont-pop-up-parish"])).status_code == 404
    for slug in ("millfield-pop-up-parish", "hendon-green-spaces-parish", "pallion-pop-up-parish"):
        assert client.get(reverse("parishes:proposal", args=[slug])).status_code == 200
    assert client.login(email="resident@example.org", password="covenant-demo-2026")
    assert client.get(reverse("parishes:draft", args=["claremont-pop-up-parish"])).status_code == 200


@pytest.mark.django_db
def test_demo_active_parish_is_at_work(client):
    from parishes import selectors_active
    from parishes.models import Outcome, Proposal

    call_command("seed_demo", stdout=StringIO())
    pallion = Proposal.objects.get(slug="pallion-pop-up-parish")
    assert selectors_active.member_count(pallion) >= 8
    assert [h.office for h in selectors_active.current_officers(pallion)] == ["chair", "clerk"]
    assert [d.outcome for d in selectors_active.decisions_of(pallion)] == [Outcome.CARRIED]
    summary = selectors_active.budget_summary(pallion)
    assert (summary.delegated, summary.spent) == (12000, 2250)
    assert selectors_active.next_meeting(pallion).title == "Summer meeting"
    html = client.get(reverse("parishes:parish-budget", args=[pallion.slug])).content.decode()
    assert "Pallion Youth Trust" in html
