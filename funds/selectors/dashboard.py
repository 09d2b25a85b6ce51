"""Administrators' dashboard figures for a fund: committed and paid against budget (by round), the spread of
awards by IMD decile, by nation and by local authority, and the time from application to decision, with a CSV
of the same figures.

"Region" here is the nation and the local authority of an award's first beneficiary area: the places core has
no English regions to group by (docs/FUNDS.md).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from covenant.core.dates import working_days_between

from ..models import (
    AWARDED_STATES,
    AccountKind,
    Application,
    BeneficiaryArea,
    Fund,
    LedgerLine,
    Round,
)
from .money import FundPosition, fund_position

ZERO = Decimal("0.00")
NATIONS = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


@dataclass(frozen=True)
class RoundFigures:
    round: Round
    budget: Decimal
    committed: Decimal  # awarded in all: what is still committed and what has been paid
    paid: Decimal
    uncommitted: Decimal
    awards: int


@dataclass(frozen=True)
class Spread:
    label: str
    awards: int
    awarded: Decimal
    paid: Decimal


@dataclass(frozen=True)
class DecisionTimes:
    decided: int
    median_days: float | None
    mean_days: float | None
    fast_track_decided: int
    fast_track_within_target: int  # decided within FUNDS_FAST_TRACK_TARGET_WORKING_DAYS working days


@dataclass(frozen=True)
class Dashboard:
    fund: Fund
    position: FundPosition
    rounds: list[RoundFigures]
    by_decile: list[Spread]
    by_nation: list[Spread]
    by_local_authority: list[Spread]
    decision_times: DecisionTimes


def _round_figures(fund: Fund) -> list[RoundFigures]:
    sums = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in (LedgerLine.objects.filter(account__fund=fund, account__round__isnull=False)
                .values("account__round_id", "account__kind").annotate(total=Sum("amount"))):
        sums[row["account__round_id"]][row["account__kind"]] = row["total"]
    rounds = (Round.objects.filter(programme__fund=fund).select_related("programme")
              .annotate(awards=Count("applications", filter=Q(applications__status__in=AWARDED_STATES)))
              .order_by("opens_at", "pk"))
    figures = []
    for round_ in rounds:
        totals = sums[round_.pk]
        paid = totals[AccountKind.PAID]
        figures.append(RoundFigures(round=round_, budget=round_.budget, paid=paid,
                                    committed=totals[AccountKind.COMMITTED] + paid,
                                    uncommitted=totals[AccountKind.ROUND_BUDGET], awards=round_.awards))
    return figures


def _paid_by_application(fund: Fund) -> dict[int, Decimal]:
    return dict(LedgerLine.objects.filter(account__fund=fund, account__kind=AccountKind.PAID,
                                          transaction__application__isnull=False)
                .values_list("transaction__application_id").annotate(total=Sum("amount")))


def _spread(awards, label_of, paid: dict[int, Decimal], order=None) -> list[Spread]:
    groups: dict = defaultdict(lambda: [0, ZERO, ZERO])
    for award in awards:
        group = groups[label_of(award)]
        group[0] += 1
        group[1] += award.amount_awarded or ZERO
        group[2] += paid.get(award.pk, ZERO)
    labels = sorted(groups, key=order or (lambda label: str(label)))
    return [Spread(label=str(label), awards=groups[label][0], awarded=groups[label][1], paid=groups[label][2])
            for label in labels]


def decision_times(fund: Fund) -> DecisionTimes:
    decided = list(Application.objects.filter(round__programme__fund=fund, submitted_at__isnull=False,
                                              decided_at__isnull=False)
                   .values_list("submitted_at", "decided_at", "round__fast_track"))
    days = [(decided_at - submitted_at).total_seconds() / 86400 for submitted_at, decided_at, _fast in decided]
    fast = [(submitted_at, decided_at) for submitted_at, decided_at, fast_track in decided if fast_track]
    target = settings.FUNDS_FAST_TRACK_TARGET_WORKING_DAYS
    within = sum(1 for submitted_at, decided_at in fast
                 if working_days_between(submitted_at.date(), decided_at.date()) <= target)
    return DecisionTimes(decided=len(days), median_days=round(statistics.median(days), 1) if days else None,
                         mean_days=round(statistics.fmean(days), 1) if days else None,
                         fast_track_decided=len(fast), fast_track_within_target=within)


def fund_dashboard(fund: Fund) -> Dashboard:
    awards = list(Application.objects.filter(round__programme__fund=fund, status__in=AWARDED_STATES)
                  .only("pk", "amount_awarded", "most_deprived_decile"))
    paid = _paid_by_application(fund)
    first_area: dict[int, BeneficiaryArea] = {}
    for area in (BeneficiaryArea.objects.filter(application__in=[a.pk for a in awards])
                 .select_related("local_authority").order_by("application_id", "id")):
        first_area.setdefault(area.application_id, area)

    def nation(award) -> str:
        area = first_area.get(award.pk)
        code = (area.local_authority_id or area.code) if area else ""
        return NATIONS.get(code[:1], "Unknown")

    def authority(award) -> str:
        area = first_area.get(award.pk)
        if area is None or area.local_authority is None:
            return "Unknown"
        return area.local_authority.name or area.local_authority.code

    def decile(award) -> str:
        return str(award.most_deprived_decile) if award.most_deprived_decile else "Unknown"

    return Dashboard(
        fund=fund, position=fund_position(fund), rounds=_round_figures(fund),
        by_decile=_spread(awards, decile, paid,
                          order=lambda label: (label == "Unknown", int(label) if label.isdigit() else 0)),
        by_nation=_spread(awards, nation, paid), by_local_authority=_spread(awards, authority, paid),
        decision_times=decision_times(fund))


def dashboard_csv(dashboard: Dashboard) -> str:
    """The dashboard's figures as one CSV: a section column, a label, then the figures."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "label", "budget", "committed", "paid", "uncommitted", "awards"])
    for figures in dashboard.rounds:
        writer.writerow(["round", figures.round.name, figures.budget, figures.committed, figures.paid,
                         figures.uncommitted, figures.awards])
    for section, spreads in (("imd_decile", dashboard.by_decile), ("nation", dashboard.by_nation),
                             ("local_authority", dashboard.by_local_authority)):
        for spread in spreads:
            writer.writerow([section, spread.label, "", spread.awarded, spread.paid, "", spread.awards])
    times = dashboard.decision_times
    writer.writerow(["decision_days", "median", "", "", "", "", times.median_days if times.decided else ""])
    writer.writerow(["decision_days", "mean", "", "", "", "", times.mean_days if times.decided else ""])
    return out.getvalue()


