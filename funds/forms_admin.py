"""Forms of the fund administrators' pages: capital, returns, valuations and drawdowns, programmes, rounds, their
questions and criteria, budgets, publishing and the list of left-behind neighbourhoods.

Amounts, names and other text the services check are passed to them as typed, so each rule and its message live
in one place; the forms only turn what was typed into dates, numbers and choices.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm
from covenant.organisations.models import OrganisationType

from .models import DeprivationRule, IncomeBand, QuestionKind
from .uploads import FILE_TYPES

MAX_CSV_BYTES = 1024 * 1024
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _helper(*fields, button: str, method: str = "post") -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def _money(label, *, help_text=None) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=40,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))


def _text(label, *, help_text=None, rows: int = 4, max_length=None) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _whole_number(label, *, help_text=None, required_message, invalid_message, required=True) -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=help_text, required=required,
                              widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                              error_messages={"required": required_message, "invalid": invalid_message})


def _date(name, label, help_text=None) -> GovukDateField:
    return GovukDateField(name=name, label=label,
                          help_text=help_text or gettext_lazy("For example, 27 3 2026"))


def _date_field(field: str):
    return Field(field, context={"legend_size": Size.for_legend(Size.SMALL)})


# The fund's money ----------------------------------------------------------------------------------------------

class CapitalForm(ServiceErrorsForm):
    amount = _money(gettext_lazy("Amount received, in pounds"), help_text=gettext_lazy("For example, 250000"))
    received_on = _date(gettext_lazy("The date it was received"), gettext_lazy("When was it received?"))
    note = forms.CharField(label=gettext_lazy("Note (optional)"), required=False, max_length=300,
                           help_text=gettext_lazy("For example, the source's reference for the transfer"))

    def __init__(self, *args, button=None, amount_label=None, date_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if amount_label:
            self.fields["amount"].label = amount_label
        if date_label:
            self.fields["received_on"].label = date_label
        self.helper = _helper(Field.text("amount", field_width=10), _date_field("received_on"),
                              Field.text("note"), button=button or _("Record the capital"))


class ValuationForm(ServiceErrorsForm):
    value = _money(gettext_lazy("Market value of the investments, in pounds"),
                   help_text=gettext_lazy("For example, 2040000"))
    valued_on = _date(gettext_lazy("The date of the valuation"), gettext_lazy("On what date?"),
                      help_text=gettext_lazy("The drawdown rule averages the last valuation of each year. For "
                                             "example, 31 12 2025"))
    note = forms.CharField(label=gettext_lazy("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("value", field_width=10), _date_field("valued_on"), Field.text("note"),
                              button=_("Record the valuation"))


class DrawdownForm(ServiceErrorsForm):
    amount = _money(gettext_lazy("Amount to draw down, in pounds"))
    note = forms.CharField(label=gettext_lazy("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("amount", field_width=10), Field.text("note"),
                              button=_("Draw down"))


class FundSettingsForm(ServiceErrorsForm):
    """A fund's own words and limits; an endowment's drawdown rule too."""

    name = forms.CharField(label=gettext_lazy("Name of the fund"), required=False, max_length=200)
    description = _text(gettext_lazy("Description (optional)"),
                        help_text=gettext_lazy("Shown on the funds' public page"))
    source = forms.CharField(label=gettext_lazy("Where does the money come from?"), required=False, max_length=400)
    fast_track_limit = _money(gettext_lazy("Fast-track limit, in pounds"),
                              help_text=gettext_lazy("The largest grant a fast-track round may make"))
    second_approval_threshold = _money(
        gettext_lazy("Second approval from, in pounds"),
        help_text=gettext_lazy("Awards of this amount or more need a second, different administrator's approval"))
    drawdown_rate = forms.CharField(
        label=gettext_lazy("Drawdown rate, as a percentage a year"), required=False, max_length=12,
        help_text=gettext_lazy("The share of the average year-end valuation that may be granted each year. For "
                               "example, 3.5%"))
    drawdown_years = _whole_number(gettext_lazy("Years of valuations averaged"),
                                   help_text=gettext_lazy("From 1 to 10. For example, 3"),
                                   required_message=gettext_lazy("Enter the number of years to average, from 1 "
                                                                 "to 10"),
                                   invalid_message=gettext_lazy("Enter the number of years to average, from 1 "
                                                                "to 10"))

    def __init__(self, *args, endowment: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if endowment:
            del self.fields["fast_track_limit"]
        else:
            del self.fields["drawdown_rate"]
            del self.fields["drawdown_years"]
        layout = []
        for name in self.fields:
            if name == "description":
                layout.append(Field.textarea(name))
            elif name in ("fast_track_limit", "second_approval_threshold"):
                layout.append(Field.text(name, field_width=10))
            elif name in ("drawdown_rate", "drawdown_years"):
                layout.append(Field.text(name, field_width=4))
            else:
                layout.append(Field.text(name))
        self.helper = _helper(*layout, button=_("Save the fund's settings"))

    def clean_drawdown_rate(self) -> str:
        rate = (self.cleaned_data.get("drawdown_rate") or "").strip()
        if not rate:
            raise forms.ValidationError(_("Enter the drawdown rate as a percentage, like 3.5%"))
        return rate if rate.endswith("%") else f"{rate}%"


# Programmes and rounds -----------------------------------------------------------------------------------------

class ProgrammeForm(ServiceErrorsForm):
    name = forms.CharField(label=gettext_lazy("Name of the programme"), required=False, max_length=200,
                           help_text=gettext_lazy("For example, Crisis grants"))
    code = forms.CharField(label=gettext_lazy("Programme code"), required=False, max_length=80,
                           help_text=gettext_lazy("Published in the 360Giving data. For example, CRF-CRISIS"))
    description = _text(gettext_lazy("What is it for? (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name"), Field.text("code", field_width=20), Field.textarea("description"),
                              button=_("Add the programme"))


class RoundForm(ServiceErrorsForm):
    """A round's settings. Once the round is published only its description and closing date may change."""

    name = forms.CharField(label=gettext_lazy("Name of the round"), required=False, max_length=200,
                           help_text=gettext_lazy("For example, Winter 2026"))
    description = _text(gettext_lazy("Description (optional)"),
                        help_text=gettext_lazy("Applicants read this on the round's page"))
    opens_at = _date(gettext_lazy("The opening date"), gettext_lazy("When does the round open?"),
                     help_text=gettext_lazy("It opens at the start of this day. For example, 1 12 2026"))
    closes_at = _date(gettext_lazy("The closing date"), gettext_lazy("When does the round close?"),
                      help_text=gettext_lazy("It closes at 11:59pm on this day. For example, 31 1 2027"))
    min_amount = _money(gettext_lazy("Smallest grant, in pounds"))
    max_amount = _money(gettext_lazy("Largest grant, in pounds"))
    budget = _money(gettext_lazy("Budget, in pounds (optional)"),
                    help_text=gettext_lazy("Allocated now from what the fund has available. You can add to it "
                                           "later"))
    max_months = _whole_number(gettext_lazy("Longest grant, in months"),
                               required_message=gettext_lazy("Enter the longest grant in months, like 12"),
                               invalid_message=gettext_lazy("Enter the longest grant as a whole number of months, "
                                                            "like 12"))
    fast_track = forms.ChoiceField(
        label=gettext_lazy("Is this a fast-track round?"), choices=YES_NO, widget=forms.RadioSelect,
        help_text=gettext_lazy("A short form for small grants up to the fund's fast-track limit, decided within "
                               "10 working days. Only recovery funds have fast-track rounds"),
        error_messages={"required": gettext_lazy("Select yes if this is a fast-track round")})
    organisation_types = forms.MultipleChoiceField(
        label=gettext_lazy("Which types of organisation may apply?"), required=False,
        choices=OrganisationType.choices, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Select none for any type"),
        error_messages={"invalid_choice": gettext_lazy("Select types of organisation from the list")})
    income_bands = forms.MultipleChoiceField(
        label=gettext_lazy("Which annual incomes may apply?"), required=False, choices=IncomeBand.choices,
        widget=forms.CheckboxSelectMultiple, help_text=gettext_lazy("Select none for any income"),
        error_messages={"invalid_choice": gettext_lazy("Select income bands from the list")})
    local_authorities = forms.CharField(
        label=gettext_lazy("Local authorities (optional)"), required=False, max_length=2000,
        help_text=gettext_lazy("ONS codes separated by commas, like E08000024, E06000009. Leave empty for "
                               "anywhere"))
    deprivation_rule = forms.ChoiceField(
        label=gettext_lazy("How does the round treat deprived areas?"), choices=DeprivationRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select how the round treats deprived areas")})
    deprivation_max_decile = _whole_number(
        gettext_lazy("Deprived areas are those in IMD deciles up to"),
        help_text=gettext_lazy("1 is the most deprived 10% of areas. For example, 3"),
        required_message=gettext_lazy("Enter an IMD decile from 1 to 10"),
        invalid_message=gettext_lazy("Enter an IMD decile from 1 to 10"))
    deprivation_weight = forms.CharField(
        label=gettext_lazy("Priority weight"), required=False, max_length=10,
        help_text=gettext_lazy("Added to the weighted score (out of 5) of applications helping deprived areas, "
                               "from 0 to 5"))
    left_behind_counts = forms.BooleanField(
        label=gettext_lazy("Left-behind neighbourhoods count as deprived areas"), required=False)

    PUBLISHED_FIELDS = ("description", "closes_at")

    def __init__(self, *args, published: bool = False, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["budget"]
        if published:
            for name in list(self.fields):
                if name not in self.PUBLISHED_FIELDS:
                    del self.fields[name]
        layout = []
        for name in self.fields:
            if name in ("opens_at", "closes_at"):
                layout.append(_date_field(name))
            elif name in ("fast_track", "deprivation_rule"):
                layout.append(Field.radios(name, legend_size=Size.SMALL, **({"inline": True}
                                                                             if name == "fast_track" else {})))
            elif name in ("organisation_types", "income_bands"):
                layout.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
            elif name == "left_behind_counts":
                layout.append(Field.checkbox(name, small=True))
            elif name == "description":
                layout.append(Field.textarea(name))
            elif name in ("min_amount", "max_amount", "budget"):
                layout.append(Field.text(name, field_width=10))
            elif name in ("max_months", "deprivation_max_decile", "deprivation_weight"):
                layout.append(Field.text(name, field_width=4))
            else:
                layout.append(Field.text(name))
        self.helper = _helper(*layout, button=_("Save the round") if not creating else _("Add the round"))

    def clean_local_authorities(self) -> list[str]:
        text = self.cleaned_data.get("local_authorities") or ""
        return [code.strip().upper() for code in text.replace("\n", ",").split(",") if code.strip()]


# Questions and criteria ----------------------------------------------------------------------------------------

class QuestionKindForm(ServiceErrorsForm):
    kind = forms.ChoiceField(label=gettext_lazy("What kind of answer does the question take?"),
                             choices=QuestionKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Select the kind of answer"),
                                             "invalid_choice": gettext_lazy("Select the kind of answer")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("kind", legend_size=Size.MEDIUM), button=_("Continue"))


class QuestionForm(ServiceErrorsForm):
    """A question of one kind; each kind asks only for the settings it has."""

    label = forms.CharField(label=gettext_lazy("Question"), required=False, max_length=400,
                            help_text=gettext_lazy("For example, What difference will the grant make?"))
    hint = _text(gettext_lazy("Hint (optional)"), rows=3,
                 help_text=gettext_lazy("Shown under the question, to help people answer"))
    section = forms.CharField(label=gettext_lazy("Task-list section (optional)"), required=False, max_length=150,
                              help_text=gettext_lazy("Questions with the same section share a task on the task "
                                                     "list. For example, About your project"))
    required = forms.ChoiceField(label=gettext_lazy("Must applicants answer it?"), choices=YES_NO,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": gettext_lazy("Select yes if applicants must answer "
                                                                          "it")})
    max_length = _whole_number(gettext_lazy("Longest answer, in characters"), required=False,
                               help_text=gettext_lazy("2,000 unless you say otherwise"),
                               required_message="",
                               invalid_message=gettext_lazy("Enter the longest answer as a whole number of "
                                                            "characters, like 2000"))
    choices = _text(gettext_lazy("Options"), rows=5, help_text=gettext_lazy("One option on each line, at least 2"))
    allowed_types = forms.MultipleChoiceField(
        label=gettext_lazy("Which types of file may be uploaded?"), required=False,
        choices=[(ext, name if f"({ext.upper()})" in name else f"{name} (.{ext})")
                 for ext, name in FILE_TYPES.items()], widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Select file types from the list")})
    max_file_mb = forms.DecimalField(
        label=gettext_lazy("Largest file, in megabytes (MB)"), required=False, max_digits=6, decimal_places=2,
        help_text=gettext_lazy("5MB unless you say otherwise"), widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": gettext_lazy("Enter the largest file size as a number of megabytes, like 5"),
                        "max_digits": gettext_lazy("Enter the largest file size as a number of megabytes, like 5"),
                        "max_decimal_places": gettext_lazy("Enter the largest file size with no more than 2 "
                                                           "decimal places")})

    KIND_FIELDS = {QuestionKind.TEXT: ("max_length",), QuestionKind.CHOICE: ("choices",),
                   QuestionKind.FILE: ("allowed_types", "max_file_mb")}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in ("max_length", "choices", "allowed_types", "max_file_mb"):
            if name not in self.KIND_FIELDS.get(kind, ()):
                del self.fields[name]
        layout = [Field.text("label"), Field.textarea("hint", rows=3), Field.text("section"),
                  Field.radios("required", legend_size=Size.SMALL, inline=True)]
        for name in self.KIND_FIELDS.get(kind, ()):
            if name == "choices":
                layout.append(Field.textarea(name, rows=5))
            elif name == "allowed_types":
                layout.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
            else:
                layout.append(Field.text(name, field_width=5))
        self.helper = _helper(*layout, button=_("Add the question"))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {"label": data["label"], "hint": data["hint"], "section": data["section"], "kind": self.kind,
                     "required": data["required"] == "yes"}
        if "max_length" in data:
            arguments["max_length"] = data["max_length"]
        if "choices" in data:
            arguments["choices"] = [line for line in data["choices"].splitlines() if line.strip()]
        if "allowed_types" in data:
            arguments["allowed_types"] = data["allowed_types"]
        if data.get("max_file_mb") is not None:
            arguments["max_file_bytes"] = int(data["max_file_mb"] * 1024 * 1024)
        return arguments


