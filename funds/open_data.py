"""Every award as open data in the 360Giving Data Standard (1.4): the grant package as JSON, and the same grants
as CSV with the standard's flattened column titles ("Recipient Org:Identifier"), at stable public URLs.

Identifiers: grants are 360G-<the fund's prefix>-<application id>; recipients and funders are in org-id form
(GB-CHC-…, GB-COH-…, or 360G-covenant-org-<id> for organisations on no register). Beneficiary locations are
coded by LSOA where the area is a postcode or an LSOA (never the postcode itself), by ward, or by local
authority, with the geoCodeType of 360Giving's code list. Both files are cached, dropped when an award changes
(services.publishing) and rebuilt by a worker.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from .models import AWARDED_STATES, AccountKind, Application, AreaKind, BeneficiaryArea, LedgerLine
from .services.publishing import CACHE_KEYS

VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CACHE_SECONDS = 2 * 60 * 60
JSON_KEY, CSV_KEY = CACHE_KEYS
# ONS entity codes of local authorities and wards, and their codes in 360Giving's geoCodeType list.
GEO_CODE_TYPES = {"E01": "LSOA", "W01": "LSOA", "E05": "WD", "W05": "WD", "E06": "UA", "W06": "UA", "E07": "NMD",
                  "E08": "MD", "E09": "LONB", "E10": "CTY", "S12": "CA"}


def grant_id(application: Application) -> str:
    return f"360G-{application.round.programme.fund.identifier_prefix}-{application.pk}"


def published_awards() -> QuerySet[Application]:
    """Every award made for good (approved, and confirmed where it needed a second approval), oldest first."""
    return (Application.objects.filter(status__in=AWARDED_STATES, decided_at__isnull=False)
            .select_related("round__programme__fund__organisation", "organisation")
            .prefetch_related(Prefetch("beneficiary_areas",
                                       queryset=BeneficiaryArea.objects.select_related("lsoa", "ward",
                                                                                       "local_authority")))
            .order_by("decided_at", "pk"))


def disbursed(applications) -> dict[int, Decimal]:
    """What has been paid on each award, less what has been repaid."""
    ids = [application.pk for application in applications]
    # Payments are debits of the paid account and repayments credits of the recovered one: their sum is net.
    return dict(LedgerLine.objects.filter(transaction__application_id__in=ids,
                                          account__kind__in=(AccountKind.PAID, AccountKind.RECOVERED))
                .values_list("transaction__application_id").annotate(total=Sum("amount")))


def _number(amount: Decimal):
    """Money as a JSON number: whole pounds as integers, otherwise to the penny."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _months(start, end) -> int:
    return max(1, round((end - start).days / (365.25 / 12)))


def locations(application: Application) -> list[dict]:
    found: dict[str, dict] = {}
    for area in application.beneficiary_areas.all():
        if area.kind in (AreaKind.POSTCODE, AreaKind.LSOA) and area.lsoa is not None:
            code, name = area.lsoa.code, area.lsoa.name or area.lsoa.code
        elif area.kind == AreaKind.WARD and area.ward is not None:
            code, name = area.ward.code, area.ward.name or area.ward.code
        elif area.local_authority is not None:
            code, name = area.local_authority.code, area.local_authority.name or area.local_authority.code
        else:
            continue
        location = {"name": name, "countryCode": "GB", "geoCode": code}
        if code[:3] in GEO_CODE_TYPES:
            location["geoCodeType"] = GEO_CODE_TYPES[code[:3]]
        found.setdefault(code, location)
    return list(found.values())


