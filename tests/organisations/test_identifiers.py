"""Register numbers and the org-id identifiers derived from them."""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from covenant.organisations import identifiers as ids

digits = st.text(alphabet="0123456789", min_size=6, max_size=6)
spacing = st.sampled_from(["", " ", "  "])
case = st.sampled_from([str.upper, str.lower])


@given(number=st.integers(min_value=200000, max_value=1999999))
def test_england_and_wales_charity_numbers_derive_gb_chc(number):
    assert ids.charity_org_id(str(number)) == f"GB-CHC-{number}"


@given(six=digits, space=spacing, change_case=case)
def test_scottish_charity_numbers_keep_their_prefix(six, space, change_case):
    assert ids.charity_org_id(change_case(f"SC{space}{six}")) == f"GB-SC-SC{six}"


@given(six=digits, space=spacing, change_case=case)
def test_northern_ireland_charity_numbers_drop_the_letters(six, space, change_case):
    assert ids.charity_org_id(change_case(f"NIC{space}{six}")) == f"GB-NIC-{six}"


@given(number=st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_company_numbers_keep_leading_zeros(number):
    assert ids.company_org_id(number) == f"GB-COH-{number}"
    assert ids.company_org_id(f" {number[:4]} {number[4:]} ") == f"GB-COH-{number}"


@given(number=st.integers(min_value=100000, max_value=9999999))
def test_short_company_numbers_are_padded_to_eight(number):
    assert ids.normalise_company_number(str(number)) == f"{number:08d}"


@given(prefix=st.sampled_from(sorted(ids.COMPANY_PREFIXES)), six=digits, change_case=case)
def test_prefixed_company_numbers(prefix, six, change_case):
    assert ids.company_org_id(change_case(f"{prefix}{six}")) == f"GB-COH-{prefix}{six}"


@given(
    entity=st.sampled_from(sorted(ids.LOCAL_AUTHORITY_ENTITIES)),
    six=digits,
    code=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=4),
)
def test_council_identifiers_follow_the_country_of_the_ons_code(entity, six, code):
    scheme = {"E": "GB-LAE", "S": "GB-LAS", "W": "GB-PLA", "N": "GB-LANI"}[entity[0]]
    assert ids.normalise_local_authority_code(f"{entity.lower()}{six}") == f"{entity}{six}"
    assert ids.local_authority_org_id(f"{entity}{six}", code.lower()) == f"{scheme}-{code}"


@given(pk=st.integers(min_value=1, max_value=10**12))
def test_fallback_identifier_is_stable_and_valid(pk):
    assert ids.fallback_org_id(pk) == f"360G-covenant-org-{pk}"
    assert ids.derive_org_id(pk=pk) == ids.fallback_org_id(pk)
    assert ids.is_org_id(ids.fallback_org_id(pk))


CANONICAL_CHARITY = re.compile(r"^(?:[2-9][0-9]{5}|1[0-9]{6}|SC[0-9]{6}|NIC[0-9]{6})$")
CANONICAL_COMPANY = re.compile(r"^[A-Z0-9]{2}[0-9]{6}$")


@given(junk=st.text(max_size=30))
def test_junk_never_passes_as_a_charity_number(junk):
    try:
        number = ids.normalise_charity_number(junk)
    except ValidationError:
        return
    # Whatever passes is a real number in canonical form, typed with at most some spaces and other case.
    assert CANONICAL_CHARITY.match(number)
    assert re.sub(r"\s+", "", junk).upper() == number
    assert ids.is_org_id(ids.charity_org_id(number))


@given(junk=st.text(max_size=30))
def test_junk_never_passes_as_a_company_number(junk):
    try:
        number = ids.normalise_company_number(junk)
    except ValidationError:
        return
    assert CANONICAL_COMPANY.match(number)
    assert re.sub(r"\s+", "", junk).upper().zfill(8) == number
    assert number[:2] in ids.COMPANY_PREFIXES or number.isdigit()


@given(junk=st.text(max_size=30))
def test_junk_never_passes_as_a_council_code(junk):
    try:
        code = ids.normalise_local_authority_code(junk)
    except ValidationError:
        return
    assert code[:3] in ids.LOCAL_AUTHORITY_ENTITIES and code[3:].isdigit() and len(code) == 9


