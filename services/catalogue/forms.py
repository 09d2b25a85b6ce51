"""Forms of the catalogue's pages: finding services, a council's service on one question page, and CSV imports.

The service checks the values (lengths, budget, delivery, wards, dates); the forms turn what was typed into those
values and say what is missing, so each rule and its message live in one place.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from .models import DeliveryModel, Involvement
from .services import LIMITS

MAX_CSV_BYTES = 1024 * 1024
ENDING_WITHIN_MAX = 120


class CatalogueFilterForm(forms.Form):
    """The public catalogue's search and filters, read from the address (GET)."""

    q = forms.CharField(label=gettext_lazy("Search services"), required=False, max_length=200,
                        help_text=gettext_lazy("Words in the name, description, who it serves or provider"),
                        error_messages={"max_length": gettext_lazy("Search must be 200 characters or fewer")})
    council = forms.ChoiceField(label=gettext_lazy("Council"), required=False,
                                error_messages={"invalid_choice": gettext_lazy("Choose a council from the list")})
    involvement = forms.ChoiceField(
        label=gettext_lazy("Way to get involved"), required=False,
        choices=[("", gettext_lazy("Any way")), *Involvement.choices],
        error_messages={"invalid_choice": gettext_lazy("Choose a way to get involved from the list")})
    delivery = forms.ChoiceField(
        label=gettext_lazy("How it is delivered"), required=False,
        choices=[("", gettext_lazy("Any")), *DeliveryModel.choices],
        error_messages={"invalid_choice": gettext_lazy("Choose how the service is delivered from the list")})
    ending_within = forms.IntegerField(
        label=gettext_lazy("Contract ends within (months)"), required=False, min_value=1,
        max_value=ENDING_WITHIN_MAX,
        help_text=gettext_lazy("For example, 12 for contracts ending in the next year"),
        error_messages={
            "invalid": gettext_lazy("Enter the number of months as a whole number, like 12"),
            "min_value": gettext_lazy("Enter a number of months from 1 to 120"),
            "max_value": gettext_lazy("Enter a number of months from 1 to 120"),
        })

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("All councils")), *councils]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q", label_size=Size.SMALL), Field.select("council"), Field.select("involvement"),
            Field.select("delivery"), Field.text("ending_within", field_width=4),
            Button.secondary("filter", _("Show services")))


def _yes_no(label, *, message):
    return forms.ChoiceField(label=label, widget=forms.RadioSelect,
                             choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
                             error_messages={"required": message, "invalid_choice": message})


class ServiceForm(ServiceErrorsForm):
    """Adding or changing a service: every question on one page, as the catalogue's row is one thing."""

    reference = forms.CharField(
        label=gettext_lazy("Reference"), max_length=LIMITS["reference"],
        help_text=gettext_lazy("The council's own reference, like ADULT-SOC-04. It becomes part of the service's "
                               "address, in lower case"),
        error_messages={"required": gettext_lazy("Enter the council's reference for the service, like ADULT-SOC-04"),
                        "max_length": gettext_lazy("Reference must be 60 characters or fewer")})
    name = forms.CharField(
        label=gettext_lazy("Name of the service"), max_length=LIMITS["name"],
        error_messages={"required": gettext_lazy("Enter the service's name"),
                        "max_length": gettext_lazy("Name must be 200 characters or fewer")})
    description = forms.CharField(
        label=gettext_lazy("What does the service do?"), max_length=LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Describe the service"),
                        "max_length": gettext_lazy("Description must be 5,000 characters or fewer")})
    who_it_serves = forms.CharField(
        label=gettext_lazy("Who does it serve?"), required=False, max_length=LIMITS["who_it_serves"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example, young people aged 11 to 19 and their families"),
        error_messages={"max_length": gettext_lazy("Who it serves must be 2,000 characters or fewer")})
    wards = forms.MultipleChoiceField(
        label=gettext_lazy("Which wards does it cover?"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave all unticked when it covers the council's whole area"),
        error_messages={"invalid_choice": gettext_lazy("Choose wards of the council from the list")})
    annual_budget = forms.CharField(
        label=gettext_lazy("Annual budget in pounds"), required=False, max_length=20,
        help_text=gettext_lazy("For example, 250000. Leave empty if it is not published"),
        error_messages={"max_length": gettext_lazy("Enter the annual budget in pounds, like 250000")})
    delivery = forms.ChoiceField(
        label=gettext_lazy("How is it delivered?"), widget=forms.RadioSelect, choices=DeliveryModel.choices,
        error_messages={"required": gettext_lazy("Choose how the service is delivered"),
                        "invalid_choice": gettext_lazy("Choose how the service is delivered")})
    provider = forms.CharField(
        label=gettext_lazy("Provider"), required=False, max_length=LIMITS["provider"],
        help_text=gettext_lazy("Who runs it for the council, when it is commissioned or run by the community"),
        error_messages={"max_length": gettext_lazy("Provider must be 200 characters or fewer")})
    contract_ends_on = GovukDateField(
        name=gettext_lazy("The contract end date"), required=False,
        label=gettext_lazy("When does the current contract end?"),
        help_text=gettext_lazy("Leave empty when there is no contract. For example, 31 3 2027"))
    involvement = forms.MultipleChoiceField(
        label=gettext_lazy("How can residents get involved?"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=Involvement.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose ways to get involved from the list")})
    involvement_notes = forms.CharField(
        label=gettext_lazy("How to get involved, in your words"), required=False,
        max_length=LIMITS["involvement_notes"], widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("How to get involved must be 2,000 characters or fewer")})
    is_published = _yes_no(gettext_lazy("Show it in the public catalogue?"),
                           message=gettext_lazy("Select yes to show the service in the public catalogue"))

    def __init__(self, *args, wards, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"].choices = [(w.code, w.name or w.code) for w in wards]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reference", field_width=20), Field.text("name"), Field.textarea("description", rows=5),
            Field.textarea("who_it_serves", rows=3),
            *([Field.checkboxes("wards", small=True)] if wards else []),
            Field.text("annual_budget", field_width=10), Field.radios("delivery"), Field.text("provider"),
            Field("contract_ends_on"), Field.checkboxes("involvement"), Field.textarea("involvement_notes", rows=3),
            Field.radios("is_published", inline=True),
            Button("submit", button))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["is_published"] = data["is_published"] == "yes"
        return data


class ImportForm(ServiceErrorsForm):
    file = forms.FileField(
        label=gettext_lazy("Upload a CSV file"),
        error_messages={"required": gettext_lazy("Select a CSV file"),
                        "empty": gettext_lazy("The selected file is empty"),
                        "invalid": gettext_lazy("Select a CSV file")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file"), Button("submit", _("Import the services")))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 1MB"))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("The selected file must be a CSV"))
        try:
            # utf-8-sig: spreadsheets often save CSV with a byte-order mark before the column names.
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The selected file must be a CSV saved as UTF-8")) from None
