"""Forms of the applicants' pages: starting an application, its question pages (details, each configured
question, the budget table, the places it will help, bank details), the declaration, withdrawing, and after the
award the agreement, monitoring reports and variations.

Amounts, codes and text are left as typed for the services to judge, so each rule and its message live in one
place; the forms turn what was typed into choices, dates and files, and name fields as the services key their
errors (lines-<n>-cost, areas-<n>), so a service's error lands on its own box.
"""

import re
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from . import uploads
from .models import QuestionKind
from .services.applications import MAX_BUDGET_LINES, SUMMARY_MAX, TITLE_MAX

LINE_FIELDS = ("item", "cost", "requested", "match_funding", "match_source")
_LINE_KEY = re.compile(r"^lines-(\d+)-(item|cost|requested|match_funding|match_source)$")


def _helper(*fields, button: str, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button.warning("submit", button) if warning else Button("submit", button))
    return helper


def _line(label, *, help_text=None, max_length: int = 300) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length,
                           error_messages={"max_length": gettext_lazy(
                               "This must be %(limit_value)s characters or fewer")})


def _text(label, *, help_text=None, rows: int = 6, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"max_length": gettext_lazy(
                               "This must be %(limit_value)s characters or fewer")})


def _date(name, label, *, help_text=None) -> GovukDateField:
    return GovukDateField(name=name, label=label, required=False,
                          help_text=help_text or gettext_lazy("For example, 27 3 2027"))


def _date_field(name: str):
    return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})


# Starting ------------------------------------------------------------------------------------------------------

class StartForm(ServiceErrorsForm):
    """Which organisation applies (when the person may apply for more than one) and the project's name."""

    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Which organisation is applying?"), coerce=int, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the organisation that is applying"),
                        "invalid_choice": gettext_lazy("Select the organisation that is applying")})
    title = forms.CharField(
        label=gettext_lazy("What is your project called?"), max_length=TITLE_MAX,
        help_text=gettext_lazy("A short name, like Warm spaces this winter. You can change it later"),
        error_messages={"required": gettext_lazy("Enter the name of your project"),
                        "max_length": gettext_lazy("Project name must be %(limit_value)s characters or fewer")})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.choices = [(organisation.pk, organisation.name) for organisation in organisations]
        if len(field.choices) == 1:
            # Only one organisation may apply: it is named on the page, not asked for.
            field.widget = forms.HiddenInput()
            field.initial = field.choices[0][0]
            choose = Field("organisation")
        else:
            choose = Field.radios("organisation", legend_size=Size.MEDIUM, legend_tag="h2")
        fields = [choose, Field.text("title", label_size=Size.MEDIUM)]
        self.helper = _helper(*fields, button=_("Start your application"))


# Question pages ------------------------------------------------------------------------------------------------

class DetailsForm(ServiceErrorsForm):
    title = forms.CharField(
        label=gettext_lazy("Project name"), max_length=TITLE_MAX,
        error_messages={"required": gettext_lazy("Enter the name of your project"),
                        "max_length": gettext_lazy("Project name must be %(limit_value)s characters or fewer")})
    summary = _text(gettext_lazy("What is the grant for?"), max_length=SUMMARY_MAX,
                    help_text=gettext_lazy("Say what the project will do, for whom, and what will change. "
                                           "Assessors read this first"))
    amount_requested = _line(gettext_lazy("How much are you asking for?"), max_length=20)
    project_start = _date(gettext_lazy("The project's start date"), gettext_lazy("When will the project start?"))
    project_end = _date(gettext_lazy("The project's end date"), gettext_lazy("When will the project end?"))
    organisation_income = _line(
        gettext_lazy("What was your organisation's income last year?"), max_length=20,
        help_text=gettext_lazy("In pounds, from your latest accounts. Enter 0 if you have had no income yet"))

    def __init__(self, *args, limits: str, max_months: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_requested"].help_text = _("In pounds, %(limits)s") % {"limits": limits}
        self.fields["project_end"].help_text = _(
            "Projects in this round can last up to %(months)s months. For example, 31 3 2028") % {
            "months": max_months}
        self.helper = _helper(
            Field.text("title", label_size=Size.SMALL),
            Field.textarea("summary", label_size=Size.SMALL, rows=8, max_characters=SUMMARY_MAX),
            Field.text("amount_requested", label_size=Size.SMALL, field_width=10, inputmode="decimal"),
            _date_field("project_start"), _date_field("project_end"),
            Field.text("organisation_income", label_size=Size.SMALL, field_width=10, inputmode="decimal"),
            button=_("Save and continue"))


class AnswerForm(ServiceErrorsForm):
    """One configured question, asked as its kind needs; the question is the page's heading."""

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        label, hint = question.label, question.hint or None
        kind = question.kind
        if kind == QuestionKind.TEXT:
            limit = question.max_length or 2000
            self.fields["value"] = _text(label, help_text=hint, rows=8, max_length=limit)
            # The character count needs a hint to sit beside (crispy-forms-gds looks for one).
            layout = (Field.textarea("value", label_size=Size.LARGE, label_tag="h1", max_characters=limit) if hint
                      else Field.textarea("value", label_size=Size.LARGE, label_tag="h1"))
        elif kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
            if kind == QuestionKind.MONEY and not hint:
                hint = _("In pounds, like 1250 or 1250.50")
            self.fields["value"] = _line(label, help_text=hint, max_length=30)
            layout = Field.text("value", label_size=Size.LARGE, label_tag="h1", field_width=10, inputmode="decimal")
        elif kind == QuestionKind.DATE:
            self.fields["value"] = _date(_("The date"), label, help_text=hint)
            layout = Field("value", context={"legend_size": Size.for_legend(Size.LARGE), "legend_tag": "h1"})
        elif kind == QuestionKind.CHOICE:
            self.fields["value"] = forms.ChoiceField(
                label=label, help_text=hint, required=False, widget=forms.RadioSelect,
                choices=[(choice, choice) for choice in question.choices],
                error_messages={"invalid_choice": gettext_lazy("Select one of the options")})
            layout = Field.radios("value", legend_size=Size.LARGE, legend_tag="h1")
        elif kind == QuestionKind.FILE:
            types = question.allowed_types or []
            limit = question.max_file_bytes or uploads.DEFAULT_MAX_BYTES
            limits = _("The file must be a %(types)s, smaller than %(size)s") % {
                "types": uploads.types_label(types), "size": uploads.size_label(limit)}
            self.fields["upload"] = forms.FileField(
                label=label, help_text=f"{hint}. {limits}" if hint else limits, required=False,
                widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in types)}),
                error_messages={"empty": _("The selected file is empty"), "invalid": _("Select a file"),
                                "missing": _("Select a file"),
                                "max_length": _("The selected file's name must be %(max)s characters or fewer")
                                % {"max": uploads.NAME_MAX}})
            layout = Field("upload", css_class="govuk-file-upload",
                           context={"label_size": Size.for_label(Size.LARGE), "label_tag": "h1"})
        else:  # the budget has its own page
            raise ValueError(f"{kind} questions are not asked on an answer page")
        self.helper = _helper(layout, button=_("Save and continue"))


