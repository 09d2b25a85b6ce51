"""The credentials API: the holder's own credentials, and verification for verifiers with consent."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from covenant.organisations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory
from tests.volunteers.factories import CredentialFactory, verifier_of
from volunteers.models import Credential, CredentialStatus, PassportView, Section

from .conftest import share

pytestmark = pytest.mark.django_db
LIST = "/api/v1/passport/credentials/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def dbs_body(**overrides):
    body = {"kind": "dbs", "dbs_level": "enhanced", "dbs_workforce": "adult", "certificate_number": "001234567890",
            "issued_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "update_service_subscribed": False}
    body.update(overrides)
    return body


def fields_of(response):
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_holder_adds_lists_reads_changes_and_removes(holder):
    client = api(holder)
    response = client.post(LIST, dbs_body(), format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["certificate_number"] == "001234567890"
    listing = client.get(LIST).json()
    assert listing["count"] == 1
    item = listing["results"][0]
    # Lists carry only the level and the verification state of a DBS check.
    assert item == {"id": pk, "kind": "dbs", "title": "Enhanced DBS check", "dbs_level": "enhanced",
                    "status": "self_declared", "valid_today": False}
    assert "001234567890" not in str(listing)
    assert client.get(f"{LIST}{pk}/").json()["certificate_number"] == "001234567890"
    response = client.patch(f"{LIST}{pk}/", {"certificate_number": "009999999999"}, format="json")
    assert response.status_code == 200 and response.json()["certificate_number"] == "009999999999"
    assert client.delete(f"{LIST}{pk}/").status_code == 204
    assert not Credential.objects.exists()


@pytest.mark.parametrize(("body", "field", "message"), [
    (dbs_body(certificate_number="12345"), "certificate_number", "Certificate number must be 12 digits"),
    (dbs_body(issued_on="2999-01-01"), "issued_on", "Date of issue must be today or in the past"),
    (dbs_body(issued_on="yesterday"), "issued_on", "Enter a real date in the format YYYY-MM-DD"),
    (dbs_body(dbs_barred_lists="adults"), "dbs_barred_lists", "Only an enhanced check with barred list check"),
    (dbs_body(dbs_level="enhanced_barred"), "dbs_barred_lists", "Select which barred lists were checked"),
    (dbs_body(update_service_subscribed=True), "update_service_id", "Enter your Update Service ID"),
    (dbs_body(update_service_subscribed="perhaps"), "update_service_subscribed", "must be true or false"),
    (dbs_body(kind="horoscope"), "kind", "Select the kind of credential from the list"),
    ({"kind": "training", "title": "First aid", "provider": "Red Cross", "issued_on": "2025-05-01",
      "expires_on": "2025-04-01"}, "expires_on", "Expiry date must be after the date you completed the training"),
    ({"kind": "qualification", "qualification_type": "driving_licence", "issued_on": "2020-05-01",
      "licence_categories": "B, XX"}, "licence_categories", "XX is not a driving licence category"),
    ({"kind": "identity", "identity_method": "vibes", "issued_on": "2025-05-01"}, "identity_method",
     "Select how your identity was checked"),
    ({"kind": "occupational_health", "issued_on": "2025-05-01"}, "provider", "Enter who gave the clearance"),
])
def test_bad_input_is_a_400_naming_the_field(holder, body, field, message):
    response = api(holder).post(LIST, body, format="json")
    assert response.status_code == 400
    assert message in fields_of(response)[field]
    assert not Credential.objects.exists()


def test_patch_cannot_change_the_kind_and_validates(holder, dbs):
    client = api(holder)
    response = client.patch(f"{LIST}{dbs.pk}/", {"kind": "training"}, format="json")
    assert response.status_code == 400 and "cannot change the kind" in fields_of(response)["kind"]
    response = client.patch(f"{LIST}{dbs.pk}/", {"issued_on": "2999-01-01"}, format="json")
    assert response.status_code == 400
    response = client.patch(f"{LIST}{dbs.pk}/", ["not", "an", "object"], format="json")
    assert response.status_code == 400


def test_patch_after_verification_resets_it(holder, shared_dbs, organisation, verifier):
    from volunteers.services.credentials import credential_verify
    credential_verify(actor=verifier, organisation=organisation, credential=shared_dbs, evidence_seen="Original",
                      evidence_seen_on=timezone.localdate())
    response = api(holder).patch(f"{LIST}{shared_dbs.pk}/", {"dbs_workforce": "child_and_adult"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "self_declared" and response.json()["verified_organisation"] is None


def test_nobody_else_reads_changes_or_removes(dbs):
    stranger = api(UserFactory())
    assert stranger.get(LIST).json()["count"] == 0
    assert stranger.get(f"{LIST}{dbs.pk}/").status_code == 404
    assert stranger.patch(f"{LIST}{dbs.pk}/", {"certificate_number": "009999999999"}, format="json").status_code == 404
    assert stranger.delete(f"{LIST}{dbs.pk}/").status_code == 404
    assert api().get(LIST).status_code == 403
    assert api().post(LIST, dbs_body(), format="json").status_code == 403
    dbs.refresh_from_db()
    assert dbs.certificate_number == "001234567890"


def verify_body(**overrides):
    body = {"outcome": "verified", "evidence_seen": "Original certificate",
            "evidence_seen_on": timezone.localdate().isoformat()}
    body.update(overrides)
    return body


def test_verifier_verifies_through_the_api(shared_dbs, verifier, holder):
    response = api(verifier).post(f"{LIST}{shared_dbs.pk}/verify/", verify_body(), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "verified" and "certificate_number" not in response.json()
    view = PassportView.objects.get(viewer=verifier)
    assert view.channel == "api" and view.sections == [Section.DBS]


def test_verify_bad_input(shared_dbs, verifier):
    client = api(verifier)
    url = f"{LIST}{shared_dbs.pk}/verify/"
    assert "Outcome must be verified or rejected" in fields_of(client.post(url, verify_body(outcome="ok"),
                                                                           format="json"))["outcome"]
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert "today or in the past" in fields_of(client.post(url, verify_body(evidence_seen_on=future),
                                                           format="json"))["evidence_seen_on"]
    assert "Enter why" in fields_of(client.post(url, verify_body(outcome="rejected"), format="json"))["reason"]
    assert "Enter what you saw" in fields_of(client.post(url, verify_body(evidence_seen=""),
                                                         format="json"))["evidence_seen"]
    shared_dbs.refresh_from_db()
    assert shared_dbs.status == CredentialStatus.SELF_DECLARED
    assert not PassportView.objects.exists()


def test_verify_no_consent_unverified_organisation_or_non_verifier_is_404(dbs, organisation, verifier,
                                                                         unverified_organisation_verifier):
    url = f"{LIST}{dbs.pk}/verify/"
    assert api(verifier).post(url, verify_body(), format="json").status_code == 404  # no share
    share(dbs.passport, organisation, [Section.TRAINING])
    assert api(verifier).post(url, verify_body(), format="json").status_code == 404  # DBS not shared
    assert api(unverified_organisation_verifier).post(url, verify_body(), format="json").status_code == 404
    share(dbs.passport, organisation, [Section.DBS])
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    assert api(coordinator).post(url, verify_body(), format="json").status_code == 404
    assert api(dbs.passport.holder).post(url, verify_body(), format="json").status_code == 404
    assert api().post(url, verify_body(), format="json").status_code == 403
    outsider = verifier_of()
    other = Membership.objects.get(user=outsider).organisation
    response = api(verifier).post(url, verify_body(organisation=other.pk), format="json")
    assert response.status_code == 404
    dbs.refresh_from_db()
    assert dbs.status == CredentialStatus.SELF_DECLARED


def test_a_verifier_for_two_organisations_must_say_which(dbs, organisation, verifier):
    from tests.organisations.factories import VerifiedOrganisationFactory
    second = VerifiedOrganisationFactory()
    MembershipFactory(organisation=second, user=verifier, roles=["verifier"])
    share(dbs.passport, organisation, [Section.DBS])
    share(dbs.passport, second, [Section.DBS])
    url = f"{LIST}{dbs.pk}/verify/"
    response = api(verifier).post(url, verify_body(), format="json")
    assert response.status_code == 400 and "more than one organisation" in fields_of(response)["organisation"]
    response = api(verifier).post(url, verify_body(organisation=second.pk), format="json")
    assert response.status_code == 200
    dbs.refresh_from_db()
    assert dbs.verified_organisation == second


def test_withdrawn_credentials_are_not_listed(passport, holder):
    CredentialFactory(passport=passport, status=CredentialStatus.REVOKED)
    assert api(holder).get(LIST).json()["count"] == 0
