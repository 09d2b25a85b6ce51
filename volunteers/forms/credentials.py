"""Question pages for credentials: choosing the kind, its details, removing it, and a verifier's check."""

import datetime

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField

from ..models import (
    BarredLists,
    CredentialKind,
    DBSLevel,
    IdentityMethod,
    QualificationType,
    Workforce,
)
from ..validation import (
    ISSUE_DATE_NAMES,
    KIND_FIELDS,
    REJECT,
    VERIFY,
    clean_credential,
    clean_verification,
)

KIND_HINTS = {
    CredentialKind.IDENTITY: gettext_lazy("Someone checked documents that prove who you are"),
    CredentialKind.DBS: gettext_lazy("A basic, standard or enhanced certificate from the Disclosure and Barring "
                                     "Service"),
    CredentialKind.TRAINING: gettext_lazy("A course you completed, like safeguarding or manual handling"),
    CredentialKind.QUALIFICATION: gettext_lazy("First aid, food hygiene, a driving licence and others"),
    CredentialKind.OCCUPATIONAL_HEALTH: gettext_lazy("Clearance from an occupational health service, often "
                                                     "needed to volunteer in the NHS"),
}
NO_BARRED_LIST = "none"
YES, NO = "yes", "no"


class RadiosWithReveal(LayoutObject):
    """GOV.UK radios with a conditional reveal: the `fields` sit in the page under the `reveal_on` option.

    Without JavaScript they are always shown; govuk-frontend's radios script hides them until that option is
    chosen. Marked up as the Design System's own macro does: the first radio takes the question's id (so the error
    summary and change links land on it) and points at the reveal with data-aria-controls, which the script
    turns into aria-controls; the reveal starts hidden only when its option is not chosen.
    """

    template = "volunteers/credentials/_radios_reveal.html"

    def __init__(self, field: str, *fields, reveal_on: str, legend_size: str | None = None):
        self.field = field
        self.fields = list(fields)
        self.reveal_on = reveal_on
        self.legend_size = Size.for_legend(legend_size) if legend_size else ""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        bound = form[self.field]
        chosen = "" if bound.value() is None else str(bound.value())
        items = []
        for position, (value, label) in enumerate(bound.field.choices, start=1):
            item_id = bound.auto_id if position == 1 else f"{bound.auto_id}_{position}"
            reveals = str(value) == self.reveal_on
            items.append({
                "id": item_id, "value": value, "label": label, "checked": str(value) == chosen,
                "conditional_id": f"conditional-{item_id}" if reveals else "",
            })
        # Each piece is crispy's own rendering of a field, escaped there; joining them loses only the safe mark.
        revealed = mark_safe("".join(
            render_field(field, form, context, template_pack=template_pack, **kwargs) for field in self.fields
        ))
        return render_to_string(self.template, {
            **context.flatten(), "field": bound, "items": items, "legend_size": self.legend_size,
            "revealed": revealed,
        })


def _apply(form: forms.Form, errors: ValidationError) -> None:
    """Put a ValidationError from validation or a service onto the form, skipping fields already in error."""
    if hasattr(errors, "error_dict"):
        for field, messages in errors.message_dict.items():
            target = field if field in form.fields else None
            if target is not None and target in form.errors:
                continue
            for message in messages:
                form.add_error(target, message)
    else:
        for message in errors.messages:
            form.add_error(None, message)


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What would you like to add?"),
        choices=[Choice(kind.value, kind.label, hint=KIND_HINTS[kind]) for kind in CredentialKind],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select what you would like to add"),
                        "invalid_choice": gettext_lazy("Select what you would like to add")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.LARGE, legend_tag="h1"),
            Button("submit", _("Continue")),
        )


