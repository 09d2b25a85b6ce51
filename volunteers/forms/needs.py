"""The question pages of needs: a need's details and required checks, and adding shifts one, weekly or by file."""

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from covenant.core.fields import GovukDateField
from covenant.core.forms import ServiceErrorsForm

from ..models import (
    ActivityType,
    BarredLists,
    Cause,
    CredentialKind,
    DBSLevel,
    LocationKind,
    Need,
    QualificationType,
    Skill,
    Workforce,
)
from ..services.needs import MAX_PLACES, MAX_WEEKS, MIN_PLACES

MAX_CSV_BYTES = 1024 * 1024
_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _blank(label):
    return [("", label)]


class NeedForm(ServiceErrorsForm):
    title = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("For example, Food bank warehouse helper"),
        error_messages={"required": _("Enter a title for the need"),
                        "max_length": _("Title must be 150 characters or fewer")},
    )
    description = forms.CharField(
        label=_("What will volunteers do?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what volunteers will do"),
                        "max_length": _("What volunteers will do must be 5,000 characters or fewer")},
    )
    cause = forms.ModelChoiceField(
        label=_("Cause (optional)"), required=False, queryset=Cause.objects.none(), empty_label=_("None"),
        error_messages={"invalid_choice": _("Select a cause from the list, or leave it blank")},
    )
    activity_type = forms.ChoiceField(
        label=_("Type of activity"), choices=_blank(_("Select the type of activity")) + ActivityType.choices,
        error_messages={"required": _("Select the type of activity"),
                        "invalid_choice": _("Select the type of activity")},
    )
    location_kind = forms.ChoiceField(
        label=_("Where will volunteers help?"), choices=LocationKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Select where volunteers will help"),
                        "invalid_choice": _("Select where volunteers will help")},
    )
    address = forms.CharField(
        label=_("Address (if at an address)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Address must be 1,000 characters or fewer")},
    )
    postcode = forms.CharField(
        label=_("Postcode (unless remote)"), required=False, max_length=16,
        help_text=_("Volunteers search by distance from here. For example, SW1A 1AA"),
        error_messages={"max_length": _("Enter a real postcode, like SW1A 1AA")},
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills volunteers must have (optional)"), required=False, queryset=Skill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select skills from the list"),
                        "invalid_pk_value": _("Select skills from the list")},
    )
    require_identity = forms.BooleanField(label=_("Identity check"), required=False)
    dbs_level = forms.ChoiceField(
        label=_("DBS check"), required=False, choices=_blank(_("No DBS check needed")) + DBSLevel.choices,
        error_messages={"invalid_choice": _("Select the level of DBS check, or no DBS check")},
    )
    dbs_barred_lists = forms.ChoiceField(
        label=_("Barred lists (enhanced with barred list check only)"), required=False,
        choices=BarredLists.choices,
        error_messages={"invalid_choice": _("Select which barred lists, or none")},
    )
    dbs_workforce = forms.ChoiceField(
        label=_("Workforce (optional)"), required=False, choices=_blank(_("Any")) + Workforce.choices,
        error_messages={"invalid_choice": _("Select the workforce from the list, or any")},
    )
    training_title = forms.CharField(
        label=_("Training volunteers must have done (optional)"), required=False, max_length=200,
        help_text=_("For example, Safeguarding adults"),
        error_messages={"max_length": _("Training name must be 200 characters or fewer")},
    )
    qualification_type = forms.ChoiceField(
        label=_("Qualification (optional)"), required=False,
        choices=_blank(_("No qualification needed")) + QualificationType.choices,
        error_messages={"invalid_choice": _("Select the qualification from the list, or none")},
    )
    require_occupational_health = forms.BooleanField(label=_("Occupational health clearance"), required=False)
    minimum_age = forms.IntegerField(
        label=_("Minimum age (optional)"), required=False, min_value=14, max_value=99,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Minimum age must be a whole number, like 18"),
                        "min_value": _("Minimum age must be 14 or more"),
                        "max_value": _("Minimum age must be 99 or less")},
    )
    accessibility = forms.CharField(
        label=_("Accessibility (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, step-free access, a quiet room, seated tasks available"),
        error_messages={"max_length": _("Accessibility must be 5,000 characters or fewer")},
    )
    expenses_policy = forms.CharField(
        label=_("Expenses (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, we pay bus fares and mileage at 45p a mile"),
        error_messages={"max_length": _("Expenses must be 5,000 characters or fewer")},
    )
    expenses_reimbursed = forms.BooleanField(
        label=_("We pay volunteers' out-of-pocket expenses"), required=False,
        help_text=_("Shown on the need and shared with other volunteering sites as 'expenses reimbursed'"),
    )
    training_provided = forms.BooleanField(label=_("We train volunteers for the role"), required=False)
    contact_name = forms.CharField(
        label=_("Contact name (optional)"), required=False, max_length=200,
        error_messages={"max_length": _("Contact name must be 200 characters or fewer")},
    )
    contact_email = forms.EmailField(
        label=_("Contact email address (optional)"), required=False, max_length=254,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.org"),
                        "max_length": _("Email address must be 254 characters or fewer")},
    )
    contact_phone = forms.CharField(
        label=_("Contact telephone (optional)"), required=False, max_length=16,
        error_messages={"max_length": _("Enter a telephone number, like 01632 960 001")},
    )
    auto_accept = forms.BooleanField(
        label=_("Accept eligible volunteers automatically"), required=False,
        help_text=_("Volunteers who meet every requirement are booked without waiting for you"),
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = Cause.objects.filter(active=True).order_by("name")
        self.fields["skills"].queryset = Skill.objects.filter(active=True).order_by("group", "name")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(Field.text("title"), Field.textarea("description"), Field.select("cause"),
                     Field.select("activity_type"), legend=_("About the need"), legend_size=Size.MEDIUM),
            Fieldset(Field.radios("location_kind", legend_size=Size.SMALL), Field.textarea("address"),
                     Field.text("postcode", field_width=10), legend=_("Where"), legend_size=Size.MEDIUM),
            Fieldset(Field.checkboxes("skills", legend_size=Size.SMALL, small=True), Field.checkbox("require_identity"),
                     Field.select("dbs_level"), Field.select("dbs_barred_lists"), Field.select("dbs_workforce"),
                     Field.text("training_title"), Field.select("qualification_type"),
                     Field.checkbox("require_occupational_health"), Field.text("minimum_age", field_width=3),
                     legend=_("What volunteers need"), legend_size=Size.MEDIUM),
            Fieldset(Field.textarea("accessibility"), Field.textarea("expenses_policy"),
                     Field.checkbox("expenses_reimbursed"), Field.checkbox("training_provided"), Field.text("contact_name"),
                     Field.text("contact_email"), Field.text("contact_phone", field_width=20),
                     Field.checkbox("auto_accept"), legend=_("Practical details"), legend_size=Size.MEDIUM),
            Button("submit", submit_label or _("Save need")),
        )

    @classmethod
    def initial_for(cls, need: Need) -> dict:
        initial = {field: getattr(need, field) for field in (
            "title", "description", "cause", "activity_type", "location_kind", "address", "postcode",
            "minimum_age", "accessibility", "expenses_policy", "contact_name", "contact_email", "contact_phone",
            "auto_accept", "expenses_reimbursed", "training_provided")}
        initial["skills"] = list(need.skills.all())
        for check in need.checks.all():
            if check.kind == CredentialKind.IDENTITY:
                initial["require_identity"] = True
            elif check.kind == CredentialKind.DBS:
                initial.update(dbs_level=check.dbs_level, dbs_barred_lists=check.dbs_barred_lists,
                               dbs_workforce=check.dbs_workforce)
            elif check.kind == CredentialKind.TRAINING:
                initial["training_title"] = check.title
            elif check.kind == CredentialKind.QUALIFICATION:
                initial["qualification_type"] = check.qualification_type
            elif check.kind == CredentialKind.OCCUPATIONAL_HEALTH:
                initial["require_occupational_health"] = True
        return initial

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        for field in ("require_identity", "dbs_level", "dbs_barred_lists", "dbs_workforce", "training_title",
                      "qualification_type", "require_occupational_health"):
            data.pop(field)
        return data

    def checks(self) -> list[dict]:
        data, checks = self.cleaned_data, []
        if data["require_identity"]:
            checks.append({"kind": CredentialKind.IDENTITY})
        if data["dbs_level"]:
            checks.append({"kind": CredentialKind.DBS, "dbs_level": data["dbs_level"],
                           "dbs_barred_lists": data["dbs_barred_lists"], "dbs_workforce": data["dbs_workforce"]})
        if data["training_title"].strip():
            checks.append({"kind": CredentialKind.TRAINING, "title": data["training_title"]})
        if data["qualification_type"]:
            checks.append({"kind": CredentialKind.QUALIFICATION, "qualification_type": data["qualification_type"]})
        if data["require_occupational_health"]:
            checks.append({"kind": CredentialKind.OCCUPATIONAL_HEALTH})
        return checks

    def add_service_errors(self, errors) -> None:
        # The service names a check by its position; on this page the only checks that can be wrong are the DBS
        # questions, so their messages go there, without the position and starting with a capital.
        if hasattr(errors, "error_dict"):
            for field, messages in errors.message_dict.items():
                for message in messages:
                    if field == "checks":
                        text = message.split(": ", 1)[-1]
                        self.add_error("dbs_level", text[:1].upper() + text[1:])
                    else:
                        self.add_error(field if field in self.fields else None, message)
        else:
            super().add_service_errors(errors)


