"""Settings come from the environment, and production refuses unsafe configuration."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "COVENANT_ENV", "DEBUG"}}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", COVENANT_ENV="production", ALLOWED_HOSTS="covenant.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", COVENANT_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        COVENANT_ENV="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="covenant.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_unknown_environment_name_is_refused():
    result = _manage("check", COVENANT_ENV="staging")
    assert result.returncode != 0
    assert "COVENANT_ENV must be one of" in result.stderr
