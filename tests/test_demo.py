"""The demo world loads, documents its logins, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    first = StringIO()
    call_command("seed_demo", "--logins", stdout=first)
    counts = _row_counts()
    assert counts["accounts.User"] >= 7
    assert counts["organisations.Organisation"] >= 5
    assert counts["places.Postcode"] > 0
    assert "resident@example.org" in first.getvalue()
    assert "covenant-demo-2026" in first.getvalue()

    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert "nothing changed" in second.getvalue()
    assert _row_counts() == counts


@pytest.mark.django_db
def test_demo_people_can_sign_in_and_hold_their_roles(client):
    from covenant.organisations.selectors import user_roles

    call_command("seed_demo", stdout=StringIO())
    User = apps.get_model("accounts", "User")
    assert client.login(email="resident@example.org", password="covenant-demo-2026")
    assert "council_officer" in user_roles(User.objects.get(email="officer@example.org"))
    assert "fund_administrator" in user_roles(User.objects.get(email="funds@example.org"))
    assert "platform_staff" in user_roles(User.objects.get(email="staff@example.org"))
