"""Every field of every kind of credential refuses bad input with a specific message."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from volunteers.validation import (
    clean_certificate_number,
    clean_credential,
    clean_licence_categories,
    clean_update_service_id,
    clean_verification,
)

TODAY = datetime.date(2026, 6, 15)
PAST = datetime.date(2025, 1, 10)


def errors_of(kind, data):
    with pytest.raises(ValidationError) as caught:
        clean_credential(kind, data, today=TODAY)
    return {field: messages[0] for field, messages in caught.value.message_dict.items()}


def dbs(**overrides):
    data = {"dbs_level": "enhanced_barred", "dbs_barred_lists": "both", "dbs_workforce": "child_and_adult",
            "certificate_number": "0012 3456 7890", "issued_on": PAST, "update_service_subscribed": True,
            "update_service_id": "c 1234 5678"}
    data.update(overrides)
    return data


def test_a_good_dbs_check_is_normalised():
    values = clean_credential("dbs", dbs(), today=TODAY)
    assert values["certificate_number"] == "001234567890"
    assert values["update_service_id"] == "C12345678"
    assert values["title"] == "Enhanced with barred list check DBS check"
    assert values["expires_on"] is None and values["qualification_type"] == ""


@pytest.mark.parametrize(("value", "message"), [
    ("", "Enter the certificate number, like 001234567890"),
    ("00123456789", "Certificate number must be 12 digits, like 001234567890"),
    ("0012345678901", "Certificate number must be 12 digits, like 001234567890"),
    ("00123456789X", "Certificate number must only include numbers 0 to 9"),
])
def test_certificate_number(value, message):
    with pytest.raises(ValidationError, match=message):
        clean_certificate_number(value)
    assert errors_of("dbs", dbs(certificate_number=value))["certificate_number"] == message


def test_dbs_level_is_required_and_must_be_known():
    assert errors_of("dbs", dbs(dbs_level=""))["dbs_level"] == "Select the level of the DBS check"
    assert errors_of("dbs", dbs(dbs_level="platinum"))["dbs_level"] == "Select the level of the DBS check"


def test_barred_lists_required_for_barred_level_and_forbidden_otherwise():
    assert "children’s, adults’ or both" in errors_of("dbs", dbs(dbs_barred_lists=""))["dbs_barred_lists"]
    message = errors_of("dbs", dbs(dbs_level="enhanced", dbs_barred_lists="adults"))["dbs_barred_lists"]
    assert message.startswith("Only an enhanced check with barred list check includes barred lists")
    assert errors_of("dbs", dbs(dbs_barred_lists="pets"))["dbs_barred_lists"] == \
        "Select which barred lists were checked"


def test_workforce():
    assert errors_of("dbs", dbs(dbs_workforce=""))["dbs_workforce"] == "Select the workforce on the certificate"
    assert errors_of("dbs", dbs(dbs_workforce="army"))["dbs_workforce"] == "Select the workforce on the certificate"
    basic = dbs(dbs_level="basic", dbs_barred_lists="", update_service_subscribed=False)
    assert errors_of("dbs", basic)["dbs_workforce"].startswith("A basic check has no workforce")
    assert clean_credential("dbs", {**basic, "dbs_workforce": ""}, today=TODAY)["dbs_level"] == "basic"


def test_issue_date_cannot_be_in_the_future_or_missing():
    assert errors_of("dbs", dbs(issued_on=TODAY + datetime.timedelta(days=1)))["issued_on"] == \
        "Date of issue must be today or in the past"
    assert errors_of("dbs", dbs(issued_on=None))["issued_on"] == "Enter the date of issue"
    assert errors_of("dbs", dbs(issued_on="2025-02-30"))["issued_on"] == "Enter a real date, like 27 3 2024"
    assert errors_of("dbs", dbs(issued_on=datetime.date(1900, 1, 1)))["issued_on"].endswith("after 1 January 1950")
    assert clean_credential("dbs", dbs(issued_on=TODAY), today=TODAY)["issued_on"] == TODAY


def test_update_service():
    assert errors_of("dbs", dbs(update_service_subscribed=None))["update_service_subscribed"] == \
        "Select yes if you have subscribed to the DBS Update Service"
    assert errors_of("dbs", dbs(update_service_id=""))["update_service_id"] == "Enter your Update Service ID"
    assert errors_of("dbs", dbs(update_service_id="C12"))["update_service_id"].startswith(
        "Update Service ID must be 6 to 20 letters and numbers")
    assert errors_of("dbs", dbs(update_service_id="C1234-5678!"))["update_service_id"].startswith("Update Service ID")
    basic = dbs(dbs_level="basic", dbs_barred_lists="", dbs_workforce="")
    assert errors_of("dbs", basic)["update_service_subscribed"].startswith(
        "The Update Service is not available for basic checks")
    # Not subscribed: an ID typed before changing the answer is dropped, as a hidden conditional question would be.
    assert clean_credential("dbs", dbs(update_service_subscribed=False), today=TODAY)["update_service_id"] == ""
    assert clean_update_service_id(" c0001 23456 ") == "C000123456"


def test_identity_check():
    assert errors_of("identity", {"issued_on": PAST})["identity_method"] == "Select how your identity was checked"
    assert errors_of("identity", {"issued_on": PAST, "identity_method": "selfie"})["identity_method"] == \
        "Select how your identity was checked"
    assert errors_of("identity", {"identity_method": "passport"})["issued_on"] == \
        "Enter the date of the identity check"
    values = clean_credential("identity", {"identity_method": "passport", "issued_on": PAST,
                                           "provider": "Riverside Volunteer Centre"}, today=TODAY)
    assert values["title"] == "Identity check" and values["provider"] == "Riverside Volunteer Centre"


def test_training():
    errors = errors_of("training", {"issued_on": PAST})
    assert errors["title"] == "Enter the name of the course"
    assert errors["provider"] == "Enter who ran the course"
    base = {"title": "Safeguarding adults", "provider": "Council", "issued_on": PAST}
    assert errors_of("training", {**base, "expires_on": PAST})["expires_on"] == \
        "Expiry date must be after the date you completed the training"
    assert errors_of("training", {**base, "expires_on": PAST - datetime.timedelta(days=1)})["expires_on"] == \
        "Expiry date must be after the date you completed the training"
    assert errors_of("training", {**base, "issued_on": datetime.date(2020, 1, 1),
                                  "expires_on": datetime.date(2021, 1, 1)})["expires_on"].startswith(
        "Expiry date must be today or in the future")
    assert errors_of("training", {**base, "title": "x" * 201})["title"] == \
        "Course name must be 200 characters or fewer"
    values = clean_credential("training", {**base, "expires_on": TODAY}, today=TODAY)
    assert values["expires_on"] == TODAY


def test_qualifications():
    assert errors_of("qualification", {"issued_on": PAST})["qualification_type"] == \
        "Select the type of qualification"
    assert errors_of("qualification", {"issued_on": PAST, "qualification_type": "other"})["title"] == \
        "Enter the name of the qualification"
    assert errors_of("qualification", {"issued_on": PAST, "qualification_type": "driving_licence"})[
        "licence_categories"] == "Enter the categories on your licence, like B, BE"
    assert errors_of("qualification", {"issued_on": PAST, "qualification_type": "driving_licence",
                                       "licence_categories": "B, Z9"})["licence_categories"].startswith(
        "Z9 is not a driving licence category")
    assert errors_of("qualification", {"issued_on": PAST, "qualification_type": "first_aid",
                                       "licence_categories": "B"})["licence_categories"].startswith(
        "Licence categories are only for a driving licence")
    values = clean_credential("qualification", {"issued_on": PAST, "qualification_type": "first_aid",
                                                "expires_on": datetime.date(2027, 1, 10)}, today=TODAY)
    assert values["title"] == "First aid"
    assert clean_licence_categories("b be, d1 b") == "B,BE,D1"


def test_occupational_health():
    errors = errors_of("occupational_health", {"issued_on": PAST, "expires_on": PAST})
    assert errors["provider"] == "Enter who gave the clearance"
    assert errors["expires_on"] == "Expiry date must be after the date of clearance"


def test_unknown_kind():
    assert errors_of("tarot", {})["kind"] == "Select the kind of credential"


def test_verification_record():
    def check(**kwargs):
        values = {"outcome": "verified", "evidence_seen": "Original certificate", "evidence_seen_on": TODAY,
                  "reason": "", "issued_on": PAST, "today": TODAY}
        values.update(kwargs)
        with pytest.raises(ValidationError) as caught:
            clean_verification(**values)
        return {field: messages[0] for field, messages in caught.value.message_dict.items()}

    assert check(outcome="maybe")["outcome"] == "Select whether you could verify the credential"
    assert check(evidence_seen=" ")["evidence_seen"].startswith("Enter what you saw")
    assert check(evidence_seen_on=None)["evidence_seen_on"] == "Enter the date you saw it"
    assert check(evidence_seen_on=TODAY + datetime.timedelta(days=1))["evidence_seen_on"] == \
        "Date you saw it must be today or in the past"
    assert check(evidence_seen_on=PAST - datetime.timedelta(days=1))["evidence_seen_on"].endswith("date of issue")
    assert check(outcome="rejected")["reason"] == "Enter why the credential could not be verified"
