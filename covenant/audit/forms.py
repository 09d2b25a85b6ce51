"""The audit log's filter form: every value checked, with GOV.UK error messages."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import audit_target_types, content_type_from_key, content_type_key

ACTION_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]+$")
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Email address of the person who acted"),
        required=False,
        max_length=254,
        error_messages={"max_length": _("Email address must be 254 characters or fewer")},
    )
    action = forms.CharField(
        label=_("Action"),
        help_text=_("For example, organisations.verify, or organisations. for all of them"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Action must be 100 characters or fewer")},
    )
    target_type = forms.ChoiceField(
        label=_("Type of thing changed"),
        required=False,
        error_messages={"invalid_choice": _("Select a type of thing from the list")},
    )
    target_id = forms.CharField(
        label=_("ID of the thing changed"),
        required=False,
        max_length=64,
        error_messages={"max_length": _("ID must be 64 characters or fewer")},
    )
    date_from = forms.DateField(
        label=_("From date"),
        help_text=_("For example, 27/3/2026"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("From date must be a real date, like 27/3/2026")},
    )
    date_to = forms.DateField(
        label=_("To date"),
        help_text=_("For example, 3/4/2026"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("To date must be a real date, like 3/4/2026")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", _("Any"))] + [
            (content_type_key(ct), f"{ct.app_label}: {ct.name}") for ct in audit_target_types()
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("actor", field_width=Fluid.TWO_THIRDS, spellcheck="false", autocomplete="off"),
            Field.text("action", field_width=Fluid.TWO_THIRDS, spellcheck="false"),
            Field.select("target_type"),
            Field.text("target_id", field_width=Fluid.ONE_THIRD, spellcheck="false"),
            Field.text("date_from", field_width=Fluid.ONE_THIRD),
            Field.text("date_to", field_width=Fluid.ONE_THIRD),
            Button("filter", _("Apply filters")),
        )

    def clean_actor(self):
        return self.cleaned_data["actor"].strip().lower()

    def clean_action(self):
        action = self.cleaned_data["action"].strip()
        if action and not ACTION_PATTERN.match(action):
            raise forms.ValidationError(
                _("Action must only include letters, numbers, dots, hyphens and underscores, like organisations.verify")
            )
        return action

    def clean_target_type(self):
        key = self.cleaned_data["target_type"]
        return content_type_from_key(key) if key else None

    def clean_target_id(self):
        return self.cleaned_data["target_id"].strip()

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("To date must be the same as or after the from date"))
        return cleaned

    def filters(self) -> dict:
        """The cleaned values as keyword arguments for audit_entry_list."""
        data = self.cleaned_data
        return {
            "actor_email": data.get("actor", ""),
            "action": data.get("action", ""),
            "target_type": data.get("target_type"),
            "target_id": data.get("target_id", ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
