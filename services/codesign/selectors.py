"""Reads of co-design: processes and their phases, ideas and proposals with their counts, comment threads, the
ballot, the result and its published data, and what officers have waiting."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from services.catalogue.selectors import managed_organisations

from . import budgeting, dates
from .models import (
    Ballot,
    BudgetResult,
    Coauthorship,
    Comment,
    Contribution,
    ContributionKind,
    FollowUp,
    FollowUpUpdate,
    PhaseKind,
    Process,
    ProcessStatus,
    Report,
    ReportReason,
    ReportStatus,
    Response,
    ResponseStatus,
)

# What the public list calls a process, from its dates: not started yet, taking part now, or over.
UPCOMING, ACTIVE, FINISHED = "upcoming", "active", "finished"


def public_name(user) -> str:
    """The name a resident is shown under on public pages: the name they gave, never their email address."""
    if user is None:
        return _("A resident")
    return (user.preferred_name or user.full_name or "").strip() or _("A resident")


def public_status_choices() -> list[tuple[str, str]]:
    return [(UPCOMING, _("Starting soon")), (ACTIVE, _("Open now")), (FINISHED, _("Finished"))]


def _with_dates(queryset: QuerySet[Process]) -> QuerySet[Process]:
    return queryset.annotate(first_day=Min("phases__starts_on"), last_day=Max("phases__ends_on"))


def public_processes() -> QuerySet[Process]:
    """Every published or closed process, with its first and last days, newest first."""
    return _with_dates(Process.objects.exclude(status=ProcessStatus.DRAFT)
                       .select_related("service", "service__owner", "service__local_authority")
                       ).order_by("-published_at", "-id")


def filter_processes(queryset: QuerySet[Process], *, council=None, service=None, status: str = "",
                     day: datetime.date | None = None) -> QuerySet[Process]:
    """Narrow processes (annotated by `_with_dates`) to a council (an Organisation), a service and a status."""
    day = day or dates.today()
    if council is not None:
        queryset = queryset.filter(service__owner=council)
    if service is not None:
        queryset = queryset.filter(service=service)
    over = Q(status=ProcessStatus.CLOSED) | Q(last_day__lt=day)
    if status == UPCOMING:
        queryset = queryset.filter(status=ProcessStatus.PUBLISHED, first_day__gt=day)
    elif status == ACTIVE:
        queryset = queryset.filter(status=ProcessStatus.PUBLISHED, first_day__lte=day, last_day__gte=day)
    elif status == FINISHED:
        queryset = queryset.filter(over)
    return queryset


def process_public_status(process: Process, day: datetime.date | None = None) -> str:
    day = day or dates.today()
    phases = list(process.phases.all())
    if process.is_closed or (phases and max(p.ends_on for p in phases) < day):
        return FINISHED
    if not phases or min(p.starts_on for p in phases) > day:
        return UPCOMING
    return ACTIVE


def councils_with_processes() -> QuerySet:
    from covenant.organisations.models import Organisation

    owners = Process.objects.exclude(status=ProcessStatus.DRAFT).values("service__owner")
    return Organisation.objects.filter(pk__in=owners).order_by("name", "pk")


def services_with_processes(council=None) -> QuerySet:
    from services.catalogue.models import Service

    used = Process.objects.exclude(status=ProcessStatus.DRAFT).values("service")
    services = Service.objects.filter(pk__in=used).select_related("owner")
    return services.filter(owner=council) if council is not None else services


@dataclass(frozen=True)
class PhaseView:
    phase: object
    timing: dates.Timing

    @property
    def is_current(self) -> bool:
        return self.timing.state == dates.OPEN


def phase_views(process: Process, day: datetime.date | None = None) -> list[PhaseView]:
    day = day or dates.today()
    return [PhaseView(phase, dates.phase_timing(phase, day)) for phase in process.phases.all()]


def current_phase(process: Process, day: datetime.date | None = None):
    return dates.current_phase(list(process.phases.all()), day or dates.today())


def phase_is_open(process: Process, kind: str, day: datetime.date | None = None) -> bool:
    if process.status != ProcessStatus.PUBLISHED:
        return False
    phase = process.phases.filter(kind=kind).first()
    return phase is not None and dates.phase_state(phase, day or dates.today()) == dates.OPEN


def vote_closed(process: Process, day: datetime.date | None = None) -> bool:
    """Whether the vote phase has ended (the result can be computed from the day after its last day)."""
    phase = process.phases.filter(kind=PhaseKind.VOTE).first()
    return phase is not None and dates.phase_state(phase, day or dates.today()) == dates.ENDED


# Ideas and proposals --------------------------------------------------------------------------------------------

def contributions(process: Process, kind: str, *, order: str = "newest") -> QuerySet[Contribution]:
    """Ideas or proposals of a process, hidden ones included (they show their reason in place), with their counts
    of supports and visible comments, and their authors, in one query plus prefetches."""
    queryset = (Contribution.objects.filter(process=process, kind=kind)
                .select_related("author")
                .annotate(supports_count=Count("supports", distinct=True),
                          comments_count=Count("comments", filter=Q(comments__hidden_at__isnull=True),
                                               distinct=True))
                .prefetch_related(Prefetch("coauthorships", to_attr="accepted_coauthors",
                                           queryset=Coauthorship.objects.filter(accepted_at__isnull=False)
                                           .select_related("user"))))
    if order == "supports":
        return queryset.order_by(F("hidden_at").asc(nulls_first=True), "-supports_count", "-created_at", "-id")
    return queryset.order_by("-created_at", "-id")


def contribution_authors(contribution: Contribution) -> list[str]:
    """The public names of the author and the co-authors who accepted."""
    coauthors = getattr(contribution, "accepted_coauthors", None)
    if coauthors is None:
        coauthors = contribution.coauthorships.filter(accepted_at__isnull=False).select_related("user")
    return [public_name(contribution.author), *[public_name(c.user) for c in coauthors]]


def supports_count(contribution: Contribution) -> int:
    return contribution.supports.count()


def has_supported(user, contribution: Contribution) -> bool:
    return bool(user is not None and user.is_authenticated
                and contribution.supports.filter(supporter=user).exists())


def responses_of(contribution: Contribution) -> QuerySet[Response]:
    return contribution.responses.order_by("-published_at", "-id")


@dataclass(frozen=True)
class ThreadComment:
    comment: Comment
    author: str
    depth: int


def comment_thread(contribution: Contribution) -> list[ThreadComment]:
    """Every comment in reading order: each comment followed by its replies (oldest first), at its depth."""
    comments = list(contribution.comments.select_related("author").order_by("created_at", "id"))
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    thread: list[ThreadComment] = []

    def walk(parent_id):
        for comment in children.get(parent_id, []):
            thread.append(ThreadComment(comment, public_name(comment.author), comment.depth))
            walk(comment.pk)

    walk(None)
    return thread


def pending_invitation(user, contribution: Contribution) -> Coauthorship | None:
    if user is None or not user.is_authenticated:
        return None
    return contribution.coauthorships.filter(user=user, accepted_at__isnull=True).first()


# The vote -------------------------------------------------------------------------------------------------------

def ballot_options(process: Process) -> QuerySet[Contribution]:
    """The proposals on the ballot: visible, costed, and not ruled out by the council's response."""
    return (Contribution.objects.filter(process=process, kind=ContributionKind.PROPOSAL, hidden_at__isnull=True,
                                        cost__isnull=False)
            .exclude(response_status=ResponseStatus.NOT_TAKEN_FORWARD)
            .order_by("title", "id"))


