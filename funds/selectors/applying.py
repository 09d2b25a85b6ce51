"""Reads for the applicants' pages: a round as the public sees it, whether and for which organisation a person
may apply to it, the application's task list, its final decision and what is due after the award."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.organisations.models import Organisation, OrganisationType
from covenant.organisations.selectors import organisations_for_user

from ..models import (
    Application,
    ApplicationStatus,
    BankDetails,
    Decision,
    DecisionOutcome,
    IncomeBand,
    MonitoringReport,
    QuestionKind,
    ReportStatus,
    Round,
    Tranche,
    TrancheCondition,
)
from ..services.applications import amount_limits, submission_problems
from ..services.common import day, when

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "not_started", "in_progress", "completed", "cannot_start"
DETAIL_FIELDS = ("title", "summary", "amount_requested", "project_start", "project_end", "organisation_income")
# Applications that still count against "one open application per organisation and round".
CLOSED_FOR_ROUND = (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED)


def public_rounds() -> QuerySet[Round]:
    """Published rounds, as anyone may see them (drafts are their administrators' only)."""
    return (Round.objects.filter(published_at__isnull=False)
            .select_related("programme__fund__organisation")
            .prefetch_related("questions", "local_authorities"))


def round_state(round_: Round, at=None) -> tuple[str, str]:
    """("open" | "not_open" | "closed", the sentence that says so)."""
    at = at or timezone.now()
    if round_.published_at is None or at < round_.opens_at:
        return "not_open", _("This round opens at %(when)s: you can apply from then") % {
            "when": when(round_.opens_at)}
    if at >= round_.closes_at:
        return "closed", _("This round closed at %(when)s: applications can no longer be made or submitted") % {
            "when": when(round_.closes_at)}
    return "open", _("This round is open for applications until %(when)s") % {"when": when(round_.closes_at)}


@dataclass(frozen=True)
class RoundFacts:
    """What a round's public page says about its rules, in words."""

    smallest: Decimal
    largest: Decimal
    organisation_types: list[str]
    income_bands: list[str]
    areas: list[str]
    deprivation: str


def round_facts(round_: Round) -> RoundFacts:
    low, high = amount_limits(round_)
    types = [str(OrganisationType(value).label) for value in round_.organisation_types
             if value in OrganisationType.values]
    bands = [str(IncomeBand(value).label) for value in round_.income_bands if value in IncomeBand.values]
    areas = sorted(authority.name or authority.code for authority in round_.local_authorities.all())
    if round_.deprivation_rule == "require":
        deprivation = _("Only projects helping the most deprived areas (IMD deciles 1 to %(decile)s)%(lb)s") % {
            "decile": round_.deprivation_max_decile,
            "lb": _(" or left-behind neighbourhoods") if round_.left_behind_counts else ""}
    elif round_.deprivation_rule == "weight":
        deprivation = _("Projects helping the most deprived areas (IMD deciles 1 to %(decile)s)%(lb)s are given "
                        "priority") % {"decile": round_.deprivation_max_decile,
                                       "lb": _(" or left-behind neighbourhoods") if round_.left_behind_counts
                                       else ""}
    else:
        deprivation = ""
    return RoundFacts(smallest=low, largest=high, organisation_types=types, income_bands=bands, areas=areas,
                      deprivation=deprivation)


@dataclass(frozen=True)
class ApplyOption:
    """One of a person's organisations, and whether it may apply to a round (and why not)."""

    organisation: Organisation
    problem: str = ""
    existing: Application | None = None

    @property
    def can_apply(self) -> bool:
        return not self.problem and self.existing is None


def apply_options(user, round_: Round) -> list[ApplyOption]:
    """Each organisation the person belongs to, with what stops it applying to the round: not verified, not an
    eligible type, or an application to the round already (to carry on with)."""
    organisations = list(organisations_for_user(user))
    if not organisations:
        return []
    existing = {application.organisation_id: application for application in
                Application.objects.filter(round=round_, organisation__in=organisations)
                .exclude(status__in=CLOSED_FOR_ROUND).order_by("created_at")}
    options = []
    for organisation in organisations:
        problem = ""
        if not organisation.is_verified:
            problem = _("%(name)s is not verified yet: an organisation must be verified before it can apply") % {
                "name": organisation.name}
        elif round_.organisation_types and organisation.type not in round_.organisation_types:
            problem = _("This round does not fund organisations of %(name)s's type (%(type)s)") % {
                "name": organisation.name, "type": organisation.get_type_display()}
        options.append(ApplyOption(organisation=organisation, problem=problem,
                                   existing=existing.get(organisation.pk) if organisation.is_verified else None))
    return options


# The task list -------------------------------------------------------------------------------------------------

@dataclass
class Task:
    key: str
    title: str
    status: str
    hint: str = ""
    # Question tasks: the key of the question the task opens on.
    question: str = ""
    problems: list[str] = field(default_factory=list)


def _status(started: bool, done: bool) -> str:
    return COMPLETED if done else IN_PROGRESS if started else NOT_STARTED


def application_tasks(application: Application, *, may_set_bank_details: bool) -> tuple[list[Task], dict]:
    """The draft's tasks in order (details, each section of questions, the budget, the places, bank details)
    with their status, and the submission problems they were judged by."""
    problems = submission_problems(application)
    tasks: list[Task] = []

    filled = [getattr(application, name) not in (None, "") for name in DETAIL_FIELDS]
    detail_problems = [problems[name] for name in DETAIL_FIELDS if name in problems]
    tasks.append(Task("details", _("Project details"), _status(any(filled[1:]), all(filled) and not detail_problems),
                      problems=detail_problems if all(filled) else []))

    answers = {answer.question_id: answer for answer in application.answers.all()}
    has_lines = application.budget_lines.exists()
    sections: dict[str, list] = {}
    budget_question = None
    for question in application.round.questions.all():
        if question.kind == QuestionKind.BUDGET:
            budget_question = budget_question or question
            continue
        sections.setdefault(question.section or f"question:{question.key}", []).append(question)
    for name, questions in sections.items():
        answered = [q for q in questions if (answers.get(q.pk) and (answers[q.pk].value or answers[q.pk].file))]
        missing = [q for q in questions if q.required and q not in answered]
        first = next((q for q in questions if q in missing), questions[0])
        title = questions[0].label if name.startswith("question:") else name
        # A section of optional questions only is complete as it stands.
        tasks.append(Task(f"section-{questions[0].key}", title, _status(bool(answered), not missing),
                          question=first.key))
    if budget_question is not None or has_lines:
        budget_problems = [problems["budget"]] if "budget" in problems else []
        tasks.append(Task("budget", budget_question.label if budget_question else _("Budget"),
                          _status(has_lines, has_lines and not budget_problems), problems=budget_problems))
    has_areas = application.beneficiary_areas.exists()
    area_problems = [problems["beneficiary_areas"]] if has_areas and "beneficiary_areas" in problems else []
    tasks.append(Task("areas", _("Where the grant will help"), _status(has_areas, has_areas and not area_problems),
                      problems=area_problems))
    has_bank = BankDetails.objects.filter(application=application).exists()
    if has_bank:
        tasks.append(Task("bank", _("Bank details"), COMPLETED))
    elif may_set_bank_details:
        tasks.append(Task("bank", _("Bank details"), NOT_STARTED,
                          hint=_("Needed before you can accept a grant, not to submit")))
    else:
        tasks.append(Task("bank", _("Bank details"), CANNOT_START,
                          hint=_("An administrator of %(name)s must add these before a grant can be accepted") % {
                              "name": application.organisation.name}))
    return tasks, problems


@dataclass(frozen=True)
class BudgetTotals:
    cost: Decimal
    requested: Decimal
    match_funding: Decimal


def budget_totals(lines) -> BudgetTotals:
    zero = Decimal("0")
    return BudgetTotals(cost=sum((line.cost for line in lines), zero),
                        requested=sum((line.requested for line in lines), zero),
                        match_funding=sum((line.match_funding for line in lines), zero))


# After the decision --------------------------------------------------------------------------------------------

def final_decision(application: Application) -> Decision | None:
    """The decision the applicant is shown: the approval in force (confirmed, where it needed a second
    approval) or the rejection; None while the application is being decided."""
    status = application.status
    decisions = sorted(application.decisions.all(), key=lambda d: (d.decided_at, d.pk), reverse=True)
    if status == ApplicationStatus.REJECTED:
        return next((d for d in decisions if d.outcome == DecisionOutcome.REJECT), None)
    if status in (ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE,
                  ApplicationStatus.CLOSED) or (status == ApplicationStatus.WITHDRAWN and application.decided_at):
        return next((d for d in decisions if d.outcome == DecisionOutcome.APPROVE and d.returned_at is None
                     and (not d.needs_second_approval or d.confirmed_at is not None)), None)
    return None


@dataclass(frozen=True)
class TrancheRow:
    tranche: Tranche
    status: str  # "paid" | "waiting"
    note: str


def tranche_rows(application: Application) -> list[TrancheRow]:
    """The payment schedule as the grantee sees it: each tranche paid, or what it waits for."""
    rows = []
    reports = sorted(application.reports.all(), key=lambda r: (r.due_on, r.number))
    for tranche in sorted(application.tranches.all(), key=lambda t: t.number):
        if tranche.released_at is not None:
            rows.append(TrancheRow(tranche, "paid", _("Paid on %(day)s") % {
                "day": day(timezone.localtime(tranche.released_at).date())}))
            continue
        if tranche.condition == TrancheCondition.AGREEMENT_ACCEPTED and application.status == \
                ApplicationStatus.APPROVED:
            note = _("Paid once you accept the grant agreement")
        elif tranche.condition == TrancheCondition.PREVIOUS_REPORT_APPROVED:
            report = next((r for r in reversed(reports) if r.due_on <= tranche.due_on), None)
            note = (_("Paid once monitoring report %(n)s is approved") % {"n": report.number}
                    if report is not None and report.status != ReportStatus.APPROVED
                    else _("Due to be paid"))
        else:
            note = _("Due to be paid")
        rows.append(TrancheRow(tranche, "waiting", note))
    return rows


def reports_due(application: Application) -> list[MonitoringReport]:
    """Reports the grantee can submit now: due or sent back, on an active grant."""
    if application.status != ApplicationStatus.ACTIVE:
        return []
    return [report for report in application.reports.all()
            if report.status in (ReportStatus.DUE, ReportStatus.SENT_BACK)]

