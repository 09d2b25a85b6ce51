"""The funds' demo: both funds with an open round each, applications at every stage made through the services,
demo logins that hold their roles and see their pages, and seeding twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from funds.models import ApplicationStatus, Fund, FundKind, Round
from tests.accounts.factories import enrol_totp

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seeding_the_funds_demo_twice_changes_nothing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = StringIO()
    call_command("seed_demo", "--logins", stdout=first)
    for email in ("funds@example.org", "funds2@example.org", "assessor@example.org", "applicant@example.org"):
        assert email in first.getvalue()
    counts = _row_counts()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert "nothing changed" in second.getvalue()
    assert _row_counts() == counts


def test_the_demo_funds_have_open_rounds_and_applications_at_every_stage(client, settings):
    from covenant.audit.models import AuditEntry
    from covenant.organisations.selectors import user_roles
    from funds.selectors import award_money, fund_position, open_rounds, spending_limit

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    recovery = Fund.objects.get(identifier_prefix="covenant-crf")
    endowment = Fund.objects.get(identifier_prefix="covenant-lucf")
    assert (recovery.kind, endowment.kind) == (FundKind.RECOVERY, FundKind.ENDOWMENT)
    assert {r.programme.fund for r in open_rounds()} == {recovery, endowment}
    for round_ in Round.objects.all():
        assert round_.questions.exists() and round_.criteria.exists()
    assert spending_limit(endowment) > 0 and fund_position(endowment).available > 0

    statuses = {(a.organisation.name, a.round.programme.fund.identifier_prefix): a.status
                for a in apps.get_model("funds", "Application").objects.select_related("organisation", "round")}
    assert statuses == {
        ("Hendon Community Pantry", "covenant-crf"): ApplicationStatus.ACTIVE,
        ("Sunderland Warm Spaces CIO", "covenant-crf"): ApplicationStatus.RECOMMENDED,
        ("Blackpool Food Bank", "covenant-crf"): ApplicationStatus.SUBMITTED,
        ("Pallion Community Partnership", "covenant-lucf"): ApplicationStatus.APPROVED,
        ("Hendon Community Pantry", "covenant-lucf"): ApplicationStatus.DRAFT,
    }
    pantry = recovery.programmes.get().rounds.get().applications.get(organisation__name="Hendon Community Pantry")
    assert award_money(pantry).paid == 4000
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"funds.fund_created", "funds.round_published", "funds.application_submitted"} <= actions

    User = apps.get_model("accounts", "User")
    assert "fund_administrator" in user_roles(User.objects.get(email="funds2@example.org"))
    assert apps.get_model("organisations", "MembershipRole").objects.filter(
        membership__user__email="assessor@example.org", role="assessor",
        membership__organisation=recovery.organisation).exists()

    # The pages show it: the public front page and awards, the administrator's fund and dashboard.
    html = client.get(reverse("funds:index")).content.decode()
    assert "Community Recovery Fund" in html and "Winter crisis grants" in html
    html = client.get(reverse("funds:awards")).content.decode()
    assert "2 awards, £128,000 in all" in html
    dan = User.objects.get(email="funds@example.org")
    enrol_totp(dan)  # as staff must, before staff pages
    client.force_login(dan)
    html = client.get(reverse("funds:manage-fund", args=[endowment.slug])).content.decode()
    assert "Levelling Up Communities Fund" in html and "Spending limit for" in html
    assert client.get(reverse("funds:manage-dashboard", args=[recovery.slug])).status_code == 200