def ballot_of(user, process: Process) -> Ballot | None:
    if user is None or not user.is_authenticated:
        return None
    return Ballot.objects.filter(process=process, voter=user).prefetch_related("choices").first()


def ballot_choice_ids(ballot: Ballot | None) -> list[int]:
    return sorted(c.proposal_id for c in ballot.choices.all()) if ballot is not None else []


def vote_data(process: Process) -> dict:
    """The vote's data as it stands, in the published shape (budgeting.ballot_data)."""
    options = [budgeting.Option(id=p.pk, cost=p.cost, submitted_at=budgeting.timestamp(p.created_at))
               for p in ballot_options(process)]
    choices: dict[str, list[int]] = {}
    for reference, proposal_id in (Ballot.objects.filter(process=process)
                                   .values_list("reference", "choices__proposal_id")):
        choices.setdefault(reference, [])
        if proposal_id is not None:
            choices[reference].append(proposal_id)
    return budgeting.ballot_data(method=process.voting_method, budget=process.budget,
                                 approval_limit=process.approval_limit, options=options,
                                 ballots=list(choices.items()))


# The counting rule in one sentence, as the downloads and the API give it (budgeting.py explains it in full).
COUNTING_RULE = ("Greedy by votes, skipping what does not fit: each ballot gives one vote to each proposal it chose; "
                 "proposals are ranked by votes (most first), then lower cost, then earlier submission, then lower "
                 "id; going down the ranking, a proposal with at least one vote is selected if its cost fits in "
                 "what is left of the budget, otherwise it is skipped.")


