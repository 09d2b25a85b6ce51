"""Verifying documents: tampering anywhere fails, unknown keys fail, rotation keeps old credentials valid."""

import copy
import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from volunteers import signing
from volunteers.models import CredentialStatus, SigningKey
from volunteers.selectors.issuing import document_verify, issued_status
from volunteers.services.issuing import issued_credential_revoke, signing_key_rotate

pytestmark = pytest.mark.django_db


def _paths(value, prefix=()):
    """Every leaf of a JSON value, as a path of keys and indexes."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))
    else:
        yield prefix


def _tampered(document, path):
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    old = target[path[-1]]
    target[path[-1]] = (not old) if isinstance(old, bool) else (old + 1 if isinstance(old, int) else f"{old}x")
    return changed


def test_a_fresh_credential_verifies_as_valid(issue, dbs, training):
    result = document_verify(issue(dbs, training).document)
    assert result.verified and result.status == "valid" and result.problem == ""
    assert result.as_dict()["holder"] == "Amina Okafor"


def test_tampering_with_any_field_fails(issue, dbs, training):
    document = issue(dbs, training).document
    checked = 0
    for path in _paths(document):
        if path[:1] == ("proof",) and path[-1] in ("type", "cryptosuite", "proofPurpose", "verificationMethod"):
            continue  # changing these names another suite or key, tested below with their own messages
        result = document_verify(_tampered(document, path))
        assert not result.verified, path
        assert result.status == "invalid", path
        checked += 1
    assert checked > 30


def test_tampering_messages_say_what_failed(issue, dbs):
    document = issue(dbs).document
    changed = copy.deepcopy(document)
    changed["credentialSubject"]["name"] = "Someone Else"
    result = document_verify(changed)
    assert result.problem == "signature_mismatch"
    assert "signature does not match" in result.message

    added = copy.deepcopy(document)
    added["credentialSubject"]["credentials"][0]["level"] = "enhanced"
    added["credentialSubject"]["credentials"].append(dict(added["credentialSubject"]["credentials"][0]))
    assert document_verify(added).problem == "signature_mismatch"

    other_suite = copy.deepcopy(document)
    other_suite["proof"]["cryptosuite"] = "ecdsa-jcs-2019"
    assert document_verify(other_suite).problem == "unsupported_proof"

    no_proof = copy.deepcopy(document)
    del no_proof["proof"]
    assert document_verify(no_proof).problem == "no_proof"

    other_issuer = copy.deepcopy(document)
    other_issuer["issuer"]["id"] = "did:web:elsewhere.example"
    assert document_verify(other_issuer).problem == "not_covenant"
    assert "not a Covenant credential" in document_verify(other_issuer).message

    for not_a_credential in ([], "text", 12, None, {"hello": "world"}):
        assert document_verify(not_a_credential).problem == "not_covenant"

    garbage_signature = copy.deepcopy(document)
    garbage_signature["proof"]["proofValue"] = "z0OIl"
    assert document_verify(garbage_signature).problem == "signature_mismatch"


def test_an_unknown_key_is_refused(issue, dbs):
    document = issue(dbs).document
    unknown = copy.deepcopy(document)
    unknown["proof"]["verificationMethod"] = unknown["proof"]["verificationMethod"].split("#")[0] + "#key-0000"
    result = document_verify(unknown)
    assert result.problem == "unknown_key" and "not one Covenant has published" in result.message

    foreign_controller = copy.deepcopy(document)
    foreign_controller["proof"]["verificationMethod"] = "did:web:elsewhere.example#" + SigningKey.objects.get().kid
    assert document_verify(foreign_controller).problem == "unknown_key"


def test_a_document_signed_by_a_key_covenant_never_published_is_refused(issue, dbs):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    document = issue(dbs).document
    forged = signing.proof_add(document, private_key=Ed25519PrivateKey.generate(), kid="key-forged",
                               created=document["proof"]["created"])
    assert document_verify(forged).problem == "unknown_key"
    # Reusing a published kid with another private key: the signature cannot match.
    kid = SigningKey.objects.get().kid
    forged = signing.proof_add(document, private_key=Ed25519PrivateKey.generate(), kid=kid,
                               created=document["proof"]["created"])
    assert document_verify(forged).problem == "signature_mismatch"


def test_rotation_keeps_old_credentials_verifying_and_signs_new_ones_with_the_new_key(issue, dbs, training):
    old = issue(dbs)
    new_key = signing_key_rotate(actor=None)
    new = issue(training)
    assert old.key != new_key and new.key == new_key
    assert new.document["proof"]["verificationMethod"].endswith("#" + new_key.kid)
    assert document_verify(old.document).status == "valid"
    assert document_verify(new.document).status == "valid"


def test_revoked_and_expired_credentials_verify_but_say_so(issue, dbs, training, passport):
    revoked = issue(dbs)
    issued_credential_revoke(actor=passport.holder, issued=revoked, reason="Lost my phone")
    result = document_verify(revoked.document)
    assert result.verified and result.status == "revoked"

    expiring = issue(training)
    after = timezone.now() + datetime.timedelta(days=91)
    with time_machine.travel(after, tick=False):
        assert document_verify(expiring.document).status == "expired"
        expiring.refresh_from_db()
        assert issued_status(expiring).status == "expired"


def test_the_last_day_of_a_check_still_counts(issue, training):
    issued = issue(training)
    last_day = timezone.make_aware(datetime.datetime.combine(training.expires_on, datetime.time(23, 59)))
    assert issued_status(issued, now=last_day).status == "valid"
    assert issued_status(issued, now=last_day + datetime.timedelta(minutes=1)).status == "expired"


def test_an_included_check_withdrawn_or_changed_shows_at_once(issue, dbs, training):
    issued = issue(dbs, training)
    dbs.status = CredentialStatus.REVOKED
    dbs.save()
    issued.refresh_from_db()
    assert issued_status(issued).status == "revoked"

    other = issue(training)
    training.title = "Safeguarding children"
    training.save()
    other.refresh_from_db()
    state = issued_status(other)
    assert state.status == "revoked" and "changed" in state.reason


def test_an_included_check_marked_unverified_or_deleted_shows_at_once(issue, dbs, training):
    issued = issue(dbs, training)
    training.status = CredentialStatus.SELF_DECLARED
    training.save()
    assert issued_status(issued).status == "revoked"
    second = issue(dbs)
    dbs.delete()
    second.refresh_from_db()
    assert issued_status(second).status == "revoked"


def test_a_signed_document_whose_record_was_erased_reads_as_revoked(issue, dbs):
    issued = issue(dbs)
    document = issued.document
    issued.delete()
    result = document_verify(document)
    assert result.verified and result.status == "revoked" and result.problem == "unknown_credential"


def test_the_dbs_certificate_number_never_appears_in_the_document(issue, dbs):
    text = json.dumps(issue(dbs).document)
    assert dbs.certificate_number not in text
    assert dbs.update_service_id not in text
    assert "certificateNumber" not in text and "updateService" not in text
