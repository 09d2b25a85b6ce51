"""Drafting proposals: details, people and powers, with their checks, permissions and audit entries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes.models import (
    FoundingMember,
    Proposal,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
)
from parishes.services import (
    add_months,
    founding_member_join,
    founding_member_leave,
    power_add,
    proposal_add_coproposer,
    proposal_create,
    proposal_set_powers,
    proposal_update,
)
from tests.accounts.factories import UserFactory

from .factories import AREA, PowerFactory, ProposalFactory, in_a_year, shifted, standard_power

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict:
    return error.message_dict


class TestAddMonths:
    @pytest.mark.parametrize(("day", "months", "expected"), [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 11, 26), 6, datetime.date(2027, 5, 26)),
        (datetime.date(2026, 11, 26), -24, datetime.date(2024, 11, 26)),
    ])
    def test_same_day_or_the_month_end(self, day, months, expected):
        assert add_months(day, months) == expected


class TestCreate:
    def test_a_resident_starts_a_draft_and_leads_it(self):
        actor = UserFactory()
        proposal = proposal_create(actor=actor, name="  Hendon   Pop-up Parish ", purpose="Care for the park",
                                   area=AREA, sunset_on=in_a_year())
        assert proposal.status == ProposalStatus.DRAFT
        assert proposal.name == "Hendon Pop-up Parish"
        assert proposal.slug == "hendon-pop-up-parish"
        assert (proposal.min_longitude, proposal.min_latitude, proposal.max_longitude, proposal.max_latitude) == (
            -1.39, 54.90, -1.37, 54.91)
        assert proposal.area["type"] == "Polygon"
        assert "Constitution of Hendon Pop-up Parish" in proposal.constitution
        assert "Care for the park" in proposal.constitution
        assert Proposer.objects.get(proposal=proposal).role == ProposerRole.CREATOR
        assert FoundingMember.objects.filter(proposal=proposal, user=actor).exists()
        entry = AuditEntry.objects.get(action="parishes.proposal_created")
        assert entry.actor == actor

    def test_slugs_stay_unique(self):
        first = proposal_create(actor=UserFactory(), name="Hendon")
        second = proposal_create(actor=UserFactory(), name="Hendon")
        assert (first.slug, second.slug) == ("hendon", "hendon-2")

    def test_a_name_like_the_pages_own_addresses_gets_an_address_of_its_own(self):
        # /parishes/propose/ and /parishes/yours/ are pages: a proposal there could never be reached.
        assert proposal_create(actor=UserFactory(), name="Propose").slug == "propose-2"
        assert proposal_create(actor=UserFactory(), name="Yours").slug == "yours-2"
        # /parishes/council/electorate/ and .../powers/ are the councils' pages, beside each review's address.
        for name in ("Council", "Electorate", "Powers"):
            assert proposal_create(actor=UserFactory(), name=name).slug == f"{name.lower()}-2"

    def test_an_edited_constitution_is_kept(self):
        proposal = proposal_create(actor=UserFactory(), name="Hendon", constitution="Our own rules.")
        assert proposal.constitution == "Our own rules."

    def test_every_problem_at_once_and_nothing_saved(self):
        with pytest.raises(ValidationError) as caught:
            proposal_create(actor=UserFactory(), name=" ", area="{bad", sunset_on=timezone.localdate())
        assert set(messages(caught.value)) == {"name", "area", "sunset_on"}
        assert messages(caught.value)["name"] == ["Enter a name for the pop-up parish"]
        assert Proposal.objects.count() == 0
        assert not AuditEntry.objects.filter(action__startswith="parishes.").exists()

    def test_a_name_too_long(self):
        with pytest.raises(ValidationError) as caught:
            proposal_create(actor=UserFactory(), name="x" * 151)
        assert messages(caught.value)["name"] == ["Name must be 150 characters or fewer"]

    def test_someone_without_a_confirmed_email_may_not(self):
        with pytest.raises(PermissionDenied):
            proposal_create(actor=UserFactory(verified=False), name="Hendon")
        assert Proposal.objects.count() == 0


class TestSunset:
    @pytest.fixture(autouse=True)
    def _today(self):
        self.today = timezone.localdate()

    @pytest.mark.parametrize(("months", "days", "ok"), [
        (6, -1, False), (6, 0, True), (36, 0, True), (36, 1, False), (0, 0, False),
    ])
    def test_between_6_and_36_months(self, months, days, ok):
        sunset = add_months(self.today, months) + datetime.timedelta(days=days)
        if ok:
            assert proposal_create(actor=UserFactory(), name="Hendon", sunset_on=sunset).sunset_on == sunset
        else:
            with pytest.raises(ValidationError) as caught:
                proposal_create(actor=UserFactory(), name="Hendon", sunset_on=sunset)
            assert "The sunset date must be between" in messages(caught.value)["sunset_on"][0]
            assert "(6 to 36 months from today)" in messages(caught.value)["sunset_on"][0]

    def test_limits_are_settings(self, settings):
        settings.PARISH_MIN_MONTHS, settings.PARISH_MAX_MONTHS = 1, 3
        with pytest.raises(ValidationError):
            proposal_create(actor=UserFactory(), name="Hendon", sunset_on=add_months(self.today, 6))
        proposal_create(actor=UserFactory(), name="Hendon", sunset_on=add_months(self.today, 2))

    def test_not_a_date(self):
        with pytest.raises(ValidationError) as caught:
            proposal_create(actor=UserFactory(), name="Hendon", sunset_on="next year")
        assert messages(caught.value)["sunset_on"] == ["Enter the sunset date as a real date, like 31 3 2028"]


class TestUpdate:
    def test_a_proposer_changes_only_what_is_given(self):
        proposal = ProposalFactory()
        proposal_update(actor=proposal.created_by, proposal=proposal, purpose="Run the hall",
                        area=shifted(dx=0.001))
        proposal.refresh_from_db()
        assert proposal.purpose == "Run the hall"
        assert proposal.min_longitude == pytest.approx(-1.389)
        entry = AuditEntry.objects.get(action="parishes.proposal_updated")
        assert set(entry.changes) == {"purpose", "area"}

    def test_clearing_the_area_clears_its_box(self):
        proposal = ProposalFactory()
        proposal_update(actor=proposal.created_by, proposal=proposal, area=None)
        proposal.refresh_from_db()
        assert proposal.area is None and proposal.min_latitude is None

    def test_bad_area_saves_nothing(self):
        proposal = ProposalFactory()
        bow_tie = {"type": "Polygon", "coordinates": [[[-1.39, 54.90], [-1.37, 54.91], [-1.37, 54.90],
                                                       [-1.39, 54.91], [-1.39, 54.90]]]}
        with pytest.raises(ValidationError) as caught:
            proposal_update(actor=proposal.created_by, proposal=proposal, area=bow_tie, purpose="Changed")
        assert "cross each other" in messages(caught.value)["area"][0]
        proposal.refresh_from_db()
        assert proposal.purpose != "Changed"

    def test_who_may_not(self):
        proposal = ProposalFactory()
        for actor in (UserFactory(), None):
            with pytest.raises(PermissionDenied):
                proposal_update(actor=actor, proposal=proposal, purpose="Mine now")
        published = ProposalFactory(status=ProposalStatus.PUBLISHED)
        with pytest.raises(PermissionDenied):
            proposal_update(actor=published.created_by, proposal=published, purpose="After the petition opened")

    def test_a_co_proposer_may(self):
        proposal = ProposalFactory()
        co = UserFactory()
        proposal_add_coproposer(actor=proposal.created_by, proposal=proposal, user=co)
        proposal_update(actor=co, proposal=proposal, purpose="Ours")


class TestCoproposers:
    def test_added_joins_the_founding_group_and_is_told(self):
        proposal = ProposalFactory()
        co = UserFactory()
        proposal_add_coproposer(actor=proposal.created_by, proposal=proposal, user=co)
        assert Proposer.objects.get(proposal=proposal, user=co).role == ProposerRole.CO_PROPOSER
        assert FoundingMember.objects.filter(proposal=proposal, user=co).exists()
        assert Delivery.objects.filter(recipient=co, event="parishes.coproposer_added").exists()
        assert AuditEntry.objects.filter(action="parishes.coproposer_added", actor=proposal.created_by).exists()

    def test_twice_or_unconfirmed(self):
        proposal = ProposalFactory()
        with pytest.raises(ValidationError) as caught:
            proposal_add_coproposer(actor=proposal.created_by, proposal=proposal, user=proposal.created_by)
        assert "is already a proposer" in messages(caught.value)["user"][0]
        with pytest.raises(ValidationError) as caught:
            proposal_add_coproposer(actor=proposal.created_by, proposal=proposal, user=UserFactory(verified=False))
        assert "confirmed email address" in messages(caught.value)["user"][0]

    def test_only_the_lead_proposer_adds(self):
        proposal = ProposalFactory()
        co = UserFactory()
        proposal_add_coproposer(actor=proposal.created_by, proposal=proposal, user=co)
        with pytest.raises(PermissionDenied):
            proposal_add_coproposer(actor=co, proposal=proposal, user=UserFactory())
        with pytest.raises(PermissionDenied):
            proposal_add_coproposer(actor=UserFactory(), proposal=proposal, user=UserFactory())


class TestFoundingGroup:
    def test_join_and_leave(self):
        proposal = ProposalFactory()
        person = UserFactory()
        founding_member_join(actor=person, proposal=proposal)
        with pytest.raises(ValidationError):
            founding_member_join(actor=person, proposal=proposal)
        founding_member_leave(actor=person, proposal=proposal)
        with pytest.raises(ValidationError):
            founding_member_leave(actor=person, proposal=proposal)
        with pytest.raises(ValidationError):
            founding_member_leave(actor=proposal.created_by, proposal=proposal)

    def test_not_after_publishing_nor_unconfirmed(self):
        with pytest.raises(PermissionDenied):
            founding_member_join(actor=UserFactory(), proposal=ProposalFactory(status=ProposalStatus.PUBLISHED))
        with pytest.raises(PermissionDenied):
            founding_member_join(actor=UserFactory(verified=False), proposal=ProposalFactory())


class TestPowers:
    def test_set_with_justifications(self):
        proposal = ProposalFactory()
        proposal_set_powers(actor=proposal.created_by, proposal=proposal,
                            powers=[(standard_power(), "The park is neglected"),
                                    (standard_power("events-and-markets"), "A summer fair")])
        assert RequestedPower.objects.filter(proposal=proposal).count() == 2
        proposal_set_powers(actor=proposal.created_by, proposal=proposal, powers=[(standard_power(), "Only this")])
        assert list(proposal.requested_powers.values_list("justification", flat=True)) == ["Only this"]

    def test_justification_needed_and_no_duplicates(self):
        proposal = ProposalFactory()
        with pytest.raises(ValidationError) as caught:
            proposal_set_powers(actor=proposal.created_by, proposal=proposal,
                                powers=[(standard_power(), " "), (standard_power(), "Again")])
        assert messages(caught.value)["powers"] == ["Say why the parish needs Look after green spaces",
                                                    "Look after green spaces is chosen twice. Choose each power once"]
        assert not RequestedPower.objects.exists()

    def test_a_council_power_only_where_that_council_covers_the_area(self, hood):
        proposal = ProposalFactory()
        own = PowerFactory(local_authority=hood.local_authority, name="Run the lido")
        elsewhere = PowerFactory(name="Run the pier")
        proposal_set_powers(actor=proposal.created_by, proposal=proposal, powers=[(own, "Reopen it")])
        with pytest.raises(ValidationError) as caught:
            proposal_set_powers(actor=proposal.created_by, proposal=proposal, powers=[(elsewhere, "Reopen it")])
        assert "is offered only by" in messages(caught.value)["powers"][0]

    def test_councils_add_their_own(self, hood):
        power = power_add(actor=hood.officer, local_authority=hood.local_authority, name="Run the lido",
                          description="Summer opening")
        assert power.local_authority == hood.local_authority and not power.is_standard
        assert power.slug == "e08000024-run-the-lido"
        assert AuditEntry.objects.filter(action="parishes.power_added", actor=hood.officer).exists()
        with pytest.raises(ValidationError) as caught:
            power_add(actor=hood.officer, local_authority=hood.local_authority, name="run the LIDO")
        assert "There is already a power called" in messages(caught.value)["name"][0]
        with pytest.raises(ValidationError):
            power_add(actor=hood.officer, local_authority=hood.local_authority, name="Look after green spaces")
        with pytest.raises(ValidationError) as caught:
            power_add(actor=hood.officer, local_authority=hood.local_authority, name="")
        assert messages(caught.value)["name"] == ["Enter a name for the power"]

    def test_only_that_councils_officers_add_powers(self, hood):
        other = PowerFactory().local_authority
        for actor in (UserFactory(), hood.resident()):
            with pytest.raises(PermissionDenied):
                power_add(actor=actor, local_authority=hood.local_authority, name="Run the lido")
        with pytest.raises(PermissionDenied):
            power_add(actor=hood.officer, local_authority=other, name="Run the lido")
