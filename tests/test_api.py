"""API conventions: the OpenAPI schema, docs and the one error body."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    # --fail-on-warn turns every drf-spectacular warning into a failure; --validate checks OpenAPI 3.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert text.startswith("openapi: 3")
    assert "/api/v1/" in text


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"Covenant API" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200


@pytest.mark.django_db
def test_unknown_api_path_answers_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
