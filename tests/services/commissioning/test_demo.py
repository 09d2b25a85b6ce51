"""The commissioning demo: Sunderland's youth services awarded through the services, and community transport
open for bids; loading it again changes nothing."""

import pytest

from covenant.accounts import demo as accounts_demo
from covenant.core.demo import DemoWorld
from covenant.organisations import demo as organisations_demo
from covenant.places import demo as places_demo
from services.catalogue import demo as catalogue_demo
from services.commissioning import demo, selectors
from services.commissioning.models import Award, Exercise, ExerciseStatus

pytestmark = pytest.mark.django_db


def _seed() -> DemoWorld:
    world = DemoWorld()
    for module in (places_demo, accounts_demo, organisations_demo, catalogue_demo, demo):
        module.seed(world)
    return world


def test_the_demo_awards_youth_services_with_social_value_weighted_and_opens_transport():
    world = _seed()
    assert world.created["commissioning exercises"] == 2
    youth = Exercise.objects.get(title="Youth services from April")
    assert youth.status == ExerciseStatus.AWARDED
    assert sum(c.weight for c in youth.criteria.filter(kind="social_value")) >= 10
    awards = {a.lot.number: a.bid.organisation.name for a in Award.objects.select_related("lot", "bid__organisation")}
    assert awards == {1: "Wearside Youth Trust", 2: "Northern Youth Services Ltd"}
    transport = Exercise.objects.get(title="Community transport from 2028")
    assert selectors.timing(transport).phase == "open"
    report = selectors.council_spend(youth.service.owner)
    assert report.overall.sme_vcse_share == 100
    assert _seed().created["commissioning exercises"] == 0
    assert Exercise.objects.count() == 2
