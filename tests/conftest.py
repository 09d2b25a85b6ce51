"""Shared fixtures: tasks run in-process unless a test asks for the real worker."""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REQUIRE_SERVICES = os.environ.get("COVENANT_REQUIRE_SERVICES") == "1"


def need_service(name: str, available: bool, reason: str = "") -> None:
    """Skip a test whose service is missing on a developer's machine; in CI, fail instead."""
    if available:
        return
    message = f"{name} is not available{': ' + reason if reason else ''}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def shared_dir() -> Path:
    """../shared/, which a fresh clone may not have."""
    if not SHARED.is_dir():
        pytest.skip("../shared/ is not present beside the repository")
    return SHARED


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run Celery tasks in-process by default; integration tests use a real worker."""
    from covenant.celery import app

    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs half a second a password by design; tests need only its behaviour.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sections_live(settings):
    """Mount a page at every domain section so navigation offers them all."""
    from covenant.core.navigation import is_live

    settings.ROOT_URLCONF = "tests.core.section_urls"
    is_live.cache_clear()
    yield
    is_live.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_section_cache():
    from covenant.core.navigation import is_live

    is_live.cache_clear()
    yield
    is_live.cache_clear()