class CredentialForm(forms.Form):
    """The details of one kind of credential; the fields shown depend on the kind."""

    identity_method = forms.ChoiceField(
        label=gettext_lazy("How was your identity checked?"), choices=IdentityMethod.choices,
        widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": gettext_lazy("Select how your identity was checked")},
    )
    dbs_level = forms.ChoiceField(
        label=gettext_lazy("What level is the check?"), choices=DBSLevel.choices, widget=forms.RadioSelect,
        required=False, help_text=gettext_lazy("It is printed at the top of the certificate"),
        error_messages={"invalid_choice": gettext_lazy("Select the level of the DBS check")},
    )
    dbs_barred_lists = forms.ChoiceField(
        label=gettext_lazy("Which barred lists were checked?"),
        choices=[(NO_BARRED_LIST, gettext_lazy("None"))] + [c for c in BarredLists.choices if c[0]],
        widget=forms.RadioSelect, required=False,
        help_text=gettext_lazy("Only for an enhanced check with barred list check"),
        error_messages={"invalid_choice": gettext_lazy("Select which barred lists were checked")},
    )
    dbs_workforce = forms.ChoiceField(
        label=gettext_lazy("Which workforce is on the certificate?"), choices=Workforce.choices,
        widget=forms.RadioSelect, required=False,
        help_text=gettext_lazy("Leave this empty for a basic check"),
        error_messages={"invalid_choice": gettext_lazy("Select the workforce on the certificate")},
    )
    certificate_number = forms.CharField(
        label=gettext_lazy("Certificate number"), required=False, max_length=30,
        help_text=gettext_lazy("12 digits, at the top right of the certificate, like 001234567890"),
        error_messages={"max_length": gettext_lazy("Certificate number must be 12 digits, like 001234567890")},
    )
    update_service_subscribed = forms.ChoiceField(
        label=gettext_lazy("Have you subscribed to the DBS Update Service?"),
        choices=[(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))], widget=forms.RadioSelect, required=False,
        help_text=gettext_lazy("Organisations can then check your certificate online, with your consent"),
        error_messages={"invalid_choice": gettext_lazy("Select yes if you have subscribed to the DBS Update "
                                                       "Service")},
    )
    update_service_id = forms.CharField(
        label=gettext_lazy("Update Service ID"), required=False, max_length=40,
        help_text=gettext_lazy("Shown in your Update Service account"),
        error_messages={"max_length": gettext_lazy("Update Service ID must be 6 to 20 letters and numbers, as "
                                                   "shown in your Update Service account")},
    )
    qualification_type = forms.ChoiceField(
        label=gettext_lazy("What type of qualification is it?"), choices=QualificationType.choices,
        widget=forms.RadioSelect, required=False,
        error_messages={"invalid_choice": gettext_lazy("Select the type of qualification")},
    )
    title = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=500)
    licence_categories = forms.CharField(
        label=gettext_lazy("Licence categories (driving licence only)"), required=False, max_length=100,
        help_text=gettext_lazy("As shown on the back of your licence, like B, BE, D1"),
        error_messages={"max_length": gettext_lazy("Enter categories as shown on your licence, like B, BE, D1")},
    )
    provider = forms.CharField(label=gettext_lazy("Provider"), required=False, max_length=500)
    issued_on = GovukDateField(label=gettext_lazy("Date of issue"), name=gettext_lazy("Date of issue"),
                             required=False, help_text=gettext_lazy("For example, 27 3 2024"))
    expires_on = GovukDateField(label=gettext_lazy("Expiry date (optional)"), name=gettext_lazy("Expiry date"),
                              required=False, help_text=gettext_lazy("For example, 27 3 2027"))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.details: dict = {}
        for name in list(self.fields):
            if name not in KIND_FIELDS[kind]:
                del self.fields[name]
        issue_name = ISSUE_DATE_NAMES[kind]
        self.fields["issued_on"].label = issue_name
        self.fields["issued_on"].name = issue_name
        if kind == CredentialKind.IDENTITY:
            self.fields["provider"].label = _("Who checked your identity? (optional)")
            self.fields["provider"].help_text = _("For example, the volunteer centre or a digital identity provider")
        elif kind == CredentialKind.TRAINING:
            self.fields["title"].label = _("Name of the course")
            self.fields["provider"].label = _("Who ran the course?")
            self.fields["expires_on"].help_text = _("If the training needs refreshing, for example 27 3 2027")
        elif kind == CredentialKind.QUALIFICATION:
            self.fields["title"].label = _("Name of the qualification (optional unless you selected Other)")
            self.fields["provider"].label = _("Who awarded it? (optional)")
        elif kind == CredentialKind.OCCUPATIONAL_HEALTH:
            self.fields["provider"].label = _("Which occupational health service cleared you?")
        self.helper = FormHelper()
        layout = []
        for name in self.fields:
            if name == "update_service_id":
                continue  # shown under "Yes" to the Update Service question
            if name in ("issued_on", "expires_on"):
                layout.append(Field(name))
            elif name == "update_service_subscribed":
                layout.append(RadiosWithReveal(
                    name, Field.text("update_service_id", field_width=Fixed.TWENTY, spellcheck="false"),
                    reveal_on=YES, legend_size=Size.MEDIUM,
                ))
            elif isinstance(self.fields[name].widget, forms.RadioSelect):
                layout.append(Field.radios(name, legend_size=Size.MEDIUM))
            elif name in ("certificate_number", "licence_categories"):
                layout.append(Field.text(name, field_width=Fixed.TWENTY, spellcheck="false"))
            else:
                layout.append(Field.text(name, field_width=Fluid.TWO_THIRDS))
        self.helper.layout = Layout(*layout, Button("submit", _("Continue")))

    def clean(self):
        cleaned = super().clean()
        data = {name: cleaned.get(name) for name in self.fields}
        if data.get("dbs_barred_lists") == NO_BARRED_LIST:
            data["dbs_barred_lists"] = ""
        if "update_service_subscribed" in data:
            subscribed = data["update_service_subscribed"]
            data["update_service_subscribed"] = {YES: True, NO: False}.get(subscribed)
        try:
            self.details = clean_credential(self.kind, data, today=timezone.localdate())
        except ValidationError as errors:
            _apply(self, errors)
        return cleaned


