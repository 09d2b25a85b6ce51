"""The question pages of bookings: checking in with the venue's code, and messaging everyone on a shift."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from covenant.core.forms import ServiceErrorsForm


class CheckInForm(ServiceErrorsForm):
    code = forms.CharField(
        label=_("Enter the check-in code"), max_length=12,
        help_text=_("The organisation shows this code at the venue. For example, K7PM2Q"),
        error_messages={"required": _("Enter the check-in code shown at the venue"),
                        "max_length": _("The check-in code is 6 letters and numbers, like K7PM2Q")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("code", field_width=10, label_size=Size.MEDIUM, autocomplete="off", spellcheck="false"),
            Button("submit", _("Check in")),
        )


class ShiftMessageForm(ServiceErrorsForm):
    subject = forms.CharField(
        label=_("Subject"), max_length=150,
        error_messages={"required": _("Enter a subject"),
                        "max_length": _("Subject must be 150 characters or fewer")},
    )
    message = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Everyone booked on the shift, or offered a place on it, gets this by their chosen contact method"),
        error_messages={"required": _("Enter your message"),
                        "max_length": _("Message must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("subject"), Field.textarea("message"), Button("submit", _("Send message")))
