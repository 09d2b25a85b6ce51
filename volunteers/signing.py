"""Ed25519 keys and Data Integrity proofs (cryptosuite eddsa-jcs-2022) for the credentials Covenant issues.

Pure cryptography and encoding, no database: the services decide which key signs, the selectors which keys
are published. The signing input is documented in docs/CREDENTIALS.md; keep the two in step.
"""

import base64
import copy
import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from covenant.core.crypto import derived_fernet

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"
# The multicodec prefix of an Ed25519 public key (0xed, as an unsigned varint), as Multikey requires.
ED25519_MULTICODEC = b"\xed\x01"
BASE58_ALPHABET = base58.BITCOIN_ALPHABET.decode("ascii")
_HKDF_SALT = b"covenant credential signing keys"
_HKDF_INFO = b"fernet key for Ed25519 private keys"


class ProofError(Exception):
    """A proof that does not verify; `code` says which check failed."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


# Encoding ---------------------------------------------------------------------------------------------------

def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def base58btc_encode(data: bytes) -> str:
    return base58.b58encode(data).decode("ascii")


def base58btc_decode(text: str) -> bytes:
    # The library reports a bad character as a bare ValueError; callers expect one that names it.
    bad = next((char for char in text if char not in BASE58_ALPHABET), None)
    if bad is not None:
        raise ValueError(f"{bad!r} is not a base58 character")
    return base58.b58decode(text)


def multibase_encode(data: bytes) -> str:
    return "z" + base58btc_encode(data)


def multibase_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("only base58btc multibase values (starting with z) are used")
    return base58btc_decode(text[1:])


def canonical(document) -> bytes:
    """The JSON Canonicalization Scheme (RFC 8785) serialisation of a JSON value, as UTF-8."""
    return rfc8785.dumps(document)


# Keys -------------------------------------------------------------------------------------------------------

def _fernet() -> Fernet:
    return derived_fernet(settings.CREDENTIAL_SIGNING_SECRET, salt=_HKDF_SALT, info=_HKDF_INFO,
                          missing="CREDENTIAL_SIGNING_SECRET (or SECRET_KEY) must be set to sign credentials")


@dataclass(frozen=True)
class NewKey:
    kid: str
    public_key: str  # raw 32 bytes, base64url
    private_key_encrypted: str


def key_generate() -> NewKey:
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return NewKey(
        kid=key_id(raw_public),
        public_key=b64url_encode(raw_public),
        private_key_encrypted=_fernet().encrypt(raw_private).decode("ascii"),
    )


def key_id(raw_public: bytes) -> str:
    """A stable, public name for a key: derived from the key itself, so it can never point at another key."""
    return "key-" + hashlib.sha256(raw_public).hexdigest()[:16]


def private_key_load(private_key_encrypted: str) -> Ed25519PrivateKey:
    try:
        raw = _fernet().decrypt(private_key_encrypted.encode("ascii"))
    except InvalidToken:
        raise ImproperlyConfigured(
            "The credential signing key cannot be decrypted: CREDENTIAL_SIGNING_SECRET has changed since it was "
            "made. Restore the old secret, or run manage.py rotate_signing_key to start a new key."
        ) from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_load(public_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64url_decode(public_key))


def public_key_multibase(public_key: str) -> str:
    """The Multikey form of a public key: z + base58btc(0xed01 + 32 raw bytes)."""
    return multibase_encode(ED25519_MULTICODEC + b64url_decode(public_key))


def public_key_jwk(public_key: str, kid: str) -> dict:
    return {"kty": "OKP", "crv": "Ed25519", "x": public_key, "kid": kid}


# Identity of the issuer -------------------------------------------------------------------------------------

def issuer_did() -> str:
    """did:web of this site: its host, with a port encoded as %3A as did:web asks."""
    netloc = urlsplit(settings.SITE_URL).netloc
    return "did:web:" + quote(netloc, safe="")


def verification_method_id(kid: str) -> str:
    return f"{issuer_did()}#{kid}"


# Proofs -----------------------------------------------------------------------------------------------------

def _hash_data(document: dict, proof_options: dict) -> bytes:
    """SHA-256 of the canonical proof configuration, then SHA-256 of the canonical document (64 bytes)."""
    proof_config = {key: value for key, value in proof_options.items() if key != "proofValue"}
    proof_config["@context"] = document.get("@context")
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return hashlib.sha256(canonical(proof_config)).digest() + hashlib.sha256(canonical(unsecured)).digest()


def proof_add(document: dict, *, private_key: Ed25519PrivateKey, kid: str, created: str) -> dict:
    """A copy of `document` with a Data Integrity proof (eddsa-jcs-2022) made by the key."""
    unsecured = {key: value for key, value in copy.deepcopy(document).items() if key != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method_id(kid),
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": {**options, "proofValue": multibase_encode(signature)}}


def proof_kid(document: dict) -> str:
    """The key id a document's proof names; ProofError if the proof is missing or not of our kind."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("no_proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("unsupported_proof")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise ProofError("unsupported_proof")
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or "#" not in method:
        raise ProofError("unknown_key")
    controller, kid = method.split("#", 1)
    if controller != issuer_did() or not kid:
        raise ProofError("unknown_key")
    return kid


def proof_verify(document: dict, public_key: Ed25519PublicKey) -> None:
    """Raise ProofError("signature_mismatch") unless the proof was made over exactly this document."""
    proof = document["proof"]
    try:
        signature = multibase_decode(proof.get("proofValue"))
    except ValueError:
        raise ProofError("signature_mismatch", "the proof value is not a base58btc signature") from None
    try:
        hash_data = _hash_data(document, proof)
    except (rfc8785.CanonicalizationError, ValueError, TypeError) as error:
        raise ProofError("malformed", str(error)) from None
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        raise ProofError("signature_mismatch") from None
