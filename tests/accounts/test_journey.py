"""The required journey through the real allauth views: sign up, verify, sign in, enrol in MFA."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from .factories import DEFAULT_PASSWORD, UserFactory, enrol_totp, totp_code

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a-long-and-unusual-passphrase-41"


def _link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _reauthenticate(client, password: str = DEFAULT_PASSWORD) -> None:
    """allauth asks for the password again before security changes; a fresh sign-in is not enough."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def _sign_up(client, email: str):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_sign_up_verify_sign_in_and_enrol_in_mfa(client):
    # Sign up: the address is stored in lower case and must be verified before use.
    response = _sign_up(client, "New.Person@Example.ORG")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert not _is_signed_in(client)
    page = client.get(response.url)
    assert "Check your email" in page.content.decode()

    # Verification email goes through Django's backend with our subject prefix.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Covenant] ")
    assert mail.outbox[0].to == ["new.person@example.org"]
    confirm_url = _link_in(mail.outbox[0])
    assert "Confirm that new.person@example.org is your email address" in client.get(confirm_url).content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    client.logout()

    # Sign in with the verified address.
    response = client.post(reverse("account_login"), {"login": "new.person@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert _is_signed_in(client)

    # Enrol in MFA: allauth first asks for the password again, then shows the secret.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert "Confirm it is you" in client.get(response.url).content.decode()
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(response.url).content.decode()
    assert "Your recovery codes" in codes_page
    client.logout()

    # From now on, signing in asks for the code after the password.
    response = client.post(reverse("account_login"), {"login": "new.person@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not _is_signed_in(client)
    page = client.get(response.url)
    assert "Enter your security code" in page.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "govuk-error-summary" in wrong.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert _is_signed_in(client)


def test_unverified_people_cannot_sign_in(client):
    user = UserFactory(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not _is_signed_in(client)
    # A fresh verification link is sent instead.
    assert len(mail.outbox) == 1


def test_wrong_password_is_shown_in_an_error_summary(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "not-the-password"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "There is a problem" in body
    assert "<title>Error:" in body
    assert not _is_signed_in(client)


def test_sign_up_rejects_bad_input_with_messages(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email", "password1": "short", "password2": "other"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "govuk-form-group--error" in body
    assert not User.objects.exists()


def test_sign_up_takes_the_language_being_used(client):
    client.cookies["django_language"] = "cy"
    _sign_up(client, "welsh@example.org")
    assert User.objects.get(email="welsh@example.org").language == "cy"


def test_sign_up_with_an_address_already_in_use_creates_no_second_account(client):
    existing = UserFactory(email="taken@example.org")
    _sign_up(client, "TAKEN@example.org")
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert User.objects.get(email__iexact="taken@example.org") == existing


def test_password_reset(client):
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email.upper()})
    assert response.status_code == 302
    assert "Check your email" in client.get(response.url).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Covenant] ")
    reset_url = _link_in(mail.outbox[0])
    response = client.get(reset_url)
    # allauth swaps the key in the URL for a session-held one before showing the form.
    if response.status_code == 302:
        reset_url = response.url
        response = client.get(reset_url)
    assert "Create a new password" in response.content.decode()
    new_password = "another-long-passphrase-97"
    response = client.post(reset_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_with_a_bad_link(client):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nonsense"}))
    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()


def test_password_reset_with_no_address_shows_an_error(client):
    response = client.post(reverse("account_reset_password"), {"email": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not mail.outbox


def test_change_password_needs_the_current_one(client):
    user = UserFactory()
    client.force_login(user)
    new_password = "yet-another-passphrase-12"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_change_email_address(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    page = client.get(reverse("account_email"))
    assert "Change your email address" in page.content.decode()
    response = client.post(reverse("account_email"), {"action_add": "", "email": "New@Example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    # Nothing changes until the new address is confirmed.
    assert user.email == "old@example.org"
    assert mail.outbox[-1].to == ["new@example.org"]
    confirm_url = _link_in(mail.outbox[-1])
    client.post(confirm_url)
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert EmailAddress.objects.get(user=user, primary=True).email == "new@example.org"


def test_change_email_to_an_invalid_address_shows_an_error(client):
    user = UserFactory(email="keep@example.org")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not an email"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "keep@example.org"


def test_mfa_pages_render_in_govuk_style(client):
    user = UserFactory()
    client.force_login(user)
    index = client.get(reverse("mfa_index")).content.decode()
    assert "Two-factor authentication" in index
    assert "govuk-summary-card" in index
    secret = enrol_totp(user)
    assert secret
    _reauthenticate(client)
    deactivate = client.get(reverse("mfa_deactivate_totp"))
    assert deactivate.status_code == 200
    assert "Turn off your authenticator app" in deactivate.content.decode()


def test_recovery_codes_can_be_generated_viewed_and_downloaded(client):
    user = UserFactory()
    client.force_login(user)
    secret = enrol_totp(user)
    assert secret
    _reauthenticate(client)
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    unused = codes.context["unused_codes"]
    assert unused and unused[0] in codes.content.decode()
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert unused[0] in download.content.decode()


def test_recovery_code_works_at_sign_in(client):
    user = UserFactory()
    client.force_login(user)
    enrol_totp(user)
    _reauthenticate(client)
    client.post(reverse("mfa_generate_recovery_codes"))
    code = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"][0]
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert _is_signed_in(client)


def test_sign_out(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("account_logout"))
    assert "Are you sure you want to sign out?" in page.content.decode()
    client.post(reverse("account_logout"))
    assert not _is_signed_in(client)


def test_emails_are_sent_in_the_persons_language(client):
    UserFactory(email="cymraeg@example.org", language="cy")
    client.post(reverse("account_reset_password"), {"email": "cymraeg@example.org"})
    assert len(mail.outbox) == 1
    assert "Covenant" in mail.outbox[0].body


def test_sign_in_messages_say_what_to_do(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    body = response.content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body
    assert 'placeholder="' not in body
    user = UserFactory()
    body = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}).content.decode()
    assert "The email address or password is not correct" in body


def test_wrong_security_code_says_what_to_do(client):
    user = UserFactory(mfa=True)
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    code = "000000" if totp_code(user.totp_secret) != "000000" else "111111"
    body = client.post(reverse("mfa_authenticate"), {"code": code}).content.decode()
    assert "The security code is not correct" in body
    body = client.post(reverse("mfa_authenticate"), {"code": ""}).content.decode()
    assert "Enter the security code" in body


def test_people_with_mfa_are_told_why_they_cannot_change_email(client):
    user = UserFactory(mfa=True, email="kept@example.org")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "other@example.org"})
    assert response.status_code == 200
    assert "while two-factor authentication is on" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "kept@example.org"


def test_signing_in_switches_to_the_persons_language(client):
    user = UserFactory(language="cy")
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "cy"
