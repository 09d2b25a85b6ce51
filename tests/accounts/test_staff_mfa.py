"""Official roles must enrol in MFA before staff areas; everyone else is not affected."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from covenant.accounts.decorators import staff_area
from covenant.accounts.middleware import MFA_NEXT_SESSION_KEY, StaffMFAMiddleware
from covenant.accounts.selectors import user_has_mfa, user_requires_mfa

from .factories import StaffUserFactory, UserFactory, enrol_totp, totp_code

pytestmark = pytest.mark.django_db


def test_selectors():
    resident, staff, enrolled = UserFactory(), StaffUserFactory(), StaffUserFactory(mfa=True)
    assert not user_requires_mfa(resident)
    assert user_requires_mfa(staff)
    assert not user_has_mfa(staff)
    assert user_has_mfa(enrolled)
    from django.contrib.auth.models import AnonymousUser

    assert not user_requires_mfa(AnonymousUser())
    assert not user_has_mfa(AnonymousUser())


@pytest.mark.parametrize("path", ["/django-admin/", "/audit/", "/audit/anything/deeper/"])
def test_staff_without_mfa_are_sent_to_enrol(client, path):
    staff = StaffUserFactory()
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert client.session[MFA_NEXT_SESSION_KEY] == path


def test_setup_page_says_why(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
    body = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "You must set up two-factor authentication before you can use staff areas" in body
    assert "govuk-notification-banner" in body


def test_staff_are_let_through_after_enrolment(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    assert client.get("/django-admin/").status_code == 302
    # Enrol through the real pages.
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert 'href="/django-admin/"' in codes
    assert client.get("/django-admin/").status_code == 200
    assert MFA_NEXT_SESSION_KEY not in client.session


def test_mfa_pages_sign_out_and_static_stay_reachable(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_residents_and_anonymous_people_are_not_redirected(client):
    # Anonymous people meet the admin's own checks (sent to sign in through allauth).
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response.url.startswith("/django-admin/login/")
    response = client.get(response.url)
    assert response.url.startswith(reverse("account_login"))
    resident = UserFactory()
    client.force_login(resident)
    response = client.get("/django-admin/")
    # Not sent to enrol: the admin itself refuses people who are not staff.
    assert response.status_code in (302, 403)
    assert getattr(response, "url", "") != reverse("mfa_activate_totp")


def test_staff_area_decorator_requires_sign_in_and_enrolment():
    calls = []

    @staff_area
    def view(request):
        calls.append(request)
        return HttpResponse("staff only")

    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    middleware = StaffMFAMiddleware(lambda request: HttpResponse())
    factory = RequestFactory()

    def _request(user):
        request = factory.get("/somewhere/else/")
        request.user = user
        request.session = SessionStore()
        return request

    anonymous = _request(AnonymousUser())
    assert middleware.process_view(anonymous, view, (), {}) is None
    assert view(anonymous).status_code == 302  # login_required

    staff = _request(StaffUserFactory())
    response = middleware.process_view(staff, view, (), {})
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    enrolled = _request(StaffUserFactory(mfa=True))
    assert middleware.process_view(enrolled, view, (), {}) is None
    assert view(enrolled).content == b"staff only"

    resident = _request(UserFactory())
    assert middleware.process_view(resident, view, (), {}) is None
    assert not calls or calls[-1] is enrolled or calls[-1] is resident


def test_admin_login_goes_through_allauth_so_mfa_cannot_be_skipped(client):
    staff = StaffUserFactory(mfa=True)
    response = client.get("/django-admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    # A password alone does not sign an enrolled person in.
    client.post(reverse("account_login"), {"login": staff.email, "password": "correct horse battery staple"})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(staff.totp_secret)})
    assert "_auth_user_id" in client.session
    assert client.get("/django-admin/").status_code == 200


def test_enrolled_staff_may_use_staff_views(client):
    staff = StaffUserFactory()
    enrol_totp(staff)
    client.force_login(staff)
    assert client.get(reverse("accounts:api_access")).status_code == 200


def test_admin_pages_for_people_work(client):
    admin = StaffUserFactory(mfa=True, is_superuser=True)
    person = UserFactory(full_name="Listed Person")
    client.force_login(admin)
    changelist = client.get("/django-admin/accounts/user/?q=Listed")
    assert changelist.status_code == 200
    assert "Listed Person" in changelist.content.decode()
    assert client.get(f"/django-admin/accounts/user/{person.pk}/change/").status_code == 200
    assert client.get("/django-admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/django-admin/accounts/user/add/",
        {"email": "added@example.org", "password1": "a-long-passphrase-88", "password2": "a-long-passphrase-88"},
    )
    assert response.status_code == 302
