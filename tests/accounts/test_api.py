"""GET/PATCH /api/v1/me/: the signed-in person's own profile."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from covenant.audit.models import AuditEntry

from .factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/"


@pytest.fixture
def person():
    return UserFactory(full_name="Mary Seacole", phone="", postcode="")


@pytest.fixture
def api(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def _fields(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_url_name():
    assert reverse("api:me") == URL


def test_anonymous_people_get_the_error_body():
    response = APIClient().get(URL)
    assert response.status_code in (401, 403)
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["status"] == response.status_code
    assert APIClient().patch(URL, {"full_name": "X"}, format="json").status_code in (401, 403)


def test_get_own_profile(api, person):
    body = api.get(URL).json()
    assert body["email"] == person.email
    assert body["full_name"] == "Mary Seacole"
    assert body["language"] == "en-gb"
    assert set(body) >= {"postcode", "date_of_birth", "phone", "contact_by_sms"}


def test_token_authentication(person):
    token = Token.objects.create(user=person)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(URL).json()["email"] == person.email
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(URL).status_code in (401, 403)


def test_patch_normalises_saves_and_audits(api, person):
    response = api.patch(
        URL, {"postcode": "m11ae", "phone": "07400 123456", "contact_by_sms": True, "date_of_birth": "1990-05-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["postcode"] == "M1 1AE"
    assert body["phone"] == "+447400123456"
    assert body["date_of_birth"] == "1990-05-01"
    person.refresh_from_db()
    assert person.contact_by_sms and person.full_name == "Mary Seacole"
    entry = AuditEntry.objects.get(action="accounts.profile_updated")
    assert set(entry.changes) == {"postcode", "phone", "contact_by_sms", "date_of_birth"}


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"postcode": "SW1A"}, "postcode", "Enter a full postcode, like SW1A 1AA"),
        ({"postcode": "QQ1 1QQ"}, "postcode", "Enter a real postcode, like SW1A 1AA"),
        ({"date_of_birth": "1990-02-31"}, "date_of_birth", "real date"),
        ({"date_of_birth": "yesterday"}, "date_of_birth", "real date"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "Date of birth must be in the past"),
        ({"date_of_birth": "1850-01-01"}, "date_of_birth", "1 January 1900"),
        ({"phone": "12"}, "phone", "Enter a UK phone number"),
        ({"phone": "+1 202 555 0101"}, "phone", "outside the UK"),
        ({"contact_by_sms": True}, "contact_by_sms", "Enter a mobile phone number to get text messages"),
        ({"language": "fr"}, "language", "Cymraeg"),
        ({"full_name": ""}, "full_name", "Enter your full name"),
        ({"contact_by_email": "perhaps"}, "contact_by_email", "true or false"),
        ({"email": "new@example.org"}, "email", "cannot be changed"),
        ({"is_staff": True}, "is_staff", "cannot be changed"),
    ],
)
def test_patch_bad_input(api, person, payload, field, message):
    response = api.patch(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert message in _fields(response)[field]
    person.refresh_from_db()
    assert person.full_name == "Mary Seacole"
    assert not person.is_staff
    assert not AuditEntry.objects.exists()


def test_patch_malformed_bodies(api):
    response = api.patch(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    response = api.patch(URL, [1, 2], format="json")
    assert response.status_code == 400


def test_other_methods_are_not_allowed(api):
    assert api.put(URL, {}, format="json").status_code == 405
    assert api.delete(URL).status_code == 405
    assert api.post(URL, {}, format="json").status_code == 405
