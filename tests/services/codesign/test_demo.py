"""The co-design demo: a participatory budget in its vote phase, made through the services, and made once."""

import pytest

from covenant.core.demo import DemoWorld
from services.codesign import demo
from services.codesign.models import Ballot, Contribution, Process, ProcessStatus
from services.codesign.selectors import current_phase
from tests.organisations.factories import MembershipFactory
from tests.places.factories import PostcodeFactory

pytestmark = pytest.mark.django_db


def test_the_demo_budget_is_in_its_vote_phase_with_proposals_and_runs_once(town):
    for n in range(3):
        PostcodeFactory(postcode=f"SR2 {n}AB", ward=town.ward, local_authority=town.local_authority)
    world = DemoWorld(users={"officer": town.officer})
    demo.seed(world)
    process = Process.objects.get(slug=demo.SLUG)
    assert process.status == ProcessStatus.PUBLISHED and current_phase(process).kind == "vote"
    assert process.service.owner == town.organisation
    assert Contribution.objects.filter(process=process, kind="proposal").count() == len(demo.PROPOSALS)
    assert Ballot.objects.filter(process=process).count() == len(demo.BALLOTS)
    assert world.created["co-design processes"] == 1
    demo.seed(DemoWorld(users={"officer": town.officer}))
    assert Process.objects.count() == 1 and Ballot.objects.count() == len(demo.BALLOTS)


def test_without_the_council_or_its_officer_the_demo_adds_nothing(db):
    demo.seed(DemoWorld(users={"officer": MembershipFactory().user}))
    assert not Process.objects.exists()
