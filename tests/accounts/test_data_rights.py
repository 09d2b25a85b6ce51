"""UK GDPR: people can download their data and delete their account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.authtoken.models import Token

from covenant.audit.models import AuditEntry
from covenant.audit.services import audit_record

from .factories import DEFAULT_PASSWORD, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_download_page_and_json_export(client):
    user = UserFactory(full_name="Grace Hopper", phone="+447400123456")
    other = UserFactory(full_name="Someone Else")
    audit_record(actor=user, action="volunteers.need_posted", target=other)
    client.force_login(user)
    page = client.get(reverse("accounts:download_data"))
    assert "Download your data" in page.content.decode()
    response = client.post(reverse("accounts:download_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["profile"]["full_name"] == "Grace Hopper"
    assert data["profile"]["phone"] == "+447400123456"
    assert data["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert "volunteers.need_posted" in [item["action"] for item in data["activity"]]
    assert "Someone Else" not in json.dumps(data["profile"])
    assert AuditEntry.objects.filter(action="accounts.data_exported", actor=user).exists()


def test_export_never_contains_secrets(client):
    user = UserFactory()
    secret = enrol_totp(user)
    Token.objects.create(user=user)
    client.force_login(user)
    body = client.post(reverse("accounts:download_data")).content.decode()
    assert secret not in body
    assert Token.objects.get(user=user).key not in body
    assert user.password not in body


def test_download_needs_sign_in(client):
    response = client.post(reverse("accounts:download_data"))
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_delete_needs_the_right_password(client):
    user = UserFactory()
    client.force_login(user)
    for password, message in (("", "Enter your password to delete your account"), ("wrong", "The password is not correct")):
        response = client.post(reverse("accounts:delete"), {"password": password})
        assert response.status_code == 200
        body = response.content.decode()
        assert "govuk-error-summary" in body
        assert message in body
    user.refresh_from_db()
    assert user.is_active
    assert not AuditEntry.objects.filter(action="accounts.account_deleted").exists()


def test_delete_anonymises_and_keeps_audit_references(client):
    user = UserFactory(full_name="Alan Turing", postcode="M1 1AE", phone="+447400123456", email="alan@example.org")
    earlier = audit_record(actor=user, action="parishes.petition_signed")
    enrol_totp(user)
    Token.objects.create(user=user)
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:deleted")
    assert "_auth_user_id" not in client.session
    assert "Your account has been deleted" in client.get(response.url).content.decode()

    user.refresh_from_db()
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert (user.full_name, user.postcode, user.phone, user.date_of_birth) == ("", "", "", None)
    assert not user.is_active
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not Token.objects.filter(user=user).exists()
    # Audit entries still point at the (now anonymous) person.
    earlier.refresh_from_db()
    assert earlier.actor_id == user.pk
    entry = AuditEntry.objects.get(action="accounts.account_deleted")
    assert entry.target_id == str(user.pk)
    assert "Alan" not in entry.target_label
    assert "full_name" in entry.metadata["erased_fields"]

    # The old address and password no longer sign anyone in, and the address can be used again.
    response = client.post(reverse("account_login"), {"login": "alan@example.org", "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    UserFactory(email="alan@example.org")


def test_delete_needs_sign_in(client):
    response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_service_refuses_to_delete_another_person():
    from django.core.exceptions import PermissionDenied

    from covenant.accounts.services import user_delete_account

    actor, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        user_delete_account(actor=actor, user=other)
    other.refresh_from_db()
    assert other.is_active
