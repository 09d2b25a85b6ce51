"""Forms of an active parish's pages: officers, meetings, decisions with each member's vote, spending, the
delegated budget, renewal and the evaluation.

Text and sums the services check are left for them to judge, so each rule and its message live in one place; the
forms only turn what was typed into dates, times and choices.
"""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from .models import Office, RenewalStatus, VoteChoice

NOT_PRESENT = "absent"


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def _text(label, *, help_text=None, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _line(label, *, help_text=None, max_length: int = 500) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length,
                           error_messages={"max_length": gettext_lazy("This must be %(limit_value)s characters or "
                                                                      "fewer")})


def _date(field: str, size=Size.MEDIUM):
    return Field(field, context={"legend_size": Size.for_legend(size)})


class TimeField(forms.CharField):
    """A time of day on the 24-hour clock, typed as 19:30 or 7.30pm's 19.30."""

    PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = self.PATTERN.match(value)
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.time(int(match[1]), int(match[2]))


def _choices_of(people) -> list[tuple[str, str]]:
    return [(str(person.pk), person.display_name) for person in people]


# Officers ------------------------------------------------------------------------------------------------------

class AppointForm(ServiceErrorsForm):
    office = forms.ChoiceField(
        label=gettext_lazy("Which office?"), widget=forms.RadioSelect, choices=Office.choices,
        error_messages={"required": gettext_lazy("Choose chair, clerk or treasurer"),
                        "invalid_choice": gettext_lazy("Choose chair, clerk or treasurer")},
    )
    user = forms.ChoiceField(
        label=gettext_lazy("Which member?"),
        error_messages={"required": gettext_lazy("Choose a member of the parish"),
                        "invalid_choice": gettext_lazy("Choose a member of the parish")},
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("By which decision of the parish?"), required=False,
        help_text=gettext_lazy("The chair may appoint without one; otherwise choose the carried decision by which "
                               "members made the appointment"),
        error_messages={"invalid_choice": gettext_lazy("Choose a decision of this parish that was carried")},
    )

    def __init__(self, *args, members, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in members}
        self.decisions = {str(decision.pk): decision for decision in decisions}
        self.fields["user"].choices = [("", _("Choose a member")), *_choices_of(members)]
        self.fields["decision"].choices = [("", _("None: the chair appoints")),
                                           *[(key, d.title) for key, d in self.decisions.items()]]
        self.helper = _helper(Field.radios("office", legend_size=Size.MEDIUM, legend_tag="h2"),
                              Field.select("user"), Field.select("decision"), button=_("Appoint"))

    def values(self) -> dict:
        data = self.cleaned_data
        return {"office": data["office"], "user": self.people[data["user"]],
                "decision": self.decisions.get(data["decision"] or "")}


class StandDownForm(ServiceErrorsForm):
    office = forms.ChoiceField(
        label=gettext_lazy("Which office are you standing down from?"), widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose an office you hold"),
                        "invalid_choice": gettext_lazy("Choose an office you hold")},
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(office, Office(office).label) for office in sorted(offices)]
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("office", legend_size=Size.LARGE, legend_tag="h1"),
                                    Button.warning("submit", _("Stand down")))


# Meetings and decisions ----------------------------------------------------------------------------------------

class MeetingForm(ServiceErrorsForm):
    title = _line(gettext_lazy("Title"), help_text=gettext_lazy("For example, Summer fair planning"), max_length=150)
    date = GovukDateField(name=gettext_lazy("The date of the meeting"),
                          required_message=gettext_lazy("Enter the date of the meeting"),
                          label=gettext_lazy("Date"), help_text=gettext_lazy("For example, 14 7 2027"))
    time = TimeField(
        label=gettext_lazy("Start time"), help_text=gettext_lazy("Use the 24-hour clock, like 19:00"),
        widget=forms.TextInput(attrs={"maxlength": 5}),
        error_messages={"required": gettext_lazy("Enter the start time, like 19:00"),
                        "invalid": gettext_lazy("Enter the start time using the 24-hour clock, like 19:00")},
    )
    place = _line(gettext_lazy("Where is it held? (optional if it is online)"),
                  help_text=gettext_lazy("For example, Hendon Community Centre, Toward Road"), max_length=300)
    online_url = _line(gettext_lazy("Link to join online (optional)"),
                       help_text=gettext_lazy("For example, https://meet.example.org/parish"))
    agenda = _text(gettext_lazy("Agenda (optional)"), rows=8,
                   help_text=gettext_lazy("You can publish it later, up to the start of the meeting"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title"), _date("date", Size.SMALL), Field.text("time", field_width=5),
                              Field.text("place"), Field.text("online_url", spellcheck="false"),
                              Field.textarea("agenda", label_size=Size.SMALL),
                              button=_("Schedule the meeting"))

    def values(self) -> dict:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))
        return {"title": data["title"], "starts_at": starts_at, "place": data["place"],
                "online_url": data["online_url"], "agenda": data["agenda"]}


