"""The funds' part of a person's data export, and what erasing their account leaves of the grant's record."""

import pytest
from django.utils import timezone

from covenant.accounts.privacy import export_contributions
from covenant.accounts.services import user_delete_account
from funds import services
from funds.models import Application, Decision, Payment

from .factories import assessed, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(round_, admin, admin2, assessor, assessor2, finance):
    """A large award through the services: one assessor declares a conflict, one scores, two administrators
    decide, finance pays the first tranche."""
    application, applicant = submitted(round_, amount="60000")
    services.assessor_assign(actor=admin, application=application, assessor=assessor2)
    services.conflict_declare(actor=assessor2, application=application, has_conflict=True,
                              details="I am a trustee of the charity.")
    assessed(application, admin, [assessor])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Strong need.")
    services.application_approve(actor=admin, application=application, amount="60000", reasons="Meets the need.")
    services.decision_confirm(actor=admin2, application=application)
    services.agreement_accept(actor=applicant, application=application, full_name="Sam Jones", role="Chair")
    (tranche,) = services.tranches_schedule(actor=admin, application=application, tranches=[
        {"amount": "60000", "due_on": timezone.localdate()}])
    services.tranche_release(actor=finance, tranche=tranche, reference="BACS-1")
    return application, applicant


def test_each_person_finds_their_own_part_in_their_export(funded, admin, admin2, assessor, assessor2, finance):
    application, applicant = funded
    assert export_contributions(applicant)["funds"]["applications"] == [{
        "project": application.title, "organisation": application.organisation.name,
        "round": application.round.name, "status": "active", "started_by_you": True, "submitted_by_you": True,
        "submitted_at": application.submitted_at.isoformat()}]

    conflicted = export_contributions(assessor2)["funds"]["assessments"]
    assert len(conflicted) == 1
    assert conflicted[0]["declaration"]["has_conflict"] is True
    assert conflicted[0]["declaration"]["details"] == "I am a trustee of the charity."
    assert conflicted[0]["removed_at"] is not None and conflicted[0]["scores"] == []
    scored = export_contributions(assessor)["funds"]["assessments"][0]
    assert scored["declaration"]["has_conflict"] is False
    assert scored["scores"] and all(0 <= s["score"] <= 5 and s["comment"] for s in scored["scores"])

    first, second = (export_contributions(person)["funds"]["decisions"] for person in (admin, admin2))
    assert first[0]["decided_by_you"] and not first[0]["confirmed_by_you"]
    assert second[0]["confirmed_by_you"] and not second[0]["decided_by_you"]
    assert export_contributions(finance)["funds"]["payments_released"] == [
        {"application": application.title, "amount": "60000.00", "reference": "BACS-1"}]


def test_someone_who_never_used_the_funds_has_no_part(db):
    from tests.accounts.factories import UserFactory

    assert "funds" not in export_contributions(UserFactory())


def test_erasing_a_decider_keeps_the_decision_and_payment_on_record(funded, admin, finance):
    application, _ = funded
    user_delete_account(actor=finance, user=finance)
    user_delete_account(actor=admin, user=admin)
    assert Payment.objects.get(application=application).released_by_id == finance.pk
    assert Decision.objects.get(application=application).decided_by_id == admin.pk
    assert Application.objects.get(pk=application.pk).amount_awarded is not None
    admin.refresh_from_db()
    assert admin.email.endswith("@deleted.invalid")
