"""Forms of the core pages (the cookie settings) and the way every form shows a service's errors."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_errors(form: forms.Form, errors: ValidationError) -> None:
    """Put a ValidationError raised by a service onto the fields it names, or above the form."""
    if hasattr(errors, "error_dict"):
        for field, messages in errors.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in errors.messages:
            form.add_error(None, message)


class ServiceErrorsMixin:
    def add_service_errors(self, errors: ValidationError) -> None:
        add_service_errors(self, errors)


class ServiceErrorsForm(ServiceErrorsMixin, forms.Form):
    """A form whose view shows the service's ValidationError with `form.add_service_errors(error)`."""


YES = "yes"
NO = "no"


class CookieSettingsForm(forms.Form):
    remember_settings = forms.ChoiceField(
        label=_("Do you want Covenant to remember your settings?"),
        help_text=_("We will remember your choice of language between visits, for up to 1 year."),
        choices=[(YES, _("Yes, remember my settings")), (NO, _("No, do not remember my settings"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if you want Covenant to remember your settings"),
            "invalid_choice": _("Select yes if you want Covenant to remember your settings"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("remember_settings", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("submit", _("Save cookie settings")),
        )

    @property
    def remember(self) -> bool:
        return self.cleaned_data["remember_settings"] == YES
