"""Checks an organisation's registration numbers against its type; shared by forms, the API and services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from covenant.places.postcodes import normalise_postcode

from . import identifiers
from .models import (
    CHARITY_NUMBER_ALLOWED,
    CHARITY_NUMBER_REQUIRED,
    COMPANY_NUMBER_ALLOWED,
    COMPANY_NUMBER_REQUIRED,
    Organisation,
    OrganisationType,
)

NUMBER_FIELDS = ("charity_number", "company_number", "ons_code", "register_code")


def _run(errors: dict, field: str, function, value):
    try:
        return function(value)
    except ValidationError as error:
        errors[field] = error.messages[0]
        return ""


def clean_registration(
    *,
    type: str,
    charity_number: str = "",
    company_number: str = "",
    ons_code: str = "",
    register_code: str = "",
    exclude_pk: int | None = None,
) -> dict:
    """Normalise the numbers a type of organisation uses and drop the ones it does not.

    Returns {"charity_number", "company_number", "ons_code", "register_code"}; raises ValidationError with a
    message per field.
    """
    if type not in OrganisationType.values:
        raise ValidationError({"type": _("Select the type of organisation")})
    errors: dict[str, str] = {}
    cleaned = dict.fromkeys(NUMBER_FIELDS, "")
    charity_number = (charity_number or "").strip()
    company_number = (company_number or "").strip()
    ons_code = (ons_code or "").strip()
    register_code = (register_code or "").strip()

    if type in CHARITY_NUMBER_ALLOWED and (charity_number or type in CHARITY_NUMBER_REQUIRED):
        cleaned["charity_number"] = _run(errors, "charity_number", identifiers.normalise_charity_number, charity_number)
    if type in COMPANY_NUMBER_ALLOWED and (company_number or type in COMPANY_NUMBER_REQUIRED):
        cleaned["company_number"] = _run(errors, "company_number", identifiers.normalise_company_number, company_number)
    if type == OrganisationType.LOCAL_AUTHORITY:
        cleaned["ons_code"] = _run(errors, "ons_code", identifiers.normalise_local_authority_code, ons_code)
        if register_code:
            cleaned["register_code"] = _run(errors, "register_code", identifiers.normalise_register_code, register_code)
    elif type == OrganisationType.PARISH_COUNCIL and ons_code:
        cleaned["ons_code"] = _run(errors, "ons_code", identifiers.normalise_parish_code, ons_code)

    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    duplicates = {
        "charity_number": _("An organisation with this charity number is already registered. Ask one of its "
                            "administrators to invite you"),
        "company_number": _("An organisation with this company number is already registered. Ask one of its "
                            "administrators to invite you"),
        "ons_code": _("An organisation with this ONS code is already registered. Ask one of its administrators "
                      "to invite you"),
    }
    for field, message in duplicates.items():
        if cleaned[field] and field not in errors and others.filter(**{field: cleaned[field]}).exists():
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_postcode(value: str) -> str:
    """An organisation's postcode is optional; when given it must be a real one."""
    value = (value or "").strip()
    return normalise_postcode(value) if value else ""
