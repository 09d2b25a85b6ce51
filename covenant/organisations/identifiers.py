"""UK organisation register numbers: validation, normalisation and the org-id identifiers derived from them.

Every function here is pure: it takes what a person typed and returns the canonical form, or raises
ValidationError with a message written the GOV.UK way. The identifiers follow org-id.guide, the scheme the
360Giving Data Standard uses for recipientOrganization and fundingOrganization ids.

Lists used, in the order they are preferred when an organisation has more than one number:

* GB-CHC  Charity Commission for England and Wales: 6 digits (200000 upwards) or 7 digits (1000000 upwards).
          GB-CHC-1164883.
* GB-SC   Scottish Charity Regulator (OSCR): "SC" and 6 digits, the prefix kept. GB-SC-SC012345.
* GB-NIC  Charity Commission for Northern Ireland: "NIC" and 6 digits; the list code drops the letters.
          GB-NIC-100002.
* GB-COH  Companies House: always 8 characters, leading zeros kept, either 8 digits or a 2-character prefix
          such as SC, NI, OC, SO or R0 and 6 digits. GB-COH-01234567. People often leave out the leading
          zeros of an all-digit number, so 6 or 7 digits are padded to 8.
* Local authorities: org-id has four lists, GB-LAE (England), GB-LAS (Scotland), GB-PLA (principal local
  authorities in Wales) and GB-LANI (Northern Ireland). Their identifiers are the short register codes of the
  retired GOV.UK Registers (GB-LAE-BIR for Birmingham), which cannot be derived from the ONS code that councils
  and our own area data use. So we always store and validate the ONS code (E06, E07, E08, E09, E10, W06, S12 or
  N09 and 6 digits), choose the list from the ONS code's country letter, and use GB-LAx-<register code> when
  the council gives its register code. Without it we fall back to our own identifier (below) rather than
  guess, because a wrong org-id in published grant data is worse than a local one.
* Parish, town and community councils have no org-id list; we store their ONS parish code (E04 or W04 and 6
  digits) when given, and they use the fallback identifier.
* Organisations with no register number (informal groups, many faith groups, public bodies) get
  "360G-covenant-org-<id>", where <id> is our database id: it never changes, it is unique, and the 360G-
  prefix is the 360Giving convention for a publisher's own identifiers.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARITY_ENGLAND_WALES = "GB-CHC"
CHARITY_SCOTLAND = "GB-SC"
CHARITY_NORTHERN_IRELAND = "GB-NIC"
COMPANIES_HOUSE = "GB-COH"
LOCAL_AUTHORITY_ENGLAND = "GB-LAE"
LOCAL_AUTHORITY_SCOTLAND = "GB-LAS"
LOCAL_AUTHORITY_WALES = "GB-PLA"
LOCAL_AUTHORITY_NORTHERN_IRELAND = "GB-LANI"
FALLBACK_PREFIX = "360G-covenant-org-"

_ENGLAND_WALES_CHARITY = re.compile(r"^(?:[2-9][0-9]{5}|1[0-9]{6})$")
_SCOTTISH_CHARITY = re.compile(r"^SC[0-9]{6}$")
_NORTHERN_IRELAND_CHARITY = re.compile(r"^NIC([0-9]{6})$")

# Companies House prefixes in use (register and company type), each followed by 6 digits.
COMPANY_PREFIXES = frozenset(
    {
        "AC", "BR", "CE", "CS", "FC", "FE", "GE", "GN", "GS", "IC", "IP", "LP", "NA", "NC", "NF", "NI",
        "NL", "NO", "NP", "NR", "NZ", "OC", "OE", "R0", "RC", "SA", "SC", "SE", "SF", "SG", "SI", "SL",
        "SO", "SP", "SR", "SZ", "ZC",
    }
)  # fmt: skip
_COMPANY_DIGITS = re.compile(r"^[0-9]{6,8}$")
_COMPANY_PREFIXED = re.compile(r"^([A-Z][A-Z0-9])([0-9]{6})$")

# ONS (GSS) entity codes of bodies that are councils with their own org-id list.
LOCAL_AUTHORITY_ENTITIES = {
    "E06": LOCAL_AUTHORITY_ENGLAND,  # unitary authorities
    "E07": LOCAL_AUTHORITY_ENGLAND,  # non-metropolitan districts
    "E08": LOCAL_AUTHORITY_ENGLAND,  # metropolitan districts
    "E09": LOCAL_AUTHORITY_ENGLAND,  # London boroughs and the City of London
    "E10": LOCAL_AUTHORITY_ENGLAND,  # county councils
    "W06": LOCAL_AUTHORITY_WALES,  # Welsh unitary authorities
    "S12": LOCAL_AUTHORITY_SCOTLAND,  # Scottish council areas
    "N09": LOCAL_AUTHORITY_NORTHERN_IRELAND,  # Northern Ireland districts
}
_ONS_CODE = re.compile(r"^([ENSW][0-9]{2})([0-9]{6})$")
PARISH_ENTITIES = frozenset({"E04", "W04"})  # English parishes, Welsh communities
_REGISTER_CODE = re.compile(r"^[A-Z]{3,4}$")

ORG_ID = re.compile(
    r"^(?:GB-CHC-(?:[2-9][0-9]{5}|1[0-9]{6})"
    r"|GB-SC-SC[0-9]{6}"
    r"|GB-NIC-[0-9]{6}"
    r"|GB-COH-[A-Z0-9]{2}[0-9]{6}"
    r"|GB-(?:LAE|LAS|PLA|LANI)-[A-Z]{3,4}"
    r"|360G-covenant-org-[1-9][0-9]*)$"
)


def _compact(value) -> str:
    return re.sub(r"\s+", "", str(value or "")).upper()


def normalise_charity_number(value) -> str:
    """A charity number from any UK register in its canonical form: "1164883", "SC012345" or "NIC100002"."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter a charity number"), code="required")
    if not re.fullmatch(r"[A-Z0-9]+", compact):
        raise ValidationError(
            _("Charity number must only include letters and numbers, like 1164883, SC012345 or NIC100002"),
            code="characters",
        )
    if _ENGLAND_WALES_CHARITY.match(compact) or _SCOTTISH_CHARITY.match(compact):
        return compact
    if _NORTHERN_IRELAND_CHARITY.match(compact):
        return compact
    raise ValidationError(
        _(
            "Enter a charity number in the correct format: 6 or 7 digits in England and Wales, like 1164883; "
            "SC and 6 digits in Scotland, like SC012345; or NIC and 6 digits in Northern Ireland, like NIC100002"
        ),
        code="invalid",
    )


