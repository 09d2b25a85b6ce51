"""The organisation's view with consent: exactly the shared sections, every look logged, no DBS numbers in lists."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.volunteers.factories import CauseFactory, CredentialFactory, SkillFactory
from volunteers.models import (
    HoursEntry,
    HoursStatus,
    PassportSkill,
    PassportView,
    Reference,
    ReferenceStatus,
)

from .helpers import charity, member, passport_with_dbs, share

pytestmark = pytest.mark.django_db

CERTIFICATE = "123456789012"


@pytest.fixture
def setting():
    passport = passport_with_dbs(CERTIFICATE)
    passport.holder.full_name = "Priya Shah"
    passport.holder.save()
    PassportSkill.objects.create(passport=passport, skill=SkillFactory(name="Van driving"))
    passport.causes.add(CauseFactory(name="Food poverty"))
    CredentialFactory(passport=passport, kind="identity", title="Identity check", identity_method="passport")
    Reference.objects.create(
        passport=passport, referee_name="Alex Morgan", referee_email="alex@example.org", relationship="Manager",
        token_hash="a" * 64, status=ReferenceStatus.ANSWERED, expires_at=timezone.now(),
        answered_at=timezone.now(), recommendation="yes", comments="Reliable and kind", confidential=True,
    )
    HoursEntry.objects.create(passport=passport, date=datetime.date(2025, 5, 1), hours=Decimal("3.5"),
                              status=HoursStatus.CONFIRMED)
    organisation = charity()
    return passport, organisation


def test_a_coordinator_sees_every_shared_section_and_the_look_is_logged(client, setting):
    passport, organisation = setting
    share(passport, organisation)
    coordinator = member(organisation, "coordinator")
    client.force_login(coordinator)
    response = client.get(reverse("volunteers:sharing-org-passport", args=[organisation.pk, passport.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Priya Shah", "Van driving", "Food poverty", "Enhanced DBS check", CERTIFICATE,
                 "Passport seen", "Alex Morgan", "Reliable and kind", "3.50"):
        assert text in body, text
    view = PassportView.objects.get(passport=passport)
    assert view.viewer == coordinator and view.organisation == organisation and view.channel == "page"
    assert "dbs" in view.sections and "references" in view.sections


def test_only_the_shared_sections_appear(client, setting):
    passport, organisation = setting
    share(passport, organisation, ["profile"])
    client.force_login(member(organisation, "verifier"))
    body = client.get(reverse("volunteers:sharing-org-passport", args=[organisation.pk, passport.pk])).content.decode()
    assert "Van driving" in body
    for text in (CERTIFICATE, "Enhanced DBS check", "Alex Morgan", "Reliable and kind", "Passport seen"):
        assert text not in body, text
    assert PassportView.objects.get(passport=passport).sections == ["profile"]


def test_the_api_view_is_logged_with_its_channel(setting):
    passport, organisation = setting
    share(passport, organisation, ["references", "history"])
    admin = member(organisation, "admin")
    api = APIClient()
    api.force_authenticate(admin)
    data = api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/{passport.pk}/").json()
    assert data["references"][0]["comments"] == "Reliable and kind"
    assert data["history"]["total_hours"] == "3.50"
    assert "credentials" not in data
    view = PassportView.objects.get(passport=passport)
    assert (view.viewer, view.channel, view.sections) == (admin, "api", ["references", "history"])


def test_lists_never_carry_dbs_certificate_numbers(client, setting):
    passport, organisation = setting
    CredentialFactory(passport=passport, dbs=True, certificate_number="555566667777", update_service_id="C0001")
    share(passport, organisation, ["dbs", "profile"])
    coordinator = member(organisation, "coordinator")
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:sharing-org-list", args=[organisation.pk])).content.decode()
    assert "Priya Shah" in page and "Enhanced with barred list check" in page and "Verified" in page
    api = APIClient()
    api.force_authenticate(coordinator)
    listing = api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/")
    assert listing.status_code == 200
    raw = listing.content.decode()
    for secret in (CERTIFICATE, "555566667777", "C0001"):
        assert secret not in page and secret not in raw
    row = listing.json()["results"][0]
    assert row["sections"] == ["profile", "dbs"]
    assert sorted(check["state"] for check in row["dbs"]) == ["self_declared", "verified"]
    assert set(row["dbs"][0]) == {"level", "level_label", "state", "state_label"}
    # Listing is not a view of any one passport.
    assert not PassportView.objects.exists()


def test_an_expired_dbs_check_reads_as_expired_in_the_list(client, setting):
    passport, organisation = setting
    passport.credentials.filter(kind="dbs").update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    share(passport, organisation, ["dbs"])
    api = APIClient()
    api.force_authenticate(member(organisation, "coordinator"))
    row = api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/").json()["results"][0]
    assert row["dbs"][0]["state"] == "expired"


def test_the_passports_entry_page_leads_to_the_organisations_list(client, setting):
    passport, organisation = setting
    client.force_login(member(organisation, "coordinator"))
    response = client.get(reverse("volunteers:sharing-organisations"))
    assert response.status_code == 302
    assert response.url == reverse("volunteers:sharing-org-list", args=[organisation.pk])


def test_the_passports_entry_page_is_404_to_people_who_read_no_passports(client, setting):
    passport, organisation = setting
    client.force_login(member(organisation, "finance"))
    assert client.get(reverse("volunteers:sharing-organisations")).status_code == 404


@pytest.mark.parametrize(("role", "offered"), [("verifier", True), ("coordinator", False)])
def test_verifiers_find_the_credentials_to_check_from_the_shared_passports(client, role, offered):
    organisation = charity()
    passport = passport_with_dbs()
    passport.max_travel_km = 16
    passport.save()
    share(passport, organisation)
    client.force_login(member(organisation, role))
    link = reverse("volunteers:credentials-verify-list", kwargs={"organisation_pk": organisation.pk})
    pages = [
        reverse("volunteers:sharing-org-list", kwargs={"organisation_pk": organisation.pk}),
        reverse("volunteers:sharing-org-passport", kwargs={"organisation_pk": organisation.pk,
                                                           "passport_pk": passport.pk}),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert (f'href="{link}"' in html) is offered
    # The holder chose the distance in miles; the organisation reads it in miles too.
    assert "Up to 10 miles" in client.get(pages[1]).content.decode()
