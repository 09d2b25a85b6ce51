"""Reads: public proposals with counts and never names, a council's queue, petition progress, areas' councils."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parishes import selectors
from parishes.models import ProposalStatus
from parishes.services import petition_sign, proposal_publish
from tests.accounts.factories import UserFactory

from .factories import ProposalFactory, neighbourhood, standard_power

pytestmark = pytest.mark.django_db


def test_public_proposals_leave_out_drafts_and_count_active_signatures(hood, ready_draft):
    hood.electors(1000)
    ProposalFactory()  # a draft
    proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
    for _ in range(3):
        petition_sign(actor=hood.resident(), proposal=ready_draft)
    listed = list(selectors.public_proposals())
    assert listed == [ready_draft]
    assert listed[0].signature_count == 3


def test_public_listing_takes_one_query_however_many(hood):
    for _ in range(5):
        ProposalFactory(status=ProposalStatus.PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        assert [p.signature_count for p in selectors.public_proposals()] == [0] * 5
    assert len(queries) == 1


def test_progress_gives_counts_and_no_names(hood, ready_draft):
    hood.electors(600)
    proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
    petition_sign(actor=hood.resident(), proposal=ready_draft)
    progress = selectors.petition_progress(ready_draft)
    assert (progress.signatures, progress.electors, progress.threshold, progress.remaining) == (1, 600, 187, 186)
    assert not any(hasattr(progress, name) for name in ("signers", "names"))


def test_progress_after_validity_uses_the_figures_then(hood, ready_draft):
    hood.electors(8)
    proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
    for _ in range(3):
        petition_sign(actor=hood.resident(), proposal=ready_draft)
    hood.electors(5000, as_of=timezone.localdate())  # a newer figure does not move a valid petition's goalposts
    ready_draft.refresh_from_db()
    progress = selectors.petition_progress(ready_draft)
    assert (progress.electors, progress.threshold, progress.review_deadline) == (8, 3, ready_draft.review_deadline)


def test_council_queue_holds_only_its_own_proposals_in_review(hood):
    elsewhere = neighbourhood(code="E06000047", name="County Durham", inside="DH1 1AA", outside="DH1 1AB")
    mine = ProposalFactory(status=ProposalStatus.VALID)
    mine.covering_authorities.add(hood.local_authority)
    theirs = ProposalFactory(status=ProposalStatus.VALID)
    theirs.covering_authorities.add(elsewhere.local_authority)
    shared = ProposalFactory(status=ProposalStatus.CONSULTATION)
    shared.covering_authorities.add(hood.local_authority, elsewhere.local_authority)
    petitioning = ProposalFactory(status=ProposalStatus.PUBLISHED)
    petitioning.covering_authorities.add(hood.local_authority)
    assert set(selectors.council_queue(hood.officer)) == {mine, shared}
    assert set(selectors.council_queue(elsewhere.officer)) == {theirs, shared}
    assert list(selectors.council_petitions(hood.officer)) == [petitioning]
    assert not selectors.council_queue(UserFactory()).exists()
    assert not selectors.council_queue(hood.resident()).exists()


def test_officer_of_an_unverified_council_is_no_officer(hood):
    hood.council.verification_status = "unverified"
    hood.council.save()
    assert selectors.officer_authority_codes(hood.officer) == frozenset()


def test_local_authorities_for_an_area(hood):
    from parishes.geometry import parse_area

    from .factories import AREA

    assert list(selectors.local_authorities_for_area(parse_area(AREA))) == [hood.local_authority]


def test_powers_for_a_council_add_its_own(hood):
    from .factories import PowerFactory

    own = PowerFactory(local_authority=hood.local_authority)
    other = PowerFactory()
    powers = set(selectors.powers_for([hood.local_authority.code]))
    assert own in powers and other not in powers and standard_power() in powers


def test_proposals_of_a_person(hood, ready_draft):
    assert list(selectors.proposals_of(ready_draft.created_by)) == [ready_draft]
    assert not selectors.proposals_of(UserFactory()).exists()


class TestAreaFromPostcodes:
    def test_the_chosen_postcodes_make_an_area_holding_them(self, hood):
        from parishes import geometry
        from tests.places.factories import PostcodeFactory

        PostcodeFactory(postcode="SR2 8AB", latitude=54.903, longitude=-1.383)
        area = selectors.area_from_postcodes(["sr2 8aa", "SR2 8AB", " "])
        shape = geometry.parse_area(area)
        assert geometry.contains_point(shape, 54.905, -1.38) and geometry.contains_point(shape, 54.903, -1.383)

    @pytest.mark.parametrize(("postcodes", "message"), [
        ([], "Enter at least one postcode the area covers, like SR2 8AA"),
        (["nonsense"], "nonsense is not a real postcode. Enter it like SR2 8AA"),
        (["SR9 9ZZ"], "We cannot find SR9 9ZZ, or it is no longer in use. Check it or leave it out"),
    ])
    def test_bad_postcodes(self, hood, postcodes, message):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as caught:
            selectors.area_from_postcodes(postcodes)
        assert caught.value.message_dict["postcodes"] == [message]
