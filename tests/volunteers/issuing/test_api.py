"""The public API: POST a document to verify it, GET an issued credential's live status."""

import copy
import datetime
import json
import uuid

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from volunteers.models import CredentialStatus, PassportView
from volunteers.services.issuing import issued_credential_revoke, signing_key_rotate

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/volunteering/credentials/verify/"


def _status(pk):
    return f"/api/v1/volunteering/credentials/{pk}/status/"


@pytest.fixture
def api():
    return APIClient()


def test_verify_a_valid_document_anonymously(api, issue, dbs):
    issued = issue(dbs)
    response = api.post(VERIFY, issued.document, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True and body["status"] == "valid" and body["problem"] is None
    assert body["holder"] == "Amina Okafor" and body["issuer"] == "Covenant"
    assert body["statusPage"].endswith(f"/volunteering/credentials/{issued.pk}/")
    assert dbs.certificate_number not in response.content.decode()
    assert PassportView.objects.filter(channel="api").count() == 1


def test_verify_works_for_a_signed_in_caller_without_a_csrf_token(issue, dbs):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(VERIFY, issue(dbs).document, format="json").json()["status"] == "valid"


def test_verify_reports_tampering_unknown_keys_and_foreign_documents(api, issue, dbs):
    document = issue(dbs).document
    tampered = copy.deepcopy(document)
    tampered["validFrom"] = "2000-01-01T00:00:00Z"
    body = api.post(VERIFY, tampered, format="json").json()
    assert body == {"verified": False, "status": "invalid", "problem": "signature_mismatch",
                    "message": body["message"]}
    assert "signature does not match" in body["message"]

    unknown = copy.deepcopy(document)
    unknown["proof"]["verificationMethod"] = unknown["proof"]["verificationMethod"].split("#")[0] + "#key-nope"
    assert api.post(VERIFY, unknown, format="json").json()["problem"] == "unknown_key"
    assert api.post(VERIFY, ["a", "list"], format="json").json()["problem"] == "not_covenant"


def test_verify_malformed_json_gets_the_error_body(api, db):
    response = api.post(VERIFY, data="{not json", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "malformed_json" and "not valid JSON" in body["message"]


def test_verify_refuses_other_media_types_and_huge_bodies(api, db):
    assert api.post(VERIFY, data="a=b", content_type="application/x-www-form-urlencoded").status_code == 415
    huge = json.dumps({"padding": "x" * 100_001})
    response = api.post(VERIFY, data=huge, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_verify_after_rotation_and_revocation(api, issue, dbs, passport):
    issued = issue(dbs)
    signing_key_rotate(actor=None)
    assert api.post(VERIFY, issued.document, format="json").json()["status"] == "valid"
    issued_credential_revoke(actor=passport.holder, issued=issued)
    assert api.post(VERIFY, issued.document, format="json").json()["status"] == "revoked"


def test_status_valid_revoked_and_expired(api, issue, dbs, training, passport):
    issued = issue(dbs, training)
    body = api.get(_status(issued.pk)).json()
    assert body["status"] == "valid" and body["holder"] == "Amina Okafor" and body["revokedAt"] is None
    assert [c["kind"] for c in body["credentials"]] == ["dbs", "training"]

    with time_machine.travel(timezone.now() + datetime.timedelta(days=120), tick=False):
        assert api.get(_status(issued.pk)).json()["status"] == "expired"

    training.status = CredentialStatus.REVOKED
    training.save()
    assert api.get(_status(issued.pk)).json()["status"] == "revoked"

    second = issue(dbs)
    issued_credential_revoke(actor=passport.holder, issued=second)
    body = api.get(_status(second.pk)).json()
    assert body["status"] == "revoked" and body["revokedAt"].endswith("Z")


def test_status_of_a_missing_credential_is_404(api, db):
    response = api.get(_status(uuid.uuid4()))
    assert response.status_code == 404 and response.json()["status"] == 404
    assert api.get("/api/v1/volunteering/credentials/not-a-uuid/status/").status_code == 404


def test_status_only_answers_get(api, issue, dbs):
    assert api.post(_status(issue(dbs).pk), {}, format="json").status_code in (403, 405)
