"""Bank details: checked the GOV.UK way, encrypted at rest with a key derived from BANK_DETAILS_SECRET, shown
only masked, and fingerprinted so that the same account given by two organisations can be found.

Pure functions: the services decide who may set them and when.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from covenant.core.crypto import InvalidToken, derived_fernet, keyed_fingerprint

_SALT = b"covenant grant bank details"
_ENCRYPTION_INFO = b"fernet key for bank details"
_FINGERPRINT_INFO = b"hmac key for bank account fingerprints"
_MISSING = "BANK_DETAILS_SECRET (or SECRET_KEY) must be set to keep bank details"
ACCOUNT_NAME_MAX = 140
ROLL_NUMBER_MAX = 18


@dataclass(frozen=True)
class CleanBankDetails:
    account_name: str
    sort_code: str  # 6 digits
    account_number: str  # 8 digits
    roll_number: str


def clean(*, account_name, sort_code, account_number, roll_number="") -> CleanBankDetails:
    """The details in canonical form, or ValidationError with a message per field (GOV.UK's bank details
    pattern): sort codes of 6 digits, account numbers of 6 to 8 digits (padded to 8 with leading zeros)."""
    errors = {}
    account_name = " ".join(str(account_name or "").split())
    if not account_name:
        errors["account_name"] = _("Enter the name on the account")
    elif len(account_name) > ACCOUNT_NAME_MAX:
        errors["account_name"] = _("Name on the account must be %(max)s characters or fewer") % {
            "max": ACCOUNT_NAME_MAX}
    sort_code_digits = re.sub(r"[\s\-–—]", "", str(sort_code or ""))
    if not sort_code_digits:
        errors["sort_code"] = _("Enter a sort code")
    elif not re.fullmatch(r"[0-9]{6}", sort_code_digits):
        errors["sort_code"] = _("Enter a valid sort code like 309430")
    account_digits = re.sub(r"\s", "", str(account_number or ""))
    if not account_digits:
        errors["account_number"] = _("Enter an account number")
    elif not account_digits.isdigit() or not 6 <= len(account_digits) <= 8:
        errors["account_number"] = _("Enter a valid account number like 00733445")
    roll_number = re.sub(r"\s", "", str(roll_number or ""))
    if roll_number and (len(roll_number) > ROLL_NUMBER_MAX
                        or not re.fullmatch(r"[A-Za-z0-9/.\-]+", roll_number)):
        errors["roll_number"] = _("Building society roll number must be between 1 and 18 characters and only "
                                  "include numbers, letters, hyphens, full stops and forward slashes")
    if errors:
        raise ValidationError(errors)
    return CleanBankDetails(account_name=account_name, sort_code=sort_code_digits,
                            account_number=account_digits.zfill(8), roll_number=roll_number)


def _fernet():
    return derived_fernet(settings.BANK_DETAILS_SECRET, salt=_SALT, info=_ENCRYPTION_INFO, missing=_MISSING)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii") if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "Bank details cannot be decrypted: BANK_DETAILS_SECRET has changed since they were saved. Restore "
            "the old secret, or ask applicants to enter their bank details again."
        ) from None


def fingerprint(sort_code: str, account_number: str) -> str:
    """The same for the same account, whoever gives it, and says nothing of the digits to those without the
    secret."""
    return keyed_fingerprint(f"{sort_code}:{account_number}", secret=settings.BANK_DETAILS_SECRET, salt=_SALT,
                             info=_FINGERPRINT_INFO, missing=_MISSING)


def mask_sort_code(sort_code: str) -> str:
    """Only the last two digits shown: ••-••-56."""
    return f"••-••-{sort_code[-2:]}" if sort_code else ""


def mask_account_number(account_number: str) -> str:
    """Only the last four digits shown: ••••4567."""
    return f"••••{account_number[-4:]}" if account_number else ""
