"""Commissioning set up through its services: exercises with criteria and lots, bidders of each kind, evaluators,
and moving an exercise's dates so its bids are open or closed today."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from covenant.organisations.models import OrganisationType, Role
from services.commissioning import services
from services.commissioning.models import Bid, Exercise, Lot
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory

CRITERIA = [
    {"name": "Quality of the service", "kind": "quality", "weight": 50, "guidance": "How you will run it"},
    {"name": "Social value", "kind": "social_value", "weight": 20, "guidance": "Local jobs and volunteering"},
    {"name": "Price", "kind": "price", "weight": 30, "guidance": ""},
]
LOTS = [{"title": "Youth clubs", "description": "Four evening clubs", "value": "400000"},
        {"title": "Detached youth work", "value": "", "reservation": "sme_vcse"}]


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def exercise_of(town, service, *, criteria=CRITERIA, lots=LOTS, publish: bool = True, **overrides) -> Exercise:
    """An exercise for `service` set up by the council's officer (and published unless told not to); bids open in
    a week and close in a month until moved."""
    data = {"title": "Youth services from April", "description": "Youth clubs and detached youth work",
            "value": "900000", "bids_open_on": day(7), "bids_close_on": day(30), "scale_max": 5,
            "method": "Scored by a panel of officers."}
    data.update(overrides)
    exercise = services.exercise_create(actor=town.officer, service=service, criteria=criteria, lots=lots, **data)
    if publish:
        exercise = services.exercise_publish(actor=town.officer, exercise=exercise)
    return exercise


def open_bids(exercise: Exercise) -> Exercise:
    """Bids opened yesterday and close in a fortnight."""
    Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=day(-1), bids_close_on=day(14))
    exercise.refresh_from_db()
    return exercise


def close_bids(exercise: Exercise) -> Exercise:
    """Bids closed yesterday."""
    Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=day(-20), bids_close_on=day(-1))
    exercise.refresh_from_db()
    return exercise


def bidder(kind: str = "small", *, org_type=OrganisationType.COMPANY, name: str = ""):
    """The administrator of a verified organisation that has recorded its kind as a provider (unless kind="")."""
    organisation = VerifiedOrganisationFactory(type=org_type, **({"name": name} if name else {}))
    user = MembershipFactory(organisation=organisation, roles=[Role.ADMIN]).user
    if kind:
        services.supplier_record(actor=user, organisation=organisation, kind=kind)
    return user, organisation


def submitted_bid(exercise: Exercise, *, lot_number: int = 1, kind: str = "small", price="500000",
                  name: str = "") -> Bid:
    """A complete bid, submitted while bids were open (the exercise's dates are moved to make them open)."""
    open_bids(exercise)
    user, organisation = bidder(kind, name=name)
    lot = exercise.lots.get(number=lot_number)
    bid = services.bid_start(actor=user, lot=lot, organisation=organisation)
    for criterion in exercise.criteria.exclude(kind="price"):
        services.bid_answer(actor=user, bid=bid, criterion=criterion, text=f"Our answer on {criterion.name}")
    services.bid_set_price(actor=user, bid=bid, price=price)
    return services.bid_submit(actor=user, bid=bid)


def officer_of(town):
    """Another officer of the town's council, with an authenticator app."""
    return MembershipFactory(organisation=town.organisation, roles=[Role.OFFICER], user=UserFactory(mfa=True)).user


@dataclass
class Panel:
    """An exercise whose bids have closed, with evaluators who declared no conflict."""

    exercise: Exercise
    evaluators: list = field(default_factory=list)

    def lot(self, number: int = 1) -> Lot:
        return self.exercise.lots.get(number=number)


def evaluated(town, exercise: Exercise, *, evaluators: int = 2) -> Panel:
    people = [officer_of(town) for _ in range(evaluators)]
    for person in people:
        services.evaluator_assign(actor=town.officer, exercise=exercise, user=person)
    close_bids(exercise)
    for person in people:
        services.conflict_declare(actor=person, exercise=exercise, has_conflict=False)
    return Panel(exercise=exercise, evaluators=people)


def score_all(panel: Panel, bid: Bid, scores: dict[str, list[int]]) -> None:
    """Each evaluator's scores of a bid, by criterion name: {"Quality of the service": [4, 5], ...}."""
    criteria = {c.name: c for c in panel.exercise.criteria.exclude(kind="price")}
    for index, person in enumerate(panel.evaluators):
        services.scores_record(actor=person, bid=bid, scores={
            criteria[name].pk: (given[index], "Reasons for the score") for name, given in scores.items()})
