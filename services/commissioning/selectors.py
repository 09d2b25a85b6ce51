"""Reads of public value commissioning: exercises for the public, officers, evaluators and bidders; evaluation
progress; and each council's spend with SMEs and VCSEs against its target."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import organisations_where_role
from services.catalogue import selectors as catalogue
from services.catalogue.models import Service

from . import dates
from .models import (
    Award,
    Bid,
    BidStatus,
    Criterion,
    CriterionKind,
    Evaluator,
    Exercise,
    ExerciseStatus,
    Lot,
    Reservation,
    SpendTarget,
    Supplier,
    SupplierKind,
)

# The share of awarded spend a council aims to place with SMEs and VCSEs, until it sets its own.
DEFAULT_SPEND_TARGET = Decimal("33")
SME_KINDS = frozenset({SupplierKind.SMALL, SupplierKind.MEDIUM})
SME_VCSE_KINDS = SME_KINDS | {SupplierKind.VCSE}


def exercise_url(exercise: Exercise) -> str:
    return reverse("services:commissioning-exercise", kwargs={"reference": exercise.reference})


def _with_parts(queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
    return queryset.select_related("service", "service__owner").prefetch_related(
        "criteria", Prefetch("lots", queryset=Lot.objects.select_related("award", "award__bid__organisation")))


def published_exercises() -> QuerySet[Exercise]:
    return _with_parts(Exercise.objects.exclude(status=ExerciseStatus.DRAFT))


def exercises_managed_by(user) -> QuerySet[Exercise]:
    """Every exercise of the councils the officer manages, drafts too."""
    return _with_parts(Exercise.objects.filter(service__owner__in=catalogue.managed_organisations(user)))


def services_to_commission(user) -> QuerySet[Service]:
    return Service.objects.filter(owner__in=catalogue.managed_organisations(user)).select_related("owner") \
        .order_by("owner__name", "name", "pk")


def evaluator_of(user, exercise: Exercise | None) -> Evaluator | None:
    """The user's evaluator row on the exercise, whether or not a conflict removed them."""
    if exercise is None or user is None or not user.is_authenticated:
        return None
    cache = getattr(exercise, "_evaluators_by_user", None)
    if cache is None:
        cache = exercise._evaluators_by_user = {}
    if user.pk not in cache:
        cache[user.pk] = Evaluator.objects.filter(exercise=exercise, user=user).first()
    return cache[user.pk]


def evaluations_of(user) -> QuerySet[Evaluator]:
    return Evaluator.objects.filter(user=user).select_related("exercise", "exercise__service__owner") \
        .order_by("-exercise__bids_close_on", "-pk")


def possible_evaluators(exercise: Exercise) -> QuerySet:
    """The officers of the exercise's council who are not assigned yet."""
    from django.contrib.auth import get_user_model

    council = exercise.service.owner
    role = catalogue.MANAGING_ROLES.get(council.type)
    users = get_user_model().objects.filter(memberships__organisation=council, memberships__roles__role=role,
                                            is_active=True)
    return users.exclude(pk__in=exercise.evaluators.values("user_id")).distinct().order_by("full_name", "pk")


def bidding_organisations(user) -> QuerySet[Organisation]:
    """The verified organisations the user may bid for: those they administer, councils apart."""
    return organisations_where_role(user, Role.ADMIN).exclude(type=OrganisationType.LOCAL_AUTHORITY) \
        .order_by("name", "pk")


def supplier_kind_of(organisation: Organisation) -> str:
    supplier = Supplier.objects.filter(organisation=organisation).first()
    return supplier.kind if supplier else ""


def eligible(kind: str, reservation: str) -> bool:
    """Whether a provider of this kind may bid for a lot with this reservation."""
    if reservation == Reservation.SME_VCSE:
        return kind in SME_VCSE_KINDS
    if reservation == Reservation.VCSE:
        return kind == SupplierKind.VCSE
    return True


def bids_of(user) -> QuerySet[Bid]:
    return Bid.objects.filter(organisation__in=bidding_organisations(user)).select_related(
        "lot", "lot__exercise", "organisation").order_by("-created_at", "-pk")


