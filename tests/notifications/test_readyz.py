"""Readiness reports a broker that cannot be reached, so deployments do not route work to it."""

import pytest

pytestmark = pytest.mark.django_db


def test_readyz_reports_a_broken_broker(client, settings):
    # Port 1 on localhost refuses connections at once: a broker that is down.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert "ConnectionError" in body["checks"]["broker"]


def test_readyz_reports_an_unparseable_broker_url(client, settings):
    settings.REDIS_URL = "not-a-redis-url"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] != "ok"
