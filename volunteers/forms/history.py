"""The question pages of volunteering history: logging hours, confirming or declining them, the certificate."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm
from covenant.organisations.models import Organisation

from ..models import Cause
from ..services.history import clean_hours, clean_hours_date

ALL_TIME = "all"


def _volunteered_on_rule(value: datetime.date) -> None:
    """The service's rule for the date, as a field error."""
    try:
        clean_hours_date(value)
    except ValidationError as error:
        raise ValidationError(error.message_dict["date"]) from None


class HoursField(forms.CharField):
    """Hours as typed (2, 1.5, 0.25) checked by the same rule the service applies."""

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return clean_hours(value)
        except ValidationError as error:
            raise ValidationError(error.message_dict["hours"]) from None


class HoursLogForm(ServiceErrorsForm):
    date = GovukDateField(
        name=_("The date you volunteered"),
        required_message=_("Enter the date you volunteered"),
        validators=[_volunteered_on_rule],
        label=_("When did you volunteer?"),
        help_text=_("For example, 27 3 2025"),
    )
    hours = HoursField(
        label=_("How many hours?"), max_length=6,
        help_text=_("Between 0.25 (15 minutes) and 24. For example, 1.5 for an hour and a half"),
        error_messages={"required": _("Enter the number of hours, like 2 or 1.5"),
                        "max_length": _("Enter the number of hours, like 2 or 1.5")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Which organisation did you volunteer with? (optional)"), required=False,
        queryset=Organisation.objects.none(), empty_label=_("None or not listed"),
        help_text=_("The organisation will be asked to confirm your hours. Only confirmed hours appear on your "
                    "certificate"),
        error_messages={"invalid_choice": _("Choose a verified organisation from the list, or leave it blank")},
    )
    cause = forms.ModelChoiceField(
        label=_("Which cause was it for? (optional)"), required=False, queryset=Cause.objects.none(),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a cause from the list, or leave it blank")},
    )
    description = forms.CharField(
        label=_("What did you do? (optional)"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Description must be 300 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.verified().order_by("name", "id")
        self.fields["cause"].queryset = Cause.objects.filter(active=True).order_by("name")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("date"),
            Field.text("hours", field_width=5, inputmode="decimal"),
            Field.select("organisation"),
            Field.select("cause"),
            Field.textarea("description", label_size=Size.SMALL),
            Button("submit", _("Save hours")),
        )


class HoursConfirmForm(ServiceErrorsForm):
    hours = HoursField(
        label=_("How many hours did they give?"), max_length=6,
        help_text=_("Correct the number if it is wrong. Between 0.25 and 24"),
        error_messages={"required": _("Enter the number of hours, like 2 or 1.5"),
                        "max_length": _("Enter the number of hours, like 2 or 1.5")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("hours", field_width=5, inputmode="decimal", label_size=Size.MEDIUM),
            Button("submit", _("Confirm hours")),
        )


class HoursDeclineForm(ServiceErrorsForm):
    reason = forms.CharField(
        label=_("Why are you not confirming these hours? (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}), help_text=_("We will pass this on to the volunteer"),
        error_messages={"max_length": _("Reason must be 1,000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Button.warning("submit", _("Do not confirm hours")),
        )


class CertificatePeriodForm(forms.Form):
    year = forms.ChoiceField(
        label=_("Which hours should the certificate show?"), required=False,
        error_messages={"invalid_choice": _("Choose a year you have confirmed hours in, or all time")},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(ALL_TIME, _("All time"))] + [(str(year), str(year)) for year in years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("year"), Button.secondary("show", _("Show certificate")))

    def chosen_year(self) -> int | None:
        value = self.cleaned_data.get("year") or ALL_TIME
        return None if value == ALL_TIME else int(value)
