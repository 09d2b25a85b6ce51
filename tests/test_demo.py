"""The demo world loads, documents its logins, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse


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


@pytest.mark.django_db
def test_demo_passport_world_shows_the_whole_journey(client):
    from covenant.audit.models import AuditEntry
    from volunteers.models import CredentialKind, CredentialStatus, HoursStatus, ReferenceStatus
    from volunteers.selectors.issuing import document_verify
    from volunteers.selectors.sharing import active_shares

    call_command("seed_demo", stdout=StringIO())
    User = apps.get_model("accounts", "User")
    aisha = User.objects.get(email="resident@example.org")
    priya = User.objects.get(email="priya@example.org")
    tom = User.objects.get(email="tom.rowe@example.org")
    passport = aisha.passport

    assert passport.skills.filter(skill__slug="trade-cook", level=2).exists()
    assert set(passport.causes.values_list("slug", flat=True)) == {"community", "anti-poverty"}
    assert passport.availability.count() == 2
    assert passport.unavailable.count() == 1

    dbs = passport.credentials.get(kind=CredentialKind.DBS)
    assert (dbs.dbs_level, dbs.dbs_barred_lists, dbs.status) == ("enhanced_barred", "adults", CredentialStatus.VERIFIED)
    assert dbs.verified_by == priya
    assert dbs.verified_organisation.name == "Blackpool Food Bank"
    assert passport.credentials.get(kind=CredentialKind.TRAINING).status == CredentialStatus.SELF_DECLARED

    reference = passport.references.get()
    assert reference.status == ReferenceStatus.ANSWERED and not reference.confidential
    statuses = sorted(passport.hours.values_list("status", flat=True))
    assert statuses == [HoursStatus.CONFIRMED, HoursStatus.CONFIRMED, HoursStatus.UNCONFIRMED]
    assert set(passport.hours.filter(status=HoursStatus.CONFIRMED).values_list("confirmed_by", flat=True)) == {
        priya.pk}

    share = active_shares().get(passport=passport)
    assert share.organisation == dbs.verified_organisation
    assert share.sections == ["profile", "dbs", "training", "history"]

    issued = passport.issued.get()
    assert list(issued.credentials.all()) == [dbs]
    result = document_verify(issued.document)
    assert (result.verified, result.status) == (True, "valid")

    assert tom.passport.skills.count() == 2
    assert not tom.passport.credentials.exists()

    # Written through the services, so the audit log tells the story.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"volunteers.credential_create", "volunteers.share_created", "volunteers.credential_verify",
            "volunteers.reference_answered", "volunteers.hours_confirmed", "volunteers.credential_issued"} <= actions

    # Priya, the food bank's verifier, sees the shared DBS check through the real page.
    assert client.login(email="priya@example.org", password="covenant-demo-2026")
    response = client.get(reverse("volunteers:sharing-org-passport", args=[share.organisation_id, passport.pk]))
    assert response.status_code == 200
    assert "Aisha" in response.content.decode()
