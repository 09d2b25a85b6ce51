"""Single-use invitation tokens: the person gets the token, the database keeps only its hash."""

import hashlib
import secrets


def make_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()