def result_of(process: Process, *, published_only: bool = True) -> BudgetResult | None:
    result = BudgetResult.objects.filter(process=process).first()
    if result is None or (published_only and not result.is_published):
        return None
    return result


def result_rows(result: BudgetResult) -> list:
    return list(result.rows.select_related("proposal").order_by("rank"))


def result_download(result: BudgetResult) -> dict:
    """Everything needed to check the count: the data as counted, its SHA-256, and the published rows."""
    process = result.process
    return {
        "process": process.slug,
        "title": process.title,
        "method": COUNTING_RULE,
        "data_sha256": result.data_sha256,
        "data": json.loads(result.data),
        "result": [{"proposal": row.proposal_id, "title": row.proposal.title if not row.proposal.is_hidden
                    else None, "cost": budgeting.money(row.cost), "votes": row.votes, "rank": row.rank,
                    "selected": row.selected, "running_total": budgeting.money(row.running_total)}
                   for row in result_rows(result)],
    }


# Accountability -------------------------------------------------------------------------------------------------

def follow_ups(process: Process) -> QuerySet[FollowUp]:
    return (process.follow_ups.select_related("contribution")
            .prefetch_related(Prefetch("updates", queryset=FollowUpUpdate.objects.order_by("-posted_on", "-id"))))


# The catalogue's service pages -----------------------------------------------------------------------------------

def process_links(service, user=None) -> list:
    """The catalogue page's links to a service's co-design processes (drafts too for the council's officers), and
    for them, to opening one."""
    from django.urls import reverse

    from services.catalogue.selectors import ServiceLink

    group = _("Co-design and participatory budgets")
    may_manage = user is not None and user.has_perm("services_codesign.add_process", service)
    processes = Process.objects.filter(service=service).prefetch_related("phases").order_by("-created_at", "-pk")
    if not may_manage:
        processes = processes.exclude(status=ProcessStatus.DRAFT)
    labels = dict(public_status_choices())
    links = []
    day = dates.today()
    for process in processes:
        current = current_phase(process, day)
        if process.is_draft:
            status = str(ProcessStatus.DRAFT.label)
        elif current is not None:
            status = f"{current.get_kind_display()}: {dates.phase_timing(current, day).text}"
        else:
            status = str(labels[process_public_status(process, day)])
        links.append(ServiceLink(group=group, text=process.title, status=status,
                                 url=reverse("services:codesign-process", kwargs={"slug": process.slug})))
    if may_manage:
        links.append(ServiceLink(group=group, text=_("Open a co-design process for this service"),
                                 url=f"{reverse('services:codesign-process-new')}?service={service.pk}"))
    return links


# Officers -------------------------------------------------------------------------------------------------------

