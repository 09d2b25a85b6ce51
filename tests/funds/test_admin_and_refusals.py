"""The admin shows funds read-only (the ledger never editable), and every refusal of a service is audited with
who, what and why, after its own work was rolled back."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import Application, LedgerTransaction
from tests.accounts.factories import StaffUserFactory

from .factories import draft

pytestmark = pytest.mark.django_db


def test_the_admin_lists_funds_and_the_ledger_but_changes_nothing(client, round_):
    staff = StaffUserFactory(mfa=True, is_superuser=True)
    client.force_login(staff)
    for model in ("fund", "round", "application", "ledgertransaction"):
        assert client.get(f"/django-admin/funds/{model}/").status_code == 200, model
    entry = LedgerTransaction.objects.first()
    assert client.get(f"/django-admin/funds/ledgertransaction/{entry.pk}/change/").status_code == 200
    model_admin = site._registry[LedgerTransaction]
    request = type("Request", (), {"user": staff})()
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert client.post(f"/django-admin/funds/ledgertransaction/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LedgerTransaction.objects.filter(pk=entry.pk).exists()


def test_a_refusal_is_audited_with_its_reasons_and_nothing_it_started_is_kept(round_):
    application, applicant = draft(round_)
    with pytest.raises(ValidationError):
        services.application_update(actor=applicant, application=application, title="New name",
                                    amount_requested="1")
    assert Application.objects.get(pk=application.pk).title == "Warm spaces this winter"
    assert not AuditEntry.objects.filter(action="funds.application_updated", changes__title__isnull=False).exists()
    refusal = AuditEntry.objects.get(action="funds.application_update_refused")
    assert refusal.actor == applicant and refusal.target_id == str(application.pk)
    assert refusal.metadata["refused"] == "invalid"
    assert refusal.metadata["errors"] == {"amount_requested": ["Enter an amount between £1,000 and £100,000"]}
    assert refusal.metadata["arguments"]["application"] == f"funds.Application:{application.pk}"