def initial_from(details: dict) -> dict:
    """Form values for stored details, so the question page shows what the person answered."""
    initial = dict(details)
    for name in ("issued_on", "expires_on"):
        value = initial.get(name)
        if isinstance(value, str) and value:
            initial[name] = datetime.date.fromisoformat(value)
    if "dbs_barred_lists" in initial and not initial["dbs_barred_lists"]:
        initial["dbs_barred_lists"] = NO_BARRED_LIST
    if "update_service_subscribed" in initial:
        initial["update_service_subscribed"] = YES if initial["update_service_subscribed"] else NO
    return initial


class RemoveForm(forms.Form):
    confirm = forms.ChoiceField(
        label=gettext_lazy("Are you sure you want to remove it?"),
        choices=[(YES, gettext_lazy("Yes, remove it")), (NO, gettext_lazy("No, keep it"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select yes if you want to remove it"),
                        "invalid_choice": gettext_lazy("Select yes if you want to remove it")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.radios("confirm", legend_size=Size.MEDIUM, inline=True),
                                    Button("submit", _("Continue")))


class VerificationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Could you verify it?"),
        choices=[
            Choice(VERIFY, gettext_lazy("Yes, it is verified"),
                   hint=gettext_lazy("You saw evidence that matches what the volunteer told us")),
            Choice(REJECT, gettext_lazy("No, it could not be verified"),
                   hint=gettext_lazy("The volunteer will see your reason")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select whether you could verify the credential"),
                        "invalid_choice": gettext_lazy("Select whether you could verify the credential")},
    )
    evidence_seen = forms.CharField(
        label=gettext_lazy("What did you see?"), max_length=2000, required=False,
        help_text=gettext_lazy("For example, the original certificate, or a status check on the Update Service"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("What you saw must be 2,000 characters or fewer")},
    )
    evidence_seen_on = GovukDateField(label=gettext_lazy("When did you see it?"), name=gettext_lazy("Date you saw it"),
                                    required=False, help_text=gettext_lazy("For example, 27 3 2026"))
    reason = forms.CharField(
        label=gettext_lazy("Why could it not be verified? (only if it could not)"), max_length=2000,
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Reason must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, issued_on: datetime.date | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.issued_on = issued_on
        self.values: dict = {}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("evidence_seen", label_size=Size.SMALL),
            Field("evidence_seen_on"),
            Field.textarea("reason", label_size=Size.SMALL),
            Button("submit", _("Save the check")),
        )

    def clean(self):
        cleaned = super().clean()
        if "outcome" in self.errors:
            return cleaned
        try:
            self.values = clean_verification(
                outcome=cleaned.get("outcome"), evidence_seen=cleaned.get("evidence_seen"),
                evidence_seen_on=cleaned.get("evidence_seen_on"), reason=cleaned.get("reason"),
                issued_on=self.issued_on, today=timezone.localdate(),
            )
        except ValidationError as errors:
            _apply(self, errors)
        return cleaned

    def add_service_errors(self, errors: ValidationError) -> None:
        _apply(self, errors)
