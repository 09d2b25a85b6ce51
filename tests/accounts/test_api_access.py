"""The API access page: create and revoke a personal token after signing in."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from covenant.audit.models import AuditEntry

from .factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_people_are_sent_to_sign_in(client):
    for name in ("api_access", "api_token_create", "api_token_revoke"):
        response = client.post(reverse(f"accounts:{name}")) if name != "api_access" else client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not Token.objects.exists()


def test_create_shows_the_token_once_and_replaces_the_old_one(client):
    user = UserFactory()
    client.force_login(user)
    assert "You do not have an API token" in client.get(reverse("accounts:api_access")).content.decode()
    response = client.post(reverse("accounts:api_token_create"))
    assert response.status_code == 200
    token = Token.objects.get(user=user)
    assert token.key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert token.key not in client.get(reverse("accounts:api_access")).content.decode()
    client.post(reverse("accounts:api_token_create"))
    assert Token.objects.get(user=user).key != token.key
    entries = AuditEntry.objects.filter(action="accounts.api_token_created").order_by("id")
    assert [entry.metadata["replaced"] for entry in entries] == [False, True]


def test_revoke(client):
    user = UserFactory()
    Token.objects.create(user=user)
    client.force_login(user)
    response = client.post(reverse("accounts:api_token_revoke"))
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="accounts.api_token_revoked", actor=user).exists()
    # Revoking again changes nothing and records nothing.
    client.post(reverse("accounts:api_token_revoke"))
    assert AuditEntry.objects.filter(action="accounts.api_token_revoked").count() == 1


def test_tokens_cannot_be_created_or_revoked_with_get(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:api_token_create")).status_code == 405
    assert client.get(reverse("accounts:api_token_revoke")).status_code == 405
    assert not Token.objects.exists()


def test_staff_must_enrol_in_mfa_before_getting_a_token(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    response = client.post(reverse("accounts:api_token_create"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert not Token.objects.exists()


def test_staff_with_mfa_can_get_a_token(client):
    staff = StaffUserFactory(mfa=True)
    client.force_login(staff)
    assert client.post(reverse("accounts:api_token_create")).status_code == 200
    assert Token.objects.filter(user=staff).exists()


def test_people_can_only_manage_their_own_token(client):
    user, other = UserFactory(), UserFactory()
    other_token = Token.objects.create(user=other)
    client.force_login(user)
    client.post(reverse("accounts:api_token_revoke"))
    assert Token.objects.filter(pk=other_token.pk).exists()
