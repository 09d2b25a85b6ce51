"""Fixtures for tests that run real services: event templates of their own."""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture
def integration_templates(settings):
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0] = {**engines[0], "DIRS": [*engines[0]["DIRS"], TEMPLATES]}
    settings.TEMPLATES = engines
