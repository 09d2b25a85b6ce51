"""Reads for volunteering history: a passport's entries and totals, an organisation's queue, the certificate."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet, Sum
from django.db.models.functions import ExtractYear

from covenant.organisations.models import Organisation

from ..models import HoursEntry, HoursStatus, Passport

ZERO = Decimal("0.00")


def hours_of(passport: Passport | None) -> QuerySet:
    """Every entry of a passport, newest first, with organisation and cause loaded."""
    if passport is None:
        return HoursEntry.objects.none()
    return HoursEntry.objects.filter(passport=passport).select_related("organisation", "cause").order_by("-date", "-id")


@dataclass
class HoursTotals:
    confirmed: Decimal = ZERO
    waiting: Decimal = ZERO  # for an organisation, not yet confirmed
    self_reported: Decimal = ZERO  # logged without an organisation, so nobody can confirm them
    declined: Decimal = ZERO
    by_year: list[tuple[int, Decimal]] = field(default_factory=list)
    by_organisation: list[tuple[str, Decimal]] = field(default_factory=list)
    by_cause: list[tuple[str, Decimal]] = field(default_factory=list)


def hours_totals(passport: Passport | None) -> HoursTotals:
    """Confirmed hours per year, organisation and cause, and what is not confirmed, in four queries."""
    totals = HoursTotals()
    if passport is None:
        return totals
    entries = HoursEntry.objects.filter(passport=passport)
    for row in entries.values("status", "organisation_id").annotate(total=Sum("hours")):
        if row["status"] == HoursStatus.CONFIRMED:
            totals.confirmed += row["total"]
        elif row["status"] == HoursStatus.DECLINED:
            totals.declined += row["total"]
        elif row["organisation_id"] is None:
            totals.self_reported += row["total"]
        else:
            totals.waiting += row["total"]
    confirmed = entries.filter(status=HoursStatus.CONFIRMED)
    totals.by_year = [
        (row["year"], row["total"])
        for row in confirmed.annotate(year=ExtractYear("date")).values("year").annotate(total=Sum("hours"))
        .order_by("-year")
    ]
    totals.by_organisation = [
        (row["organisation__name"], row["total"])
        for row in confirmed.values("organisation__name").annotate(total=Sum("hours"))
        .order_by("-total", "organisation__name")
    ]
    totals.by_cause = [
        (row["cause__name"], row["total"])
        for row in confirmed.filter(cause__isnull=False).values("cause__name").annotate(total=Sum("hours"))
        .order_by("-total", "cause__name")
    ]
    return totals


def hours_years(passport: Passport | None) -> list[int]:
    """The years in which the passport has confirmed hours, newest first: the certificate's choices."""
    if passport is None:
        return []
    return list(
        HoursEntry.objects.filter(passport=passport, status=HoursStatus.CONFIRMED)
        .annotate(year=ExtractYear("date")).values_list("year", flat=True).distinct().order_by("-year")
    )


@dataclass
class Certificate:
    passport: Passport
    year: int | None
    rows: list[dict]
    total: Decimal
    first_date: datetime.date | None
    last_date: datetime.date | None
    reference_number: str


def certificate_reference(*, passport: Passport, year: int | None, total: Decimal, entries: int) -> str:
    """A reference number that names the passport and period and changes whenever the hours it certifies change,
    so anyone holding a printed certificate can ask us whether it still matches the record."""
    material = f"{settings.SECRET_KEY}:{passport.pk}:{year or 'all'}:{total}:{entries}"
    digest = hashlib.sha256(material.encode()).hexdigest()[:6].upper()
    return f"VH-{passport.pk:06d}-{year or 'ALL'}-{digest}"


def hours_certificate(passport: Passport, *, year: int | None = None) -> Certificate:
    """Confirmed hours per organisation for one year (or all time), in one query."""
    confirmed = HoursEntry.objects.filter(passport=passport, status=HoursStatus.CONFIRMED)
    if year is not None:
        confirmed = confirmed.filter(date__year=year)
    rows = list(
        confirmed.values("organisation_id", "organisation__name", "organisation__org_id")
        .annotate(total=Sum("hours"), entries=Count("id"), first=Min("date"), last=Max("date"))
        .order_by("organisation__name", "organisation_id")
    )
    total = sum((row["total"] for row in rows), ZERO)
    entries = sum(row["entries"] for row in rows)
    return Certificate(
        passport=passport, year=year, rows=rows, total=total,
        first_date=min((row["first"] for row in rows), default=None),
        last_date=max((row["last"] for row in rows), default=None),
        reference_number=certificate_reference(passport=passport, year=year, total=total, entries=entries),
    )


def hours_queue(organisation: Organisation) -> QuerySet:
    """Entries naming the organisation that wait for its confirmation, oldest first, volunteers loaded."""
    return (
        HoursEntry.objects.filter(organisation=organisation, status=HoursStatus.UNCONFIRMED)
        .select_related("passport__holder", "cause", "organisation")
        .order_by("date", "id")
    )


def queue_entry(organisation: Organisation, pk) -> HoursEntry | None:
    return hours_queue(organisation).filter(pk=pk).first()
