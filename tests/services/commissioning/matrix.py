"""Permission-matrix rows for the commissioning pages and API (see tests/test_permission_matrix.py).

The world's council officer runs exercises for their own council's service and evaluates them; the world's
organisation administrator bids for its organisation; everyone reads published exercises, awards and spend."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.matrix import LOGIN, NF, OK, Row, expect, public, signed_in
from tests.services.catalogue.matrix import officer_council, service_of_officer

OFFICER_ONLY = expect(NF, anonymous=LOGIN, council_officer=OK)
CRITERIA = [{"name": "Quality", "kind": "quality", "weight": 60},
            {"name": "Social value", "kind": "social_value", "weight": 20},
            {"name": "Price", "kind": "price", "weight": 20}]


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def exercise_in(w, state: str):
    """An exercise of the officer's council in a state: draft, open, closed (the officer evaluates it, having
    declared no conflict, and the world's organisation bid) or awarded. Made once per test."""
    from services.commissioning import services
    from services.commissioning.models import Exercise

    reference = f"matrix-{state}"
    exercise = Exercise.objects.filter(reference=reference).first()
    if exercise is not None:
        return exercise
    officer = w.people["council_officer"]
    exercise = services.exercise_create(
        actor=officer, service=service_of_officer(w), title=reference, description="Youth work", value="1000",
        bids_open_on=_day(1), bids_close_on=_day(10), scale_max=5, method="A panel", criteria=CRITERIA,
        lots=[{"title": "Whole contract"}])
    if state == "draft":
        return exercise
    services.exercise_publish(actor=officer, exercise=exercise)
    Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=_day(-1))
    if state == "open":
        return exercise
    services.evaluator_assign(actor=officer, exercise=exercise, user=officer)
    bid = _bid_of(w, exercise, submit=True)
    Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=_day(-10), bids_close_on=_day(-1))
    services.conflict_declare(actor=officer, exercise=exercise, has_conflict=False)
    if state == "awarded":
        services.scores_record(actor=officer, bid=bid, scores={
            c.pk: (4, "Good") for c in exercise.criteria.exclude(kind="price")})
        services.award_confirm(actor=officer, lot=bid.lot, contract_value="900")
    return exercise


def _bid_of(w, exercise, *, submit: bool = False):
    from services.commissioning import services

    admin = w.people["org_admin"]
    services.supplier_record(actor=admin, organisation=w.organisation, kind="vcse")
    bid = services.bid_start(actor=admin, lot=exercise.lots.get(), organisation=w.organisation)
    for criterion in exercise.criteria.exclude(kind="price"):
        services.bid_answer(actor=admin, bid=bid, criterion=criterion, text="Our answer")
    services.bid_set_price(actor=admin, bid=bid, price="900")
    return services.bid_submit(actor=admin, bid=bid) if submit else bid


def draft_bid(w):
    """The world's organisation's draft bid in an open exercise."""
    from services.commissioning.models import Bid

    exercise = exercise_in(w, "open")
    return Bid.objects.filter(lot__exercise=exercise).first() or _bid_of(w, exercise)


def submitted_bid(w):
    from services.commissioning.models import Bid

    return Bid.objects.get(lot__exercise=exercise_in(w, "closed"))


def _page(name: str, state: str, *args):
    return lambda w: reverse(f"services:commissioning-{name}", args=[exercise_in(w, state).reference, *args])


def _council_key(w):
    from services.catalogue.selectors import council_key

    return council_key(officer_council(w))


