"""Forms of the passport profile pages; every check on input happens here, with GOV.UK-style messages."""


from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from volunteers.models import SkillLevel, Transport, Weekday
from volunteers.selectors import passport as selectors
from volunteers.services.passport import (
    KM_PER_MILE,
    MAX_TRAVEL_KM,
    Window,
    check_exception_dates,
    check_windows,
    clean_second_base,
    km_to_miles,
    miles_to_km,
)

MAX_TRAVEL_MILES = int(MAX_TRAVEL_KM / KM_PER_MILE)  # 124: the most miles that stays within 200 km


def apply_errors(form: forms.Form, error: ValidationError, field: str | None = None) -> None:
    """Show a service's ValidationError on the form, on `field` or on the form as a whole."""
    for message in error.messages:
        form.add_error(field, message)


class AboutYouForm(forms.Form):
    second_base_label = forms.CharField(
        label=gettext_lazy("Name of your second base (optional)"),
        help_text=gettext_lazy("For example, work or college"),
        max_length=60,
        required=False,
        error_messages={"max_length": gettext_lazy("Name of your second base must be 60 characters or fewer")},
    )
    second_base_postcode = forms.CharField(
        label=gettext_lazy("Postcode of your second base (optional)"),
        help_text=gettext_lazy("We also look for opportunities near here"),
        max_length=16,
        required=False,
        error_messages={"max_length": gettext_lazy("Enter the second base postcode as a real postcode, like SW1A 1AA")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("second_base_label", field_width=20),
            Field.text("second_base_postcode", field_width=10, autocomplete="postal-code"),
            Button("save", _("Save and continue")),
        )

    def clean_second_base_postcode(self) -> str:
        return clean_second_base(self.cleaned_data["second_base_postcode"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("second_base_label") and not cleaned.get("second_base_postcode") and not self.errors:
            self.add_error("second_base_postcode", _("Enter the postcode of your second base, like SW1A 1AA"))
        return cleaned


class SkillsForm(forms.Form):
    """One set of checkboxes per group of the skill taxonomy, so it works without JavaScript."""

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = {}
        fieldsets = []
        for index, (group, skills) in enumerate(groups):
            name = f"group_{index}"
            self.fields[name] = forms.MultipleChoiceField(
                label=group,
                choices=[(skill.slug, skill.name) for skill in skills],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": _("Choose skills from the list")},
            )
            self.skills.update({skill.slug: skill for skill in skills})
            fieldsets.append(Field.checkboxes(name, legend_size=Size.MEDIUM, small=True))
        self.helper = FormHelper()
        self.helper.layout = Layout(*fieldsets, Button("save", _("Save and continue")))

    def chosen(self) -> list:
        slugs = [slug for name in self.fields for slug in self.cleaned_data.get(name, [])]
        return [self.skills[slug] for slug in slugs]


class SkillLevelsForm(forms.Form):
    """How good the volunteer says they are at each skill they chose."""

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = {}
        for skill in skills:
            name = f"level_{skill.slug}"
            self.fields[name] = forms.TypedChoiceField(
                label=skill.name,
                choices=SkillLevel.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how good you are at %(skill)s") % {"skill": skill.name},
                    "invalid_choice": _("Choose how good you are at %(skill)s") % {"skill": skill.name},
                },
            )
            self.skills[name] = skill
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[Field.radios(name, legend_size=Size.SMALL, inline=True, small=True) for name in self.skills],
            Button("save", _("Save and continue")),
        )

    def levels(self) -> dict:
        return {skill: self.cleaned_data[name] for name, skill in self.skills.items()}


class CausesForm(forms.Form):
    causes = forms.MultipleChoiceField(
        label=gettext_lazy("Which causes do you care about?"),
        help_text=gettext_lazy("Select all that apply"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Select at least one cause you care about"),
            "invalid_choice": gettext_lazy("Choose causes from the list"),
        },
    )

    def __init__(self, *args, causes, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_slug = {cause.slug: cause for cause in causes}
        self.fields["causes"].choices = [(cause.slug, cause.name) for cause in causes]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("causes", legend_size=Size.LARGE, legend_tag="h1", small=True),
            Button("save", _("Save and continue")),
        )

    def chosen(self) -> list:
        return [self.by_slug[slug] for slug in self.cleaned_data["causes"]]


def _time_field(label, required: str, invalid: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text=gettext_lazy("Use the 24-hour clock, for example 09:30 or 18:00"),
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"required": required, "invalid": invalid},
    )


