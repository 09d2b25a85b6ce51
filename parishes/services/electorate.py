"""Writes for electorates: councils record or import the electors of their wards and LSOAs."""

from __future__ import annotations

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.places.models import LSOA, LocalAuthority, Ward

from ..models import Electorate
from .common import require
from .petitions import petitions_recheck


@transaction.atomic
def electorate_record(*, actor, local_authority: LocalAuthority, electors: int, as_of: datetime.date,
                      ward: Ward | None = None, lsoa: LSOA | None = None) -> Electorate:
    """A council records the electors of one of its wards or LSOAs on a date (again on the same date corrects it)."""
    require(actor, "parishes.record_electorate", local_authority)
    errors: dict[str, str] = {}
    if (ward is None) == (lsoa is None):
        errors["area"] = _("Choose a ward or an LSOA, not both")
    elif (ward or lsoa).local_authority_id != local_authority.code:
        errors["area"] = _("%(area)s is not in %(council)s. Choose one of the council's own areas") % {
            "area": ward or lsoa, "council": local_authority}
    if isinstance(electors, bool) or not isinstance(electors, int) or electors < 0:
        errors["electors"] = _("Enter the number of electors as a whole number, like 1250")
    if not isinstance(as_of, datetime.date) or isinstance(as_of, datetime.datetime):
        errors["as_of"] = _("Enter the date of the figure, like 1 12 2025")
    elif as_of > timezone.localdate():
        errors["as_of"] = _("The date of the figure must be today or in the past")
    if errors:
        raise ValidationError(errors)
    row, created = Electorate.objects.update_or_create(
        ward=ward, lsoa=lsoa, as_of=as_of, defaults={"electors": electors, "entered_by": actor,
                                                     "entered_at": timezone.now()},
    )
    audit_record(actor=actor, action="parishes.electorate_recorded", target=row,
                 metadata={"area": (ward or lsoa).code, "electors": electors, "as_of": as_of.isoformat(),
                           "corrected": not created})
    petitions_recheck(actor=actor, local_authority=local_authority)
    return row


ELECTORATE_CSV_COLUMNS = ("code", "electors", "as_of")
MAX_ELECTORATE_ROWS = 5000


@transaction.atomic
def electorate_import(*, actor, local_authority: LocalAuthority, text: str) -> int:
    """Import a council's electorate from CSV text with the columns code (a ward E05… or LSOA E01… of the
    council), electors and as_of (YYYY-MM-DD). Every row is checked first; one bad row imports nothing."""
    require(actor, "parishes.record_electorate", local_authority)
    reader = csv.DictReader(io.StringIO(text or ""))
    if reader.fieldnames is None or [f.strip().lower() for f in reader.fieldnames] != list(ELECTORATE_CSV_COLUMNS):
        raise ValidationError({"file": [_("The first line of the file must be the column names code,electors,as_of")]})
    wards = {w.code: w for w in Ward.objects.filter(local_authority=local_authority)}
    lsoas = {a.code: a for a in LSOA.objects.filter(local_authority=local_authority)}
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ELECTORATE_ROWS:
            raise ValidationError({"file": [_("The file has more than %(max)s rows. Split it into smaller files")
                                            % {"max": f"{MAX_ELECTORATE_ROWS:,}"}]})
        values = [(v or "").strip() for v in raw.values()]
        code, electors, as_of = (values + ["", "", ""])[:3]
        area = wards.get(code.upper()) or lsoas.get(code.upper())
        if area is None:
            problems.append(_("Line %(n)s: %(code)s is not a ward or LSOA of %(council)s")
                            % {"n": number, "code": code or _("an empty code"), "council": local_authority})
            continue
        if not electors.isdigit():
            problems.append(_("Line %(n)s: enter the electors as a whole number, like 1250") % {"n": number})
            continue
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            problems.append(_("Line %(n)s: enter the date as YYYY-MM-DD, like 2025-12-01") % {"n": number})
            continue
        if day > timezone.localdate():
            problems.append(_("Line %(n)s: the date must be today or in the past") % {"n": number})
            continue
        rows.append((area, int(electors), day))
    if problems:
        raise ValidationError({"file": problems})
    if not rows:
        raise ValidationError({"file": [_("The file has no rows of figures")]})
    now = timezone.now()
    for area, electors, day in rows:
        key = {"ward": area, "lsoa": None} if isinstance(area, Ward) else {"ward": None, "lsoa": area}
        Electorate.objects.update_or_create(**key, as_of=day, defaults={"electors": electors, "entered_by": actor,
                                                                         "entered_at": now})
    audit_record(actor=actor, action="parishes.electorate_imported", target=local_authority,
                 metadata={"rows": len(rows)})
    petitions_recheck(actor=actor, local_authority=local_authority)
    return len(rows)
