"""Forms of the core pages: the cookie settings."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

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
