"""UK postcode validation and normalisation: full postcodes ("SW1A 1AA") and outward codes ("SW1A")."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Outward code: area (1-2 letters) + district (digit, then digit or letter), e.g. B1, M60, SW1A, EC1V.
# Inward code: sector digit + unit (two letters, never C, I, K, M, O or V).
_OUTWARD = r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_RE = re.compile(rf"^(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})$")
OUTWARD_RE = re.compile(rf"^{_OUTWARD}$")
_SPECIAL = {"GIR0AA": "GIR 0AA"}  # Girobank's historic non-geographic postcode
_LOOKS_LIKE_POSTCODE = re.compile(r"^[A-Z0-9]+$")


def _compact(value: str) -> str:
    compact = re.sub(r"\s+", "", str(value or ""))
    # Upper-casing non-ASCII text can produce ASCII letters ("ſ" becomes "S"), so only ASCII is
    # upper-cased; anything else is left to fail the letters-and-numbers check.
    return compact.upper() if compact.isascii() else compact


def normalise_postcode(value: str) -> str:
    """Return the postcode in its standard form ("sw1a1aa" -> "SW1A 1AA") or raise ValidationError."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter a postcode"), code="required")
    if compact in _SPECIAL:
        return _SPECIAL[compact]
    if not _LOOKS_LIKE_POSTCODE.match(compact):
        raise ValidationError(
            _("Enter a real postcode, using only letters and numbers, like SW1A 1AA"), code="characters"
        )
    if len(compact) < 5 or len(compact) > 7:
        raise ValidationError(_("Enter a full postcode, like SW1A 1AA"), code="length")
    match = FULL_RE.match(compact)
    if not match:
        raise ValidationError(_("Enter a real postcode, like SW1A 1AA"), code="invalid")
    return f"{match['outward']} {match['inward']}"


def normalise_outward_code(value: str) -> str:
    """Return an outward code ("sw1a" -> "SW1A") or raise ValidationError."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter the first part of a postcode, like SW1A"), code="required")
    if not OUTWARD_RE.match(compact):
        raise ValidationError(_("Enter the first part of a real postcode, like SW1A"), code="invalid")
    return compact


def normalise_postcode_or_outward(value: str) -> str:
    """Accept a full postcode or an outward code, as a search box does."""
    compact = _compact(value)
    if OUTWARD_RE.match(compact):
        return compact
    return normalise_postcode(value)


def outward_code(postcode: str) -> str:
    """The outward code of a full postcode ("sw1a 1aa" -> "SW1A"); raises ValidationError if malformed."""
    return normalise_postcode(postcode).split(" ")[0]


def is_valid_postcode(value: str) -> bool:
    """Whether the value is a well-formed full postcode."""
    try:
        normalise_postcode(value)
    except ValidationError:
        return False
    return True
