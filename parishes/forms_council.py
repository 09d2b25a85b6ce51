"""Forms of the councils' parish pages: the queue's filter, each step of the review, the consultation, the
decision with its conditions, the electorate and the catalogue of powers.

Text the services check (reasons, notes, messages) is left for them to judge, so each rule and its message live
in one place; the forms only turn what was typed into dates, numbers and choices.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from .models import ProposalStatus

MAX_CSV_BYTES = 1024 * 1024


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def _heading(field: str, *, textarea: bool = False, rows: int = 6):
    """A field whose label is the page's heading (one question per page)."""
    if textarea:
        return Field.textarea(field, label_size=Size.LARGE, label_tag="h1", rows=rows)
    return Field.text(field, label_size=Size.LARGE, label_tag="h1")


def _legend_heading(field: str):
    return Field.radios(field, legend_size=Size.LARGE, legend_tag="h1")


def _text(label, *, help_text=None, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


class QueueFilterForm(ServiceErrorsForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a status from the list")},
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("status"), Button.secondary("filter", _("Show proposals")))


class DeclineForm(ServiceErrorsForm):
    """Declining a valid petition because the council reviewed the area in the last 2 years."""

    reviewed_on = GovukDateField(
        name=gettext_lazy("The date of the last review"),
        required_message=gettext_lazy("Enter the date of the last review, like 14 3 2025"),
        label=gettext_lazy("When did the council last review this area?"),
        help_text=gettext_lazy("The date its last community governance review of the area was completed. For "
                               "example, 14 3 2025"),
    )
    reason = _text(gettext_lazy("Why is the petition declined?"),
                   help_text=gettext_lazy("The proposers and the public read this"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("reviewed_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
                              Field.textarea("reason", label_size=Size.MEDIUM),
                              button=_("Decline the petition"))


class CaseOfficerForm(ServiceErrorsForm):
    officer = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Who is the case officer?"), widget=forms.RadioSelect, empty_label=None,
    )

    def __init__(self, *args, officers, council: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        field.queryset = officers
        field.label_from_instance = lambda user: user.display_name
        message = _("Choose an officer of %(council)s as the case officer") % {"council": council}
        field.error_messages = {"required": message, "invalid_choice": message}
        self.helper = _helper(_legend_heading("officer"), button=_("Assign the case officer"))


class ChecklistItemForm(ServiceErrorsForm):
    done = forms.ChoiceField(
        label="", widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes, it has been checked")), ("no", gettext_lazy("No, not yet"))],
        error_messages={"required": gettext_lazy("Select yes if this has been checked"),
                        "invalid_choice": gettext_lazy("Select yes if this has been checked")},
    )
    note = _text(gettext_lazy("Note"), rows=4,
                 help_text=gettext_lazy("How it was checked, or what is still missing. Needed when it is checked"))

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done"].label = label
        self.helper = _helper(_legend_heading("done"), Field.textarea("note", label_size=Size.SMALL, rows=4),
                              button=_("Save"))

    @property
    def is_done(self) -> bool:
        return self.cleaned_data["done"] == "yes"


class ChangesForm(ServiceErrorsForm):
    message = _text(gettext_lazy("What changes do you ask the proposers for?"), rows=8,
                    help_text=gettext_lazy("The proposers are told and answer on the proposal's page. What you ask "
                                           "and their answer are shown on the public page"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_heading("message", textarea=True, rows=8), button=_("Ask for the changes"))


class ConsultationForm(ServiceErrorsForm):
    weeks = forms.IntegerField(
        label=gettext_lazy("How many weeks should the consultation run?"),
        help_text=gettext_lazy("Between 1 and 12 weeks. Residents comment on the proposal's public page until it "
                               "closes"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Enter the number of weeks, like 6"),
                        "invalid": gettext_lazy("Enter the number of weeks as a whole number, like 6")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("weeks", label_size=Size.LARGE, label_tag="h1", field_width=2),
                              button=_("Open the consultation"))


class HideCommentForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why are you hiding this comment?"), rows=4,
                   help_text=gettext_lazy("The public see this reason where the comment was. The comment is kept"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4),
                              button=_("Hide the comment"))


class ResponseForm(ServiceErrorsForm):
    body = _text(gettext_lazy("The council's response"), rows=6,
                 help_text=gettext_lazy("Published on the proposal's page in the name of the council"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("body", label_size=Size.MEDIUM), button=_("Publish the response"))


class DecisionForm(ServiceErrorsForm):
    """The decision and its reasons; conditions come on the next page, and nothing is final before the check."""

    decision = forms.ChoiceField(
        label=gettext_lazy("What has the council decided?"), widget=forms.RadioSelect,
        choices=[
            Choice(ProposalStatus.APPROVED, gettext_lazy("Approve"),
                   hint=gettext_lazy("Every power asked for, until the sunset date asked for")),
            Choice(ProposalStatus.APPROVED_WITH_CONDITIONS, gettext_lazy("Approve with conditions"),
                   hint=gettext_lazy("Some of the powers, a shorter term or a budget cap")),
            Choice(ProposalStatus.REJECTED, gettext_lazy("Reject")),
        ],
        error_messages={"required": gettext_lazy("Choose approve, approve with conditions or reject"),
                        "invalid_choice": gettext_lazy("Choose approve, approve with conditions or reject")},
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons for the decision"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Published with the decision on the proposal's page"),
        error_messages={"required": gettext_lazy("Enter the reasons for the decision")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_legend_heading("decision"), Field.textarea("reasons", label_size=Size.MEDIUM),
                              button=_("Continue"))


class ConditionsForm(ServiceErrorsForm):
    """The conditions of an approval: the powers granted, an earlier sunset date, a budget cap."""

    granted_powers = forms.MultipleChoiceField(
        label=gettext_lazy("Which powers does the council grant?"), widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Untick the powers the council does not grant"),
        error_messages={"invalid_choice": gettext_lazy("Grant only powers the proposal asked for")},
    )
    sunset_on = GovukDateField(
        name=gettext_lazy("The sunset date"), required=False,
        label=gettext_lazy("A shorter term: when should the powers end?"),
    )
    budget_cap = forms.CharField(
        label=gettext_lazy("A budget cap, in pounds"), required=False, max_length=30,
        help_text=gettext_lazy("The most the parish may spend of a delegated budget. Leave it empty for no cap"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"max_length": gettext_lazy("Enter the budget cap in pounds, like 5000")},
    )

    def __init__(self, *args, requested, asked_sunset_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested = list(requested)
        self.fields["granted_powers"].choices = [(str(rp.power_id), rp.power.name) for rp in self.requested]
        self.fields["sunset_on"].help_text = _(
            "Leave it empty to keep the date asked for, %(day)s. An earlier date shortens the term"
        ) % {"day": date_format(asked_sunset_on, "j F Y")}
        self.helper = _helper(Field.checkboxes("granted_powers", legend_size=Size.MEDIUM),
                              Field("sunset_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
                              Field.text("budget_cap", label_size=Size.MEDIUM, field_width=10),
                              button=_("Continue"))

    def clean_budget_cap(self) -> str:
        # People write "£5,000"; the service judges the number that is left.
        return self.cleaned_data["budget_cap"].replace("£", "").replace(",", "").strip()

    def conditions(self) -> dict:
        """The conditions as the service takes them: a power condition only when some power is not granted."""
        granted = {int(pk) for pk in self.cleaned_data["granted_powers"]}
        every = {rp.power_id for rp in self.requested}
        return {
            "granted_powers": None if granted == every else sorted(granted),
            "sunset_on": self.cleaned_data["sunset_on"],
            "budget_cap": self.cleaned_data["budget_cap"] or None,
        }


class CommentForm(ServiceErrorsForm):
    """A resident's comment in the public consultation."""

    body = _text(gettext_lazy("Your comment"), rows=6,
                 help_text=gettext_lazy("Published on this page without your name. The council may respond"))

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("body", label_size=Size.MEDIUM), button=_("Publish your comment"))
        # Shown on the proposal's page, it posts to its own page, which shows any errors.
        self.helper.form_action = action


class AnswerForm(ServiceErrorsForm):
    """A proposer's answer to the council's request for changes."""

    answer = _text(gettext_lazy("Your answer to the council"), rows=6,
                   help_text=gettext_lazy("Say what you have changed or why not. Your answer is shown on the public "
                                          "page"))

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("answer", label_size=Size.SMALL), button=_("Send your answer"))
        self.helper.form_action = action


class ElectorateForm(ServiceErrorsForm):
    """One ward's or LSOA's electors on a date."""

    area = forms.ChoiceField(label=gettext_lazy("Ward or LSOA"))
    electors = forms.IntegerField(
        label=gettext_lazy("Number of electors"), widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Enter the number of electors, like 1250"),
                        "invalid": gettext_lazy("Enter the number of electors as a whole number, like 1250")},
    )
    as_of = GovukDateField(
        name=gettext_lazy("The date of the figure"),
        required_message=gettext_lazy("Enter the date of the figure, like 1 12 2025"),
        label=gettext_lazy("On what date is this the number of electors?"),
        help_text=gettext_lazy("For example, the date of the register it comes from: 1 12 2025"),
    )

    def __init__(self, *args, wards, lsoas, council: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {f"ward:{w.code}": ("ward", w) for w in wards} | {f"lsoa:{a.code}": ("lsoa", a) for a in lsoas}
        field = self.fields["area"]
        field.choices = [("", _("Choose a ward or LSOA")),
                         (_("Wards"), [(f"ward:{w.code}", str(w)) for w in wards]),
                         (_("LSOAs"), [(f"lsoa:{a.code}", str(a)) for a in lsoas])]
        message = _("Choose a ward or LSOA of %(council)s") % {"council": council}
        field.error_messages = {"required": message, "invalid_choice": message}
        self.helper = _helper(Field.select("area"), Field.text("electors", field_width=10),
                              Field("as_of", context={"legend_size": Size.for_legend(Size.SMALL)}),
                              button=_("Record the figure"))

    def area_kwargs(self) -> dict:
        """{"ward": Ward} or {"lsoa": LSOA}, as the service takes the area."""
        kind, area = self.areas[self.cleaned_data["area"]]
        return {kind: area}


class ElectorateImportForm(ServiceErrorsForm):
    file = forms.FileField(
        label=gettext_lazy("Upload a CSV file"),
        help_text=gettext_lazy("Columns code, electors and as_of: a ward (E05…) or LSOA (E01…) code of the council, "
                               "a whole number and a date like 2025-12-01"),
        error_messages={"required": gettext_lazy("Select a CSV file"),
                        "empty": gettext_lazy("The selected file is empty"),
                        "invalid": gettext_lazy("Select a CSV file")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("file"), button=_("Import the figures"))

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


class PowerForm(ServiceErrorsForm):
    """A council's own power, added to the catalogue proposals in its area choose from."""

    name = forms.CharField(label=gettext_lazy("Name of the power"), required=False,
                           help_text=gettext_lazy("For example, Run the community library"))
    description = _text(gettext_lazy("What does it let the parish do?"), rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name", label_size=Size.MEDIUM),
                              Field.textarea("description", label_size=Size.MEDIUM, rows=5),
                              button=_("Add the power"))
