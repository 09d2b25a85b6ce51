"""Forms of the assessors' and administrators' pages on applications: assigning assessors, declaring interests,
scoring, moderating, the panel's recommendation, decisions, tranches, payments, reports, variations, underspends
and clawbacks.

Amounts, scores and reasons are left as typed for the services to judge, so each rule and its message live in one
place; the forms only turn what was typed into choices and dates, and name fields as the services key their
errors (criterion-<id>-score, tranches-<n>-amount), so a service's error lands on its own box.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm, add_service_errors

from .models import SCORE_MAX, SCORE_MIN, TrancheCondition

YES, NO = "yes", "no"
TRANCHE_ROWS = 6
REPORT_ROWS = 6


def _helper(*fields, button: str, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button.warning("submit", button) if warning else Button("submit", button))
    return helper


def _line(label, *, help_text=None, max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length)


def _text(label, *, help_text=None, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _yes_no(label, message, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, widget=forms.RadioSelect, required=required, choices=[(YES, gettext_lazy("Yes")),
                                                                            (NO, gettext_lazy("No"))],
                             error_messages={"required": message, "invalid_choice": message})


def add_errors_by_row(form, errors, prefix: str, sent: list[int]) -> None:
    """A service numbers rows as they were sent (empty rows left out): put each error on the form's own row."""
    if not hasattr(errors, "error_dict"):
        add_service_errors(form, errors)
        return
    for key, messages in errors.message_dict.items():
        field = key
        if key.startswith(prefix):
            number, _sep, rest = key[len(prefix):].partition("-")
            if number.isdigit() and int(number) < len(sent):
                field = f"{prefix}{sent[int(number)]}" + (f"-{rest}" if rest else "")
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class QueueFilterForm(ServiceErrorsForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               error_messages={"invalid_choice": gettext_lazy("Choose a status from the list")})

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("status"), Button.secondary("filter", _("Show applications")))


class AssignForm(ServiceErrorsForm):
    assessor = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Who should assess this application?"),
                                      widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, assessors, organisation: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assessor"]
        field.queryset = assessors
        field.label_from_instance = lambda user: user.display_name
        message = _("Choose an assessor of %(organisation)s") % {"organisation": organisation}
        field.error_messages = {"required": message, "invalid_choice": message}
        self.helper = _helper(Field.radios("assessor", legend_size=Size.LARGE, legend_tag="h1"),
                              button=_("Assign the assessor"))