def charity_scheme(number: str) -> str:
    number = normalise_charity_number(number)
    if number.startswith("SC"):
        return CHARITY_SCOTLAND
    if number.startswith("NIC"):
        return CHARITY_NORTHERN_IRELAND
    return CHARITY_ENGLAND_WALES


def charity_org_id(value) -> str:
    """GB-CHC-1164883, GB-SC-SC012345 or GB-NIC-100002."""
    number = normalise_charity_number(value)
    scheme = charity_scheme(number)
    if scheme == CHARITY_NORTHERN_IRELAND:
        # org-id's GB-NIC list holds only the digits of the CCNI number.
        return f"{scheme}-{number[3:]}"
    return f"{scheme}-{number}"


def normalise_company_number(value) -> str:
    """A Companies House number as its 8 characters, leading zeros kept: "01234567", "SC123456"."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter a company number"), code="required")
    if not re.fullmatch(r"[A-Z0-9]+", compact):
        raise ValidationError(
            _("Company number must only include letters and numbers, like 01234567 or SC123456"),
            code="characters",
        )
    if _COMPANY_DIGITS.match(compact):
        return compact.zfill(8)
    match = _COMPANY_PREFIXED.match(compact)
    if match and match[1] in COMPANY_PREFIXES:
        return compact
    if match:
        raise ValidationError(
            _("Enter a company number with a Companies House prefix, like SC, NI or OC, followed by 6 digits"),
            code="prefix",
        )
    raise ValidationError(
        _("Enter a company number in the correct format: 8 characters, like 01234567 or SC123456"),
        code="invalid",
    )


def company_org_id(value) -> str:
    """GB-COH-01234567."""
    return f"{COMPANIES_HOUSE}-{normalise_company_number(value)}"


def normalise_local_authority_code(value) -> str:
    """The ONS code of a council with its own org-id list, like E06000001, W06000015, S12000033 or N09000003."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter the council’s ONS code, like E06000001"), code="required")
    match = _ONS_CODE.match(compact)
    if not match:
        raise ValidationError(
            _("Enter the council’s ONS code in the correct format: a letter and 8 digits, like E06000001"),
            code="invalid",
        )
    if match[1] not in LOCAL_AUTHORITY_ENTITIES:
        raise ValidationError(
            _("Enter the ONS code of a council: it starts with E06, E07, E08, E09, E10, W06, S12 or N09"),
            code="entity",
        )
    return compact


def local_authority_scheme(ons_code) -> str:
    """The org-id list for a council, chosen by its ONS code: GB-LAE, GB-LAS, GB-PLA or GB-LANI."""
    return LOCAL_AUTHORITY_ENTITIES[normalise_local_authority_code(ons_code)[:3]]


def normalise_register_code(value) -> str:
    """A council's code in the retired GOV.UK local authority registers, like BIR: 3 or 4 letters."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter the council’s register code, like BIR"), code="required")
    if not _REGISTER_CODE.match(compact):
        raise ValidationError(
            _("Enter the council’s register code in the correct format: 3 or 4 letters, like BIR"),
            code="invalid",
        )
    return compact


def local_authority_org_id(ons_code, register_code) -> str:
    """GB-LAE-BIR and its Scottish, Welsh and Northern Irish equivalents."""
    return f"{local_authority_scheme(ons_code)}-{normalise_register_code(register_code)}"


def normalise_parish_code(value) -> str:
    """The ONS code of a parish (E04) or Welsh community (W04), like E04000001."""
    compact = _compact(value)
    if not compact:
        raise ValidationError(_("Enter the parish’s ONS code, like E04000001"), code="required")
    match = _ONS_CODE.match(compact)
    if not match:
        raise ValidationError(
            _("Enter the parish’s ONS code in the correct format: a letter and 8 digits, like E04000001"),
            code="invalid",
        )
    if match[1] not in PARISH_ENTITIES:
        raise ValidationError(
            _("Enter the ONS code of a parish or community: it starts with E04 or W04"), code="entity"
        )
    return compact


def fallback_org_id(pk: int) -> str:
    """Our own identifier for an organisation on no register: 360G-covenant-org-42."""
    if not isinstance(pk, int) or isinstance(pk, bool) or pk < 1:
        raise ValueError("An organisation's database id is a positive integer")
    return f"{FALLBACK_PREFIX}{pk}"


def derive_org_id(
    *, pk: int, charity_number: str = "", company_number: str = "", ons_code: str = "", register_code: str = ""
) -> str:
    """The one identifier to publish: charity, then company, then council register, then our own."""
    if charity_number:
        return charity_org_id(charity_number)
    if company_number:
        return company_org_id(company_number)
    if ons_code and register_code and ons_code[:3] in LOCAL_AUTHORITY_ENTITIES:
        return local_authority_org_id(ons_code, register_code)
    return fallback_org_id(pk)


def is_org_id(value) -> bool:
    return bool(ORG_ID.match(str(value or "")))
