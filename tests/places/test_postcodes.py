"""Postcode validation and normalisation, with properties checked over generated postcodes."""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from covenant.places.postcodes import (
    FULL_RE,
    is_valid_postcode,
    normalise_outward_code,
    normalise_postcode,
    normalise_postcode_or_outward,
    outward_code,
)

valid_compact = st.from_regex(FULL_RE, fullmatch=True)
spacing = st.text(alphabet=" \t", max_size=3)


@st.composite
def respelled(draw, compact):
    """The same postcode with random case and whitespace between (and around) its characters."""
    parts = [draw(spacing)]
    for char in compact:
        parts.append(char.lower() if draw(st.booleans()) else char)
        parts.append(draw(spacing))
    return "".join(parts)


@given(data=st.data(), compact=valid_compact)
def test_every_valid_postcode_normalises_to_itself_in_any_spacing_or_case(data, compact):
    canonical = normalise_postcode(compact)
    assert canonical == f"{compact[:-3]} {compact[-3:]}"
    assert normalise_postcode(canonical) == canonical
    assert normalise_postcode(data.draw(respelled(compact))) == canonical
    assert outward_code(canonical) == compact[:-3]


@given(junk=st.text(min_size=1).filter(lambda s: re.search(r"[^A-Za-z0-9\s]", s)))
def test_text_with_anything_but_letters_numbers_and_spaces_never_validates(junk):
    assert not is_valid_postcode(junk)


@given(junk=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=12))
def test_letters_and_numbers_validate_only_in_postcode_shape(junk):
    assert is_valid_postcode(junk) == (bool(FULL_RE.match(junk)) or junk == "GIR0AA")


@pytest.mark.parametrize(
    "value, expected",
    [("sw1a1aa", "SW1A 1AA"), (" M1 1AE ", "M1 1AE"), ("b338th", "B33 8TH"), ("cr2 6xh", "CR2 6XH"),
     ("DN551PT", "DN55 1PT"), ("ec1a 1bb", "EC1A 1BB"), ("gir0aa", "GIR 0AA")],
)
def test_real_postcodes_normalise(value, expected):
    assert normalise_postcode(value) == expected


@pytest.mark.parametrize(
    "value, code, message",
    [
        ("", "required", "Enter a postcode"),
        ("SW1A-1AA", "characters", "Enter a real postcode, using only letters and numbers, like SW1A 1AA"),
        ("SW1", "length", "Enter a full postcode, like SW1A 1AA"),
        ("QW1A 1AA", "invalid", "Enter a real postcode, like SW1A 1AA"),
        ("SW1A 1AC", "invalid", "Enter a real postcode, like SW1A 1AA"),
        # Upper-casing "ſ" would give "S": non-ASCII letters must not sneak through.
        ("ſW1A 1AA", "characters", "Enter a real postcode, using only letters and numbers, like SW1A 1AA"),
    ],
)
def test_malformed_postcodes_say_what_to_do(value, code, message):
    with pytest.raises(ValidationError) as caught:
        normalise_postcode(value)
    assert caught.value.code == code
    assert caught.value.messages == [message]


def test_outward_codes():
    assert normalise_outward_code(" sw1a ") == "SW1A"
    assert normalise_postcode_or_outward("m1") == "M1"
    assert normalise_postcode_or_outward("m11ae") == "M1 1AE"
    with pytest.raises(ValidationError):
        normalise_outward_code("")
    with pytest.raises(ValidationError):
        normalise_outward_code("1SW")
