"""Forms of co-design's pages, for residents and officers.

Text the services check (titles, descriptions, reasons, amounts) is left for them to judge, so each rule and its
message live in one place; the forms turn what was typed into dates, numbers and choices.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from . import selectors
from .models import FollowUpStatus, PhaseKind, ReportReason, ResponseStatus, VotingMethod


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def _text(label, *, help_text=None, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _line(label, *, help_text=None) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False)


# Residents -------------------------------------------------------------------------------------------------------

class IdeaForm(ServiceErrorsForm):
    title = _line(gettext_lazy("What is your idea, in a few words?"),
                  help_text=gettext_lazy("For example, Open the youth club on Saturdays"))
    body = _text(gettext_lazy("Describe your idea"),
                 help_text=gettext_lazy("What should change, and who would it help? Everyone can read it, with your "
                                        "name"), rows=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title", label_size=Size.MEDIUM),
                              Field.textarea("body", label_size=Size.MEDIUM, rows=8), button=_("Post your idea"))


class ProposalForm(ServiceErrorsForm):
    title = _line(gettext_lazy("What do you propose, in a few words?"),
                  help_text=gettext_lazy("For example, Weekend sessions at Hendon youth club"))
    body = _text(gettext_lazy("Describe your proposal"),
                 help_text=gettext_lazy("What would be done, where, and who it would help. Everyone can read it, "
                                        "with the names of its authors"), rows=8)
    cost = _line(gettext_lazy("How much would it cost, in pounds?"))

    def __init__(self, *args, budget=None, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        cost = self.fields["cost"]
        if budget is not None:
            cost.help_text = _("Your best estimate of the whole cost, like 2500. It must be no more than the budget "
                               "of £%(budget)s") % {"budget": f"{budget:,.2f}"}
        else:
            cost.label = _("How much would it cost, in pounds? (optional)")
            cost.help_text = _("Your best estimate, like 2500, if you know it")
        self.helper = _helper(Field.text("title", label_size=Size.MEDIUM),
                              Field.textarea("body", label_size=Size.MEDIUM, rows=8),
                              Field.text("cost", label_size=Size.MEDIUM, field_width=10, prefix="£",
                                         inputmode="decimal"), button=button)


class CommentForm(ServiceErrorsForm):
    body = _text(gettext_lazy("Add a comment"), rows=4,
                 help_text=gettext_lazy("Everyone can read it, with your name"))

    def __init__(self, *args, label=None, button=None, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["body"].label = label
        self.helper = _helper(Field.textarea("body", label_size=Size.SMALL, rows=4),
                              button=button or _("Post your comment"))
        if action:
            self.helper.form_action = action


class CoauthorForm(ServiceErrorsForm):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the co-author"), max_length=254,
        help_text=gettext_lazy("They must have a Covenant account with this email address confirmed, and live in "
                               "the area. They are told and accept on the proposal's page"),
        error_messages={"required": gettext_lazy("Enter the co-author's email address, like name@example.org"),
                        "invalid": gettext_lazy("Enter an email address in the correct format, like "
                                                "name@example.org"),
                        "max_length": gettext_lazy("Email address must be 254 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("email", spellcheck="false", type="email"), button=_("Invite co-author"))

    def add_service_errors(self, errors) -> None:
        # The service names the person ("user"); here they were asked for by email.
        if hasattr(errors, "error_dict") and "user" in errors.error_dict:
            for message in errors.message_dict["user"]:
                self.add_error("email", message)
            return
        super().add_service_errors(errors)


class BallotForm(ServiceErrorsForm):
    """The ballot's checkboxes, one per proposal on it; the template draws them with their costs."""

    choices = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose proposals from the ballot: one of your choices is "
                                                       "not on it")})

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        self.fields["choices"].choices = [(str(p.pk), p.title) for p in self.options]

    def chosen_ids(self) -> set[int]:
        if self.is_bound:
            if hasattr(self, "cleaned_data") and "choices" in self.cleaned_data:
                return set(self.cleaned_data["choices"])
            return {int(v) for v in self.data.getlist("choices") if str(v).isdigit()}
        return {int(v) for v in (self.initial.get("choices") or [])}


