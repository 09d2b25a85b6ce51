"""Reads for an active pop-up parish: members and officers, meetings, decisions and their outcome, the budget and
its spending, the powers and their expiry, renewal and evaluation.

Members' names are the parish's own business: the public sees how many there are and who holds office.
"""

from __future__ import annotations

import datetime
import decimal
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors
from .models import (
    APPROVED_STATES,
    DelegatedBudget,
    Evaluation,
    Meeting,
    Office,
    OfficeHolder,
    Outcome,
    ParishDecision,
    ParishMember,
    Proposal,
    ProposalStatus,
    RenewalRequest,
    RenewalStatus,
    RequestedPower,
    Review,
    Spending,
    Vote,
)

# A parish is what an approved proposal becomes; an ended one keeps its record, read-only.
PARISH_STATES = frozenset({*APPROVED_STATES, ProposalStatus.ENDED})
# Offices whose holders run meetings and decisions; the treasurer also records spending.
RUNNING_OFFICES = frozenset({Office.CHAIR, Office.CLERK})
SPENDING_OFFICES = frozenset({Office.CHAIR, Office.CLERK, Office.TREASURER})


def is_parish(proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.status in PARISH_STATES


def is_active(proposal: Proposal | None, *, today: datetime.date | None = None) -> bool:
    """Holding its powers today: approved, and its sunset date (the last day of its powers) not yet passed."""
    if proposal is None or proposal.status not in APPROVED_STATES or proposal.sunset_on is None:
        return False
    return proposal.sunset_on >= (today or timezone.localdate())


def parishes() -> QuerySet[Proposal]:
    """Every parish, active or ended."""
    return Proposal.objects.filter(status__in=PARISH_STATES)


# Members and officers -------------------------------------------------------------------------------------------

def current_members(parish: Proposal) -> QuerySet[ParishMember]:
    return ParishMember.objects.filter(parish=parish, left_at__isnull=True)


def member_count(parish: Proposal) -> int:
    return current_members(parish).count()


def is_member(user, parish: Proposal) -> bool:
    if not (user is not None and user.is_authenticated and parish is not None and parish.pk):
        return False
    return current_members(parish).filter(user=user).exists()


def public_name(user) -> str:
    """How an officer or voter is named in public: the name they gave, never their email address."""
    return user.preferred_name or user.full_name or _("Name not given")


def members_for_roll(parish: Proposal) -> list:
    """Current members as people, by name, for the clerk recording votes and for members' own list."""
    rows = current_members(parish).select_related("user").order_by("user__full_name", "pk")
    return [row.user for row in rows]


def current_officers(parish: Proposal) -> list[OfficeHolder]:
    """The holders of each office today, chair first."""
    order = {office: index for index, office in enumerate(Office.values)}
    holders = OfficeHolder.objects.filter(parish=parish, ended_at__isnull=True).select_related("user")
    return sorted(holders, key=lambda holder: order[holder.office])


def offices_of(user, parish: Proposal) -> frozenset[str]:
    if not (user is not None and user.is_authenticated and parish is not None and parish.pk):
        return frozenset()
    return frozenset(OfficeHolder.objects.filter(parish=parish, user=user, ended_at__isnull=True)
                     .values_list("office", flat=True))


def officer_history(parish: Proposal) -> QuerySet[OfficeHolder]:
    """Every term in office, the latest first."""
    return (OfficeHolder.objects.filter(parish=parish).select_related("user", "decision")
            .order_by("-appointed_at", "-id"))


def people_to_tell(parish: Proposal) -> list:
    """The parish's officers and proposers, once each: who hears about the parish's own business."""
    people = {holder.user_id: holder.user for holder in current_officers(parish)}
    for proposer in parish.proposers.select_related("user"):
        people.setdefault(proposer.user_id, proposer.user)
    return list(people.values())


# Meetings and decisions -----------------------------------------------------------------------------------------

def meetings_of(parish: Proposal) -> QuerySet[Meeting]:
    return Meeting.objects.filter(parish=parish)


def upcoming_meetings(parish: Proposal, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings still to come, cancelled ones included (people need to know), soonest first."""
    return meetings_of(parish).filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "id")


def past_meetings(parish: Proposal, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    return meetings_of(parish).filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


def next_meeting(parish: Proposal) -> Meeting | None:
    return upcoming_meetings(parish).filter(cancelled_at__isnull=True).first()


def has_started(meeting: Meeting, *, now: datetime.datetime | None = None) -> bool:
    return meeting.starts_at <= (now or timezone.now())


def decisions_of(parish: Proposal) -> QuerySet[ParishDecision]:
    return ParishDecision.objects.filter(parish=parish).select_related("meeting").order_by("-recorded_at", "-id")


def carried_decisions(parish: Proposal) -> QuerySet[ParishDecision]:
    return decisions_of(parish).filter(outcome=Outcome.CARRIED)


def votes_of(decision: ParishDecision) -> QuerySet[Vote]:
    return decision.votes.select_related("voter").order_by("voter__full_name", "id")


def quorum_rule() -> tuple[Fraction, int]:
    """The share of members and the fewest members a decision needs (settings PARISH_QUORUM_FRACTION, a third by
    default, and PARISH_QUORUM_MINIMUM, 3), whichever is more."""
    share = Fraction(str(getattr(settings, "PARISH_QUORUM_FRACTION", "1/3")))
    return share, int(getattr(settings, "PARISH_QUORUM_MINIMUM", 3))


def quorum_for(members: int) -> int:
    share, minimum = quorum_rule()
    return max(minimum, math.ceil(share * members))


def outcome_for(*, votes_for: int, votes_against: int, abstentions: int, quorum: int) -> str:
    """Inquorate when fewer members voted (abstaining counts as present) than the quorum; otherwise carried by
    more votes for than against. A tie is not carried: the motion needs a majority."""
    if votes_for + votes_against + abstentions < quorum:
        return Outcome.INQUORATE
    return Outcome.CARRIED if votes_for > votes_against else Outcome.NOT_CARRIED


def outcome_reason(decision: ParishDecision) -> str:
    """The outcome in words, saying why when no decision was made."""
    counts = _("%(for)s for, %(against)s against, %(abstain)s abstained") % {
        "for": decision.votes_for, "against": decision.votes_against, "abstain": decision.abstentions}
    if decision.outcome == Outcome.INQUORATE:
        return ngettext(
            "Inquorate: %(present)s member voted, and the quorum was %(quorum)s of the %(members)s members",
            "Inquorate: %(present)s members voted, and the quorum was %(quorum)s of the %(members)s members",
            decision.present) % {"present": decision.present, "quorum": decision.quorum,
                                 "members": decision.members_count}
    if decision.outcome == Outcome.CARRIED:
        return _("Carried: %(counts)s") % {"counts": counts}
    if decision.votes_for == decision.votes_against:
        return _("Not carried, a tie: %(counts)s") % {"counts": counts}
    return _("Not carried: %(counts)s") % {"counts": counts}


# The budget ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BudgetSummary:
    delegated: decimal.Decimal
    spent: decimal.Decimal
    cap: decimal.Decimal | None
    set_at: datetime.datetime | None

    @property
    def remaining(self) -> decimal.Decimal:
        return self.delegated - self.spent


def budget_cap(parish: Proposal) -> decimal.Decimal | None:
    """The council's cap from its decision, when it set one."""
    return Review.objects.filter(proposal=parish).values_list("budget_cap", flat=True).first()


def powers_began_on(parish: Proposal) -> datetime.date | None:
    """The day the council's approval gave the parish its powers."""
    decided_at = Review.objects.filter(proposal=parish).values_list("decided_at", flat=True).first()
    return timezone.localdate(decided_at) if decided_at else None


def spent(parish: Proposal) -> decimal.Decimal:
    return Spending.objects.filter(parish=parish).aggregate(total=Sum("amount"))["total"] or decimal.Decimal("0")


def budget_summary(parish: Proposal) -> BudgetSummary:
    budget = DelegatedBudget.objects.filter(parish=parish).first()
    return BudgetSummary(delegated=budget.amount if budget else decimal.Decimal("0"), spent=spent(parish),
                         cap=budget_cap(parish), set_at=budget.set_at if budget else None)


def spending_of(parish: Proposal) -> QuerySet[Spending]:
    return Spending.objects.filter(parish=parish).select_related("decision").order_by("-spent_on", "-id")


SPENDING_CSV_COLUMNS = ("date", "paid_to", "purpose", "amount_gbp", "decision")


def spending_csv_rows(parish: Proposal):
    """The spending as CSV rows, header first, oldest first as an account is read."""
    yield SPENDING_CSV_COLUMNS
    for row in spending_of(parish).order_by("spent_on", "id"):
        yield (row.spent_on.isoformat(), row.payee, row.purpose, f"{row.amount:.2f}",
               row.decision.title if row.decision_id else "")


# Powers and the end of the term ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PowersExpiry:
    powers: list
    sunset_on: datetime.date | None
    days_left: int | None
    ended: bool
    ended_at: datetime.datetime | None = None


def powers_expiry(parish: Proposal, *, today: datetime.date | None = None) -> PowersExpiry:
    """The powers the council granted and how long the parish holds them: days left counting the sunset date,
    its last day; ended once that day has passed, whether or not the daily task has marked it yet."""
    today = today or timezone.localdate()
    granted = [row.power for row in RequestedPower.objects.filter(proposal=parish, granted=True)
               .select_related("power").order_by("power__name")]
    ended = parish.status == ProposalStatus.ENDED or (parish.sunset_on is not None and parish.sunset_on < today)
    days_left = None if ended or parish.sunset_on is None else (parish.sunset_on - today).days
    return PowersExpiry(powers=granted, sunset_on=parish.sunset_on, days_left=days_left, ended=ended,
                        ended_at=parish.ended_at)


def renewal_range(parish: Proposal) -> tuple[datetime.date, datetime.date]:
    """The new sunset dates a renewal may ask for: a further term of the usual length (PARISH_MIN_MONTHS to
    PARISH_MAX_MONTHS) from the current sunset date."""
    # Imported here: the services import these selectors, and the term's rules live with them.
    from .services.common import add_months, max_months, min_months

    return add_months(parish.sunset_on, min_months()), add_months(parish.sunset_on, max_months())


def renewals_of(parish: Proposal) -> QuerySet[RenewalRequest]:
    return RenewalRequest.objects.filter(parish=parish).select_related("local_authority").order_by(
        "-requested_at", "-id")


def pending_renewal(parish: Proposal) -> RenewalRequest | None:
    return renewals_of(parish).filter(status=RenewalStatus.PENDING).first()


def renewals_for_officer(user) -> QuerySet[RenewalRequest]:
    """Renewals waiting for a council the user is an officer of, for the councils' queue: oldest first."""
    codes = selectors.officer_authority_codes(user)
    if not codes:
        return RenewalRequest.objects.none()
    return (RenewalRequest.objects.filter(status=RenewalStatus.PENDING, parish__covering_authorities__code__in=codes)
            .select_related("parish").distinct().order_by("requested_at", "id"))


def evaluation_of(parish: Proposal) -> Evaluation | None:
    return Evaluation.objects.filter(parish=parish).first()


# The parish on its proposal's page ------------------------------------------------------------------------------

@dataclass
class ParishSummary:
    parish: Proposal
    active: bool
    members: int
    officers: list
    expiry: PowersExpiry
    budget: BudgetSummary
    next_meeting: Meeting | None
    meetings: int
    decisions: int
    evaluation: Evaluation | None
    renewal: RenewalRequest | None
    is_member: bool = False
    offices: frozenset = field(default_factory=frozenset)


def parish_summary(parish: Proposal, user) -> ParishSummary:
    return ParishSummary(
        parish=parish, active=is_active(parish), members=member_count(parish), officers=current_officers(parish),
        expiry=powers_expiry(parish), budget=budget_summary(parish), next_meeting=next_meeting(parish),
        meetings=meetings_of(parish).count(), decisions=ParishDecision.objects.filter(parish=parish).count(),
        evaluation=evaluation_of(parish), renewal=renewals_of(parish).first(),
        is_member=is_member(user, parish), offices=offices_of(user, parish),
    )


def meetings_with_decisions(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.prefetch_related(Prefetch("decisions", queryset=ParishDecision.objects.order_by("recorded_at",
                                                                                                     "id")))