class DeclarationForm(ServiceErrorsForm):
    has_conflict = _yes_no(gettext_lazy("Do you have a conflict of interest with this application?"),
                           gettext_lazy("Select yes if you have a conflict of interest"))
    details = _text(gettext_lazy("If yes, describe your conflict of interest"), rows=4,
                    help_text=gettext_lazy("For example, you are a trustee of the applicant, or a relative works "
                                           "there. Administrators see what you write"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("has_conflict", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
                              Field.textarea("details", label_size=Size.SMALL, rows=4),
                              button=_("Declare my interests"))

    @property
    def conflict(self) -> bool:
        return self.cleaned_data["has_conflict"] == YES


class ScoreField(forms.ChoiceField):
    """Radios from 0 to 5 whose value the service judges, so a score off the scale gets its own message."""

    def validate(self, value):
        pass


class ScoresForm(ServiceErrorsForm):
    """A score from 0 to 5 and a comment for each of the round's criteria. A criterion left blank (score and
    comment) is not saved yet; the service judges the rest."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]
        fieldsets = []
        for criterion in self.criteria:
            prefix = f"criterion-{criterion.pk}-"
            self.fields[prefix + "score"] = ScoreField(
                label=_("Score for %(criterion)s") % {"criterion": criterion.name}, required=False,
                choices=choices, widget=forms.RadioSelect,
                help_text=_("0 is no evidence, 5 is excellent. Weight %(weight)s") % {"weight": criterion.weight})
            self.fields[prefix + "comment"] = _text(_("Why this score?"), rows=3)
            fieldsets.append(Fieldset(Field.radios(prefix + "score", legend_size=Size.SMALL, inline=True),
                                      Field.textarea(prefix + "comment", label_size=Size.SMALL, rows=3),
                                      legend=criterion.name, legend_size=Size.MEDIUM))
        self.helper = _helper(*fieldsets, button=_("Save scores"))

    def scores(self) -> list[dict]:
        entries = []
        for criterion in self.criteria:
            prefix = f"criterion-{criterion.pk}-"
            score = (self.cleaned_data.get(prefix + "score") or "").strip()
            comment = self.cleaned_data.get(prefix + "comment") or ""
            if score or comment.strip():
                entries.append({"criterion": criterion, "score": score, "comment": comment})
        return entries


class ModerationForm(ServiceErrorsForm):
    score = _line(gettext_lazy("Agreed score"), max_length=10,
                  help_text=gettext_lazy("From 0 to 5, with up to 2 decimal places, like 3.5"))
    reason = _text(gettext_lazy("Why this score?"), rows=4,
                   help_text=gettext_lazy("For example, the assessors' scores were far apart and the panel agreed"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("score", field_width=4), Field.textarea("reason", label_size=Size.SMALL),
                              button=_("Save the moderated score"))


class RecommendForm(ServiceErrorsForm):
    recommended = _yes_no(gettext_lazy("Does the panel recommend this application?"),
                          gettext_lazy("Select whether the panel recommends the application"), required=False)
    amount = _line(gettext_lazy("Amount the panel suggests, in pounds (optional)"), max_length=20,
                   help_text=gettext_lazy("Leave empty for the amount asked for. For example, 8000"))
    notes = _text(gettext_lazy("The panel's reasons"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("recommended", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
                              Field.text("amount", field_width=10), Field.textarea("notes", label_size=Size.SMALL),
                              button=_("Record the recommendation"))

    @property
    def is_recommended(self) -> bool | None:
        """None when not answered: the service says so, with any other problems at once."""
        return {YES: True, NO: False}.get(self.cleaned_data["recommended"])


class ApproveForm(ServiceErrorsForm):
    amount = _line(gettext_lazy("Amount awarded, in pounds"), max_length=20,
                   help_text=gettext_lazy("The amount asked for, or less for a reduced award"))
    conditions = _text(gettext_lazy("Conditions (optional)"), rows=4,
                       help_text=gettext_lazy("For example, the first payment waits for a safeguarding policy"))
    reasons = _text(gettext_lazy("Reasons for the decision"), rows=6,
                    help_text=gettext_lazy("The applicant sees these"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("amount", field_width=10),
                              Field.textarea("conditions", label_size=Size.SMALL, rows=4),
                              Field.textarea("reasons", label_size=Size.SMALL), button=_("Approve the grant"))


class TextForm(ServiceErrorsForm):
    """One text box (reasons, a note) whose name matches the service's field."""

    def __init__(self, *args, field: str, label: str, button: str, help_text: str = "", warning: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field
        self.fields[field] = _text(label, help_text=help_text or None)
        self.helper = _helper(Field.textarea(field, label_size=Size.MEDIUM), button=button, warning=warning)

    @property
    def text(self) -> str:
        return self.cleaned_data[self.field_name]


class ConfirmForm(ServiceErrorsForm):
    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(button=button)


class TranchesForm(ServiceErrorsForm):
    """Up to TRANCHE_ROWS tranches still to pay: amount, due date and condition; empty rows are left out."""

    def __init__(self, *args, rows: int = TRANCHE_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        layout = []
        for index in range(rows):
            prefix = f"tranches-{index}-"
            n = index + 1
            self.fields[prefix + "amount"] = _line(_("Amount, in pounds"), max_length=20)
            self.fields[prefix + "due_on"] = GovukDateField(
                name=_("The due date of tranche %(n)s") % {"n": n}, required=False, label=_("Due on"),
                help_text=_("For example, 1 4 2027"))
            self.fields[prefix + "condition"] = forms.ChoiceField(
                label=_("Paid once"), required=False, choices=TrancheCondition.choices,
                initial=TrancheCondition.AGREEMENT_ACCEPTED,
                error_messages={"invalid_choice": _("Select the condition for releasing tranche %(n)s") % {"n": n}})
            layout.append(Fieldset(Field.text(prefix + "amount", field_width=10),
                                   Field(prefix + "due_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                                   Field.select(prefix + "condition"),
                                   legend=_("Tranche %(n)s") % {"n": n}, legend_size=Size.SMALL))
        self.helper = _helper(*layout, button=_("Save the schedule"))

    def tranches(self) -> list[dict]:
        found, self.sent = [], []
        for index in range(self.rows):
            prefix = f"tranches-{index}-"
            amount = (self.cleaned_data.get(prefix + "amount") or "").strip()
            due_on = self.cleaned_data.get(prefix + "due_on")
            if amount or due_on:
                found.append({"amount": amount, "due_on": due_on,
                              "condition": self.cleaned_data.get(prefix + "condition") or None})
                self.sent.append(index)
        return found

    def add_service_errors(self, errors) -> None:
        add_errors_by_row(self, errors, "tranches-", self.sent)


class ReportsScheduleForm(ServiceErrorsForm):
    """The dates monitoring reports fall due, in order; the last is the final report."""

    def __init__(self, *args, rows: int = REPORT_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        layout = []
        for index in range(rows):
            name = f"due_dates-{index}"
            self.fields[name] = GovukDateField(name=_("The due date of report %(n)s") % {"n": index + 1},
                                               required=False, label=_("Report %(n)s due on") % {"n": index + 1},
                                               help_text=_("For example, 1 4 2027"))
            layout.append(Field(name, context={"legend_size": Size.for_legend(Size.SMALL)}))
        self.helper = _helper(*layout, button=_("Save the reports' dates"))

    def due_dates(self) -> list:
        self.sent = [index for index in range(self.rows) if self.cleaned_data.get(f"due_dates-{index}")]
        return [self.cleaned_data[f"due_dates-{index}"] for index in self.sent]

    def add_service_errors(self, errors) -> None:
        add_errors_by_row(self, errors, "due_dates-", self.sent)


class ReleaseForm(ServiceErrorsForm):
    reference = _line(gettext_lazy("Payment reference (optional)"), max_length=60,
                      help_text=gettext_lazy("For example, the BACS reference"))

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("reference", field_width=20), button=button)


class ReviewForm(ServiceErrorsForm):
    """Approve or refuse something (a report, a variation) with a note."""

    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="")
    note = _text(gettext_lazy("Comments"), rows=5)

    def __init__(self, *args, label: str, choices, required_message: str, note_help: str, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].label = label
        self.fields["outcome"].choices = choices
        self.fields["outcome"].error_messages = {"required": required_message, "invalid_choice": required_message}
        self.fields["note"].help_text = note_help
        self.helper = _helper(Field.radios("outcome", legend_size=Size.MEDIUM, legend_tag="h2"),
                              Field.textarea("note", label_size=Size.SMALL, rows=5), button=button)


class MoneyReasonForm(ServiceErrorsForm):
    """An amount and a reason: an underspend, or money to be repaid."""

    amount = _line(gettext_lazy("Amount, in pounds"), max_length=20, help_text=gettext_lazy("For example, 1250"))
    reason = _text(gettext_lazy("Reason"), rows=5)

    def __init__(self, *args, button: str, reason_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = reason_help
        self.helper = _helper(Field.text("amount", field_width=10), Field.textarea("reason", label_size=Size.SMALL),
                              button=button)
