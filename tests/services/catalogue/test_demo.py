"""The catalogue's demo: Sunderland City Council's services, added by its officer through the service, once."""

import pytest

from covenant.accounts import demo as accounts_demo
from covenant.audit.models import AuditEntry
from covenant.core.demo import DemoWorld
from covenant.organisations import demo as organisations_demo
from covenant.places import demo as places_demo
from services.catalogue import demo
from services.catalogue.models import Service

pytestmark = pytest.mark.django_db


def _seed() -> DemoWorld:
    world = DemoWorld()
    for module in (places_demo, accounts_demo, organisations_demo, demo):
        module.seed(world)
    return world


def test_the_demo_adds_sunderlands_services_once_through_the_service():
    first = _seed()
    assert first.created["public services"] == len(demo.SERVICES)
    services = Service.objects.filter(owner__ons_code="E08000024")
    assert services.count() == len(demo.SERVICES) and all(s.is_published for s in services)
    assert services.get(reference="cat-hendon-01").wards.get().name == "Hendon"
    assert AuditEntry.objects.filter(action="services.service_created", actor=first.users["officer"]).count() == 4
    assert _seed().created["public services"] == 0
    assert services.count() == len(demo.SERVICES)