class WindowForm(forms.Form):
    """Add one weekly time the volunteer is free; the check also looks at the times already saved."""

    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the day you are free"),
            "invalid_choice": gettext_lazy("Select a day of the week"),
        },
    )
    starts_at = _time_field(
        gettext_lazy("From"),
        gettext_lazy("Enter the time you are free from, like 09:30"),
        gettext_lazy("Enter the time you are free from as hours and minutes, like 09:30"),
    )
    ends_at = _time_field(
        gettext_lazy("To"),
        gettext_lazy("Enter the time you are free until, like 17:00"),
        gettext_lazy("Enter the time you are free until as hours and minutes, like 17:00"),
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = [Window(w.weekday, w.starts_at, w.ends_at) for w in existing]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                Field.radios("weekday", legend_size=Size.SMALL, small=True),
                Field.text("starts_at", field_width=5),
                Field.text("ends_at", field_width=5),
                legend=_("Add a time you are free every week"),
                legend_size=Size.MEDIUM,
            ),
            Button("add", _("Add this time")),
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        window = Window(cleaned["weekday"], cleaned["starts_at"], cleaned["ends_at"])
        if window.ends_at <= window.starts_at:
            self.add_error("ends_at", _("The time you are free until must be after the time you are free from"))
            return cleaned
        try:
            check_windows([*self.existing, window])
        except ValidationError as error:
            apply_errors(self, error, "starts_at")
        cleaned["window"] = window
        return cleaned


class ExceptionForm(forms.Form):
    """Add dates the volunteer is away, such as a holiday."""

    starts_on = GovukDateField(
        name=gettext_lazy("The first day you are away"),
        required_message=gettext_lazy("Enter the first day you are away, like 27 7 2026"), label=gettext_lazy("First day you are away"),
        help_text=gettext_lazy("For example, 27 7 2026"),
    )
    ends_on = GovukDateField(
        name=gettext_lazy("The last day you are away"),
        required_message=gettext_lazy("Enter the last day you are away, like 10 8 2026"), label=gettext_lazy("Last day you are away"),
        help_text=gettext_lazy("For example, 10 8 2026"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        help_text=gettext_lazy("For example, holiday. Only you see this"),
        max_length=100,
        required=False,
        error_messages={"max_length": gettext_lazy("The reason must be 100 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("starts_on"),
            Field("ends_on"),
            Field.text("reason", field_width=20),
            Button("add", _("Add these dates")),
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            try:
                check_exception_dates(starts_on, ends_on)
            except ValidationError:
                self.add_error("ends_on", _("The last day you are away must be the same as or after the first day"))
        return cleaned


class TravelForm(forms.Form):
    max_travel_miles = forms.IntegerField(
        label=gettext_lazy("How far can you travel to volunteer, in miles?"),
        help_text=gettext_lazy("From your home or your second base. Enter 0 if you can only help from home"),
        min_value=0,
        max_value=MAX_TRAVEL_MILES,
        error_messages={
            "required": gettext_lazy("Enter how far you can travel, in miles, like 5"),
            "invalid": gettext_lazy("Enter how far you can travel as a whole number of miles, like 5"),
            "min_value": gettext_lazy("How far you can travel must be 0 miles or more"),
            "max_value": gettext_lazy("How far you can travel must be %(limit_value)s miles or fewer"),
        },
    )
    transport = forms.MultipleChoiceField(
        label=gettext_lazy("How do you travel?"),
        help_text=gettext_lazy("Select all that apply"),
        choices=Transport.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Select how you travel"),
            "invalid_choice": gettext_lazy("Choose how you travel from the list"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("max_travel_miles", field_width=4, inputmode="numeric"),
            Field.checkboxes("transport", legend_size=Size.MEDIUM),
            Button("save", _("Save and continue")),
        )

    @staticmethod
    def initial_for(passport) -> dict:
        return {"max_travel_miles": km_to_miles(passport.max_travel_km), "transport": passport.transport}

    def changes(self) -> dict:
        return {
            "max_travel_km": min(miles_to_km(self.cleaned_data["max_travel_miles"]), MAX_TRAVEL_KM),
            "transport": self.cleaned_data["transport"],
        }


class AccessNeedsForm(forms.Form):
    accessibility_needs = forms.CharField(
        label=gettext_lazy("Do you have any access needs? (optional)"),
        help_text=gettext_lazy("For example, step-free access or a hearing loop"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        error_messages={"max_length": gettext_lazy("Access needs must be 2000 characters or fewer")},
    )
    adjustments = forms.CharField(
        label=gettext_lazy("What adjustments help you? (optional)"),
        help_text=gettext_lazy("For example, written instructions or regular breaks"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        error_messages={"max_length": gettext_lazy("Adjustments must be 2000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("accessibility_needs", rows=4, max_characters=2000),
            Field.textarea("adjustments", rows=4, max_characters=2000),
            Button("save", _("Save and continue")),
        )


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Which languages do you speak?"),
        help_text=gettext_lazy("Select all that apply, including English if you speak it"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Select at least one language you speak"),
            "invalid_choice": gettext_lazy("Choose languages from the list"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(skill.code, skill.name) for skill in selectors.languages()]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("languages", legend_size=Size.LARGE, legend_tag="h1", small=True),
            Button("save", _("Save and continue")),
        )