def _line_number(key: str) -> int | None:
    match = _LINE_KEY.match(key)
    return int(match[1]) if match else None


def posted_lines(data) -> list[dict]:
    """The budget lines in what was posted, in order, with their fields as typed."""
    numbers = sorted({n for key in data if (n := _line_number(key)) is not None and n <= MAX_BUDGET_LINES + 1})
    return [{name: data.get(f"lines-{n}-{name}", "") for name in LINE_FIELDS} for n in numbers]


def is_blank(line: dict) -> bool:
    return not any(str(line.get(name) or "").strip() for name in LINE_FIELDS)


def money_text(value) -> str:
    """An amount as a person would type it: 5000, or 5000.50; nothing for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else f"{value:.2f}"
    return str(value)


def lines_data(lines: list[dict]) -> dict:
    """Lines as form data, numbered from 0 (as the service numbers its errors)."""
    return {f"lines-{n}-{name}": money_text(line.get(name)) for n, line in enumerate(lines) for name in LINE_FIELDS}


class BudgetForm(ServiceErrorsForm):
    """The budget table: a fieldset per line, with a button to remove it; more lines are added by a button."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        fieldsets = [HTML(format_html(
            '<button type="submit" name="submit" class="govuk-visually-hidden" tabindex="-1" aria-hidden="true">'
            '{}</button>', _("Save and continue")))]
        for n in range(count):
            prefix = f"lines-{n}-"
            self.fields[prefix + "item"] = _line(_("What is it for?"), max_length=200)
            self.fields[prefix + "cost"] = _line(_("Cost"), help_text=_("In pounds"), max_length=20)
            self.fields[prefix + "requested"] = _line(_("From this grant"), max_length=20)
            self.fields[prefix + "match_funding"] = _line(_("Match funding"), max_length=20)
            self.fields[prefix + "match_source"] = _line(
                _("Where the match funding comes from"), max_length=200,
                help_text=_("For example, our reserves or another funder. Leave empty if there is no match "
                            "funding"))
            fieldsets.append(Fieldset(
                Field.text(prefix + "item", label_size=Size.SMALL),
                Field.text(prefix + "cost", field_width=10, inputmode="decimal"),
                Field.text(prefix + "requested", field_width=10, inputmode="decimal"),
                Field.text(prefix + "match_funding", field_width=10, inputmode="decimal"),
                Field.text(prefix + "match_source"),
                HTML(format_html('<button type="submit" name="remove-{}" class="govuk-button '
                                 'govuk-button--secondary" data-module="govuk-button">{}</button>', n,
                                 _("Remove line %(n)s") % {"n": n + 1})),
                legend=_("Line %(n)s") % {"n": n + 1}, legend_size=Size.MEDIUM))
        self.helper = FormHelper()
        self.helper.layout = Layout(*fieldsets, Button.secondary("add", _("Add another line")),
                                    Button("submit", _("Save and continue")))


