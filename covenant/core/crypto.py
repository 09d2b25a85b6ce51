"""Secrets kept encrypted at rest: Fernet keys derived with HKDF from a configured secret, one per purpose.

Each purpose (the credential signing keys, grant applicants' bank details) passes its own salt and info, so a
key derived for one can never decrypt another's data, and each can have its own setting for the secret.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "derived_fernet", "derived_key", "keyed_fingerprint"]


def derived_key(secret: str, *, salt: bytes, info: bytes, missing: str) -> bytes:
    """32 bytes derived from `secret` for one purpose; `missing` says what to set when the secret is empty."""
    if not secret:
        raise ImproperlyConfigured(missing)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret.encode("utf-8"))


def derived_fernet(secret: str, *, salt: bytes, info: bytes, missing: str) -> Fernet:
    """A Fernet (AES-128-CBC with HMAC-SHA256) whose key is derived from `secret` for one purpose."""
    return Fernet(base64.urlsafe_b64encode(derived_key(secret, salt=salt, info=info, missing=missing)))


def keyed_fingerprint(value: str, *, secret: str, salt: bytes, info: bytes, missing: str) -> str:
    """An HMAC-SHA256 of `value` under a derived key: equal values compare equal without being readable."""
    key = derived_key(secret, salt=salt, info=info, missing=missing)
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
