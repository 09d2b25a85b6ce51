"""Shared fixtures for audit tests."""

import pytest

from covenant.audit.services import audit_record

from .factories import StaffFactory, UserFactory


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


@pytest.fixture
def entries():
    """A small log: two people, two kinds of target, and a system entry."""
    alice = UserFactory(email="alice@example.org")
    bob = UserFactory(email="bob@example.org")
    return {
        "alice_profile": audit_record(
            actor=alice, action="accounts.profile_update", target=alice, changes={"postcode": ["", "SW1A 1AA"]}
        ),
        "bob_profile": audit_record(actor=bob, action="accounts.profile_update", target=bob),
        "alice_on_bob": audit_record(
            actor=alice, action="accounts.staff_grant", target=bob, metadata={"reason": "new officer"}
        ),
        "system": audit_record(actor=None, action="system.cleanup"),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test passwords need no protection; the real hasher costs seconds across a suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
