"""Beneficiary areas: a postcode or an ONS area code resolved through the places core to its LSOA, ward and
local authority, the most deprived IMD decile it covers, and whether it is a left-behind neighbourhood.

How each kind resolves (docs/FUNDS.md says why):
* a postcode: its LSOA (and that LSOA's decile), ward and local authority from the Postcode Directory;
* an LSOA (E01, W01): its own decile and local authority;
* a ward (E05, W05): the most deprived decile among the LSOAs of the postcodes in it;
* a local authority (E06, E07, E08, E09, W06): the most deprived decile among its LSOAs.
A postcode, LSOA or ward is in a left-behind neighbourhood when its ward (or, for an LSOA, a ward of one of its
postcodes) is on the imported list; a whole local authority never is.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils.translation import gettext as _

from covenant.places.models import LSOA, LocalAuthority, Postcode, Ward
from covenant.places.postcodes import normalise_postcode

from .models import AreaKind, LeftBehindNeighbourhood

_ONS_CODE = re.compile(r"^([EWSN][0-9]{2})[0-9]{6}$")
LSOA_ENTITIES = frozenset({"E01", "W01"})
WARD_ENTITIES = frozenset({"E05", "W05"})
AUTHORITY_ENTITIES = frozenset({"E06", "E07", "E08", "E09", "W06", "S12", "N09"})


@dataclass(frozen=True)
class ResolvedArea:
    kind: str
    code: str
    name: str
    lsoa: LSOA | None
    ward: Ward | None
    local_authority: LocalAuthority | None
    imd_decile: int | None
    left_behind: bool


def _left_behind(ward_codes) -> bool:
    codes = [code for code in ward_codes if code]
    return bool(codes) and LeftBehindNeighbourhood.objects.filter(ward_code__in=codes).exists()


def resolve(value: str) -> ResolvedArea:
    """The area a person typed (a postcode or an ONS code of an LSOA, ward or local authority), or
    ValidationError saying what is wrong."""
    text = " ".join(str(value or "").split()).upper()
    if not text:
        raise ValidationError(_("Enter a postcode or an area code, like SR2 8AA or E01008162"))
    match = _ONS_CODE.match(text)
    if match:
        return _resolve_code(text, match[1])
    try:
        postcode = normalise_postcode(text)
    except ValidationError:
        raise ValidationError(_("Enter a real postcode or an area code, like SR2 8AA or E01008162")) from None
    row = Postcode.objects.select_related("lsoa", "ward", "local_authority").filter(postcode=postcode).first()
    if row is None:
        raise ValidationError(_("We could not find the postcode %(postcode)s: check it, or enter an area code")
                              % {"postcode": postcode})
    if row.terminated_on is not None:
        raise ValidationError(_("The postcode %(postcode)s is no longer in use: enter a current postcode")
                              % {"postcode": postcode})
    lsoa = row.lsoa if row.lsoa_id and LSOA.objects.filter(pk=row.lsoa_id).exists() else None
    return ResolvedArea(kind=AreaKind.POSTCODE, code=postcode, name=postcode, lsoa=lsoa,
                        ward=Ward.objects.filter(pk=row.ward_id).first() if row.ward_id else None,
                        local_authority=LocalAuthority.objects.filter(pk=row.local_authority_id).first()
                        if row.local_authority_id else None,
                        imd_decile=lsoa.imd_decile if lsoa else None, left_behind=_left_behind([row.ward_id]))


def _resolve_code(code: str, entity: str) -> ResolvedArea:
    if entity in LSOA_ENTITIES:
        lsoa = LSOA.objects.select_related("local_authority").filter(pk=code).first()
        if lsoa is None:
            raise ValidationError(_("We could not find the area %(code)s") % {"code": code})
        wards = Postcode.objects.filter(lsoa_id=code).values_list("ward_id", flat=True).distinct()
        return ResolvedArea(kind=AreaKind.LSOA, code=code, name=lsoa.name or code, lsoa=lsoa, ward=None,
                            local_authority=lsoa.local_authority, imd_decile=lsoa.imd_decile,
                            left_behind=_left_behind(wards))
    if entity in WARD_ENTITIES:
        ward = Ward.objects.select_related("local_authority").filter(pk=code).first()
        if ward is None:
            raise ValidationError(_("We could not find the ward %(code)s") % {"code": code})
        lsoas = Postcode.objects.filter(ward_id=code).values("lsoa_id")
        decile = LSOA.objects.filter(pk__in=lsoas).aggregate(decile=Min("imd_decile"))["decile"]
        return ResolvedArea(kind=AreaKind.WARD, code=code, name=ward.name or code, lsoa=None, ward=ward,
                            local_authority=ward.local_authority, imd_decile=decile,
                            left_behind=_left_behind([code]))
    if entity in AUTHORITY_ENTITIES:
        authority = LocalAuthority.objects.filter(pk=code).first()
        if authority is None:
            raise ValidationError(_("We could not find the local authority %(code)s") % {"code": code})
        decile = LSOA.objects.filter(local_authority=authority).aggregate(decile=Min("imd_decile"))["decile"]
        return ResolvedArea(kind=AreaKind.LOCAL_AUTHORITY, code=code, name=authority.name or code, lsoa=None,
                            ward=None, local_authority=authority, imd_decile=decile, left_behind=False)
    raise ValidationError(_("%(code)s is not the code of an LSOA, ward or local authority: enter one like "
                            "E01008162, E05001234 or E08000024, or a postcode") % {"code": code})
