"""Event templates that exist only for these tests."""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture(autouse=True)
def _test_event_templates(settings):
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0] = {**engines[0], "DIRS": [*engines[0]["DIRS"], TEMPLATES]}
    settings.TEMPLATES = engines


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFY_API_KEY = ""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test passwords need no protection; the real hasher costs seconds across a suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
