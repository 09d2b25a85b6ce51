"""Bids: providers record their size or kind and bid per lot while bids are open; refused before opening and after
closing, to a reserved lot by an ineligible bidder, twice, or incomplete; sealed until bids close."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.models import OrganisationType
from services.commissioning import services
from services.commissioning.models import Bid, BidStatus, Supplier
from services.following import is_following
from tests.organisations.factories import MembershipFactory, OrganisationFactory

from .factories import bidder, close_bids, exercise_of, open_bids, submitted_bid

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(town, service):
    return open_bids(exercise_of(town, service))


def _complete(user, bid, price="250000"):
    for criterion in bid.lot.exercise.criteria.exclude(kind="price"):
        services.bid_answer(actor=user, bid=bid, criterion=criterion, text="Our answer")
    services.bid_set_price(actor=user, bid=bid, price=price)


class TestSupplier:
    def test_a_provider_records_its_kind_and_changes_it_audited(self):
        user, organisation = bidder("")
        services.supplier_record(actor=user, organisation=organisation, kind="vcse")
        services.supplier_record(actor=user, organisation=organisation, kind="medium")
        assert Supplier.objects.get().kind == "medium"
        entries = AuditEntry.objects.filter(action="services.supplier_recorded").order_by("pk")
        assert [e.changes for e in entries] == [{}, {"kind": ["vcse", "medium"]}]

    def test_an_unknown_kind_is_refused(self):
        user, organisation = bidder("")
        with pytest.raises(ValidationError) as error:
            services.supplier_record(actor=user, organisation=organisation, kind="huge")
        assert "Choose what size or kind of organisation" in error.value.message_dict["kind"][0]

    def test_only_administrators_of_verified_organisations_speak_for_them(self):
        unverified = OrganisationFactory()
        admin = MembershipFactory(organisation=unverified, roles=["admin"]).user
        _, organisation = bidder("")
        coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
        for person, org in ((admin, unverified), (coordinator, organisation)):
            with pytest.raises(PermissionDenied):
                services.supplier_record(actor=person, organisation=org, kind="small")


class TestBidding:
    def test_a_complete_bid_is_submitted_with_the_kind_it_was_made_as_and_its_bidder_follows(self, exercise):
        user, organisation = bidder("vcse")
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=2), organisation=organisation)
        _complete(user, bid)
        bid = services.bid_submit(actor=user, bid=bid)
        assert bid.status == BidStatus.SUBMITTED and bid.supplier_kind == "vcse" and bid.submitted_by == user
        assert is_following(user, exercise)
        # A later change of kind does not change what the bid was made as.
        services.supplier_record(actor=user, organisation=organisation, kind="large")
        bid.refresh_from_db()
        assert bid.supplier_kind == "vcse"
        assert AuditEntry.objects.filter(action="services.bid_submitted", actor=user).exists()

    def test_starting_again_continues_the_draft(self, exercise):
        user, organisation = bidder()
        first = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        assert services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation) == first

    def test_bidding_twice_for_a_lot_is_refused(self, exercise):
        bid = submitted_bid(exercise)
        user = bid.submitted_by
        with pytest.raises(ValidationError) as error:
            services.bid_start(actor=user, lot=bid.lot, organisation=bid.organisation)
        assert "has already submitted a bid for lot 1" in error.value.message_dict["lot"][0]
        with pytest.raises(ValidationError) as error:
            services.bid_submit(actor=user, bid=bid)
        assert "has been submitted" in error.value.message_dict["bid"][0]
        assert Bid.objects.count() == 1

    @pytest.mark.parametrize(("kind", "reservation", "allowed"), [
        ("small", "sme_vcse", True), ("medium", "sme_vcse", True), ("vcse", "sme_vcse", True),
        ("large", "sme_vcse", False), ("small", "vcse", False), ("vcse", "vcse", True), ("large", "open", True),
    ])
    def test_reserved_lots_take_bids_only_from_eligible_providers(self, town, service, kind, reservation, allowed):
        exercise = open_bids(exercise_of(town, service, lots=[{"title": "Lot", "reservation": reservation}]))
        user, organisation = bidder(kind)
        lot = exercise.lots.get()
        if allowed:
            assert services.bid_start(actor=user, lot=lot, organisation=organisation)
            return
        with pytest.raises(ValidationError) as error:
            services.bid_start(actor=user, lot=lot, organisation=organisation)
        assert "Lot 1 is reserved for" in error.value.message_dict["lot"][0]
        assert not Bid.objects.exists()

    def test_a_provider_who_changes_its_kind_to_an_ineligible_one_cannot_submit(self, exercise):
        user, organisation = bidder("small")
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=2), organisation=organisation)
        _complete(user, bid)
        services.supplier_record(actor=user, organisation=organisation, kind="large")
        with pytest.raises(ValidationError) as error:
            services.bid_submit(actor=user, bid=bid)
        assert "Lot 2 is reserved for small and medium-sized businesses and VCSEs" in \
            error.value.message_dict["supplier"][0]
        assert Bid.objects.get().status == BidStatus.DRAFT

    def test_an_incomplete_bid_lists_what_is_missing(self, exercise):
        user, organisation = bidder("")
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        with pytest.raises(ValidationError) as error:
            services.bid_submit(actor=user, bid=bid)
        criteria = exercise.criteria.exclude(kind="price")
        assert set(error.value.message_dict) == {"supplier", "price", *[f"answer-{c.pk}" for c in criteria]}

    @pytest.mark.parametrize(("price", "ok"), [("0", False), ("-5", False), ("lots", False), ("", False),
                                               ("12.345", False), ("£185,000.50", True)])
    def test_prices_are_pounds_and_pence_above_nothing(self, exercise, price, ok):
        user, organisation = bidder()
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        if ok:
            assert services.bid_set_price(actor=user, bid=bid, price=price).price == 185000.50
            return
        with pytest.raises(ValidationError) as error:
            services.bid_set_price(actor=user, bid=bid, price=price)
        assert "Enter your price in pounds" in error.value.message_dict["price"][0]

    def test_an_empty_answer_or_price_criterion_is_refused(self, exercise):
        user, organisation = bidder()
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        quality = exercise.criteria.get(kind="quality")
        with pytest.raises(ValidationError) as error:
            services.bid_answer(actor=user, bid=bid, criterion=quality, text="   ")
        assert "Enter your answer to Quality of the service" in error.value.message_dict["text"]
        with pytest.raises(ValidationError):
            services.bid_answer(actor=user, bid=bid, criterion=exercise.criteria.get(kind="price"), text="Cheap")

    def test_the_council_running_it_and_other_councils_cannot_bid(self, town, exercise):
        lot = exercise.lots.get(number=1)
        with pytest.raises(PermissionDenied):
            services.bid_start(actor=town.officer, lot=lot, organisation=town.organisation)
        user, parish = bidder(org_type=OrganisationType.PARISH_COUNCIL)
        assert services.bid_start(actor=user, lot=lot, organisation=parish)

    def test_no_one_bids_for_an_organisation_they_do_not_administer(self, exercise, town):
        _, organisation = bidder()
        with pytest.raises(PermissionDenied):
            services.bid_start(actor=town.resident(), lot=exercise.lots.get(number=1), organisation=organisation)

    def test_a_draft_exercise_takes_no_bids(self, town, service):
        exercise = exercise_of(town, service, publish=False)
        user, organisation = bidder()
        with pytest.raises(PermissionDenied):
            services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)


class TestDates:
    def test_before_bids_open_they_are_refused_with_the_opening_date(self, town, service):
        exercise = exercise_of(town, service)
        user, organisation = bidder()
        with pytest.raises(ValidationError) as error:
            services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        assert f"open on {exercise.bids_open_on:%-d %B %Y}" in error.value.message_dict["lot"][0]

    def test_after_bids_close_starting_changing_and_submitting_are_refused(self, exercise):
        user, organisation = bidder()
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        _complete(user, bid)
        close_bids(exercise)
        with pytest.raises(ValidationError) as error:
            services.bid_submit(actor=user, bid=bid)
        assert "You can no longer bid" in error.value.message_dict["bid"][0]
        with pytest.raises(ValidationError):
            services.bid_set_price(actor=user, bid=bid, price="1")
        other, organisation2 = bidder()
        with pytest.raises(ValidationError) as error:
            services.bid_start(actor=other, lot=exercise.lots.get(number=1), organisation=organisation2)
        assert "closed on" in error.value.message_dict["lot"][0]
        assert Bid.objects.get().status == BidStatus.DRAFT

    def test_bids_are_taken_until_the_last_moment_of_the_closing_day_uk_time(self, exercise):
        user, organisation = bidder()
        bid = services.bid_start(actor=user, lot=exercise.lots.get(number=1), organisation=organisation)
        _complete(user, bid)
        closing = exercise.bids_close_on
        last_moment = timezone.make_aware(datetime.datetime.combine(closing, datetime.time(23, 59, 59)))
        with time_machine.travel(last_moment + datetime.timedelta(seconds=1), tick=False):
            with pytest.raises(ValidationError):
                services.bid_submit(actor=user, bid=bid)
        with time_machine.travel(last_moment, tick=False):
            assert services.bid_submit(actor=user, bid=bid).status == BidStatus.SUBMITTED