@given(junk=st.text(alphabet=st.characters(blacklist_categories=["Nd", "Lu", "Ll", "Zs", "Cc"]), min_size=1,
                    max_size=10), number=st.integers(min_value=200000, max_value=1999999))
def test_any_punctuation_is_rejected(junk, number):
    with pytest.raises(ValidationError):
        ids.normalise_charity_number(f"{number}{junk}")
    with pytest.raises(ValidationError):
        ids.normalise_company_number(f"{junk}{number:08d}")


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("", "required", "Enter a charity number"),
        ("   ", "required", "Enter a charity number"),
        ("116-4883", "characters", "only include letters and numbers"),
        ("0123456", "invalid", "Enter a charity number in the correct format"),
        ("12345", "invalid", "like 1164883"),
        ("SC12345", "invalid", "SC012345"),
        ("NIC1000020", "invalid", "NIC100002"),
        ("XX012345", "invalid", "correct format"),
    ],
)
def test_charity_number_errors_say_what_to_do(value, code, message):
    with pytest.raises(ValidationError) as caught:
        ids.normalise_charity_number(value)
    assert caught.value.code == code
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "required"), ("0123/4567", "characters"), ("12345", "invalid"), ("123456789", "invalid"),
     ("XY123456", "prefix"), ("SC12345", "invalid"), ("SCABCDEF", "invalid")],
)
def test_company_number_errors(value, code):
    with pytest.raises(ValidationError) as caught:
        ids.normalise_company_number(value)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "required"), ("E0600001", "invalid"), ("E060000011", "invalid"), ("X06000001", "invalid"),
     ("E05000001", "entity"), ("E04000001", "entity"), ("W07000001", "entity")],
)
def test_council_code_errors(value, code):
    with pytest.raises(ValidationError) as caught:
        ids.normalise_local_authority_code(value)
    assert caught.value.code == code


def test_parish_codes():
    assert ids.normalise_parish_code("e04000001") == "E04000001"
    assert ids.normalise_parish_code("W04000123") == "W04000123"
    with pytest.raises(ValidationError):
        ids.normalise_parish_code("E06000001")


@pytest.mark.parametrize("value", ["", "AB", "ABCDE", "AB1", "A-B"])
def test_register_code_errors(value):
    with pytest.raises(ValidationError):
        ids.normalise_register_code(value)


def test_known_examples():
    assert ids.charity_org_id("1164883") == "GB-CHC-1164883"
    assert ids.charity_org_id("sc012345") == "GB-SC-SC012345"
    assert ids.charity_org_id("NIC100002") == "GB-NIC-100002"
    assert ids.company_org_id("01234567") == "GB-COH-01234567"
    assert ids.company_org_id("1234567") == "GB-COH-01234567"
    assert ids.company_org_id("oc301540") == "GB-COH-OC301540"
    assert ids.local_authority_org_id("E08000025", "BIR") == "GB-LAE-BIR"
    assert ids.local_authority_org_id("W06000015", "CRF") == "GB-PLA-CRF"


def test_identifier_preference_charity_then_company_then_council_then_own():
    assert ids.derive_org_id(pk=7, charity_number="1164883", company_number="01234567") == "GB-CHC-1164883"
    assert ids.derive_org_id(pk=7, company_number="01234567") == "GB-COH-01234567"
    assert ids.derive_org_id(pk=7, ons_code="S12000033", register_code="ABE") == "GB-LAS-ABE"
    # Without its register code a council is not guessed at: it gets our own identifier.
    assert ids.derive_org_id(pk=7, ons_code="S12000033") == "360G-covenant-org-7"
    # A parish's ONS code never makes a council identifier.
    assert ids.derive_org_id(pk=7, ons_code="E04000001", register_code="ABC") == "360G-covenant-org-7"


@pytest.mark.parametrize("pk", [0, -1, True, "3", None])
def test_fallback_needs_a_real_database_id(pk):
    with pytest.raises(ValueError):
        ids.fallback_org_id(pk)