class TimeField(forms.CharField):
    """A time of day typed as 09:00 or 9.30."""

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        match = _TIME_RE.match(value.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.time(int(match[1]), int(match[2]))


class ShiftForm(ServiceErrorsForm):
    date = GovukDateField(name=_("The date of the shift"), label=_("Date"), help_text=_("For example, 1 12 2026"))
    start_time = TimeField(
        label=_("Start time"), max_length=5, help_text=_("Use the 24-hour clock, like 09:00"),
        error_messages={"required": _("Enter the start time, like 09:00"),
                        "invalid": _("Enter the start time using the 24-hour clock, like 09:00"),
                        "max_length": _("Enter the start time using the 24-hour clock, like 09:00")},
    )
    end_time = TimeField(
        label=_("End time"), max_length=5, help_text=_("Use the 24-hour clock, like 13:00"),
        error_messages={"required": _("Enter the end time, like 13:00"),
                        "invalid": _("Enter the end time using the 24-hour clock, like 13:00"),
                        "max_length": _("Enter the end time using the 24-hour clock, like 13:00")},
    )
    places = forms.IntegerField(
        label=_("Number of places"), min_value=MIN_PLACES, max_value=MAX_PLACES,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the number of places, like 4"),
                        "invalid": _("Enter the number of places as a whole number, like 4"),
                        "min_value": _("Places must be between 1 and 1,000"),
                        "max_value": _("Places must be between 1 and 1,000")},
    )
    submit_label = _("Add shift")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout_fields(), Button("submit", self.submit_label))

    def layout_fields(self) -> list:
        return [Field("date"), Field.text("start_time", field_width=5), Field.text("end_time", field_width=5),
                Field.text("places", field_width=4)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # An end time earlier than the start is taken as running past midnight, as rotas are written.
        starts = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]))
        ends = timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]))
        if ends == starts:
            self.add_error("end_time", _("The end must be after the start"))
        elif ends < starts:
            ends += datetime.timedelta(days=1)
        data["starts_at"], data["ends_at"] = starts, ends
        return data

    def add_service_errors(self, errors) -> None:
        if hasattr(errors, "error_dict"):
            mapping = {"starts_at": "start_time", "ends_at": "end_time"}
            errors = type(errors)({mapping.get(key, key): value for key, value in errors.error_dict.items()})
        super().add_service_errors(errors)


class WeeklyShiftForm(ShiftForm):
    weeks = forms.IntegerField(
        label=_("For how many weeks?"), min_value=1, max_value=MAX_WEEKS,
        help_text=_("Including the first. Between 1 and 52"), widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the number of weeks, like 6"),
                        "invalid": _("Enter the number of weeks as a whole number, like 6"),
                        "min_value": _("Number of weeks must be between 1 and 52"),
                        "max_value": _("Number of weeks must be between 1 and 52")},
    )
    submit_label = _("Add weekly shifts")

    def layout_fields(self) -> list:
        return [*super().layout_fields(), Field.text("weeks", field_width=3)]


class ShiftsUploadForm(ServiceErrorsForm):
    file = forms.FileField(
        label=_("Upload a CSV file"),
        help_text=_("Columns start, end and places, with times like 2026-12-01 09:00"),
        error_messages={"required": _("Select a CSV file"), "empty": _("The selected file is empty"),
                        "invalid": _("Select a CSV file")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file"), Button("submit", _("Upload shifts")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 1MB"))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("The selected file must be a CSV"))
        return upload.read()

    def add_service_errors(self, errors) -> None:
        for message in errors.messages:
            self.add_error("file", message)
