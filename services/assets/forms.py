"""Forms of the assets of community value pages: nominating through the task list, the council's decision, the
owner's review and notice, and requests to bid. They check the shape of answers; the rules are the services'."""

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
from covenant.core.widgets import AreaField

from .models import NominatorKind
from .services import ADDRESS_MAX, MAX_MEMBERS, NAME_MAX, TEXT_MAX

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _helper(*fields, button: str, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Button.warning("submit", button) if warning else Button("submit", button))
    return helper


def _text(label, *, required_message="", help_text="", maximum=TEXT_MAX, rows=6, required=True):
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=maximum,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message,
                        "max_length": gettext_lazy("Your answer must be %(limit_value)s characters or fewer")})


def _yes_no(label, required_message):
    return forms.TypedChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                                  coerce=lambda value: value == "yes",
                                  error_messages={"required": required_message, "invalid_choice": required_message})


class StartForm(ServiceErrorsForm):
    council = forms.TypedChoiceField(
        label=gettext_lazy("Which council's area is the land or building in?"), coerce=int,
        error_messages={"required": gettext_lazy("Choose the council whose area the land or building is in"),
                        "invalid_choice": gettext_lazy("Choose a council from the list")})

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Choose a council"))] + [(c.pk, c.name) for c in councils]
        self.helper = _helper(Field.select("council"), button=_("Start the nomination"))


class NominatorForm(ServiceErrorsForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Who is nominating the asset?"), choices=NominatorKind.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select who is nominating the asset"),
                        "invalid_choice": gettext_lazy("Select who is nominating the asset")})
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Which organisation?"), coerce=int, required=False,
        help_text=gettext_lazy("Organisations you are an administrator of"),
        error_messages={"invalid_choice": gettext_lazy("Choose an organisation from the list")})
    group_name = forms.CharField(
        label=gettext_lazy("What is the group called?"), required=False, max_length=NAME_MAX,
        help_text=gettext_lazy("For example, Friends of the Blue Bell"),
        error_messages={"max_length": gettext_lazy("The name must be %(limit_value)s characters or fewer")})
    not_for_profit = forms.BooleanField(
        label=gettext_lazy("It does not distribute any surplus to its members"), required=False,
        help_text=gettext_lazy("Groups, companies and social enterprises must confirm this"))
    local_connection = forms.BooleanField(
        label=gettext_lazy("Its activities are wholly or partly concerned with the council's area or a neighbouring "
                           "one"), required=False,
        help_text=gettext_lazy("Everyone but a parish council must have this local connection"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["organisation"].choices = [("", _("Choose an organisation"))] + [
            (o.pk, o.name) for o in organisations]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ConditionalRadios("kind", ConditionalQuestion(NominatorKind.ORGANISATION.label,
                                                          Field.select("organisation")),
                              ConditionalQuestion(NominatorKind.GROUP.label, Field.text("group_name"))),
            Field.checkbox("not_for_profit"), Field.checkbox("local_connection"),
            Button("submit", _("Save and continue")))

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "organisation": self.organisations.get(data.get("organisation")),
                "group_name": data.get("group_name", ""), "not_for_profit": data.get("not_for_profit", False),
                "local_connection": data.get("local_connection", False)}

    def add_service_errors(self, errors) -> None:
        if hasattr(errors, "error_dict") and "nominator" in errors.error_dict:
            for message in errors.message_dict["nominator"]:
                self.add_error("kind", message)
            return
        super().add_service_errors(errors)


