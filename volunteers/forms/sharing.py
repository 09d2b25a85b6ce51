"""The question pages for sharing a passport: finding an organisation, choosing sections and an end date."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from covenant.core.fields import GovukDateField
from covenant.core.forms import add_service_errors

from ..models import Section
from ..services.sharing import clean_expires_on, clean_sections


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Which organisation do you want to share your passport with?"),
        help_text=_("Enter all or part of its name"),
        max_length=100,
        error_messages={"required": _("Enter the name of the organisation"),
                        "max_length": _("Organisation name must be 100 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.TWO_THIRDS, label_size=Size.LARGE, label_tag="h1"),
            Button("search", _("Search")),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class ShareForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Which parts of your passport do you want to share?"),
        help_text=_("Select all that apply"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one part of your passport to share"),
                        "invalid_choice": _("Select parts of your passport from the list")},
    )
    expires_on = GovukDateField(
        name=_("The date sharing ends"),
        required_message=_("Enter the date sharing ends, like 31 3 2027"),
        label=_("When should sharing end?"),
        help_text=_("Sharing ends at the end of this day. It can be up to 2 years from today, for example 31 3 2027"),
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("sections", legend_size=Size.MEDIUM),
            Field("expires_on"),
            Button("submit", submit_label or _("Share my passport")),
        )

    def clean_sections(self) -> list[str]:
        # The canonical order, so check-your-answers lists them as the question page does.
        return self._service_clean("sections", clean_sections)

    def clean_expires_on(self) -> datetime.date:
        # Checked here as well as when the share is made, so the question page says what is wrong.
        return self._service_clean("expires_on", clean_expires_on)

    def _service_clean(self, name: str, check):
        try:
            return check(self.cleaned_data[name])
        except ValidationError as error:
            messages = error.message_dict.get(name, error.messages) if hasattr(error, "error_dict") else error.messages
            raise ValidationError(messages) from None

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class ShareConfirmForm(forms.Form):
    """The button on check-your-answers: the answers themselves wait in the session."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button("submit", _("Share my passport")))


class RevokeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button.warning("submit", _("Stop sharing")))
