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


class Broker:
    """Stands in for the broker at the boundary, each task's apply_async: records what is enqueued, runs it as
    the eager default would (unless told not to), or fails the way publishing to an unreachable Redis does."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch
        self.enqueued: list[tuple[str, tuple]] = []
        self.options: list[dict] = []
        self.error: Exception | None = None
        self.run = True

    def watch(self, *tasks) -> "Broker":
        for task in tasks:
            self._monkeypatch.setattr(task, "apply_async", self._publisher(task, task.apply_async))
        return self

    def go_down(self, error: Exception | None = None) -> None:
        from kombu.exceptions import OperationalError

        self.error = error or OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def come_back(self) -> None:
        self.error = None

    def _publisher(self, task, apply_async):
        def publish(args=None, kwargs=None, **options):
            self.enqueued.append((task.name, tuple(args or ())))
            self.options.append(options)
            if self.error is not None:
                raise self.error
            return apply_async(args, kwargs, **options) if self.run else None

        return publish


@pytest.fixture
def broker(monkeypatch):
    """A broker that tests can take down: `broker.watch(task, ...)`, then `broker.go_down()`."""
    from covenant.core import queueing

    # A failure seen by one test must not make another's enqueues fail fast.
    queueing._failed_at = None
    yield Broker(monkeypatch)
    queueing._failed_at = None