def submitted_bids(lot: Lot) -> QuerySet[Bid]:
    return lot.bids.filter(status=BidStatus.SUBMITTED).select_related("organisation").order_by("submitted_at", "pk")


def scored_criteria(exercise: Exercise) -> list[Criterion]:
    """The criteria evaluators score: all but price, which its formula scores."""
    return [c for c in exercise.criteria.all() if c.kind != CriterionKind.PRICE]


def active_evaluators(exercise: Exercise) -> list[Evaluator]:
    """Evaluators who declared no conflict: theirs are the scores that count."""
    return list(exercise.evaluators.filter(has_conflict=False, removed_at__isnull=True).select_related("user"))


@dataclass(frozen=True)
class Missing:
    evaluator: Evaluator
    bid: Bid
    count: int


def missing_scores(lot: Lot) -> list[Missing]:
    """Which evaluators still have criteria to score on which bids of the lot."""
    exercise = lot.exercise
    criteria = {c.pk for c in scored_criteria(exercise)}
    bids = list(submitted_bids(lot))
    missing = []
    for evaluator in active_evaluators(exercise):
        done: dict[int, set] = {}
        for bid_id, criterion_id in evaluator.scores.filter(bid__in=bids).values_list("bid_id", "criterion_id"):
            done.setdefault(bid_id, set()).add(criterion_id)
        for bid in bids:
            left = len(criteria - done.get(bid.pk, set()))
            if left:
                missing.append(Missing(evaluator=evaluator, bid=bid, count=left))
    return missing


def two_places(value) -> Decimal:
    """A score as shown and published: to 2 decimal places, halves rounded up."""
    from fractions import Fraction

    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Phases and dates, in words, for pages and links ------------------------------------------------------------------

@dataclass(frozen=True)
class Timing:
    phase: str
    label: str
    detail: str


def timing(exercise: Exercise, today: datetime.date | None = None) -> Timing:
    today = today or timezone.localdate()
    phase = dates.bids_phase(exercise, today)
    opens = date_format(exercise.bids_open_on, "j F Y")
    closes = date_format(exercise.bids_close_on, "j F Y")
    if phase == dates.Phase.NOT_PUBLISHED:
        return Timing(phase, _("Being set up"), _("Not published yet"))
    if phase == dates.Phase.CANCELLED:
        return Timing(phase, _("Cancelled"), _("Cancelled on %(date)s. No contract is awarded through it") % {
            "date": date_format(timezone.localdate(exercise.cancelled_at), "j F Y")})
    if exercise.status == ExerciseStatus.AWARDED:
        return Timing(phase, _("Awarded"), _("Bids closed on %(date)s") % {"date": closes})
    if phase == dates.Phase.UPCOMING:
        left = dates.countdown(exercise.bids_open_on, today)
        return Timing(phase, _("Bids open soon"), _("Bids open on %(date)s (in %(days)s days) and close on %(close)s")
                      % {"date": opens, "days": left.days, "close": closes})
    if phase == dates.Phase.OPEN:
        left = dates.countdown(exercise.bids_close_on, today)
        return Timing(phase, _("Open for bids"), _("Bids close at midnight at the end of %(date)s: %(left)s")
                      % {"date": closes, "left": left.words})
    return Timing(phase, _("Being evaluated"), _("Bids closed on %(date)s") % {"date": closes})


def exercise_links(service: Service, user=None) -> list:
    """The catalogue page's links to a service's published commissioning exercises, and for the council's
    officers, to its drafts and to setting one up."""
    group = _("Commissioning exercises")
    exercises = Exercise.objects.filter(service=service).order_by("-bids_close_on", "-pk")
    may_manage = user is not None and user.has_perm("services_commissioning.add_exercise", service)
    if not may_manage:
        exercises = exercises.exclude(status=ExerciseStatus.DRAFT)
    links = [catalogue.ServiceLink(group=group, text=exercise.title, url=exercise_url(exercise),
                                   status=f"{t.label}. {t.detail}")
             for exercise in exercises for t in [timing(exercise)]]
    if may_manage:
        links.append(catalogue.ServiceLink(
            group=group, text=_("Set up a commissioning exercise for this service"),
            url=f"{reverse('services:commissioning-new')}?service={service.pk}"))
    return links


