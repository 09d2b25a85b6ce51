"""A real Celery worker on Redis sends a notification exactly once, even when its task runs twice."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from covenant.notifications.models import Channel, Delivery, DeliveryStatus
from covenant.notifications.services import notify
from tests.conftest import need_service

pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
WAIT_SECONDS = 30


def _redis_available() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return False, "REDIS_URL is not set"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def _test_database_url() -> str:
    """The URL of the database this test runs in, for the worker to use the same one."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def _emails(directory: Path) -> list:
    """Every message the file-based email backend wrote (it separates messages with a line of dashes)."""
    messages = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk))
    return messages


@pytest.fixture
def services(transactional_db):
    available, reason = _redis_available()
    need_service("Redis", available, reason)
    need_service(
        "PostgreSQL", connection.vendor == "postgresql", "a worker process cannot see an in-memory SQLite test database"
    )


@pytest.fixture
def queue(services):
    """A queue of this test's own, routed to by the deliver task while the test runs."""
    from covenant.celery import app

    name = f"covenant-integration-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_routes
    app.conf.task_routes = {"covenant.notifications.tasks.deliver": {"queue": name}}
    app.amqp.flush_routes()
    # The router is cached with the routes it was made with: a later test's routes need a new one.
    app.amqp.router = app.amqp.Router()
    yield name
    app.conf.task_routes = previous
    app.amqp.flush_routes()
    # The router is cached with the routes it was made with: a later test's routes need a new one.
    app.amqp.router = app.amqp.Router()
    # Leave nothing behind in Redis for the next run.
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete(name)


@pytest.fixture
def worker(transactional_db, queue, tmp_path, integration_templates, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.NOTIFY_API_KEY = ""

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log_path = tmp_path / "worker.log"
    # The worker is given this test process's own Redis database, not left to work out a parallel test
    # process's from its name (covenant/settings.py), which would move it once more.
    env = {
        **{name: value for name, value in os.environ.items() if name != "PYTEST_XDIST_WORKER"},
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "NOTIFY_API_KEY": "",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    command = [
        str(CELERY), "-A", "covenant", "worker", "--pool=solo", "--concurrency=1", "-Q", queue,
        "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield {"process": process, "mail": mail_dir, "log": log_path, "queue": queue}
    finally:
        # Stop the worker before the database is flushed: its connection would otherwise hold locks.
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _wait_until_sent(worker, delivery_pk: int) -> Delivery:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        delivery = Delivery.objects.get(pk=delivery_pk)
        if delivery.status != DeliveryStatus.PENDING:
            return delivery
        if worker["process"].poll() is not None:
            break
        time.sleep(0.2)
    log = worker["log"].read_text(errors="replace")[-4000:]
    pytest.fail(f"Delivery {delivery_pk} was not sent within {WAIT_SECONDS}s. Worker log:\n{log}")


def test_a_real_worker_sends_once_even_when_the_task_runs_twice(worker):
    from covenant.accounts.models import User
    from covenant.notifications.tasks import deliver

    person = User.objects.create_user("worker.test@example.org", contact_in_app=False)

    notify(event="tests.integration", recipient=person, context={"group": "Hill Street"}, key="join-1")
    delivery = Delivery.objects.get(recipient=person, channel=Channel.EMAIL)
    delivery = _wait_until_sent(worker, delivery.pk)

    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    assert delivery.attempts == 1
    emails = _emails(worker["mail"])
    assert len(emails) == 1
    assert emails[0]["To"] == "worker.test@example.org"
    assert emails[0]["Subject"] == "Welcome to Hill Street"

    # The same notify again creates nothing; the same task again, through Redis, sends nothing.
    notify(event="tests.integration", recipient=person, context={"group": "Hill Street"}, key="join-1")
    assert Delivery.objects.filter(recipient=person).count() == 1
    deliver.delay(delivery.pk)
    # One queue and one solo worker run tasks in order: once this later message is sent, the
    # repeated task before it has run too.
    notify(event="tests.integration", recipient=person, context={"group": "Mill Lane"}, key="join-2")
    later = Delivery.objects.get(recipient=person, key="join-2")
    assert _wait_until_sent(worker, later.pk).status == DeliveryStatus.SENT

    subjects = sorted(message["Subject"] for message in _emails(worker["mail"]))
    assert subjects == ["Welcome to Hill Street", "Welcome to Mill Lane"]
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    log = worker["log"].read_text(errors="replace")
    # The repeated task really ran in the worker: three deliveries received, two emails sent.
    received = re.findall(r"Task covenant\.notifications\.tasks\.deliver\[[^\]]+\] received", log)
    assert len(received) == 3, log[-4000:]