class MembersForm(ServiceErrorsForm):
    members = forms.CharField(
        label=gettext_lazy("Who are the group's members?"), max_length=MAX_MEMBERS * 220,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=gettext_lazy("Write each member on their own line as their full name, a comma and their postcode, "
                               "like: Sam Smith, SR2 8AA. At least 21 must be registered to vote at an address in "
                               "the council's area: we check each postcode"),
        error_messages={"required": gettext_lazy("Name at least 21 members of the group who live in the council's "
                                                 "area"),
                        "max_length": gettext_lazy("The list of members is too long")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("members", label_size=Size.LARGE, label_tag="h1"),
                              button=_("Save and continue"))

    def clean_members(self):
        people = []
        for line in self.cleaned_data["members"].splitlines():
            if line.strip():
                name, _comma, postcode = line.rpartition(",") if "," in line else (line, "", "")
                people.append({"name": name.strip(), "postcode": postcode.strip()})
        return people


class LandForm(ServiceErrorsForm):
    name = forms.CharField(
        label=gettext_lazy("What is the land or building called?"), max_length=NAME_MAX,
        help_text=gettext_lazy("For example, The Blue Bell"),
        error_messages={"required": gettext_lazy("Enter the name of the land or building"),
                        "max_length": gettext_lazy("The name must be %(limit_value)s characters or fewer")})
    description = _text(gettext_lazy("What is it? (optional)"), required=False, rows=3,
                        help_text=gettext_lazy("For example, a public house with a function room and beer garden"))
    address = _text(gettext_lazy("Address"), maximum=ADDRESS_MAX, rows=4,
                    required_message=gettext_lazy("Enter the address of the land or building"))
    postcode = forms.CharField(
        label=gettext_lazy("Postcode (optional)"), required=False, max_length=10,
        help_text=gettext_lazy("Leave it empty for land without a postcode"),
        error_messages={"max_length": gettext_lazy("Enter a real postcode, like SR2 8AA")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("name"), Field.textarea("description"), Field.textarea("address"),
                              Field.text("postcode", field_width=10), button=_("Save and continue"))


class LocationForm(ServiceErrorsForm):
    latitude = forms.CharField(label=gettext_lazy("Latitude"), required=False, max_length=20,
                               help_text=gettext_lazy("In degrees, like 54.9069"))
    longitude = forms.CharField(label=gettext_lazy("Longitude"), required=False, max_length=20,
                                help_text=gettext_lazy("In degrees, like -1.3838 (west of Greenwich is negative)"))
    boundary = AreaField(label=gettext_lazy("Boundary (optional)"), required=False, help_text=gettext_lazy(
        "Draw the land's boundary on the map if you know it. Without the map, paste a GeoJSON Polygon with longitude "
        "before latitude. Without a point, the middle of the boundary is used"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("latitude", field_width=10), Field.text("longitude", field_width=10),
                              Field("boundary"), button=_("Save and continue"))


class OwnerForm(ServiceErrorsForm):
    owner_known = _yes_no(gettext_lazy("Do you know who owns it?"),
                          gettext_lazy("Select whether you know who owns it"))
    owner_name = forms.CharField(label=gettext_lazy("Owner's name"), required=False, max_length=NAME_MAX,
                                 error_messages={"max_length": gettext_lazy("Enter 200 characters or fewer")})
    owner_address = _text(gettext_lazy("Owner's address (optional)"), required=False, maximum=ADDRESS_MAX, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ConditionalRadios("owner_known", ConditionalQuestion(YES_NO[0][1], Field.text("owner_name"),
                                                                 Field.textarea("owner_address")),
                              ConditionalQuestion(YES_NO[1][1])),
            Button("submit", _("Save and continue")))


class ReasonsForm(ServiceErrorsForm):
    current_use = _text(
        gettext_lazy("How does its use further the social wellbeing or social interests of the local community?"),
        required_message=gettext_lazy("Say how its use furthers the social wellbeing or interests of the local "
                                      "community"),
        help_text=gettext_lazy("Its main use now, or in the recent past. Social interests include cultural, "
                               "recreational and sporting interests"))
    future_use = _text(
        gettext_lazy("Why could it go on doing so?"),
        required_message=gettext_lazy("Say why it could go on furthering the social wellbeing or interests of the "
                                      "local community"),
        help_text=gettext_lazy("Why it is realistic to think it could be used this way in the next five years"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("current_use", label_size=Size.SMALL),
                              Field.textarea("future_use", label_size=Size.SMALL), button=_("Save and continue"))


class DecideForm(ServiceErrorsForm):
    listed = forms.TypedChoiceField(
        label=gettext_lazy("Is the asset listed?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes, list it for five years")),
                 ("no", gettext_lazy("No, it goes on the list of unsuccessful nominations"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Select whether the asset is listed"),
                        "invalid_choice": gettext_lazy("Select whether the asset is listed")})
    reasons = _text(gettext_lazy("The council's reasons"), required_message=gettext_lazy(
        "Enter the council's reasons for its decision"), help_text=gettext_lazy("Published with the decision"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("listed", legend_size=Size.MEDIUM, legend_tag="h2"),
                              Field.textarea("reasons"), button=_("Publish the decision"))


class ReviewRequestForm(ServiceErrorsForm):
    requested_on = GovukDateField(name=gettext_lazy("The date of the request"),
                                  label=gettext_lazy("When did the council receive the owner's request?"),
                                  help_text=gettext_lazy("For example, 12 4 2027"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("requested_on", context={"legend_size": Size.for_legend(Size.MEDIUM),
                                                             "legend_tag": "h2"}),
                              button=_("Record the request for a review"))


class ReviewDecideForm(ServiceErrorsForm):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Does the listing stand?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes, it stays on the list")),
                 ("no", gettext_lazy("No, remove it from the list"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Select whether the listing stands"),
                        "invalid_choice": gettext_lazy("Select whether the listing stands")})
    reasons = _text(gettext_lazy("Reasons"), required_message=gettext_lazy("Enter the reasons for the review's "
                                                                           "decision"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("upheld", legend_size=Size.MEDIUM, legend_tag="h2"),
                              Field.textarea("reasons"), button=_("Record the review's decision"))


class NoticeForm(ServiceErrorsForm):
    notified_on = GovukDateField(name=gettext_lazy("The date of the notice"),
                                 label=gettext_lazy("When did the council receive the owner's notice?"),
                                 help_text=gettext_lazy("The moratorium begins on this day. For example, 1 3 2027"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("notified_on", context={"legend_size": Size.for_legend(Size.MEDIUM),
                                                            "legend_tag": "h2"}),
                              button=_("Record the notice and start the moratorium"))


class BidForm(ServiceErrorsForm):
    """A request to be treated as a potential bidder: for an organisation the person administers or a group they
    name; an officer recording a letter also gives the day it arrived."""

    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Which organisation is asking?"), coerce=int, required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose an organisation from the list")})
    group_name = forms.CharField(
        label=gettext_lazy("Or the name of the group"), required=False, max_length=NAME_MAX,
        help_text=gettext_lazy("A community interest group with a local connection"),
        error_messages={"max_length": gettext_lazy("The name must be %(limit_value)s characters or fewer")})

    def __init__(self, *args, organisations, officer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        fields = []
        if organisations:
            self.fields["organisation"].choices = [("", _("Choose an organisation"))] + [
                (o.pk, o.name) for o in organisations]
            fields.append(Field.select("organisation"))
        else:
            del self.fields["organisation"]
            self.fields["group_name"].label = _("What is the group called?")
        fields.append(Field.text("group_name"))
        if officer:
            self.fields["received_on"] = GovukDateField(
                name=_("The date of the request"), label=_("When did the council receive the request?"),
                help_text=_("For example, 20 3 2027"))
            fields.append(Field("received_on", context={"legend_size": Size.for_legend(Size.SMALL)}))
        self.helper = _helper(*fields, button=_("Record the request") if officer else _("Ask to be treated as a "
                                                                                          "bidder"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not (cleaned.get("group_name") or "").strip():
            self.add_error("group_name", _("Choose an organisation or enter the name of the group"))
        return cleaned

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"organisation": self.organisations.get(data.get("organisation")),
                "group_name": data.get("group_name", ""), "received_on": data.get("received_on")}