class TextForm(ServiceErrorsForm):
    """One text answer whose label is the page's heading: an agenda, minutes, a reason."""

    text = _text("", rows=12)

    def __init__(self, *args, label: str, button: str, help_text: str = "", warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.textarea("text", label_size=Size.LARGE, label_tag="h1"),
                                    Button.warning("submit", button) if warning else Button("submit", button))

    def add_service_errors(self, errors) -> None:
        # The services name the text after what it is (agenda, minutes, reason); here it is the one field.
        if hasattr(errors, "error_dict"):
            for messages in errors.message_dict.values():
                for message in messages:
                    self.add_error("text", message)
            return
        super().add_service_errors(errors)


class DecisionForm(ServiceErrorsForm):
    """A motion and the vote of each member present: one set of radios per member, "not present" by default."""

    title = _line(gettext_lazy("Title"), help_text=gettext_lazy("For example, Summer fair budget"), max_length=200)
    motion = _text(gettext_lazy("The motion"), rows=4,
                   help_text=gettext_lazy("What members voted on, as put to the meeting"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        choices = [(NOT_PRESENT, _("Not present")), *VoteChoice.choices]
        for person in self.members:
            self.fields[f"vote_{person.pk}"] = forms.ChoiceField(
                label=person.display_name, choices=choices, initial=NOT_PRESENT, widget=forms.RadioSelect,
                error_messages={"required": _("Choose how %(name)s voted, or not present") % {
                    "name": person.display_name}, "invalid_choice": _("Choose how %(name)s voted, or not present")
                    % {"name": person.display_name}},
            )
        self.helper = _helper(
            Field.text("title"), Field.textarea("motion", label_size=Size.SMALL),
            Fieldset(*[Field.radios(f"vote_{person.pk}", legend_size=Size.SMALL, inline=True)
                       for person in self.members],
                     legend=_("How did each member vote?"), legend_size=Size.MEDIUM),
            button=_("Record the decision"))

    def votes(self) -> dict:
        return {person: self.cleaned_data[f"vote_{person.pk}"] for person in self.members
                if self.cleaned_data.get(f"vote_{person.pk}") not in (None, NOT_PRESENT)}

    def add_service_errors(self, errors) -> None:
        # "votes" has no field of its own: it is about the whole roll, so it goes above the form.
        if hasattr(errors, "error_dict") and "votes" in errors.error_dict:
            for message in errors.message_dict["votes"]:
                self.add_error(None, message)
            errors = type(errors)({k: v for k, v in errors.error_dict.items() if k != "votes"})
            if not errors.error_dict:
                return
        super().add_service_errors(errors)


# The budget ----------------------------------------------------------------------------------------------------

class SpendingForm(ServiceErrorsForm):
    spent_on = GovukDateField(name=gettext_lazy("The date of the spending"),
                              required_message=gettext_lazy("Enter the date of the spending, like 14 3 2027"),
                              label=gettext_lazy("Date"), help_text=gettext_lazy("For example, 14 3 2027"))
    payee = _line(gettext_lazy("Who was paid?"), max_length=200)
    purpose = _text(gettext_lazy("What was it for?"), rows=3)
    amount = _line(gettext_lazy("Amount in pounds"), help_text=gettext_lazy("For example, 125.50"), max_length=20)
    decision = forms.ChoiceField(
        label=gettext_lazy("Which decision of the parish authorised it? (optional)"), required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a decision of this parish that was carried, or "
                                                       "none")},
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {str(decision.pk): decision for decision in decisions}
        self.fields["decision"].choices = [("", _("None")), *[(k, d.title) for k, d in self.decisions.items()]]
        self.helper = _helper(_date("spent_on", Size.SMALL), Field.text("payee"),
                              Field.textarea("purpose", label_size=Size.SMALL, rows=3),
                              Field.text("amount", field_width=10), Field.select("decision"),
                              button=_("Record the spending"))

    def values(self) -> dict:
        data = self.cleaned_data
        return {"spent_on": data["spent_on"], "payee": data["payee"], "purpose": data["purpose"],
                "amount": data["amount"], "decision": self.decisions.get(data["decision"] or "")}


class DelegateForm(ServiceErrorsForm):
    amount = _line(gettext_lazy("How much does the council delegate to the parish, in pounds?"),
                   help_text=gettext_lazy("For example, 5000"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("amount", label_size=Size.LARGE, label_tag="h1", field_width=10),
                              button=_("Save the budget"))


# Renewal and evaluation ----------------------------------------------------------------------------------------

class RenewalForm(ServiceErrorsForm):
    sunset_on = GovukDateField(name=gettext_lazy("The new sunset date"),
                               required_message=gettext_lazy("Enter the new sunset date, like 31 3 2029"),
                               label=gettext_lazy("Until when should the parish hold its powers?"))
    reasons = _text(gettext_lazy("Why should the parish continue?"), rows=8,
                    help_text=gettext_lazy("What it has done and what it will do. The council and the public read "
                                           "this"))

    def __init__(self, *args, earliest, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sunset_on"].help_text = _("Between %(earliest)s and %(latest)s") % {
            "earliest": f"{earliest.day} {earliest.month} {earliest.year}",
            "latest": f"{latest.day} {latest.month} {latest.year}"}
        self.helper = _helper(_date("sunset_on"), Field.textarea("reasons", label_size=Size.MEDIUM),
                              button=_("Ask for renewal"))


class RenewalDecisionForm(ServiceErrorsForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Does the council renew the parish?"), widget=forms.RadioSelect,
        choices=[(RenewalStatus.APPROVED, gettext_lazy("Yes, renew it")),
                 (RenewalStatus.REFUSED, gettext_lazy("No, refuse"))],
        error_messages={"required": gettext_lazy("Choose renew or refuse"),
                        "invalid_choice": gettext_lazy("Choose renew or refuse")},
    )
    sunset_on = GovukDateField(name=gettext_lazy("The new sunset date"), required=False,
                               label=gettext_lazy("New sunset date, if not the one asked for (optional)"),
                               help_text=gettext_lazy("Only for a renewal, and no later than the date asked for"))
    reasons = _text(gettext_lazy("Reasons for the decision"), rows=6,
                    help_text=gettext_lazy("The parish and the public read this"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
                              _date("sunset_on", Size.SMALL), Field.textarea("reasons", label_size=Size.SMALL),
                              button=_("Save the decision"))


class EvaluationForm(ServiceErrorsForm):
    achievements = _text(gettext_lazy("What has the parish achieved?"), rows=8)
    evidence = _text(gettext_lazy("What is the evidence?"), rows=6,
                     help_text=gettext_lazy("Figures, residents' views, reports: what shows it"))
    # Not required here: the service says what is missing, together with the other answers' problems.
    seeks_permanent = forms.ChoiceField(
        label=gettext_lazy("Does the parish seek to become a permanent parish council?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))], required=False,
        help_text=gettext_lazy("A permanent parish council needs a community governance review by the council, "
                               "which is told"),
        error_messages={"required": gettext_lazy("Select yes if the parish seeks to become a permanent parish "
                                                 "council"),
                        "invalid_choice": gettext_lazy("Select yes if the parish seeks to become a permanent "
                                                       "parish council")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("achievements", label_size=Size.MEDIUM),
                              Field.textarea("evidence", label_size=Size.MEDIUM),
                              Field.radios("seeks_permanent", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
                              button=_("Publish the evaluation"))

    def values(self) -> dict:
        data = self.cleaned_data
        return {"achievements": data["achievements"], "evidence": data["evidence"],
                "seeks_permanent": {"yes": True, "no": False}.get(data["seeks_permanent"])}