class CriterionForm(ServiceErrorsForm):
    name = forms.CharField(label=gettext_lazy("Criterion"), required=False, max_length=200,
                           help_text=gettext_lazy("For example, Need in the community"))
    weight = forms.CharField(label=gettext_lazy("Weight"), required=False, max_length=12,
                             help_text=gettext_lazy("Weights are relative: a criterion of weight 2 counts twice "
                                                    "as much as one of weight 1"),
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    description = _text(gettext_lazy("What do assessors look for? (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name"), Field.text("weight", field_width=4), Field.textarea("description"),
                              button=_("Add the criterion"))

    def clean_weight(self):
        weight = (self.cleaned_data.get("weight") or "").strip()
        if not weight:
            raise forms.ValidationError(_("Enter a weight of more than 0 and up to 100, like 1 or 2.5"))
        return weight


class AmountForm(ServiceErrorsForm):
    amount = _money(gettext_lazy("Amount, in pounds"))

    def __init__(self, *args, label=None, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["amount"].label = label
        self.helper = _helper(Field.text("amount", label_size=Size.MEDIUM, field_width=10), button=button)


class ConfirmForm(ServiceErrorsForm):
    """A page that asks only for a button press (remove, publish); the service says what is wrong."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button.warning("submit", button) if warning else Button("submit", button))


class LeftBehindImportForm(ServiceErrorsForm):
    list_name = forms.CharField(label=gettext_lazy("Name of the list"), required=False, max_length=200,
                                help_text=gettext_lazy("Where it comes from. For example, Local Trust 2019"))
    file = forms.FileField(
        label=gettext_lazy("Upload a CSV file"),
        help_text=gettext_lazy("A header row with the columns ward code and ward name"),
        error_messages={"required": gettext_lazy("Select a CSV file"),
                        "empty": gettext_lazy("The selected file is empty"),
                        "invalid": gettext_lazy("Select a CSV file")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("list_name"), Field("file"), button=_("Import the list"))

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
