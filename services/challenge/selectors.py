"""Reads of the Right to Challenge: services open to challenge and their windows, the public list, a body's own
expressions of interest, the officers' queue with deadlines, and what a draft still lacks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.organisations.models import Organisation, Role
from covenant.organisations.selectors import organisations_where_role
from services.catalogue.models import Involvement, Service
from services.catalogue.selectors import managed_organisations, published_services

from . import dates
from .models import OPEN_STATES, BodyKind, Challenge, ChallengeStatus, Window

# The content every expression of interest must give, each its own required answer.
CONTENT_FIELDS = ("finances", "capability", "social_value", "economic_value", "environmental_value", "users_needs")


def is_open_to_challenge(service: Service) -> bool:
    """Whether the council has put the service up for the Right to Challenge (a way to get involved)."""
    return bool(service.is_published and Involvement.RIGHT_TO_CHALLENGE in (service.involvement or []))


def services_open_to_challenge() -> list[Service]:
    # Read in Python: a JSON list's "contains" is not a lookup every database Covenant runs on supports.
    return [service for service in published_services().order_by("owner__name", "name", "pk")
            if is_open_to_challenge(service)]


@dataclass(frozen=True)
class WindowsNow:
    """A service's windows seen from today: the one open now, the next, and whether it has any."""

    current: Window | None
    next: Window | None
    any: bool


def windows_now(services: list[Service], *, today: datetime.date | None = None) -> dict[int, WindowsNow]:
    """Each service's windows as of today, read in one query for a whole list of services."""
    today = today or timezone.localdate()
    by_service: dict[int, list[Window]] = {service.pk: [] for service in services}
    for window in Window.objects.filter(service__in=[s.pk for s in services]).order_by("opens_on", "pk"):
        by_service[window.service_id].append(window)
    return {pk: WindowsNow(current=next((w for w in windows if w.opens_on <= today <= w.closes_on), None),
                           next=next((w for w in windows if w.opens_on > today), None), any=bool(windows))
            for pk, windows in by_service.items()}


def windows_of(service: Service) -> QuerySet[Window]:
    return Window.objects.filter(service=service).order_by("opens_on", "pk")


def current_window(service: Service, *, today: datetime.date | None = None) -> Window | None:
    today = today or timezone.localdate()
    return windows_of(service).filter(opens_on__lte=today, closes_on__gte=today).first()


def next_window(service: Service, *, today: datetime.date | None = None) -> Window | None:
    today = today or timezone.localdate()
    return windows_of(service).filter(opens_on__gt=today).first()


def window_problem(service: Service, *, today: datetime.date | None = None) -> str | None:
    """Why an expression of interest cannot be made today because of the council's windows; None if it can
    (a window is open, or the council set none, so it takes them at any time)."""
    today = today or timezone.localdate()
    if not windows_of(service).exists() or current_window(service, today=today) is not None:
        return None
    upcoming = next_window(service, today=today)
    if upcoming is not None:
        return _("%(council)s takes expressions of interest in %(service)s only from %(opens)s to %(closes)s. "
                 "Come back when the window opens") % {
            "council": service.owner.name, "service": service.name,
            "opens": date_format(upcoming.opens_on, "j F Y"), "closes": date_format(upcoming.closes_on, "j F Y")}
    return _("%(council)s takes expressions of interest in %(service)s only in the periods it sets, and none is open "
             "or planned") % {"council": service.owner.name, "service": service.name}


def service_problem(service: Service) -> str | None:
    if not is_open_to_challenge(service):
        return _("%(council)s has not opened %(service)s to the Community Right to Challenge") % {
            "council": service.owner.name, "service": service.name}
    return None


def body_organisations(user) -> QuerySet[Organisation]:
    """The organisations the person may act for: those where they are an administrator, verified or not (an
    unverified or ineligible one is refused with the reason, not hidden)."""
    return organisations_where_role(user, Role.ADMIN, verified_only=False).order_by("name", "pk")


def speaks_for(user, challenge: Challenge) -> bool:
    """Whether the person acts for the body: whoever started the expression of interest, or an administrator of
    the organisation it is made for."""
    if user is None or not user.is_authenticated or challenge is None:
        return False
    if challenge.created_by_id == user.pk:
        return True
    return bool(challenge.organisation_id
                and body_organisations(user).filter(pk=challenge.organisation_id).exists())