class FilterForm(forms.Form):
    """The public list's filters, read from the address (GET)."""

    council = forms.TypedChoiceField(label=gettext_lazy("Council"), required=False, coerce=int, empty_value=None)
    service = forms.TypedChoiceField(label=gettext_lazy("Service"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councils = selectors.councils_with_processes()
        self.fields["council"].choices = [("", _("All councils")), *[(str(c.pk), c.name) for c in councils]]
        self.fields["service"].choices = [("", _("All services")), *[
            (str(s.pk), f"{s.name} ({s.owner.name})") for s in selectors.services_with_processes()]]
        self.fields["status"].choices = [("", _("Any status")), *selectors.public_status_choices()]
        for name, what in (("council", _("a council")), ("service", _("a service")), ("status", _("a status"))):
            self.fields[name].error_messages["invalid_choice"] = _("Choose %(what)s from the list") % {"what": what}
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("council"), Field.select("service"), Field.select("status"),
                                    Button.secondary("filter", _("Show processes")))


# Officers -------------------------------------------------------------------------------------------------------

class ProcessForm(ServiceErrorsForm):
    service = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Which service is the process about?"), empty_label=None,
        error_messages={"required": gettext_lazy("Choose the service"),
                        "invalid_choice": gettext_lazy("Choose a service in your council's catalogue")})
    title = _line(gettext_lazy("Title"), help_text=gettext_lazy("For example, Shape Hendon's youth services"))
    description = _text(gettext_lazy("Description"), rows=8,
                        help_text=gettext_lazy("What residents are asked to shape, what is decided by whom, and "
                                               "what happens to the result"))

    def __init__(self, *args, services=None, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.text("title", label_size=Size.MEDIUM),
                  Field.textarea("description", label_size=Size.MEDIUM, rows=8)]
        if services is None:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services
            self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.owner.name})"
            fields.insert(0, Field.select("service", label_size=Size.MEDIUM))
        self.helper = _helper(*fields, button=button)


YES, NO = "yes", "no"


