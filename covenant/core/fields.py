"""Form fields every app shares, written to the GOV.UK Design System's patterns and error messages."""

import datetime

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PARTS = ("day", "month", "year")


def _missing_message(name: str, missing: tuple[str, ...]) -> str:
    # The Design System's wording: "Date of birth must include a month", "... a day and month".
    parts = {
        ("day",): _("a day"),
        ("month",): _("a month"),
        ("year",): _("a year"),
        ("day", "month"): _("a day and month"),
        ("day", "year"): _("a day and year"),
        ("month", "year"): _("a month and year"),
    }[missing]
    return _("%(name)s must include %(parts)s") % {"name": name, "parts": parts}


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month and year boxes) whose messages name the date.

    `name` is how a message starts ("Date of birth", "The date you volunteered"); `required_message`
    is what to say when nothing is entered (default "Enter <name>"). Rules about the date itself
    (not in the future, after another date) are ordinary validators, run once it is a real date.
    """

    def __init__(self, *, name, required_message=None, **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.required_message = required_message
        # The boxes are checked together below, so that one message can say which part is missing.
        self.require_all_fields = False
        for field in self.fields:
            field.required = False

    def clean(self, value):
        parts = list(value) if isinstance(value, (list, tuple)) else []
        day, month, year = [str(part or "").strip() for part in (parts + ["", "", ""])[:3]]
        for field in self.fields:
            field.widget.errors = []
        name = str(self.name)
        if not (day or month or year):
            if self.required:
                message = self.required_message or _("Enter %(name)s") % {"name": name[:1].lower() + name[1:]}
                raise ValidationError(str(message), code="required")
            return None
        missing = tuple(part for part, entered in zip(_PARTS, (day, month, year), strict=True) if not entered)
        if missing:
            raise ValidationError(_missing_message(name, missing), code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(_("%(name)s must be a real date") % {"name": name}, code="invalid")
        if len(year) != 4:
            raise ValidationError(_("Year must include 4 numbers"), code="year_digits")
        try:
            result = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(_("%(name)s must be a real date") % {"name": name}, code="invalid") from None
        self.run_validators(result)
        return result
