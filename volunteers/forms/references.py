"""The question pages of references: asking a referee, and the referee's answer."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from covenant.core.forms import ServiceErrorsForm

from ..models import Recommendation

YES = "yes"
NO = "no"


class ReferenceRequestForm(ServiceErrorsForm):
    referee_name = forms.CharField(
        label=_("Referee’s full name"), max_length=200,
        error_messages={"required": _("Enter the referee’s full name"),
                        "max_length": _("Referee’s name must be 200 characters or fewer")},
    )
    referee_email = forms.EmailField(
        label=_("Referee’s email address"), max_length=254,
        help_text=_("We will send them a link to answer a few questions. They do not need an account"),
        error_messages={"required": _("Enter the referee’s email address, like name@example.org"),
                        "invalid": _("Enter an email address in the correct format, like name@example.org"),
                        "max_length": _("Email address must be 254 characters or fewer")},
    )
    relationship = forms.CharField(
        label=_("How does the referee know you?"), max_length=200,
        help_text=_("For example, my manager at the food bank"),
        error_messages={"required": _("Enter how the referee knows you, like ‘my manager at the food bank’"),
                        "max_length": _("How the referee knows you must be 200 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("referee_name", autocomplete="off"),
            Field.text("referee_email", spellcheck="false", type="email"),
            Field.text("relationship"),
            Button("submit", _("Send request")),
        )


class ReferenceAnswerForm(ServiceErrorsForm):
    known_for = forms.CharField(
        label=_("How long have you known the volunteer?"), max_length=100,
        help_text=_("For example, 3 years"),
        error_messages={"required": _("Enter how long you have known the volunteer, like ‘3 years’"),
                        "max_length": _("How long you have known them must be 100 characters or fewer")},
    )
    capacity = forms.CharField(
        label=_("In what capacity do you know them?"), max_length=200,
        help_text=_("For example, I managed them at work, or we volunteered together"),
        error_messages={"required": _("Enter in what capacity you know the volunteer, like ‘I managed them at "
                                      "work’"),
                        "max_length": _("Capacity must be 200 characters or fewer")},
    )
    recommendation = forms.ChoiceField(
        label=_("Would you recommend them as a volunteer?"),
        choices=Recommendation.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you would recommend the volunteer"),
                        "invalid_choice": _("Select whether you would recommend the volunteer")},
    )
    comments = forms.CharField(
        label=_("Comments (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Anything that would help an organisation decide, like reliability or how they work with "
                    "people"),
        error_messages={"max_length": _("Comments must be 5,000 characters or fewer")},
    )
    confidential = forms.ChoiceField(
        label=_("Should your answer be confidential?"),
        choices=[(NO, _("No, the volunteer may read it")),
                 (YES, _("Yes, only organisations the volunteer shares their passport with may read it"))],
        widget=forms.RadioSelect,
        help_text=_("If it is confidential, the volunteer will only be told that you answered"),
        error_messages={"required": _("Select whether your answer is confidential"),
                        "invalid_choice": _("Select whether your answer is confidential")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("known_for", field_width=20),
            Field.text("capacity"),
            Field.radios("recommendation", legend_size=Size.MEDIUM),
            Field.textarea("comments", label_size=Size.MEDIUM),
            Field.radios("confidential", legend_size=Size.MEDIUM),
            Button("submit", _("Send reference")),
        )

    def answer(self) -> dict:
        data = self.cleaned_data
        return {
            "known_for": data["known_for"], "capacity": data["capacity"],
            "recommendation": data["recommendation"], "comments": data["comments"],
            "confidential": data["confidential"] == YES,
        }


class ConfirmForm(ServiceErrorsForm):
    """A single button confirming the action the page describes."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button.warning("submit", button) if warning else Button("submit", button))
