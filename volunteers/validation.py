"""Checks on what a volunteer says about their credentials, shared by the pages, the API and the services.

Every check raises a ValidationError keyed by field, with a GOV.UK-style message that says how to put it right.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    BarredLists,
    CredentialKind,
    DBSLevel,
    IdentityMethod,
    QualificationType,
    Workforce,
)

CERTIFICATE_NUMBER = re.compile(r"^\d{12}$")
# The DBS does not publish the format of Update Service subscription IDs in its guidance (it tells applicants
# only to note the ID down), so we accept what such references are made of: 6 to 20 letters and digits.
UPDATE_SERVICE_ID = re.compile(r"^[A-Z0-9]{6,20}$")
# GB driving licence categories, as printed on the back of the photocard.
LICENCE_CATEGORIES = (
    "AM", "A1", "A2", "A", "B1", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE",
    "F", "G", "H", "K", "L", "M", "N", "P", "Q",
)
EARLIEST_DATE = datetime.date(1950, 1, 1)

# The columns each kind of credential uses; the rest stay empty.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    CredentialKind.IDENTITY: ("identity_method", "provider", "issued_on"),
    CredentialKind.DBS: (
        "dbs_level", "dbs_barred_lists", "dbs_workforce", "certificate_number", "issued_on",
        "update_service_subscribed", "update_service_id",
    ),
    CredentialKind.TRAINING: ("title", "provider", "issued_on", "expires_on"),
    CredentialKind.QUALIFICATION: (
        "qualification_type", "title", "licence_categories", "provider", "issued_on", "expires_on",
    ),
    CredentialKind.OCCUPATIONAL_HEALTH: ("provider", "issued_on", "expires_on"),
}
ALL_FIELDS = (
    "title", "provider", "issued_on", "expires_on", "identity_method", "dbs_level", "dbs_barred_lists",
    "dbs_workforce", "certificate_number", "update_service_subscribed", "update_service_id",
    "qualification_type", "licence_categories",
)

ISSUE_DATE_NAMES = {
    CredentialKind.IDENTITY: _("Date of the identity check"),
    CredentialKind.DBS: _("Date of issue"),
    CredentialKind.TRAINING: _("Date you completed the training"),
    CredentialKind.QUALIFICATION: _("Date of issue"),
    CredentialKind.OCCUPATIONAL_HEALTH: _("Date of clearance"),
}


def _compact(value) -> str:
    return re.sub(r"[\s-]+", "", str(value or ""))


def clean_certificate_number(value) -> str:
    """12 digits, as printed at the top right of a DBS certificate; spaces and dashes are ignored."""
    number = _compact(value)
    if not number:
        raise ValidationError(_("Enter the certificate number, like 001234567890"), code="required")
    if not number.isdigit():
        raise ValidationError(_("Certificate number must only include numbers 0 to 9"), code="invalid")
    if not CERTIFICATE_NUMBER.match(number):
        raise ValidationError(_("Certificate number must be 12 digits, like 001234567890"), code="length")
    return number


def clean_update_service_id(value) -> str:
    reference = _compact(value).upper()
    if not reference:
        raise ValidationError(_("Enter your Update Service ID"), code="required")
    if not UPDATE_SERVICE_ID.match(reference):
        raise ValidationError(
            _("Update Service ID must be 6 to 20 letters and numbers, as shown in your Update Service account"),
            code="invalid",
        )
    return reference


def clean_licence_categories(value) -> str:
    """Categories separated by commas or spaces, like "B, BE, D1", normalised to "B,BE,D1"."""
    parts = [part.upper() for part in re.split(r"[\s,;/]+", str(value or "").strip()) if part]
    if not parts:
        raise ValidationError(_("Enter the categories on your licence, like B, BE"), code="required")
    unknown = [part for part in parts if part not in LICENCE_CATEGORIES]
    if unknown:
        raise ValidationError(
            _("%(categories)s is not a driving licence category. Enter categories as shown on your licence, "
              "like B, BE, D1") % {"categories": ", ".join(unknown)},
            code="invalid",
        )
    # Keep the order of the licence, without repeats.
    return ",".join(dict.fromkeys(parts))


def _date(value, field: str, errors: dict) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = ValidationError(_("Enter a real date, like 27 3 2024"), code="invalid")
        return None


def clean_credential(kind: str, data: dict, *, today: datetime.date) -> dict:
    """The normalised columns for a credential of `kind` from `data`, or a ValidationError keyed by field.

    Columns a kind does not use come back empty, so changing a credential never leaves stale values behind.
    """
    if kind not in CredentialKind.values:
        raise ValidationError({"kind": _("Select the kind of credential")}, code="invalid")
    used = KIND_FIELDS[kind]
    errors: dict[str, ValidationError] = {}
    out: dict = {
        "title": "", "provider": "", "issued_on": None, "expires_on": None, "identity_method": "",
        "dbs_level": "", "dbs_barred_lists": "", "dbs_workforce": "", "certificate_number": "",
        "update_service_subscribed": False, "update_service_id": "", "qualification_type": "",
        "licence_categories": "",
    }

    def text(field: str, limit: int) -> str:
        value = " ".join(str(data.get(field) or "").split())
        if len(value) > limit:
            errors[field] = ValidationError(
                _("%(field)s must be %(limit)s characters or fewer") % {"field": _field_name(kind, field),
                                                                        "limit": limit},
                code="max_length",
            )
        return value

    def choice(field: str, choices, message) -> str:
        value = str(data.get(field) or "")
        if value not in choices:
            errors[field] = ValidationError(message, code="required" if not value else "invalid_choice")
            return ""
        return value

    issued_on = _date(data.get("issued_on"), "issued_on", errors)
    expires_on = _date(data.get("expires_on"), "expires_on", errors) if "expires_on" in used else None
    issue_name = ISSUE_DATE_NAMES[kind]
    if issued_on is None and "issued_on" not in errors:
        errors["issued_on"] = ValidationError(
            _("Enter the %(name)s") % {"name": str(issue_name).lower()}, code="required"
        )
    elif issued_on is not None:
        if issued_on > today:
            errors["issued_on"] = ValidationError(
                _("%(name)s must be today or in the past") % {"name": issue_name}, code="future"
            )
        elif issued_on < EARLIEST_DATE:
            errors["issued_on"] = ValidationError(
                _("%(name)s must be after 1 January 1950") % {"name": issue_name}, code="too_early"
            )
    if expires_on is not None:
        if issued_on is not None and expires_on <= issued_on:
            errors["expires_on"] = ValidationError(
                _("Expiry date must be after the %(name)s") % {"name": str(issue_name).lower()},
                code="before_issue",
            )
        elif expires_on < today:
            errors["expires_on"] = ValidationError(
                _("Expiry date must be today or in the future. Add it again once you have renewed it"),
                code="expired",
            )
        elif expires_on > today + datetime.timedelta(days=366 * 50):
            errors["expires_on"] = ValidationError(_("Expiry date must be within the next 50 years"),
                                                   code="too_late")
    out["issued_on"], out["expires_on"] = issued_on, expires_on

    if kind == CredentialKind.IDENTITY:
        out["identity_method"] = choice("identity_method", IdentityMethod.values,
                                        _("Select how your identity was checked"))
        out["provider"] = text("provider", 200)
        out["title"] = str(CredentialKind.IDENTITY.label)
    elif kind == CredentialKind.DBS:
        _clean_dbs(data, out, errors)
    elif kind == CredentialKind.TRAINING:
        out["title"] = text("title", 200)
        if not out["title"] and "title" not in errors:
            errors["title"] = ValidationError(_("Enter the name of the course"), code="required")
        out["provider"] = text("provider", 200)
        if not out["provider"] and "provider" not in errors:
            errors["provider"] = ValidationError(_("Enter who ran the course"), code="required")
    elif kind == CredentialKind.QUALIFICATION:
        out["qualification_type"] = choice("qualification_type", QualificationType.values,
                                           _("Select the type of qualification"))
        out["title"] = text("title", 200)
        out["provider"] = text("provider", 200)
        if out["qualification_type"] == QualificationType.OTHER and not out["title"] and "title" not in errors:
            errors["title"] = ValidationError(_("Enter the name of the qualification"), code="required")
        if out["qualification_type"] == QualificationType.DRIVING_LICENCE:
            try:
                out["licence_categories"] = clean_licence_categories(data.get("licence_categories"))
            except ValidationError as error:
                errors["licence_categories"] = error
        elif str(data.get("licence_categories") or "").strip():
            errors["licence_categories"] = ValidationError(
                _("Licence categories are only for a driving licence. Select Driving licence, or remove the "
                  "categories"),
                code="not_licence",
            )
        if not out["title"] and out["qualification_type"]:
            out["title"] = str(QualificationType(out["qualification_type"]).label)
    elif kind == CredentialKind.OCCUPATIONAL_HEALTH:
        out["provider"] = text("provider", 200)
        if not out["provider"] and "provider" not in errors:
            errors["provider"] = ValidationError(_("Enter who gave the clearance"), code="required")
        out["title"] = str(CredentialKind.OCCUPATIONAL_HEALTH.label)

    if errors:
        raise ValidationError(errors)
    return out


def _clean_dbs(data: dict, out: dict, errors: dict) -> None:
    level = str(data.get("dbs_level") or "")
    if level not in DBSLevel.values:
        errors["dbs_level"] = ValidationError(_("Select the level of the DBS check"), code="required")
    barred = str(data.get("dbs_barred_lists") or "")
    if barred not in BarredLists.values:
        errors["dbs_barred_lists"] = ValidationError(_("Select which barred lists were checked"),
                                                     code="invalid_choice")
    elif level == DBSLevel.ENHANCED_BARRED and not barred:
        errors["dbs_barred_lists"] = ValidationError(
            _("Select which barred lists were checked: children’s, adults’ or both"), code="required"
        )
    elif level in DBSLevel.values and level != DBSLevel.ENHANCED_BARRED and barred:
        errors["dbs_barred_lists"] = ValidationError(
            _("Only an enhanced check with barred list check includes barred lists. Select that level, or "
              "select no barred list"),
            code="not_barred_level",
        )
    workforce = str(data.get("dbs_workforce") or "")
    if workforce and workforce not in Workforce.values:
        errors["dbs_workforce"] = ValidationError(_("Select the workforce on the certificate"),
                                                  code="invalid_choice")
    elif not workforce and level and level != DBSLevel.BASIC:
        errors["dbs_workforce"] = ValidationError(_("Select the workforce on the certificate"), code="required")
    elif workforce and level == DBSLevel.BASIC:
        errors["dbs_workforce"] = ValidationError(
            _("A basic check has no workforce. Select no workforce, or choose the level on your certificate"),
            code="basic_workforce",
        )
    try:
        out["certificate_number"] = clean_certificate_number(data.get("certificate_number"))
    except ValidationError as error:
        errors["certificate_number"] = error
    subscribed = data.get("update_service_subscribed")
    if isinstance(subscribed, str):
        subscribed = {"yes": True, "true": True, "no": False, "false": False, "": None}.get(subscribed.lower(), "?")
    if subscribed not in (True, False):
        errors["update_service_subscribed"] = ValidationError(
            _("Select yes if you have subscribed to the DBS Update Service"), code="required"
        )
        subscribed = False
    if subscribed and level == DBSLevel.BASIC:
        errors["update_service_subscribed"] = ValidationError(
            _("The Update Service is not available for basic checks. Select no, or choose the level on your "
              "certificate"),
            code="basic_update_service",
        )
    if subscribed:
        try:
            out["update_service_id"] = clean_update_service_id(data.get("update_service_id"))
        except ValidationError as error:
            errors["update_service_id"] = error
    out["update_service_subscribed"] = bool(subscribed)
    out["dbs_level"], out["dbs_barred_lists"], out["dbs_workforce"] = level, barred, workforce
    out["provider"] = "Disclosure and Barring Service"
    out["title"] = str(_("%(level)s DBS check") % {"level": DBSLevel(level).label}) if level in DBSLevel.values else ""


def _field_name(kind: str, field: str) -> str:
    names = {
        "title": _("Course name") if kind == CredentialKind.TRAINING else _("Name"),
        "provider": _("Provider"),
    }
    return str(names.get(field, field))


VERIFY, REJECT = "verified", "rejected"


def clean_verification(
    *, outcome: str, evidence_seen: str, evidence_seen_on, reason: str, issued_on: datetime.date | None,
    today: datetime.date,
) -> dict:
    """What a verifier records: the outcome, what they saw, when, and why when it could not be verified."""
    errors: dict[str, ValidationError] = {}
    if outcome not in (VERIFY, REJECT):
        errors["outcome"] = ValidationError(_("Select whether you could verify the credential"), code="required")
    evidence_seen = str(evidence_seen or "").strip()
    if not evidence_seen:
        errors["evidence_seen"] = ValidationError(
            _("Enter what you saw, like the original certificate or a status check on the Update Service"),
            code="required",
        )
    elif len(evidence_seen) > 2000:
        errors["evidence_seen"] = ValidationError(_("What you saw must be 2,000 characters or fewer"),
                                                  code="max_length")
    seen_on = _date(evidence_seen_on, "evidence_seen_on", errors)
    if seen_on is None and "evidence_seen_on" not in errors:
        errors["evidence_seen_on"] = ValidationError(_("Enter the date you saw it"), code="required")
    elif seen_on is not None and seen_on > today:
        errors["evidence_seen_on"] = ValidationError(_("Date you saw it must be today or in the past"),
                                                     code="future")
    elif seen_on is not None and issued_on is not None and seen_on < issued_on:
        errors["evidence_seen_on"] = ValidationError(
            _("Date you saw it must be on or after the credential’s date of issue"), code="before_issue"
        )
    reason = str(reason or "").strip()
    if outcome == REJECT and not reason:
        errors["reason"] = ValidationError(_("Enter why the credential could not be verified"), code="required")
    elif len(reason) > 2000:
        errors["reason"] = ValidationError(_("Reason must be 2,000 characters or fewer"), code="max_length")
    if errors:
        raise ValidationError(errors)
    return {"outcome": outcome, "evidence_seen": evidence_seen, "evidence_seen_on": seen_on,
            "reason": reason if outcome == REJECT else ""}
