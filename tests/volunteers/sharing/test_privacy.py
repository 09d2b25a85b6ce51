"""The passport's part of a person's data export and erasure, through the accounts pages."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.accounts import privacy
from covenant.audit.models import AuditEntry
from covenant.notifications.models import Notification
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.volunteers.factories import (
    CauseFactory,
    CredentialFactory,
    PassportFactory,
    SkillFactory,
)
from volunteers.models import (
    AvailabilityWindow,
    Credential,
    HoursEntry,
    HoursStatus,
    PassportSkill,
    PassportView,
    Reference,
    ReferenceStatus,
    Share,
)
from volunteers.services.sharing import passport_view_record

from .helpers import charity, member, passport_with_dbs, share

pytestmark = pytest.mark.django_db


def _reference(passport, *, confidential, comments):
    return Reference.objects.create(
        passport=passport, referee_name="Alex Morgan", referee_email="alex@example.org", relationship="Manager",
        token_hash=("c" if confidential else "o") * 64, status=ReferenceStatus.ANSWERED,
        expires_at=timezone.now(), answered_at=timezone.now(), recommendation="yes", comments=comments,
        confidential=confidential,
    )


@pytest.fixture
def full_passport():
    passport = passport_with_dbs("246813579024")
    passport.accessibility_needs = "Step-free access"
    passport.second_base_postcode = "M1 1AE"
    passport.save()
    PassportSkill.objects.create(passport=passport, skill=SkillFactory(name="Cooking"))
    passport.causes.add(CauseFactory(name="Homelessness"))
    AvailabilityWindow.objects.create(passport=passport, weekday=5, starts_at=datetime.time(9),
                                      ends_at=datetime.time(12))
    _reference(passport, confidential=False, comments="Always on time")
    _reference(passport, confidential=True, comments="Private words for organisations")
    organisation = charity()
    HoursEntry.objects.create(passport=passport, organisation=organisation, date=datetime.date(2025, 6, 1),
                              hours=Decimal("4"), status=HoursStatus.CONFIRMED, description="Sorted donations")
    share(passport, organisation, ["profile", "dbs"])
    passport_view_record(viewer=member(organisation, "coordinator"), organisation=organisation, passport=passport,
                         sections=["dbs"], channel="api")
    return passport, organisation


def test_the_export_holds_the_whole_passport_as_the_holder_may_see_it(client, full_passport):
    passport, organisation = full_passport
    client.force_login(passport.holder)
    data = json.loads(client.post(reverse("accounts:download_data")).content)["volunteering"]
    assert data["profile"]["accessibility_needs"] == "Step-free access"
    assert data["profile"]["second_base_postcode"] == "M1 1AE"
    assert data["profile"]["skills"][0]["name"] == "Cooking" and data["profile"]["causes"] == ["Homelessness"]
    assert any(item["certificate_number"] == "246813579024" for item in data["credentials"])
    open_reference, = [item for item in data["references"] if not item["confidential"]]
    confidential, = [item for item in data["references"] if item["confidential"]]
    assert open_reference["comments"] == "Always on time"
    assert "comments" not in confidential and confidential["referee_name"] == "Alex Morgan"
    assert "Private words" not in json.dumps(data)
    assert data["hours"][0]["hours"] == "4.00" and data["hours"][0]["organisation"] == "Harbour Food Bank"
    assert data["shares"][0]["organisation"] == "Harbour Food Bank"
    assert data["access_log"][0]["channel"] == "api" and data["access_log"][0]["sections"] == ["dbs"]


def test_someone_without_a_passport_exports_no_volunteering_part(client):
    user = UserFactory()
    client.force_login(user)
    assert "volunteering" not in json.loads(client.post(reverse("accounts:download_data")).content)


def test_erasure_anonymises_the_passport_ends_shares_and_tells_the_organisation(
        client, full_passport, django_capture_on_commit_callbacks):
    passport, organisation = full_passport
    admin = member(organisation, "admin")
    holder = passport.holder
    name = holder.full_name
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.accessibility_needs == "" and passport.second_base_postcode == ""
    assert not passport.skills.exists() and not passport.causes.exists() and not passport.availability.exists()
    assert not Credential.objects.filter(passport=passport).exists()
    assert not Reference.objects.filter(passport=passport).exists()
    assert not Share.objects.filter(passport=passport).exists()
    assert not PassportView.objects.filter(passport=passport).exists()
    # Hours stay for statistics, without the volunteer's own words.
    hours = HoursEntry.objects.get(passport=passport)
    assert (hours.hours, hours.organisation, hours.description) == (Decimal("4.00"), organisation, "")
    notice = Notification.objects.get(event="volunteers.share_erased", recipient=admin)
    assert "Harbour Food Bank" in notice.title and name not in notice.title + notice.body
    assert AuditEntry.objects.filter(action="volunteers.passport_erased").exists()


def test_erasure_of_someone_without_a_passport_still_works(client):
    user = UserFactory()
    client.force_login(user)
    assert client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD}).status_code == 302
    assert not AuditEntry.objects.filter(action="volunteers.passport_erased").exists()


def test_an_ended_share_is_not_told_again_on_erasure(client, django_capture_on_commit_callbacks):
    passport, organisation = PassportFactory(), charity()
    admin = member(organisation, "admin")
    share(passport, organisation, revoked=True)
    CredentialFactory(passport=passport)
    client.force_login(passport.holder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert not Notification.objects.filter(recipient=admin).exists()


def test_the_registry_refuses_bad_registrations():
    with pytest.raises(ValueError):
        privacy.register("not a name", export=lambda user: None)
    with pytest.raises(ValueError):
        privacy.register("nothing")
    assert "volunteering" in [contributor.name for contributor in privacy.contributors()]