def _with_related(queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return queryset.select_related("service", "service__owner", "service__local_authority", "organisation")


def public_challenges() -> QuerySet[Challenge]:
    """Every expression of interest the council has received, newest first."""
    return _with_related(Challenge.objects.exclude(status=ChallengeStatus.DRAFT)).order_by("-submitted_at", "-pk")


def challenges_of(user) -> QuerySet[Challenge]:
    """The expressions of interest the person made or whose organisation they administer."""
    if user is None or not user.is_authenticated:
        return Challenge.objects.none()
    return _with_related(Challenge.objects.filter(
        Q(created_by=user) | Q(organisation__in=body_organisations(user).values("pk")))).order_by("-created_at",
                                                                                                 "-pk")


def queue_for(user) -> QuerySet[Challenge]:
    """Expressions of interest in the services of councils the officer manages: those awaiting a decision first,
    soonest deadline first, then the decided ones."""
    owners = managed_organisations(user).values("pk")
    return _with_related(Challenge.objects.filter(service__owner__in=owners).exclude(status=ChallengeStatus.DRAFT))


def deadline(challenge: Challenge, *, today: datetime.date | None = None) -> dates.Deadline | None:
    if challenge.decision_due_on is None:
        return None
    return dates.Deadline(due_on=challenge.decision_due_on, today=today or timezone.localdate(),
                          decided_on=challenge.decided_on)


@dataclass
class QueueRows:
    open: list = field(default_factory=list)
    decided: list = field(default_factory=list)


def queue_rows(user, *, today: datetime.date | None = None) -> QueueRows:
    today = today or timezone.localdate()
    rows = QueueRows()
    for challenge in queue_for(user).order_by("decision_due_on", "pk"):
        row = {"challenge": challenge, "deadline": deadline(challenge, today=today)}
        (rows.open if challenge.status in OPEN_STATES else rows.decided).append(row)
    rows.decided.sort(key=lambda row: (row["challenge"].decided_at or row["challenge"].submitted_at), reverse=True)
    return rows


def body_name(challenge: Challenge) -> str:
    """The body as the public sees it: the organisation, or the council's employees (never their names)."""
    if challenge.body_kind == BodyKind.ORGANISATION and challenge.organisation_id:
        return challenge.organisation.name
    if challenge.body_kind == BodyKind.EMPLOYEES:
        return _("%(count)s employees of %(council)s") % {"count": len(challenge.employees),
                                                         "council": challenge.service.owner.name}
    return ""


@dataclass(frozen=True)
class DraftState:
    body_done: bool
    missing: dict  # field -> message, in the order of the task list

    @property
    def ready(self) -> bool:
        return not self.missing


MISSING_MESSAGES = {
    "body": gettext_lazy("Say who is expressing an interest"),
    "finances": gettext_lazy("Describe the body's finances"),
    "capability": gettext_lazy("Describe the body's capability to run the service"),
    "social_value": gettext_lazy("Describe the social value of the body running the service"),
    "economic_value": gettext_lazy("Describe the economic value of the body running the service"),
    "environmental_value": gettext_lazy("Describe the environmental value of the body running the service"),
    "users_needs": gettext_lazy("Describe how the body would meet the needs of the service's users"),
}


def draft_state(challenge: Challenge) -> DraftState:
    """What an expression of interest still lacks before it can be submitted (the submit service checks again)."""
    body_done = bool(challenge.body_kind == BodyKind.ORGANISATION and challenge.organisation_id
                     or challenge.body_kind == BodyKind.EMPLOYEES and challenge.employees)
    missing = {} if body_done else {"body": str(MISSING_MESSAGES["body"])}
    for name in CONTENT_FIELDS:
        if not (getattr(challenge, name) or "").strip():
            missing[name] = str(MISSING_MESSAGES[name])
    return DraftState(body_done=body_done, missing=missing)


def timeline(challenge: Challenge) -> list[dict]:
    """The public, dated steps: received, modifications agreed or declined, the decision."""
    steps = []
    if challenge.submitted_at:
        steps.append({"at": challenge.submitted_at, "title": _("Expression of interest received")})
    for modification in challenge.modifications.all():
        steps.append({"at": modification.requested_at, "title": _("The council proposed a modification")})
        if modification.answered_at:
            steps.append({"at": modification.answered_at,
                          "title": _("The body agreed to the modification") if modification.agreed
                          else _("The body did not agree to the modification")})
    if challenge.decided_at:
        steps.append({"at": challenge.decided_at,
                      "title": _("Accepted: a procurement exercise will follow")
                      if challenge.status == ChallengeStatus.ACCEPTED else _("Rejected")})
    return steps
