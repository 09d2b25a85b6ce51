"""Which credentials count on a date, and which meet a DBS requirement: the rules eligibility builds on."""

import datetime

import pytest

from tests.volunteers.factories import CredentialFactory
from volunteers.models import CredentialStatus
from volunteers.selectors.credentials import (
    credential_is_valid,
    dbs_meets,
    effective_status,
    valid_credentials,
)

ON = datetime.date(2026, 6, 15)


@pytest.mark.django_db
def test_only_verified_unexpired_credentials_are_valid(passport):
    verified = CredentialFactory(passport=passport, verified=True, issued_on=ON - datetime.timedelta(days=5),
                                 expires_on=ON)
    CredentialFactory(passport=passport, issued_on=ON - datetime.timedelta(days=5))  # self-declared
    CredentialFactory(passport=passport, status=CredentialStatus.REJECTED)
    assert list(valid_credentials(passport, on=ON)) == [verified]
    # The expiry date still counts; the day after it does not, whatever the stored status says.
    assert credential_is_valid(verified, on=ON)
    assert not credential_is_valid(verified, on=ON + datetime.timedelta(days=1))
    assert list(valid_credentials(passport, on=ON + datetime.timedelta(days=1))) == []
    assert verified.status == CredentialStatus.VERIFIED
    assert effective_status(verified, on=ON + datetime.timedelta(days=1)) == CredentialStatus.EXPIRED
    # Not valid before it was issued either.
    assert not credential_is_valid(verified, on=ON - datetime.timedelta(days=6))


@pytest.mark.django_db
def test_valid_credentials_of_no_passport_is_empty():
    assert list(valid_credentials(None, on=ON)) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("held", "required", "meets"), [
    # (level, lists, workforce) held; (level, lists, workforce) required
    (("enhanced_barred", "both", "child_and_adult"), ("enhanced_barred", "adults", "adult"), True),
    (("enhanced_barred", "both", "child_and_adult"), ("enhanced_barred", "children", "child"), True),
    (("enhanced_barred", "adults", "adult"), ("enhanced_barred", "children", ""), False),
    (("enhanced_barred", "adults", "adult"), ("enhanced_barred", "both", ""), False),
    (("enhanced_barred", "adults", "adult"), ("enhanced", "", "adult"), True),
    (("enhanced_barred", "adults", "adult"), ("basic", "", ""), True),
    (("enhanced", "", "adult"), ("enhanced", "adults", ""), False),
    (("enhanced", "", "adult"), ("enhanced_barred", "", ""), False),
    (("standard", "", "other"), ("enhanced", "", ""), False),
    (("standard", "", "other"), ("standard", "", "other"), True),
    (("enhanced", "", "adult"), ("enhanced", "", "child"), False),
    (("enhanced", "", "child"), ("enhanced", "", "child_and_adult"), False),
    (("basic", "", ""), ("basic", "", ""), True),
])
def test_dbs_meets(passport, held, required, meets):
    level, lists, workforce = held
    credential = CredentialFactory(passport=passport, dbs=True, verified=True, dbs_level=level,
                                   dbs_barred_lists=lists, dbs_workforce=workforce, issued_on=ON)
    assert dbs_meets(credential, level=required[0], barred_lists=required[1], workforce=required[2], on=ON) is meets


@pytest.mark.django_db
def test_dbs_meets_needs_a_valid_dbs_credential(passport):
    unverified = CredentialFactory(passport=passport, dbs=True, issued_on=ON)
    training = CredentialFactory(passport=passport, verified=True, issued_on=ON)
    assert not dbs_meets(unverified, level="basic", on=ON)
    assert not dbs_meets(training, level="basic", on=ON)
    with pytest.raises(ValueError, match="Unknown DBS level"):
        dbs_meets(unverified, level="gold", on=ON)
    with pytest.raises(ValueError, match="Unknown barred lists"):
        dbs_meets(unverified, level="basic", barred_lists="pets", on=ON)
    with pytest.raises(ValueError, match="Unknown workforce"):
        dbs_meets(unverified, level="basic", workforce="army", on=ON)
