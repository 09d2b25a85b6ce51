"""What the database holds true for parishes, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from parishes.models import Electorate, Power, ProposalStatus, Signature

from .factories import ProposalFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def test_standard_powers_are_seeded():
    assert set(Power.objects.filter(local_authority__isnull=True).values_list("slug", flat=True)) == {
        "green-spaces", "community-building", "commission-local-service", "planning-say", "events-and-markets",
        "regulatory-freedoms",
    }
    assert all(power.is_standard for power in Power.objects.all())


def test_one_active_signature_per_person_but_a_withdrawn_one_stays():
    signature = SignatureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(proposal=signature.proposal, signer=signature.signer, postcode="SR2 8AA")
    signature.withdrawn_at = timezone.now()
    signature.save()
    again = Signature.objects.create(proposal=signature.proposal, signer=signature.signer, postcode="SR2 8AA")
    assert list(Signature.objects.active()) == [again]
    assert Signature.objects.count() == 2


def test_a_published_proposal_must_have_its_area_and_sunset():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(status=ProposalStatus.PUBLISHED, area=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(status=ProposalStatus.PUBLISHED, sunset_on=None)
    ProposalFactory(status=ProposalStatus.DRAFT, area=None, sunset_on=None)


def test_a_declined_proposal_has_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(status=ProposalStatus.DECLINED, decline_reason="")


def test_an_electorate_is_for_a_ward_or_an_lsoa(hood):
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Electorate.objects.create(ward=hood.ward, lsoa=hood.lsoa, electors=10, as_of=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Electorate.objects.create(electors=10, as_of=today)
    Electorate.objects.create(ward=hood.ward, electors=10, as_of=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Electorate.objects.create(ward=hood.ward, electors=12, as_of=today)
