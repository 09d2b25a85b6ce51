"""Adding, changing and removing credentials; verifying and refusing them; audit and notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import CredentialFactory, verifier_of
from volunteers.models import Credential, CredentialStatus, IssuedCredential, Section, SigningKey
from volunteers.services import credentials as services

from .conftest import dbs_details, share

pytestmark = pytest.mark.django_db


def verify(credential, verifier, organisation, **kwargs):
    values = {"evidence_seen": "Original certificate", "evidence_seen_on": timezone.localdate()}
    values.update(kwargs)
    return services.credential_verify(actor=verifier, organisation=organisation, credential=credential, **values)


def test_create_starts_a_passport_and_audits_without_the_certificate_number(holder):
    credential = services.credential_create(actor=holder, kind="dbs", details=dbs_details())
    assert credential.passport.holder == holder
    assert credential.status == CredentialStatus.SELF_DECLARED
    entry = AuditEntry.objects.get(action="volunteers.credential_create")
    assert entry.changes["certificate_number"] == [None, "********7890"]
    assert "001234567890" not in str(entry.changes)


def test_create_refuses_bad_input_and_changes_nothing(holder):
    with pytest.raises(ValidationError):
        services.credential_create(actor=holder, kind="dbs", details=dbs_details(certificate_number="12"))
    assert not Credential.objects.exists()


def test_changing_a_verified_credential_makes_it_unverified_again(shared_dbs, verifier, organisation, holder):
    verify(shared_dbs, verifier, organisation)
    changed = services.credential_update(actor=holder, credential=shared_dbs,
                                         details=dbs_details(certificate_number="009999999999"))
    assert changed.status == CredentialStatus.SELF_DECLARED
    assert changed.verified_by is None and changed.verified_organisation is None and changed.evidence_seen == ""
    entry = AuditEntry.objects.get(action="volunteers.credential_update")
    assert entry.metadata["verification_reset"] is True
    assert entry.changes["status"] == ["verified", "self_declared"]


def test_saving_the_same_answers_keeps_the_verification(holder, organisation, verifier):
    credential = services.credential_create(actor=holder, kind="dbs", details=dbs_details())
    share(credential.passport, organisation, [Section.DBS])
    verify(credential, verifier, organisation)
    unchanged = services.credential_update(actor=holder, credential=credential, details=dbs_details())
    assert unchanged.status == CredentialStatus.VERIFIED
    assert not AuditEntry.objects.filter(action="volunteers.credential_update").exists()


def test_only_the_holder_changes_or_removes(dbs):
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.credential_update(actor=stranger, credential=dbs, details=dbs_details())
    with pytest.raises(PermissionDenied):
        services.credential_remove(actor=stranger, credential=dbs)


def test_remove_deletes_or_withdraws_an_issued_credential(passport, holder):
    plain = CredentialFactory(passport=passport)
    services.credential_remove(actor=holder, credential=plain)
    assert not Credential.objects.filter(pk=plain.pk).exists()
    assert AuditEntry.objects.filter(action="volunteers.credential_remove").exists()
    issued = CredentialFactory(passport=passport, verified=True)
    key = SigningKey.objects.create(kid="test-key", public_key="x", private_key_encrypted="x")
    document = IssuedCredential.objects.create(passport=passport, document={}, key=key)
    document.credentials.add(issued)
    services.credential_remove(actor=holder, credential=issued)
    issued.refresh_from_db()
    assert issued.status == CredentialStatus.REVOKED
    assert AuditEntry.objects.filter(action="volunteers.credential_withdraw").exists()


def test_verify_needs_a_verifier_a_verified_organisation_and_a_share(dbs, organisation, verifier):
    # No share yet.
    with pytest.raises(PermissionDenied):
        verify(dbs, verifier, organisation)
    # A share of other sections only.
    share(dbs.passport, organisation, [Section.TRAINING])
    with pytest.raises(PermissionDenied):
        verify(dbs, verifier, organisation)
    share(dbs.passport, organisation, [Section.DBS])
    # A member without the verifier role.
    from tests.organisations.factories import MembershipFactory
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    with pytest.raises(PermissionDenied):
        verify(dbs, coordinator, organisation)
    verified = verify(dbs, verifier, organisation)
    assert verified.status == CredentialStatus.VERIFIED
    assert verified.verified_by == verifier and verified.verified_organisation == organisation
    assert AuditEntry.objects.filter(action="volunteers.credential_verify", actor=verifier).exists()
    delivery = Delivery.objects.get(event="volunteers.credential_verified", recipient=dbs.passport.holder, channel="email")
    assert "Riverside Volunteer Centre" in delivery.body


def test_a_revoked_share_stops_verification(dbs, organisation, verifier):
    share(dbs.passport, organisation, [Section.DBS], revoked=True)
    with pytest.raises(PermissionDenied):
        verify(dbs, verifier, organisation)


def test_verifier_of_unverified_organisation_cannot_verify(dbs, unverified_organisation_verifier):
    from covenant.organisations.models import Membership
    organisation = Membership.objects.get(user=unverified_organisation_verifier).organisation
    with pytest.raises(PermissionDenied):
        verify(dbs, unverified_organisation_verifier, organisation)


def test_holder_cannot_verify_their_own(dbs, organisation):
    from tests.organisations.factories import MembershipFactory
    MembershipFactory(organisation=organisation, roles=["verifier"], user=dbs.passport.holder)
    share(dbs.passport, organisation, [Section.DBS])
    with pytest.raises(PermissionDenied):
        verify(dbs, dbs.passport.holder, organisation)


def test_verify_refuses_future_dates_and_expired_credentials(passport, organisation, verifier):
    training = CredentialFactory(passport=passport, expires_on=timezone.localdate() + datetime.timedelta(days=5))
    share(passport, organisation, [Section.TRAINING])
    with pytest.raises(ValidationError) as caught:
        verify(training, verifier, organisation, evidence_seen_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "evidence_seen_on" in caught.value.message_dict
    with pytest.raises(ValidationError, match="expired on"):
        verify(training, verifier, organisation, on=timezone.localdate() + datetime.timedelta(days=6))
    training.refresh_from_db()
    assert training.status == CredentialStatus.SELF_DECLARED


def test_reject_records_the_reason_and_tells_the_holder(shared_dbs, organisation, verifier):
    rejected = services.credential_reject(actor=verifier, organisation=organisation, credential=shared_dbs,
                                          evidence_seen="Photocopy only", evidence_seen_on=timezone.localdate(),
                                          reason="The number does not match the certificate")
    assert rejected.status == CredentialStatus.REJECTED
    assert rejected.rejection_reason == "The number does not match the certificate"
    delivery = Delivery.objects.get(event="volunteers.credential_rejected", channel="email")
    assert "The number does not match the certificate" in delivery.body
    # A rejected credential can be verified later, once the holder shows the right evidence.
    assert verify(rejected, verifier, organisation).status == CredentialStatus.VERIFIED
    with pytest.raises(ValidationError, match="already verified"):
        verify(rejected, verifier, organisation)


def test_a_second_verifier_organisation_needs_its_own_share(shared_dbs):
    other = verifier_of()
    from covenant.organisations.models import Membership
    with pytest.raises(PermissionDenied):
        verify(shared_dbs, other, Membership.objects.get(user=other).organisation)
