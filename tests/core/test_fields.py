"""The shared GOV.UK date field: every way a date can be wrong gets its own message."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from covenant.core.fields import GovukDateField


def not_in_future(value):
    if value > datetime.date(2026, 1, 1):
        raise ValidationError("Date of birth must be in the past")


class BirthForm(forms.Form):
    born = GovukDateField(name="Date of birth", required_message="Enter your date of birth",
                          validators=[not_in_future])


class OptionalForm(forms.Form):
    seen = GovukDateField(name="The date you saw it", required=False)


def _error(form_class, day, month, year):
    form = form_class(data={"born_0": day, "born_1": month, "born_2": year, "seen_0": day, "seen_1": month,
                            "seen_2": year})
    assert not form.is_valid()
    return next(iter(form.errors.values()))[0]


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("", "", "", "Enter your date of birth"),
    ("", "3", "1985", "Date of birth must include a day"),
    ("27", "", "1985", "Date of birth must include a month"),
    ("27", "3", "", "Date of birth must include a year"),
    ("", "", "1985", "Date of birth must include a day and month"),
    ("", "3", "", "Date of birth must include a day and year"),
    ("27", "", "", "Date of birth must include a month and year"),
    ("twenty", "3", "1985", "Date of birth must be a real date"),
    ("31", "2", "1985", "Date of birth must be a real date"),
    ("27", "3", "85", "Year must include 4 numbers"),
    ("27", "3", "2030", "Date of birth must be in the past"),
])
def test_each_mistake_has_its_own_message(day, month, year, message):
    assert _error(BirthForm, day, month, year) == message


def test_a_real_date_is_returned_and_an_optional_empty_one_is_none():
    form = BirthForm(data={"born_0": " 7", "born_1": "03 ", "born_2": "1985"})
    assert form.is_valid() and form.cleaned_data["born"] == datetime.date(1985, 3, 7)
    optional = OptionalForm(data={})
    assert optional.is_valid() and optional.cleaned_data["seen"] is None


def test_the_default_required_message_names_the_date():
    class Required(forms.Form):
        seen = GovukDateField(name="The date you saw it")

    form = Required(data={})
    assert not form.is_valid()
    assert form.errors["seen"] == ["Enter the date you saw it"]


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)))
def test_any_real_date_round_trips(value):
    form = BirthForm(data={"born_0": str(value.day), "born_1": str(value.month), "born_2": str(value.year)})
    assert form.is_valid()
    assert form.cleaned_data["born"] == value
