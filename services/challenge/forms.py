"""Forms of the Right to Challenge's pages: starting, the task list's question pages, the council's windows,
modifications and decisions. They check the shape of answers; the rules are the services' (shown against fields)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Layout,
    Size,
)
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from .models import BodyKind, RejectionGround
from .services import MAX_EMPLOYEES, REASON_MAX, TEXT_MAX


def _helper(*fields, button: str, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button.warning("submit", button) if warning else Button("submit", button))
    return helper


def _text(label, *, required_message, help_text="", maximum=TEXT_MAX, rows=10, required=True):
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=maximum,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message,
                        "max_length": gettext_lazy("Your answer must be %(limit_value)s characters or fewer")},
    )


class StartForm(ServiceErrorsForm):
    service = forms.TypedChoiceField(
        label=gettext_lazy("Which service do you want to run?"), coerce=int, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the service you want to run"),
                        "invalid_choice": gettext_lazy("Select a service from the list")},
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.pk, f"{s.name} ({s.owner.name})") for s in services]
        self.helper = _helper(Field.radios("service", legend_size=Size.LARGE, legend_tag="h1"),
                              button=_("Start the expression of interest"))


class BodyForm(ServiceErrorsForm):
    body_kind = forms.ChoiceField(
        label=gettext_lazy("Who is expressing an interest?"), choices=BodyKind.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select who is expressing an interest"),
                        "invalid_choice": gettext_lazy("Select who is expressing an interest")},
    )
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Which organisation?"), coerce=int, required=False,
        help_text=gettext_lazy("Organisations you are an administrator of"),
        error_messages={"invalid_choice": gettext_lazy("Choose an organisation from the list")},
    )
    not_for_profit = forms.BooleanField(
        label=gettext_lazy("The organisation does not carry on its activities for profit"), required=False,
        help_text=gettext_lazy("Companies and social enterprises must confirm this to count as a voluntary body"),
    )
    employees = forms.CharField(
        label=gettext_lazy("Who are the employees?"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Write each employee on their own line as their full name, a comma and their job "
                               "title, like: Sam Smith, Youth worker. Name at least 2"),
        error_messages={"max_length": gettext_lazy("The list of employees is too long")},
    )
    employees_declared = forms.BooleanField(
        label=gettext_lazy("I am one of these employees. Each of them works for the council and agrees to this "
                           "expression of interest"), required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Choose an organisation"))] + [
            (o.pk, o.name) for o in organisations]
        self.organisations = {o.pk: o for o in organisations}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ConditionalRadios(
                "body_kind",
                ConditionalQuestion(BodyKind.ORGANISATION.label, Field.select("organisation"),
                                    Field.checkbox("not_for_profit")),
                ConditionalQuestion(BodyKind.EMPLOYEES.label, Field.textarea("employees"),
                                    Field.checkbox("employees_declared")),
            ),
            Button("submit", _("Save and continue")),
        )

    def clean_employees(self):
        people = []
        for line in (self.cleaned_data.get("employees") or "").splitlines():
            if not line.strip():
                continue
            name, _comma, role = line.partition(",")
            people.append({"name": name.strip(), "role": role.strip()})
        if len(people) > MAX_EMPLOYEES:
            raise forms.ValidationError(_("Name %(max)s employees or fewer") % {"max": MAX_EMPLOYEES})
        return people

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"body_kind": data["body_kind"], "organisation": self.organisations.get(data.get("organisation")),
                "not_for_profit": data.get("not_for_profit", False), "employees": data.get("employees", []),
                "employees_declared": data.get("employees_declared", False)}

    def add_service_errors(self, errors) -> None:
        # The service says "body" for who is expressing the interest; here it is asked as body_kind.
        if hasattr(errors, "error_dict") and "body" in errors.error_dict:
            for message in errors.message_dict["body"]:
                self.add_error("body_kind", message)
            return
        super().add_service_errors(errors)


class AnswersForm(ServiceErrorsForm):
    """One of the task list's question pages: one or more of the required answers."""

    QUESTIONS = {
        "finances": (gettext_lazy("Finances"), gettext_lazy("Describe the body's finances"), gettext_lazy(
            "How the body is funded, its income and reserves, and how it would pay for running the service")),
        "capability": (gettext_lazy("Capability"), gettext_lazy("Describe the body's capability to run the service"),
                       gettext_lazy("The experience, skills, staff and partners the body would run it with")),
        "social_value": (gettext_lazy("Social value"),
                         gettext_lazy("Describe the social value of the body running the service"),
                         gettext_lazy("How running it would improve the social well-being of the area")),
        "economic_value": (gettext_lazy("Economic value"),
                           gettext_lazy("Describe the economic value of the body running the service"),
                           gettext_lazy("How running it would improve the economic well-being of the area")),
        "environmental_value": (gettext_lazy("Environmental value"),
                                gettext_lazy("Describe the environmental value of the body running the service"),
                                gettext_lazy("How running it would improve the environmental well-being of the "
                                             "area")),
        "users_needs": (gettext_lazy("How would the body meet the needs of the service's users?"),
                        gettext_lazy("Describe how the body would meet the needs of the service's users"),
                        gettext_lazy("Who uses the service, what they need from it, and how you would involve "
                                     "them")),
    }

    def __init__(self, *args, names: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for name in names:
            label, required, hint = self.QUESTIONS[name]
            self.fields[name] = _text(label, required_message=required, help_text=hint)
            size = Size.LARGE if len(names) == 1 else Size.MEDIUM
            layout.append(Field.textarea(name, label_size=size, label_tag="h1" if len(names) == 1 else "h2"))
        self.helper = _helper(*layout, button=_("Save and continue"))


class WindowForm(ServiceErrorsForm):
    opens_on = GovukDateField(name=gettext_lazy("The opening date"),
                              label=gettext_lazy("When does the window open?"),
                              help_text=gettext_lazy("For example, 1 5 2027"))
    closes_on = GovukDateField(name=gettext_lazy("The closing date"),
                               label=gettext_lazy("When does the window close?"),
                               help_text=gettext_lazy("Expressions of interest are taken until the end of this day"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        legend = {"legend_size": Size.for_legend(Size.SMALL)}
        self.helper = _helper(Field("opens_on", context=legend), Field("closes_on", context=legend),
                              button=_("Add the window"))


class ModificationRequestForm(ServiceErrorsForm):
    request = _text(gettext_lazy("What do you propose to modify, and why?"), maximum=REASON_MAX, rows=8,
                    required_message=gettext_lazy("Say what you propose to modify and why"),
                    help_text=gettext_lazy("The body is told and must agree before the modification applies"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("request", label_size=Size.SMALL),
                              button=_("Send the proposed modification"))


class ModificationAnswerForm(ServiceErrorsForm):
    agreed = forms.TypedChoiceField(
        label=gettext_lazy("Do you agree to the modification?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes, we agree")), ("no", gettext_lazy("No, we do not agree"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Select whether you agree to the modification"),
                        "invalid_choice": gettext_lazy("Select whether you agree to the modification")},
    )
    answer = _text(gettext_lazy("Anything you want to tell the council (optional)"), maximum=REASON_MAX, rows=5,
                   required=False, required_message="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("agreed", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
                              Field.textarea("answer"), button=_("Send your answer"))


def _lateness_field():
    return _text(gettext_lazy("Why is the decision late?"), maximum=REASON_MAX, rows=4, required=False,
                 required_message="",
                 help_text=gettext_lazy("The decision was due by the date shown above. The reason is published "
                                        "with it"))


class AcceptForm(ServiceErrorsForm):
    minimum_months = forms.IntegerField(
        label=gettext_lazy("Minimum period before the procurement exercise begins, in months"), min_value=0,
        max_value=60, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Enter the minimum period before the procurement exercise "
                                                 "begins, in months"),
                        "invalid": gettext_lazy("Enter the period as a whole number of months, like 6"),
                        "min_value": gettext_lazy("Enter a period from 0 to 60 months"),
                        "max_value": gettext_lazy("Enter a period from 0 to 60 months")},
    )
    maximum_months = forms.IntegerField(
        label=gettext_lazy("Maximum period before the procurement exercise begins, in months"), min_value=0,
        max_value=60, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": gettext_lazy("Enter the maximum period before the procurement exercise "
                                                 "begins, in months"),
                        "invalid": gettext_lazy("Enter the period as a whole number of months, like 6"),
                        "min_value": gettext_lazy("Enter a period from 0 to 60 months"),
                        "max_value": gettext_lazy("Enter a period from 0 to 60 months")},
    )
    reasons = _text(gettext_lazy("Notes on the decision (optional)"), maximum=REASON_MAX, rows=4, required=False,
                    required_message="")

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.text("minimum_months", field_width=4), Field.text("maximum_months", field_width=4),
                  Field.textarea("reasons")]
        if late:
            self.fields["lateness_reason"] = _lateness_field()
            fields.append(Field.textarea("lateness_reason"))
        self.helper = _helper(*fields, button=_("Accept the expression of interest"))


class RejectForm(ServiceErrorsForm):
    grounds = forms.MultipleChoiceField(
        label=gettext_lazy("On which grounds is it rejected?"), choices=RejectionGround.choices,
        widget=forms.CheckboxSelectMultiple, help_text=gettext_lazy("Select all that apply"),
        error_messages={"required": gettext_lazy("Select at least one ground for rejecting the expression of "
                                                 "interest"),
                        "invalid_choice": gettext_lazy("Select grounds from the list: the council may reject only "
                                                       "on those")},
    )
    reasons = _text(gettext_lazy("The council's reasons"), maximum=REASON_MAX, rows=6,
                    required_message=gettext_lazy("Enter the council's reasons for rejecting it"))

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.checkboxes("grounds", legend_size=Size.MEDIUM, legend_tag="h2"), Field.textarea("reasons")]
        if late:
            self.fields["lateness_reason"] = _lateness_field()
            fields.append(Field.textarea("lateness_reason"))
        self.helper = _helper(*fields, button=_("Reject the expression of interest"), warning=True)