def removed_line(data) -> int | None:
    """The line whose Remove button was pressed, counting from 0."""
    for key in data:
        if key.startswith("remove-") and key[7:].isdigit():
            return int(key[7:])
    return None


class AreasForm(ServiceErrorsForm):
    codes = forms.CharField(
        label=gettext_lazy("Where will the grant help?"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=gettext_lazy("Enter postcodes (like SR2 8AA) or ONS codes of neighbourhoods (LSOAs, like "
                               "E01008162), wards (like E05001234) or local authorities (like E08000024), each "
                               "on its own line or separated by commas"),
        error_messages={"max_length": gettext_lazy("This must be 3,000 characters or fewer")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("codes", label_size=Size.LARGE, label_tag="h1"),
                              button=_("Save and continue"))

    def code_list(self) -> list[str]:
        return [code.strip() for code in re.split(r"[,\n]", self.cleaned_data["codes"]) if code.strip()]


class BankDetailsForm(ServiceErrorsForm):
    """GOV.UK's bank details pattern. Numbers typed are never shown back: they are asked for again."""

    account_name = _line(gettext_lazy("Name on the account"), max_length=140)
    sort_code = _line(gettext_lazy("Sort code"), help_text=gettext_lazy("Must be 6 digits long"), max_length=20)
    account_number = _line(gettext_lazy("Account number"),
                           help_text=gettext_lazy("Must be between 6 and 8 digits long"), max_length=20)
    roll_number = _line(gettext_lazy("Building society roll number (if you have one)"),
                        help_text=gettext_lazy("You can find it on your card, statement or passbook"), max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("account_name", spellcheck="false", autocomplete="off"),
            Field.text("sort_code", field_width=5, inputmode="numeric", spellcheck="false", autocomplete="off"),
            Field.text("account_number", field_width=10, inputmode="numeric", spellcheck="false",
                       autocomplete="off"),
            Field.text("roll_number", field_width=10, spellcheck="false", autocomplete="off"),
            button=_("Save bank details"))

    def forget_numbers(self) -> None:
        """After an error, the page asks for the numbers again rather than showing them."""
        data = self.data.copy()
        for name in ("sort_code", "account_number", "roll_number"):
            data.pop(name, None)
        self.data = data


class DeclarationForm(ServiceErrorsForm):
    declaration = forms.BooleanField(
        label=gettext_lazy("I confirm that the information in this application is true and complete, and that I "
                           "may apply for my organisation"),
        error_messages={"required": gettext_lazy("Confirm the declaration to submit your application")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("declaration"), button=_("Accept and submit"))


class WithdrawForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why are you withdrawing? (optional)"),
                   help_text=gettext_lazy("The fund's administrators read this"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.SMALL), button=_("Withdraw the application"),
                              warning=True)


# After the award -----------------------------------------------------------------------------------------------

class AcceptForm(ServiceErrorsForm):
    # Asked for here as well as by the service, so that every missing answer is said at once with the
    # confirmation's.
    full_name = forms.CharField(label=gettext_lazy("Your full name"), max_length=150,
                                error_messages={"required": gettext_lazy("Enter your full name")})
    role = forms.CharField(label=gettext_lazy("Your role in the organisation"), max_length=150,
                           help_text=gettext_lazy("For example, Chair of trustees"),
                           error_messages={"required": gettext_lazy(
                               "Enter your role in the organisation, like Chair of trustees")})
    confirm = forms.BooleanField(
        label=gettext_lazy("I accept the grant agreement and its terms on behalf of my organisation"),
        error_messages={"required": gettext_lazy("Confirm that you accept the grant agreement")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("full_name", autocomplete="name"), Field.text("role"),
                              Field.checkbox("confirm"), button=_("Accept the grant agreement"))


class ReportForm(ServiceErrorsForm):
    progress = _text(gettext_lazy("What has the project done so far?"), rows=10,
                     help_text=gettext_lazy("What you did, who it helped, what changed, and anything that did not "
                                            "go to plan"))
    spent_to_date = _line(gettext_lazy("How much of the grant have you spent so far?"), max_length=20,
                          help_text=gettext_lazy("In pounds, like 1250 or 1250.50"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("progress", label_size=Size.MEDIUM),
                              Field.text("spent_to_date", label_size=Size.MEDIUM, field_width=10,
                                         inputmode="decimal"),
                              button=_("Submit the report"))


class VariationForm(ServiceErrorsForm):
    new_amount = _line(gettext_lazy("New amount (if it changes)"), max_length=20,
                       help_text=gettext_lazy("In pounds. Leave empty to keep the amount"))
    new_start = _date(gettext_lazy("The new start date"), gettext_lazy("New start date (if it changes)"))
    new_end = _date(gettext_lazy("The new end date"), gettext_lazy("New end date (if it changes)"))
    reason = _text(gettext_lazy("Why does the grant need to change?"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("new_amount", label_size=Size.SMALL, field_width=10, inputmode="decimal"),
                              _date_field("new_start"), _date_field("new_end"),
                              Field.textarea("reason", label_size=Size.SMALL), button=_("Ask for the change"))
