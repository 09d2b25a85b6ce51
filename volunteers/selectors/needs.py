"""Reads for needs: an organisation's needs and shifts, how full they are, and its volunteering dashboard."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from covenant.organisations.models import Organisation

from ..models import (
    PLACE_TAKING_STATES,
    Booking,
    BookingStatus,
    HoursEntry,
    HoursStatus,
    Need,
    NeedStatus,
    Shift,
)
from .history import hours_queue

_BOOKED = Count("bookings", filter=Q(bookings__status__in=PLACE_TAKING_STATES))


def shifts_with_counts(queryset: QuerySet) -> QuerySet:
    """Shifts annotated with `booked` (places taken) and `applied` (applications waiting)."""
    return queryset.annotate(
        booked=_BOOKED, applied=Count("bookings", filter=Q(bookings__status=BookingStatus.APPLIED)),
    )


def organisations_posting_needs(user) -> QuerySet:
    """Verified organisations where the person may post needs (coordinator or administrator)."""
    from ..permissions.needs import NEED_ROLES

    return (
        Organisation.objects.verified()
        .filter(memberships__user=user, memberships__roles__role__in=list(NEED_ROLES))
        .distinct()
        .order_by("name", "id")
    )


def needs_of_organisation(organisation: Organisation) -> QuerySet:
    """The organisation's needs, newest first, with their shift counts and next shift."""
    now = timezone.now()
    return (
        Need.objects.filter(organisation=organisation)
        .select_related("cause")
        .annotate(
            shift_count=Count("shifts", distinct=True),
            upcoming_count=Count("shifts", filter=Q(shifts__starts_at__gt=now), distinct=True),
            next_shift_at=Min("shifts__starts_at", filter=Q(shifts__starts_at__gt=now)),
        )
        .order_by("-created_at", "-id")
    )


def need_of_organisation(organisation: Organisation, pk) -> Need | None:
    """One need of the organisation with everything its page shows, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Need.objects.filter(organisation=organisation, pk=pk)
        .select_related("cause", "organisation")
        .prefetch_related("skills", "checks",
                          Prefetch("shifts", queryset=shifts_with_counts(Shift.objects.order_by("starts_at", "id")),
                                   to_attr="shift_list"))
        .first()
    )


def shift_of_need(need: Need, pk) -> Shift | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return shifts_with_counts(Shift.objects.filter(need=need, pk=pk)).select_related("need").first()


def shifts_of_need(need: Need) -> QuerySet:
    return shifts_with_counts(Shift.objects.filter(need=need)).order_by("starts_at", "id")


def open_shifts(organisation: Organisation, *, limit: int = 50) -> QuerySet:
    """Shifts still to come on the organisation's published or full needs, soonest first, with places taken."""
    return (
        shifts_with_counts(Shift.objects.filter(
            need__organisation=organisation, need__status__in=[NeedStatus.PUBLISHED, NeedStatus.FULL],
            starts_at__gt=timezone.now(),
        ))
        .select_related("need")
        .order_by("starts_at", "id")[:limit]
    )


def applications_waiting(organisation: Organisation) -> int:
    return Booking.objects.filter(shift__need__organisation=organisation, status=BookingStatus.APPLIED).count()


@dataclass(frozen=True)
class TopVolunteer:
    name: str
    hours: Decimal


def top_volunteers(organisation: Organisation, *, year: int | None = None, limit: int = 10) -> list[TopVolunteer]:
    """The volunteers who gave the organisation most confirmed hours in the year (this year by default)."""
    year = year or timezone.localdate().year
    rows = (
        HoursEntry.objects.filter(organisation=organisation, status=HoursStatus.CONFIRMED, date__year=year)
        .values("passport__holder")
        .annotate(total=Sum("hours"))
        .order_by("-total", "passport__holder")[:limit]
    )
    rows = list(rows)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk([row["passport__holder"] for row in rows])
    return [TopVolunteer(name=users[row["passport__holder"]].display_name, hours=row["total"]) for row in rows]


@dataclass(frozen=True)
class Dashboard:
    open_shifts: list
    applications_waiting: int
    hours_waiting: int
    top_volunteers: list[TopVolunteer]
    year: int


def dashboard(organisation: Organisation) -> Dashboard:
    return Dashboard(
        open_shifts=list(open_shifts(organisation)),
        applications_waiting=applications_waiting(organisation),
        hours_waiting=hours_queue(organisation).count(),
        top_volunteers=top_volunteers(organisation),
        year=timezone.localdate().year,
    )


def export_rows(organisation: Organisation):
    """One row per shift (or per need without shifts) for the organisation's CSV export."""
    needs = (
        Need.objects.filter(organisation=organisation).select_related("cause")
        .prefetch_related(Prefetch("shifts", queryset=shifts_with_counts(Shift.objects.order_by("starts_at", "id")),
                                   to_attr="shift_list"))
        .order_by("created_at", "id")
    )
    for need in needs:
        for shift in need.shift_list or [None]:
            yield need, shift