PAGES = [
    # Public pages
    Row("commissioning exercises", lambda w: reverse("services:commissioning-list"), public()),
    Row("a published exercise", _page("exercise", "open"), public()),
    Row("an awarded exercise", _page("exercise", "awarded"), public()),
    Row("an exercise being set up", _page("exercise", "draft"), expect(NF, council_officer=OK)),
    Row("a missing exercise", lambda w: reverse("services:commissioning-exercise", args=["no-such-thing"]),
        expect(NF)),
    Row("an awarded lot's ranking", _page("ranking", "awarded", 1), public()),
    Row("a lot not yet awarded: ranking", _page("ranking", "closed", 1), expect(NF)),
    # Following acts, so it answers only POST.
    Row("follow an exercise", _page("follow", "open"), expect(405, anonymous=LOGIN)),
    Row("spend with SMEs and VCSEs", lambda w: reverse("services:commissioning-spend", args=[_council_key(w)]),
        public()),
    Row("spend with SMEs and VCSEs (CSV)",
        lambda w: reverse("services:commissioning-spend-csv", args=[_council_key(w)]), public()),
    Row("spend of a missing council", lambda w: reverse("services:commissioning-spend", args=["E09999999"]),
        expect(NF)),
    # Providers: anyone signed in may look for a lot to bid for; a bid is its organisation's administrators' only.
    Row("your organisation's bids", lambda w: reverse("services:commissioning-bids"), signed_in()),
    Row("bid for an open exercise", _page("bid-choose", "open"), signed_in()),
    Row("bid for an exercise being set up", _page("bid-choose", "draft"),
        expect(NF, anonymous=LOGIN, council_officer=OK)),
    *[Row(f"the organisation's draft bid: {name}",
          lambda w, name=name: reverse(f"services:commissioning-{name}", args=[draft_bid(w).pk]),
          expect(NF, anonymous=LOGIN, org_admin=OK))
      for name in ("bid", "bid-supplier", "bid-price", "bid-check")],
    Row("the organisation's draft bid: an answer",
        lambda w: reverse("services:commissioning-bid-answer", args=[
            draft_bid(w).pk, draft_bid(w).lot.exercise.criteria.get(kind="quality").pk]),
        expect(NF, anonymous=LOGIN, org_admin=OK)),
    # A submitted bid is read, not changed, by its bidder; its question pages are gone.
    Row("the organisation's submitted bid", lambda w: reverse("services:commissioning-bid",
                                                              args=[submitted_bid(w).pk]),
        expect(NF, anonymous=LOGIN, org_admin=OK)),
    Row("the organisation's submitted bid: price",
        lambda w: reverse("services:commissioning-bid-price", args=[submitted_bid(w).pk]),
        expect(NF, anonymous=LOGIN)),
    # Evaluators
    Row("bids to evaluate", lambda w: reverse("services:commissioning-evaluations"), OFFICER_ONLY),
    Row("evaluate an exercise", _page("evaluate", "closed"), OFFICER_ONLY),
    Row("score a bid", lambda w: reverse("services:commissioning-score", args=[
        exercise_in(w, "closed").reference, submitted_bid(w).pk]), OFFICER_ONLY),
    # Officers
    Row("your council's commissioning", lambda w: reverse("services:commissioning-manage"), OFFICER_ONLY),
    Row("set up a commissioning exercise", lambda w: reverse("services:commissioning-new"), OFFICER_ONLY),
    *[Row(f"an exercise being set up: {name}", _page(name, "draft"), OFFICER_ONLY)
      for name in ("manage-exercise", "manage-details", "manage-criteria", "manage-lots", "manage-evaluators",
                   "manage-publish")],
    # Once published, the set-up is fixed: its question pages are gone for everyone.
    *[Row(f"a published exercise: {name}", _page(name, "open"), expect(NF, anonymous=LOGIN))
      for name in ("manage-details", "manage-criteria", "manage-lots", "manage-publish")],
    Row("a published exercise: manage", _page("manage-exercise", "open"), OFFICER_ONLY),
    Row("award a lot", _page("manage-award", "closed", 1), OFFICER_ONLY),
    Row("cancel a published exercise", _page("manage-cancel", "open"), OFFICER_ONLY),
    # Only a published exercise not yet awarded can be cancelled: the page is gone otherwise.
    Row("cancel an exercise being set up", _page("manage-cancel", "draft"), expect(NF, anonymous=LOGIN)),
    Row("cancel an awarded exercise", _page("manage-cancel", "awarded"), expect(NF, anonymous=LOGIN)),
    Row("remove an evaluator", lambda w: reverse("services:commissioning-manage-evaluator-remove", args=[
        exercise_in(w, "closed").reference, exercise_in(w, "closed").evaluators.get().pk]), OFFICER_ONLY),
    Row("spend target", lambda w: reverse("services:commissioning-spend-target", args=[_council_key(w)]),
        OFFICER_ONLY),
]

API = [
    Row("commissioning exercises (API)", lambda w: "/api/v1/services/commissioning/exercises/", public()),
    Row("a published exercise (API)",
        lambda w: f"/api/v1/services/commissioning/exercises/{exercise_in(w, 'awarded').reference}/", public()),
    Row("an exercise being set up (API)",
        lambda w: f"/api/v1/services/commissioning/exercises/{exercise_in(w, 'draft').reference}/", expect(NF)),
    Row("contract awards (API)", lambda w: "/api/v1/services/commissioning/awards/", public()),
]
