"""The register as the government's planning data publishes it: the `asset-of-community-value` dataset, with
exactly the fields of its specification (digital-land/specification, specification/asset-of-community-value,
version 1.0.0), in its order, as CSV and JSON.

How each field is filled:
- reference: the entry's reference, like ACV-00012; name; address-text; description.
- point: WGS 84 as Well-Known Text, "POINT (-1.3838 54.9069)"; geometry: the boundary as a WKT MULTIPOLYGON,
  empty when none was drawn.
- organisation: the council, as "local-authority:" and its register code (like SND) when on record, otherwise
  "statistical-geography:" and its ONS code.
- nomination-date: the day the council received the nomination; nominating-group: who nominated it.
- decision: "successful" or "unsuccessful"; decision-date: the day the council decided.
- expiry-date: the last day of the five years on the list.
- notification-to-sell-date: the day the council received the owner's latest notice of intention to sell;
  interested-group: the groups that asked, in time, to be treated as bidders (separated by semicolons);
  protected-period-start-date: the same day as the notice, as the 18 months begin with it.
- notes: the council's reasons for an unsuccessful nomination, or for removing an entry on review.
- entry-date: the day this record was made (the nomination's receipt); start-date: the day the asset was
  nominated, as the specification describes it; end-date: the day the entry left the list (removed on review,
  or the last day of its five years once past).
Nominations still being considered are not in the dataset: it holds the council's decisions.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone

from . import dates, geometry, selectors
from .models import Asset, AssetStatus

FIELDS = ("reference", "name", "address-text", "description", "point", "geometry", "organisation",
          "nomination-date", "nominating-group", "decision", "decision-date", "expiry-date",
          "notification-to-sell-date", "interested-group", "protected-period-start-date", "notes", "entry-date",
          "start-date", "end-date")
DATASET = "asset-of-community-value"


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def organisation_code(council) -> str:
    if council.register_code:
        return f"local-authority:{council.register_code.upper()}"
    return f"statistical-geography:{council.ons_code}"


def dataset_assets():
    """Every decided nomination: listed (now or in the past) and unsuccessful."""
    return (selectors.public_assets().exclude(status=AssetStatus.NOMINATED)
            .prefetch_related("notices__bid_requests").order_by("council__name", "pk"))


def entity(asset: Asset, *, today: datetime.date | None = None) -> dict[str, str]:
    today = today or timezone.localdate()
    notices = sorted(asset.notices.all(), key=lambda notice: (notice.notified_on, notice.pk))
    notice = notices[-1] if notices else None
    moratorium = dates.Moratorium(notified_on=notice.notified_on) if notice else None
    interested = [request.group_name for request in sorted(notice.bid_requests.all(),
                                                            key=lambda r: (r.received_on, r.pk))
                  if moratorium.request_in_time(request.received_on)] if notice else []
    if asset.status == AssetStatus.REMOVED:
        end = asset.removed_on
        notes = asset.review_reasons
    else:
        end = asset.expires_on if asset.expires_on and asset.expires_on < today else None
        notes = asset.decision_reasons if asset.status == AssetStatus.NOT_LISTED else ""
    decision = {AssetStatus.NOT_LISTED: "unsuccessful"}.get(asset.status, "successful" if asset.listed_on else "")
    values = {
        "reference": asset.reference, "name": asset.name, "address-text": " ".join(asset.address.split()),
        "description": asset.description, "point": geometry.point_wkt(asset.latitude, asset.longitude),
        "geometry": geometry.geometry_wkt(asset.boundary), "organisation": organisation_code(asset.council),
        "nomination-date": _day(asset.received_on), "nominating-group": asset.nominator_name,
        "decision": decision, "decision-date": _day(asset.decided_on), "expiry-date": _day(asset.expires_on),
        "notification-to-sell-date": _day(notice.notified_on if notice else None),
        "interested-group": ";".join(interested),
        "protected-period-start-date": _day(notice.notified_on if notice else None), "notes": notes,
        "entry-date": _day(asset.received_on), "start-date": _day(asset.received_on), "end-date": _day(end),
    }
    return {field: values[field] for field in FIELDS}


def entities(assets=None) -> list[dict[str, str]]:
    today = timezone.localdate()
    return [entity(asset, today=today) for asset in (dataset_assets() if assets is None else assets)]


def as_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def as_json(rows: list[dict[str, str]]) -> dict:
    return {"dataset": DATASET, "entities": rows}