# Spend with SMEs and VCSEs ----------------------------------------------------------------------------------------

def spend_target(organisation: Organisation) -> Decimal:
    target = SpendTarget.objects.filter(organisation=organisation).first()
    return target.percent if target else DEFAULT_SPEND_TARGET


@dataclass
class SpendFigures:
    label: str
    total: Decimal = Decimal("0")
    small: Decimal = Decimal("0")
    medium: Decimal = Decimal("0")
    vcse: Decimal = Decimal("0")
    large: Decimal = Decimal("0")
    awards: int = 0

    def add(self, kind: str, value: Decimal) -> None:
        self.total += value
        self.awards += 1
        setattr(self, kind, getattr(self, kind) + value)

    @property
    def sme(self) -> Decimal:
        return self.small + self.medium

    @property
    def sme_vcse(self) -> Decimal:
        return self.sme + self.vcse

    def share(self, amount: Decimal) -> Decimal | None:
        """A percentage of the total, to one decimal place; None when nothing was awarded."""
        if not self.total:
            return None
        return (amount * 100 / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def sme_share(self) -> Decimal | None:
        return self.share(self.sme)

    @property
    def vcse_share(self) -> Decimal | None:
        return self.share(self.vcse)

    @property
    def sme_vcse_share(self) -> Decimal | None:
        return self.share(self.sme_vcse)


@dataclass
class SpendReport:
    council: Organisation
    target: Decimal
    overall: SpendFigures
    years: list[SpendFigures] = field(default_factory=list)

    def met(self, figures: SpendFigures) -> bool | None:
        share = figures.sme_vcse_share
        return None if share is None else share >= self.target


def council_awards(organisation: Organisation) -> QuerySet[Award]:
    return Award.objects.filter(lot__exercise__service__owner=organisation).select_related(
        "lot", "lot__exercise", "bid__organisation").order_by("-notice_on", "-pk")


def council_spend(organisation: Organisation) -> SpendReport:
    """The council's awarded contract values by the kind of provider, overall and by financial year, against its
    target share for SMEs and VCSEs. Each award counts the kind its bid was submitted with."""
    overall = SpendFigures(label=_("All years"))
    years: dict[int, SpendFigures] = {}
    for kind, notice_on, value in council_awards(organisation).values_list("supplier_kind", "notice_on",
                                                                           "contract_value"):
        year = dates.financial_year(notice_on)
        years.setdefault(year, SpendFigures(label=dates.financial_year_label(year))).add(kind, value)
        overall.add(kind, value)
    return SpendReport(council=organisation, target=spend_target(organisation), overall=overall,
                       years=[years[y] for y in sorted(years, reverse=True)])


def spend_csv_rows(organisation: Organisation) -> list[list[str]]:
    """Each award of the council, for the spend report's CSV file."""
    rows = []
    for award in council_awards(organisation):
        exercise = award.lot.exercise
        rows.append([exercise.reference, exercise.title, str(award.lot.number), award.lot.title,
                     award.bid.organisation.name, award.bid.organisation.org_id, award.supplier_kind,
                     str(SupplierKind(award.supplier_kind).label), f"{award.contract_value:.2f}",
                     award.notice_on.isoformat(), dates.financial_year_label(dates.financial_year(award.notice_on)),
                     "yes" if award.supplier_kind in SME_VCSE_KINDS else "no"])
    return rows


def spend_councils() -> QuerySet[Organisation]:
    """Councils with at least one published exercise, for the list of spend reports."""
    owners = Exercise.objects.exclude(status=ExerciseStatus.DRAFT).values("service__owner_id")
    return Organisation.objects.filter(pk__in=owners).order_by("name", "pk")