def grant(application: Application, *, paid: Decimal | None = None) -> dict:
    """One award in the shape of the 360Giving grant schema."""
    fund = application.round.programme.fund
    programme = application.round.programme
    organisation = application.organisation
    recipient = {"id": organisation.org_id, "name": organisation.name}
    if organisation.charity_number:
        recipient["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        recipient["companyNumber"] = organisation.company_number
    if organisation.postcode:
        recipient["postalCode"] = organisation.postcode
    data = {
        "id": grant_id(application),
        "title": application.title,
        "description": application.summary or application.title,
        "currency": fund.currency,
        "amountAppliedFor": _number(application.amount_requested),
        "amountAwarded": _number(application.amount_awarded),
        "awardDate": timezone.localtime(application.decided_at).date().isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": fund.funder_org_id, "name": fund.organisation.name}],
        "grantProgramme": [{"code": programme.code, "title": programme.name}],
        "fromOpenCall": "Yes",
        "dateModified": timezone.localtime(application.updated_at).isoformat(timespec="seconds"),
    }
    if paid:
        data["amountDisbursed"] = _number(paid)
    if application.project_start and application.project_end:
        data["plannedDates"] = [{"startDate": application.project_start.isoformat(),
                                 "endDate": application.project_end.isoformat(),
                                 "duration": _months(application.project_start, application.project_end)}]
    places = locations(application)
    if places:
        data["beneficiaryLocation"] = places
    return data


def grants() -> list[dict]:
    awards = list(published_awards())
    paid = disbursed(awards)
    return [grant(application, paid=paid.get(application.pk)) for application in awards]


def package(items: list[dict] | None = None) -> dict:
    """The 360Giving data package: every published grant and the package's metadata."""
    now = timezone.now().isoformat(timespec="seconds")
    return {
        "grants": grants() if items is None else items,
        "version": VERSION,
        "title": f"{settings.SERVICE_NAME}: community fund grants",
        "description": "Every grant awarded through Covenant's community funds, in the 360Giving Data Standard.",
        "issued": now,
        "modified": now,
        "identifier": f"{settings.SERVICE_NAME.lower()}-grants",
        "publisher": {"name": settings.SERVICE_NAME, "website": f"{settings.SITE_URL}/"},
        "downloadURL": f"{settings.SITE_URL}{reverse('funds:360giving-json')}",
        "license": LICENSE,
    }


# CSV: each field's column is the schema's titles joined by ":"; an array's first item is rolled up (no number),
# later items are numbered from 1 ("Beneficiary Location:1:Geographic Code"), as the standard's templates do.
COLUMNS: list[tuple[str, str | None, str]] = [
    ("Identifier", None, "id"), ("Title", None, "title"), ("Description", None, "description"),
    ("Currency", None, "currency"), ("Amount Applied For", None, "amountAppliedFor"),
    ("Amount Awarded", None, "amountAwarded"), ("Amount Disbursed", None, "amountDisbursed"),
    ("Award Date", None, "awardDate"),
    ("Planned Dates:Start Date", "plannedDates", "startDate"), ("Planned Dates:End Date", "plannedDates", "endDate"),
    ("Planned Dates:Duration (months)", "plannedDates", "duration"),
    ("Recipient Org:Identifier", "recipientOrganization", "id"), ("Recipient Org:Name", "recipientOrganization", "name"),
    ("Recipient Org:Charity Number", "recipientOrganization", "charityNumber"),
    ("Recipient Org:Company Number", "recipientOrganization", "companyNumber"),
    ("Recipient Org:Postal Code", "recipientOrganization", "postalCode"),
    ("Funding Org:Identifier", "fundingOrganization", "id"), ("Funding Org:Name", "fundingOrganization", "name"),
    ("Grant Programme:Code", "grantProgramme", "code"), ("Grant Programme:Title", "grantProgramme", "title"),
    ("From An Open Call?", None, "fromOpenCall"), ("Last Modified", None, "dateModified"),
]
LOCATION_COLUMNS = [("Name", "name"), ("Country Code", "countryCode"), ("Geographic Code", "geoCode"),
                    ("Geographic Code Type", "geoCodeType")]


def to_csv(items: list[dict]) -> str:
    most_locations = max((len(item.get("beneficiaryLocation", [])) for item in items), default=1) or 1
    location_columns = [(f"Beneficiary Location:{'' if index == 0 else f'{index}:'}{title}", index, key)
                        for index in range(most_locations) for title, key in LOCATION_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _array, _key in COLUMNS] + [title for title, _i, _key in location_columns])
    for item in items:
        row = []
        for _title, array, key in COLUMNS:
            source = item.get(array, [{}])[0] if array else item
            row.append(source.get(key, ""))
        places = item.get("beneficiaryLocation", [])
        for _title, index, key in location_columns:
            row.append(places[index].get(key, "") if index < len(places) else "")
        writer.writerow(row)
    return out.getvalue()


def republish() -> int:
    """Build both files and cache them; returns how many grants they hold."""
    items = grants()
    cache.set_many({JSON_KEY: json.dumps(package(items), ensure_ascii=False), CSV_KEY: to_csv(items)},
                   CACHE_SECONDS)
    return len(items)


def package_json() -> str:
    text = cache.get(JSON_KEY)
    if text is None:
        republish()
        text = cache.get(JSON_KEY) or json.dumps(package(), ensure_ascii=False)
    return text


def grants_csv() -> str:
    text = cache.get(CSV_KEY)
    if text is None:
        republish()
        text = cache.get(CSV_KEY) or to_csv(grants())
    return text
