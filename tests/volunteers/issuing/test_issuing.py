"""Issuing and withdrawing credentials: the document's shape, what may be included, and who may act."""

import datetime
import json
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import CredentialFactory, PassportFactory
from volunteers.models import CredentialStatus, IssuedCredential, PassportView
from volunteers.selectors.issuing import issued_public_url, qr_svg
from volunteers.services.issuing import issued_credential_issue, issued_credential_revoke

pytestmark = pytest.mark.django_db


def test_the_document_is_a_vc2_open_badge_with_the_chosen_checks_only(issue, dbs, training, passport, site):
    CredentialFactory(passport=passport, verified=True, title="Food hygiene level 2")  # not chosen
    issued = issue(dbs, training)
    document = issued.document
    assert document["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "ob/v3p0" in document["@context"][1]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"urn:uuid:{issued.pk}"
    assert document["issuer"] == {"id": "did:web:covenant.example.org", "type": ["Profile"], "name": "Covenant",
                                  "url": "https://covenant.example.org/"}
    subject = document["credentialSubject"]
    assert subject["name"] == "Amina Okafor"
    assert [c["kind"] for c in subject["credentials"]] == ["dbs", "training"]
    assert "Food hygiene" not in json.dumps(document)
    dbs_claims = subject["credentials"][0]
    assert dbs_claims["level"] == "enhanced_barred" and dbs_claims["workforce"] == "adult"
    assert dbs_claims["verifiedBy"]["name"] == "Hackney Volunteer Centre"
    # validUntil is the end of the earliest expiry day (the training, in 90 days), UK time.
    assert issued.valid_until == timezone.make_aware(
        datetime.datetime.combine(training.expires_on + datetime.timedelta(days=1), datetime.time.min))
    assert document["validUntil"].endswith("Z")
    assert document["credentialStatus"]["id"] == f"https://covenant.example.org/volunteering/credentials/{issued.pk}/"
    assert AuditEntry.objects.filter(action="volunteers.credential_issued", target_id=str(issued.pk)).exists()


def test_credentials_without_expiry_give_no_valid_until(issue, passport, verifying_org):
    identity = CredentialFactory(passport=passport, kind="identity", identity_method="passport", verified=True,
                                 verified_organisation=verifying_org)
    issued = issue(identity)
    assert issued.valid_until is None and "validUntil" not in issued.document
    assert issued.document["credentialSubject"]["credentials"][0]["method"] == "passport"


@pytest.mark.parametrize(("change", "message"), [
    ({"status": CredentialStatus.SELF_DECLARED}, "is not verified"),
    ({"status": CredentialStatus.REJECTED}, "is not verified"),
    ({"status": CredentialStatus.EXPIRED}, "expired on"),
    ({"expires_on": timezone.localdate() - datetime.timedelta(days=1)}, "expired on"),
    ({"issued_on": timezone.localdate() + datetime.timedelta(days=3)}, "not valid yet"),
])
def test_only_verified_in_date_checks_can_be_included(issue, passport, change, message):
    bad = CredentialFactory(passport=passport, **{"verified": True, **change})
    with pytest.raises(ValidationError, match=message):
        issue(bad)
    assert not IssuedCredential.objects.exists()


def test_nothing_chosen_or_someone_elses_check_is_refused(issue, passport):
    with pytest.raises(ValidationError, match="Select at least one"):
        issue()
    elsewhere = CredentialFactory(verified=True)
    with pytest.raises(ValidationError, match="your own passport"):
        issue(elsewhere)


def test_a_holder_without_a_full_name_is_told_to_add_one(passport, dbs):
    passport.holder.full_name = ""
    passport.holder.save()
    with pytest.raises(ValidationError, match="Add your full name"):
        issued_credential_issue(actor=passport.holder, passport=passport, credentials=[dbs])


def test_nobody_else_can_issue_from_a_passport(passport, dbs):
    with pytest.raises(ValidationError, match="Only the holder"):
        issued_credential_issue(actor=UserFactory(), passport=passport, credentials=[dbs])


def test_revoking_twice_is_refused(issue, dbs, passport):
    issued = issue(dbs)
    issued_credential_revoke(actor=passport.holder, issued=issued)
    with pytest.raises(ValidationError, match="already withdrawn"):
        issued_credential_revoke(actor=passport.holder, issued=issued)


# Pages ------------------------------------------------------------------------------------------------------

def test_the_holder_issues_through_the_page(client, passport, dbs, training):
    client.force_login(passport.holder)
    page = client.get(reverse("volunteers:issuing-issue"))
    assert page.status_code == 200 and str(dbs) in page.content.decode()
    response = client.post(reverse("volunteers:issuing-issue"), {"credentials": [dbs.pk, training.pk]})
    issued = IssuedCredential.objects.get()
    assert response.status_code == 302 and response.url == reverse("volunteers:issuing-detail", args=[issued.pk])
    assert set(issued.credentials.all()) == {dbs, training}


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Select at least one verified credential to include"),
    ({"credentials": ["abc"]}, "Select credentials from your own passport"),
    ({"credentials": ["999999"]}, "Select credentials from your own passport"),
])
def test_the_issue_page_explains_bad_choices(client, passport, dbs, data, message):
    client.force_login(passport.holder)
    response = client.post(reverse("volunteers:issuing-issue"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IssuedCredential.objects.exists()


def test_the_issue_page_names_the_unverified_check(client, passport):
    unverified = CredentialFactory(passport=passport, title="Manual handling")
    client.force_login(passport.holder)
    response = client.post(reverse("volunteers:issuing-issue"), {"credentials": [unverified.pk]})
    assert "Manual handling is not verified, so it cannot be included" in response.content.decode()
    assert not IssuedCredential.objects.exists()


def test_another_persons_check_cannot_be_slipped_into_the_form(client, passport, dbs):
    other = CredentialFactory(verified=True)
    client.force_login(passport.holder)
    response = client.post(reverse("volunteers:issuing-issue"), {"credentials": [dbs.pk, other.pk]})
    assert "Select credentials from your own passport" in response.content.decode()
    assert not IssuedCredential.objects.exists()


def test_someone_without_a_passport_sees_there_is_nothing_to_include(client):
    client.force_login(UserFactory())
    response = client.get(reverse("volunteers:issuing-issue"))
    assert response.status_code == 200 and "nothing to include yet" in response.content.decode()
    response = client.post(reverse("volunteers:issuing-issue"), {"credentials": ["1"]})
    assert "Select credentials from your own passport" in response.content.decode()


def test_the_qr_code_points_at_the_public_page(client, issue, dbs, passport, site):
    issued = issue(dbs)
    client.force_login(passport.holder)
    page = client.get(reverse("volunteers:issuing-detail", args=[issued.pk])).content.decode()
    url = issued_public_url(issued)
    assert url == f"https://covenant.example.org/volunteering/credentials/{issued.pk}/"
    assert qr_svg(url) in page
    assert qr_svg(url) != qr_svg(url + "x")
    from django.urls import resolve
    assert resolve(url.removeprefix(site)).url_name == "issuing-public"
    svg = client.get(reverse("volunteers:issuing-qr", args=[issued.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.decode() == qr_svg(url)


def test_the_holder_downloads_the_signed_json(client, issue, dbs, passport):
    issued = issue(dbs)
    client.force_login(passport.holder)
    response = client.get(reverse("volunteers:issuing-download", args=[issued.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == issued.document
    assert dbs.certificate_number not in response.content.decode()


@pytest.mark.parametrize("name", ["issuing-detail", "issuing-download", "issuing-qr", "issuing-revoke"])
def test_nobody_else_reaches_the_holders_pages(client, issue, dbs, name):
    issued = issue(dbs)
    name = f"volunteers:{name}"
    client.force_login(UserFactory())
    assert client.get(reverse(name, args=[issued.pk])).status_code == 404
    assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404
    client.logout()
    assert client.get(reverse(name, args=[issued.pk])).status_code == 302


def test_nobody_else_can_revoke(client, issue, dbs):
    issued = issue(dbs)
    client.force_login(UserFactory())
    assert client.post(reverse("volunteers:issuing-revoke", args=[issued.pk]), {"reason": ""}).status_code == 404
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_the_public_page_says_valid_then_revoked(client, issue, dbs, training, passport):
    CredentialFactory(passport=passport, verified=True, title="Food hygiene level 2")
    issued = issue(dbs)
    page = client.get(reverse("volunteers:issuing-public", args=[issued.pk])).content.decode()
    assert "VALID" in page and "Amina Okafor" in page and "Covenant" in page
    assert "Enhanced with barred list check" in page and "Hackney Volunteer Centre" in page
    assert "Food hygiene" not in page and "Safeguarding adults" not in page
    assert dbs.certificate_number not in page
    view = PassportView.objects.get()
    assert view.viewer is None and view.sections == ["dbs"]

    client.force_login(passport.holder)
    too_long = client.post(reverse("volunteers:issuing-revoke", args=[issued.pk]), {"reason": "x" * 201})
    assert "Reason must be 200 characters or fewer" in too_long.content.decode()
    response = client.post(reverse("volunteers:issuing-revoke", args=[issued.pk]), {"reason": "Lost it"})
    assert response.status_code == 302
    again = client.post(reverse("volunteers:issuing-revoke", args=[issued.pk]), {"reason": ""})
    assert "already withdrawn" in again.content.decode()
    client.logout()
    page = client.get(reverse("volunteers:issuing-public", args=[issued.pk])).content.decode()
    assert "REVOKED" in page and "VALID" not in page


def test_the_public_page_says_expired(client, issue, training):
    import time_machine

    issued = issue(training)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=100), tick=False):
        page = client.get(reverse("volunteers:issuing-public", args=[issued.pk])).content.decode()
    assert "EXPIRED" in page


def test_a_missing_public_page_is_404(client, db):
    assert client.get(reverse("volunteers:issuing-public", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/volunteering/credentials/not-a-uuid/").status_code == 404


def test_the_list_shows_the_holders_credentials_only(client, issue, dbs, passport):
    issued = issue(dbs)
    other = PassportFactory()
    client.force_login(other.holder)
    assert str(issued.pk) not in client.get(reverse("volunteers:issuing-list")).content.decode()
    client.force_login(passport.holder)
    assert str(issued.pk) in client.get(reverse("volunteers:issuing-list")).content.decode()


# The check page ---------------------------------------------------------------------------------------------

def test_checking_a_pasted_credential(client, issue, dbs):
    document = issue(dbs).document
    response = client.post(reverse("volunteers:issuing-check"), {"document": json.dumps(document)})
    page = response.content.decode()
    assert response.status_code == 200 and "VALID" in page and "Amina Okafor" in page


def test_checking_an_uploaded_credential(client, issue, dbs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = issue(dbs).document
    upload = SimpleUploadedFile("credential.json", json.dumps(document).encode(), "application/json")
    page = client.post(reverse("volunteers:issuing-check"), {"upload": upload}).content.decode()
    assert "VALID" in page


def test_a_tampered_credential_fails_on_the_check_page(client, issue, dbs):
    document = issue(dbs).document
    document["credentialSubject"]["name"] = "Someone Else"
    page = client.post(reverse("volunteers:issuing-check"), {"document": json.dumps(document)}).content.decode()
    assert "This credential is not valid" in page
    assert "The signature does not match" in page
    # The form shows what was pasted, but no result names the holder it claims.
    assert 'govuk-summary-list__key">Holder' not in page


@pytest.mark.parametrize(("data", "message"), [
    ({"document": ""}, "Paste the credential or choose its file"),
    ({"document": "{not json"}, "The document is not valid JSON"),
    ({"document": "{" + " " * 100_001 + "}"}, "The credential must be smaller than 100 KB"),
    ({"document": '{"issuer": "did:web:elsewhere"}'}, "This is not a Covenant credential"),
])
def test_the_check_page_explains_bad_input(client, db, data, message):
    response = client.post(reverse("volunteers:issuing-check"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_check_page_refuses_a_binary_upload(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("credential.json", b"\xff\xfe\x00", "application/json")
    page = client.post(reverse("volunteers:issuing-check"), {"upload": upload}).content.decode()
    assert "The document is not valid JSON" in page
    assert re.search(r"govuk-error-summary", page)