def officer_processes(user) -> QuerySet[Process]:
    """Every process, drafts included, for the services of the councils the user manages."""
    return _with_dates(Process.objects.filter(service__owner__in=managed_organisations(user))
                       .select_related("service", "service__owner")
                       .annotate(awaiting_response=Count(
                           "contributions", distinct=True,
                           filter=Q(contributions__response_status="", contributions__hidden_at__isnull=True)))
                       .order_by("status", "-created_at", "-id"))


def awaiting_response(process: Process) -> QuerySet[Contribution]:
    """Visible ideas and proposals the council has not yet responded to, most supported first."""
    return (Contribution.objects.filter(process=process, hidden_at__isnull=True, response_status="")
            .select_related("author").annotate(supports_count=Count("supports", distinct=True))
            .order_by("-supports_count", "created_at", "id"))


def responded(process: Process) -> QuerySet[Contribution]:
    return (Contribution.objects.filter(process=process).exclude(response_status="")
            .order_by("-created_at", "-id"))


def moderation_items(process: Process, *, limit: int = 200) -> dict:
    """What officers read to moderate: the latest ideas, proposals and comments, visible and hidden."""
    contributions_qs = (Contribution.objects.filter(process=process).select_related("author", "hidden_by")
                        .order_by("-created_at", "-id")[:limit])
    comments_qs = (Comment.objects.filter(contribution__process=process)
                   .select_related("author", "contribution", "hidden_by").order_by("-created_at", "-id")[:limit])
    return {"contributions": list(contributions_qs), "comments": list(comments_qs)}



# Reports ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportedItem:
    """An idea, proposal or comment with open reports, as the moderation queue lists it."""

    contribution: Contribution
    comment: Comment | None
    count: int
    reasons: list  # [(label, count)], most given first
    details: list  # the reporters' details, oldest first, never their names
    first_reported_at: datetime.datetime

    @property
    def what(self) -> str:
        return "comment" if self.comment is not None else self.contribution.kind

    @property
    def pk(self) -> int:
        return (self.comment or self.contribution).pk


def open_reports_count(process: Process) -> int:
    """How many ideas, proposals and comments of the process have reports waiting."""
    return (Report.objects.filter(process=process, status=ReportStatus.OPEN)
            .values("contribution_id", "comment_id").distinct().count())


def reported_items(process: Process) -> list[ReportedItem]:
    """The moderation queue: each reported item with its count of open reports and their reasons, the most
    reported first, then the longest waiting. Three queries however many items."""
    reports = list(Report.objects.filter(process=process, status=ReportStatus.OPEN)
                   .only("contribution_id", "comment_id", "reason", "details", "created_at")
                   .order_by("created_at", "id"))
    grouped: dict[tuple, list[Report]] = {}
    for report in reports:
        grouped.setdefault((report.contribution_id, report.comment_id), []).append(report)
    contributions = Contribution.objects.filter(pk__in={key[0] for key in grouped}).select_related("author")
    contributions = {c.pk: c for c in contributions}
    comments = {c.pk: c for c in Comment.objects.filter(pk__in={key[1] for key in grouped if key[1]})
                .select_related("author")}
    labels = dict(ReportReason.choices)
    items = []
    for (contribution_id, comment_id), group in grouped.items():
        counts: dict[str, int] = {}
        for report in group:
            counts[report.reason] = counts.get(report.reason, 0) + 1
        reasons = sorted(counts.items(), key=lambda pair: (-pair[1], list(labels).index(pair[0])))
        comment = comments.get(comment_id) if comment_id else None
        if comment is not None:
            comment.contribution = contributions[contribution_id]
        items.append(ReportedItem(
            contribution=contributions[contribution_id], comment=comment, count=len(group),
            reasons=[(labels[reason], n) for reason, n in reasons],
            details=[r.details for r in group if r.details], first_reported_at=group[0].created_at))
    items.sort(key=lambda item: (-item.count, item.first_reported_at))
    return items


def has_reported(user, contribution: Contribution, comment: Comment | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    reports = Report.objects.filter(reporter=user, contribution=contribution, status=ReportStatus.OPEN)
    return (reports.filter(comment=comment) if comment is not None else reports.filter(comment__isnull=True)).exists()
