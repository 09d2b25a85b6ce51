"""Checks on a person's profile shared by the profile form and the API, with GOV.UK-style messages."""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.places.postcodes import normalise_postcode

EARLIEST_DATE_OF_BIRTH = datetime.date(1900, 1, 1)
# The UK and the Crown Dependencies share the +44 numbering plan.
UK_REGIONS = {"GB", "GG", "JE", "IM"}
_PHONE_CHARACTERS = re.compile(r"^[0-9+()\-.\s]+$")


def clean_postcode(value: str) -> str:
    """A normalised postcode ("sw1a1aa" -> "SW1A 1AA"), or "" when left empty."""
    if not (value or "").strip():
        return ""
    return normalise_postcode(value)


def clean_phone(value: str) -> str:
    """A UK phone number in E.164 form (+447700900123), or "" when left empty."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _PHONE_CHARACTERS.match(value):
        raise ValidationError(
            _("Enter a phone number using only numbers, spaces, brackets, dashes and a plus sign"),
            code="characters",
        )
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"), code="invalid"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"), code="invalid"
        )
    if phonenumbers.region_code_for_number(number) not in UK_REGIONS:
        raise ValidationError(
            _("Enter a UK phone number: numbers outside the UK cannot be used"), code="not_uk"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_date_of_birth(value: datetime.date | None) -> None:
    """A date of birth must be in the past and not before 1900."""
    if value is None:
        return
    if value >= timezone.localdate():
        raise ValidationError(_("Date of birth must be in the past"), code="future")
    if value < EARLIEST_DATE_OF_BIRTH:
        raise ValidationError(
            _("Date of birth must be the same as or after 1 January 1900"), code="too_early"
        )


def check_contact_by_sms(*, contact_by_sms: bool, phone: str) -> None:
    if contact_by_sms and not phone:
        raise ValidationError(
            _("Enter a mobile phone number to get text messages, or untick text message"), code="sms_needs_phone"
        )


def check_sms_number(*, contact_by_sms: bool, phone: str) -> None:
    """Text messages need a number that can receive them."""
    if not (contact_by_sms and phone):
        return
    number = phonenumbers.parse(phone, "GB")
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise ValidationError(
            _("Enter a mobile phone number to get text messages, like 07700 900 982"), code="sms_needs_mobile"
        )
