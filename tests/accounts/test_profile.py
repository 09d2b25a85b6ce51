"""The profile pages at /account/: who may use them and how bad input is answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _form_data(**overrides) -> dict:
    data = {
        "full_name": "Ada Lovelace",
        "preferred_name": "Ada",
        "postcode": "sw1a1aa",
        "date_of_birth_0": "10",
        "date_of_birth_1": "12",
        "date_of_birth_2": "1985",
        "phone": "07400 123456",
        "contact": ["email", "in_app"],
        "language": "en-gb",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def person(client):
    user = UserFactory(full_name="Before Name", postcode="", phone="")
    client.force_login(user)
    return user


def test_profile_pages_need_sign_in(client):
    for name in ("profile", "profile_change", "download_data", "delete", "api_access"):
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_profile_shows_the_persons_details(client, person):
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "Before Name" in body
    assert person.email in body
    assert "govuk-summary-list" in body


def test_change_form_is_prefilled_in_govuk_markup(client, person):
    body = client.get(reverse("accounts:profile_change")).content.decode()
    assert 'value="Before Name"' in body
    assert "govuk-date-input" in body
    assert "govuk-checkboxes" in body
    assert "govuk-radios" in body


def test_valid_changes_are_normalised_saved_and_audited(client, person):
    response = client.post(reverse("accounts:profile_change"), _form_data(contact=["email", "sms", "in_app"]))
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    person.refresh_from_db()
    assert person.full_name == "Ada Lovelace"
    assert person.postcode == "SW1A 1AA"
    assert person.date_of_birth == datetime.date(1985, 12, 10)
    assert person.phone == "+447400123456"
    assert person.contact_by_sms is True
    entry = AuditEntry.objects.get(action="accounts.profile_updated")
    assert entry.actor == person
    assert entry.target_id == str(person.pk)
    assert entry.changes["full_name"] == ["Before Name", "Ada Lovelace"]
    assert entry.changes["postcode"] == ["", "SW1A 1AA"]
    assert "language" not in entry.changes


def test_saving_without_changes_writes_no_audit_entry(client, person):
    client.post(reverse("accounts:profile_change"), _form_data())
    client.post(reverse("accounts:profile_change"), _form_data())
    assert AuditEntry.objects.filter(action="accounts.profile_updated").count() == 1


def test_choosing_welsh_switches_the_session_language(client, person):
    response = client.post(reverse("accounts:profile_change"), _form_data(language="cy"))
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "cy"
    person.refresh_from_db()
    assert person.language == "cy"


def _errors(client, **overrides) -> str:
    response = client.post(reverse("accounts:profile_change"), _form_data(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    return body


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("SW1A", "Enter a full postcode, like SW1A 1AA"),
        ("QQ1 1QQ", "Enter a real postcode, like SW1A 1AA"),
        ("SW1A 1AA!", "Enter a real postcode, using only letters and numbers, like SW1A 1AA"),
    ],
)
def test_bad_postcodes(client, person, postcode, message):
    assert message in _errors(client, postcode=postcode)
    person.refresh_from_db()
    assert person.postcode == ""


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "1990", "Date of birth must be a real date"),
        ("30", "13", "1990", "Date of birth must be a real date"),
        ("a", "2", "1990", "Date of birth must be a real date"),
        ("1", "2", "90", "Year must include 4 numbers"),
        ("1", "", "1990", "Date of birth must include a month"),
        ("", "", "1990", "Date of birth must include a day and month"),
        ("1", "1", "1899", "Date of birth must be the same as or after 1 January 1900"),
    ],
)
def test_impossible_dates_of_birth(client, person, day, month, year, message):
    body = _errors(client, date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    assert message in body


def test_date_of_birth_must_be_in_the_past(client, person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    body = _errors(
        client, date_of_birth_0=str(tomorrow.day), date_of_birth_1=str(tomorrow.month), date_of_birth_2=str(tomorrow.year)
    )
    assert "Date of birth must be in the past" in body


def test_date_of_birth_is_optional(client, person):
    response = client.post(
        reverse("accounts:profile_change"), _form_data(date_of_birth_0="", date_of_birth_1="", date_of_birth_2="")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.date_of_birth is None


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("12", "Enter a UK phone number"),
        ("07400 12345a", "Enter a phone number using only numbers"),
        ("+1 202 555 0101", "numbers outside the UK cannot be used"),
        ("+33 6 12 34 56 78", "numbers outside the UK cannot be used"),
    ],
)
def test_bad_phone_numbers(client, person, phone, message):
    assert message in _errors(client, phone=phone)


def test_text_messages_need_a_phone_number(client, person):
    body = _errors(client, phone="", contact=["email", "sms"])
    assert "Enter a mobile phone number to get text messages" in body
    person.refresh_from_db()
    assert person.contact_by_sms is False


def test_text_messages_need_a_mobile_number(client, person):
    body = _errors(client, phone="020 7946 0000", contact=["sms"])
    assert "Enter a mobile phone number to get text messages" in body


def test_full_name_is_required_and_choices_are_checked(client, person):
    body = _errors(client, full_name="  ", language="fr", contact=["pigeon"])
    assert "Enter your full name" in body
    assert "Select English or Cymraeg" in body
    assert "Select how we should contact you from the list" in body


def test_changing_someone_else_is_impossible_through_the_form(client, person):
    other = UserFactory(full_name="Other Person")
    client.post(reverse("accounts:profile_change"), _form_data(full_name="Hijacked"))
    other.refresh_from_db()
    assert other.full_name == "Other Person"


def test_profile_change_rejects_other_methods(client, person):
    assert client.put(reverse("accounts:profile_change")).status_code == 405


def test_service_refuses_to_change_another_person():
    from django.core.exceptions import PermissionDenied

    from covenant.accounts.services import user_update_profile

    actor, other = UserFactory(), UserFactory(full_name="Other Person")
    with pytest.raises(PermissionDenied):
        user_update_profile(actor=actor, user=other, full_name="Changed")
    other.refresh_from_db()
    assert other.full_name == "Other Person"
    assert not AuditEntry.objects.exists()


def test_service_rechecks_invariants():
    from django.core.exceptions import ValidationError

    from covenant.accounts.services import user_update_profile

    user = UserFactory(phone="")
    with pytest.raises(ValidationError):
        user_update_profile(actor=user, user=user, contact_by_sms=True)
    with pytest.raises(ValidationError):
        user_update_profile(actor=user, user=user, postcode="nonsense")
    with pytest.raises(ValidationError):
        user_update_profile(actor=user, user=user, language="fr")