class BudgetForm(ServiceErrorsForm):
    has_budget = forms.ChoiceField(
        label=gettext_lazy("Does the process hold a participatory budget?"), widget=forms.RadioSelect,
        choices=[(YES, gettext_lazy("Yes, residents vote on how to spend a budget")), (NO, gettext_lazy("No"))],
        error_messages={"required": gettext_lazy("Select yes if the process holds a participatory budget"),
                        "invalid_choice": gettext_lazy("Select yes if the process holds a participatory budget")})
    budget = _line(gettext_lazy("The budget, in pounds"), help_text=gettext_lazy("For example, 50000"))
    voting_method = forms.ChoiceField(
        label=gettext_lazy("How do residents vote?"), widget=forms.RadioSelect, required=False,
        choices=[Choice(VotingMethod.KNAPSACK, gettext_lazy("Spend the budget"),
                        hint=gettext_lazy("Each voter chooses proposals whose costs add up to no more than the "
                                          "budget")),
                 Choice(VotingMethod.APPROVAL, gettext_lazy("Approve proposals"),
                        hint=gettext_lazy("Each voter approves up to a set number of proposals"))],
        error_messages={"invalid_choice": gettext_lazy("Choose how residents vote on the budget")})
    approval_limit = _line(gettext_lazy("How many proposals may each voter approve?"),
                           help_text=gettext_lazy("Only when residents approve proposals. For example, 3"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("has_budget", legend_size=Size.LARGE, legend_tag="h1"),
                              Field.text("budget", field_width=10, prefix="£", inputmode="decimal"),
                              Field.radios("voting_method", legend_size=Size.MEDIUM),
                              Field.text("approval_limit", field_width=3, inputmode="numeric"),
                              button=_("Save the budget"))

    def clean(self):
        cleaned = super().clean()
        # Saying yes means a budget must be given: the service reads an empty budget as "no budget".
        if cleaned.get("has_budget") == YES and not (cleaned.get("budget") or "").strip():
            self.add_error("budget", _("Enter the budget in pounds, like 50000"))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        if data["has_budget"] == NO:
            return {"budget": None, "voting_method": "", "approval_limit": None}
        return {"budget": data["budget"], "voting_method": data.get("voting_method") or "",
                "approval_limit": data.get("approval_limit") or None}


class PhaseForm(ServiceErrorsForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Which phase?"), widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the kind of phase"),
                        "invalid_choice": gettext_lazy("Choose the kind of phase")})
    starts_on = GovukDateField(name=gettext_lazy("The first day"), label=gettext_lazy("First day"),
                               help_text=gettext_lazy("For example, 3 3 2027"))
    ends_on = GovukDateField(name=gettext_lazy("The last day"), label=gettext_lazy("Last day"),
                             help_text=gettext_lazy("The phase is open until the end of this day. For example, "
                                                    "31 3 2027"))
    description = _text(gettext_lazy("What happens in this phase? (optional)"), rows=4)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field("starts_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
                  Field("ends_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
                  Field.textarea("description", label_size=Size.MEDIUM, rows=4)]
        if kinds is None:
            del self.fields["kind"]
        else:
            self.fields["kind"].choices = [(kind, PhaseKind(kind).label) for kind in kinds]
            fields.insert(0, Field.radios("kind", legend_size=Size.MEDIUM))
        self.helper = _helper(*fields, button=_("Save the phase"))


class ConfirmForm(ServiceErrorsForm):
    """A single button confirming the action the page describes."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Button.warning("submit", button) if warning else Button("submit", button))


class CloseForm(ServiceErrorsForm):
    note = _text(gettext_lazy("A closing note for residents (optional)"), rows=4,
                 help_text=gettext_lazy("What happens next. Followers of the process are told"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("note", label_size=Size.MEDIUM, rows=4), button=_("Close the process"))


class HideForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why are you hiding it?"), rows=4,
                   help_text=gettext_lazy("Everyone sees this reason in its place, and its author is told. Nothing "
                                          "is deleted"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4), button=_("Hide it"))


class RestoreForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why are you showing it again?"), rows=4,
                   help_text=gettext_lazy("For example, it was hidden by mistake. Its author is told, and the audit "
                                          "log keeps this reason beside the reason it was hidden"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4), button=_("Show it again"))


class DismissReportsForm(ServiceErrorsForm):
    reason = _text(gettext_lazy("Why does it stay?"), rows=4,
                   help_text=gettext_lazy("Say why it breaks no rule. The people who reported it are told this "
                                          "reason, never each other's names"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4),
                              button=_("Dismiss the reports"))


class ReportForm(ServiceErrorsForm):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong with it?"), widget=forms.RadioSelect,
        choices=[Choice(ReportReason.SPAM, ReportReason.SPAM.label,
                        hint=gettext_lazy("Advertising, a scam, or the same thing posted again and again")),
                 Choice(ReportReason.OFFENSIVE, ReportReason.OFFENSIVE.label,
                        hint=gettext_lazy("It attacks or insults someone, or a group of people")),
                 Choice(ReportReason.OFF_TOPIC, ReportReason.OFF_TOPIC.label,
                        hint=gettext_lazy("It is not about this process, or it gives someone's private details")),
                 Choice(ReportReason.OTHER, ReportReason.OTHER.label)],
        error_messages={"required": gettext_lazy("Choose why you are reporting it"),
                        "invalid_choice": gettext_lazy("Choose why you are reporting it")})
    details = _text(gettext_lazy("Tell the council more"), rows=4,
                    help_text=gettext_lazy("Only the council's officers read this. Say what is wrong if you chose "
                                           "something else"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("reason", legend_size=Size.MEDIUM),
                              Field.textarea("details", label_size=Size.SMALL, rows=4), button=_("Send the report"))


class ResponseForm(ServiceErrorsForm):
    status = forms.ChoiceField(
        label=gettext_lazy("What is the council's response?"), widget=forms.RadioSelect,
        choices=[Choice(ResponseStatus.ACCEPTED, ResponseStatus.ACCEPTED.label,
                        hint=gettext_lazy("The council will take it forward")),
                 Choice(ResponseStatus.EVALUATING, ResponseStatus.EVALUATING.label,
                        hint=gettext_lazy("The council is looking into it")),
                 Choice(ResponseStatus.NOT_TAKEN_FORWARD, ResponseStatus.NOT_TAKEN_FORWARD.label,
                        hint=gettext_lazy("A proposal not taken forward is left off the ballot"))],
        error_messages={"required": gettext_lazy("Choose the council's response"),
                        "invalid_choice": gettext_lazy("Choose the council's response")})
    body = _text(gettext_lazy("Explain the response"), rows=6,
                 help_text=gettext_lazy("Published in the council's name, on the idea's or proposal's page"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("status", legend_size=Size.MEDIUM),
                              Field.textarea("body", label_size=Size.MEDIUM), button=_("Publish the response"))


class FollowUpUpdateForm(ServiceErrorsForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), widget=forms.RadioSelect, choices=FollowUpStatus.choices,
        error_messages={"required": gettext_lazy("Choose the status of the result"),
                        "invalid_choice": gettext_lazy("Choose the status of the result")})
    progress = _line(gettext_lazy("Progress, as a percentage"), help_text=gettext_lazy("From 0 to 100"))
    posted_on = GovukDateField(name=gettext_lazy("The date of the update"), label=gettext_lazy("Date of the update"),
                               help_text=gettext_lazy("For example, 14 3 2027"))
    body = _text(gettext_lazy("What has happened?"), rows=6,
                 help_text=gettext_lazy("Published on the accountability page"))
    dropped_reason = _text(gettext_lazy("Why was it dropped?"), rows=3,
                           help_text=gettext_lazy("Only when the status is dropped. Published"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("status", legend_size=Size.MEDIUM),
                              Field.text("progress", field_width=3, inputmode="numeric", suffix="%"),
                              Field("posted_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                              Field.textarea("body", label_size=Size.MEDIUM, rows=6),
                              Field.textarea("dropped_reason", label_size=Size.SMALL, rows=3),
                              button=_("Post the update"))