def rounds_money(fund: Fund) -> list[RoundFigures]:
    """Each round's budget, committed, paid and uncommitted money from the ledger, oldest round first."""
    return _round_figures(fund)


DASHBOARD_SECTIONS = ("budget", "imd-decile", "nation", "local-authority", "decision-times")


def _pence(amount) -> str:
    """Money to the penny, the same on every database (SQLite's sums drop trailing zeros)."""
    return f"{Decimal(amount or 0):.2f}"


def dashboard_section_csv(dashboard: Dashboard, section: str) -> str:
    """One chart's figures as CSV (`section` from DASHBOARD_SECTIONS); KeyError for any other section."""
    out = io.StringIO()
    writer = csv.writer(out)
    if section == "budget":
        writer.writerow(["round", "programme", "budget", "committed", "paid", "uncommitted", "awards"])
        for figures in dashboard.rounds:
            writer.writerow([figures.round.name, figures.round.programme.name, _pence(figures.budget),
                             _pence(figures.committed), _pence(figures.paid), _pence(figures.uncommitted),
                             figures.awards])
    elif section == "decision-times":
        times = dashboard.decision_times
        writer.writerow(["measure", "value"])
        writer.writerow(["decided", times.decided])
        writer.writerow(["median_days", "" if times.median_days is None else times.median_days])
        writer.writerow(["mean_days", "" if times.mean_days is None else times.mean_days])
        writer.writerow(["fast_track_decided", times.fast_track_decided])
        writer.writerow(["fast_track_within_target", times.fast_track_within_target])
        writer.writerow(["fast_track_target_working_days", settings.FUNDS_FAST_TRACK_TARGET_WORKING_DAYS])
    else:
        spreads, heading = {"imd-decile": (dashboard.by_decile, "imd_decile"),
                            "nation": (dashboard.by_nation, "nation"),
                            "local-authority": (dashboard.by_local_authority, "local_authority")}[section]
        writer.writerow([heading, "awards", "awarded", "paid"])
        for spread in spreads:
            writer.writerow([spread.label, spread.awards, _pence(spread.awarded), _pence(spread.paid)])
    return out.getvalue()
