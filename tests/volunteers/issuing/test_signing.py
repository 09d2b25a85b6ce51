"""Keys, canonicalisation and Data Integrity proofs (eddsa-jcs-2022), including an independent re-check."""

import copy
import hashlib
import json

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from volunteers import signing
from volunteers.models import SigningKey
from volunteers.selectors.issuing import did_document, document_verify
from volunteers.services.issuing import signing_key_active, signing_key_rotate

pytestmark = pytest.mark.django_db


def test_base58_round_trip_keeps_leading_zero_bytes():
    for data in (b"", b"\0\0\x01", bytes(range(40)), b"\xff" * 64):
        assert signing.base58btc_decode(signing.base58btc_encode(data)) == data
    # The worked example of the base58 draft standard.
    assert signing.base58btc_encode(b"Hello World!") == "2NEpo7TZRRrLZSi2U"


def test_canonical_form_sorts_keys_and_uses_minimal_json():
    assert signing.canonical({"b": [1, "é", None], "a": {"z": True, "y": "\n"}}) == (
        '{"a":{"y":"\\n","z":true},"b":[1,"é",null]}'.encode()
    )


def test_a_key_is_made_on_first_use_and_its_private_half_is_stored_encrypted(settings):
    assert not SigningKey.objects.exists()
    key = signing_key_active()
    assert signing_key_active() == key
    raw_public = signing.b64url_decode(key.public_key)
    assert key.kid == signing.key_id(raw_public)
    private = signing.private_key_load(key.private_key_encrypted)
    assert private.public_key().public_bytes_raw() == raw_public
    assert raw_public.hex() not in key.private_key_encrypted
    assert signing.b64url_encode(private.private_bytes_raw()) not in key.private_key_encrypted


def test_a_changed_secret_says_how_to_recover(settings):
    key = signing_key_active()
    settings.CREDENTIAL_SIGNING_SECRET = "a different secret"
    with pytest.raises(ImproperlyConfigured, match="rotate_signing_key"):
        signing.private_key_load(key.private_key_encrypted)


def test_did_document_publishes_every_key_by_kid(site):
    old = signing_key_active()
    new = signing_key_rotate(actor=None)
    document = did_document()
    assert document["id"] == "did:web:covenant.example.org"
    ids = [method["id"] for method in document["verificationMethod"]]
    assert ids == [f"did:web:covenant.example.org#{old.kid}", f"did:web:covenant.example.org#{new.kid}"]
    for method, key in zip(document["verificationMethod"], (old, new), strict=True):
        assert method["type"] == "Multikey"
        decoded = signing.multibase_decode(method["publicKeyMultibase"])
        assert decoded[:2] == b"\xed\x01" and decoded[2:] == signing.b64url_decode(key.public_key)
    assert document["assertionMethod"] == ids


def test_did_web_encodes_a_port(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert signing.issuer_did() == "did:web:127.0.0.1%3A8000"


def test_did_json_is_served_at_the_well_known_address(client, site):
    key = signing_key_active()
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content)["verificationMethod"][0]["id"].endswith("#" + key.kid)


def test_rotate_command_retires_the_old_key_and_keeps_it_published(site):
    old = signing_key_active()
    call_command("rotate_signing_key", stdout=open("/dev/null", "w"))
    old.refresh_from_db()
    assert old.retired_at is not None
    new = signing_key_active()
    assert new != old and new.retired_at is None
    assert {m["id"].split("#")[1] for m in did_document()["verificationMethod"]} == {old.kid, new.kid}


def _independent_verify(document: dict, public_key_multibase: str) -> bool:
    """What docs/CREDENTIALS.md tells a third party to do, written again from the document alone."""
    proof = dict(document["proof"])
    signature = signing.base58btc_decode(proof.pop("proofValue")[1:])
    proof["@context"] = document["@context"]
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    data = hashlib.sha256(rfc8785.dumps(proof)).digest() + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    raw = signing.base58btc_decode(public_key_multibase[1:])[2:]
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except Exception:  # noqa: BLE001 - any failure means "does not verify"
        return False
    return True


def test_round_trip_and_an_independent_check_of_the_signature(issue, dbs, site):
    issued = issue(dbs)
    document = issued.document
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert document["proof"]["verificationMethod"] == f"did:web:covenant.example.org#{issued.key.kid}"
    assert document_verify(copy.deepcopy(document)).verified
    method = did_document()["verificationMethod"][0]
    assert _independent_verify(document, method["publicKeyMultibase"])
    # Survives a trip through a file: key order and whitespace do not matter, only the content.
    reloaded = json.loads(json.dumps(document, indent=4, sort_keys=True))
    assert _independent_verify(reloaded, method["publicKeyMultibase"])


def test_the_documented_offline_snippet_verifies_a_credential_and_rejects_a_tampered_one(
        issue, dbs, tmp_path, capsys):
    """docs/CREDENTIALS.md's Python, run as written against a real credential and the published keys."""
    import re
    import sys
    from pathlib import Path

    from cryptography.exceptions import InvalidSignature

    text = (Path(__file__).resolve().parents[3] / "docs" / "CREDENTIALS.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    document = issue(dbs).document
    credential_file, did_file = tmp_path / "credential.json", tmp_path / "did.json"
    did_file.write_text(json.dumps(did_document()))
    credential_file.write_text(json.dumps(document, indent=2))
    argv = sys.argv
    try:
        sys.argv = ["verify.py", str(credential_file), str(did_file)]
        exec(compile(snippet, "verify.py", "exec"), {"__name__": "__main__"})  # noqa: S102
        assert "Signature is genuine" in capsys.readouterr().out
        document["credentialSubject"]["name"] = "Someone Else"
        credential_file.write_text(json.dumps(document))
        with pytest.raises(InvalidSignature):
            exec(compile(snippet, "verify.py", "exec"), {"__name__": "__main__"})  # noqa: S102
    finally:
        sys.argv = argv
