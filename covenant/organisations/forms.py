"""The question pages of organisations: registering, editing, members, invitations and verification."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from covenant.core.forms import ServiceErrorsMixin, add_service_errors

from .models import (
    CHARITY_NUMBER_ALLOWED,
    CHARITY_NUMBER_REQUIRED,
    COMPANY_NUMBER_ALLOWED,
    COMPANY_NUMBER_REQUIRED,
    OrganisationType,
    Role,
)
from .validation import clean_postcode, clean_registration

TYPE_HINTS = {
    OrganisationType.REGISTERED_CHARITY: _("On the register of the Charity Commission, OSCR or the Charity "
                                           "Commission for Northern Ireland"),
    OrganisationType.CIO: _("A charity that is also a corporate body, registered with a charity regulator only"),
    OrganisationType.CIC: _("A limited company for social purposes, registered with Companies House"),
    OrganisationType.INFORMAL_GROUP: _("A residents’ association, a mutual aid group or any group without a "
                                       "register number"),
    OrganisationType.LOCAL_AUTHORITY: _("A county, district, unitary or metropolitan council, or a London "
                                        "borough"),
}

ROLE_HINTS = {
    Role.ADMIN: _("Can change the organisation’s details and manage its members"),
    Role.COORDINATOR: _("Posts volunteering needs and manages volunteers"),
    Role.VERIFIER: _("Checks volunteers’ identity, DBS certificates and references"),
    Role.ASSESSOR: _("Scores grant applications"),
    Role.OFFICER: _("Acts for a council: reviews petitions, proposals and rights"),
    Role.FINANCE: _("Records and approves payments"),
    Role.FUND_ADMINISTRATOR: _("Runs funds and grant rounds"),
}


def _role_choices():
    return [Choice(role.value, role.label, hint=ROLE_HINTS[role]) for role in Role]


class OrganisationTypeForm(ServiceErrorsMixin, forms.Form):
    type = forms.ChoiceField(
        label=_("What type of organisation is it?"),
        choices=[Choice(t.value, t.label, hint=TYPE_HINTS.get(t, "")) for t in OrganisationType],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the type of organisation"),
                        "invalid_choice": _("Select the type of organisation")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("type", legend_size=Size.LARGE, legend_tag="h1"),
            Button("submit", _("Continue")),
        )


class OrganisationDetailsForm(ServiceErrorsMixin, forms.Form):
    """An organisation's details; which register numbers it asks for depends on the type."""

    name = forms.CharField(
        label=_("Organisation name"), max_length=200,
        error_messages={"required": _("Enter the organisation’s name"),
                        "max_length": _("Organisation name must be 200 characters or fewer")},
    )
    charity_number = forms.CharField(
        label=_("Charity number"), required=False, max_length=20,
        help_text=_("For example, 1164883 in England and Wales, SC012345 in Scotland or NIC100002 in Northern "
                    "Ireland"),
        error_messages={"max_length": _("Charity number must be 20 characters or fewer")},
    )
    company_number = forms.CharField(
        label=_("Company number"), required=False, max_length=20,
        help_text=_("8 characters from Companies House, for example 01234567 or SC123456"),
        error_messages={"max_length": _("Company number must be 20 characters or fewer")},
    )
    ons_code = forms.CharField(
        label=_("ONS code"), required=False, max_length=20,
        error_messages={"max_length": _("ONS code must be 20 characters or fewer")},
    )
    register_code = forms.CharField(
        label=_("Local authority register code (optional)"), required=False, max_length=10,
        help_text=_("3 or 4 letters from the former GOV.UK local authority registers, for example BIR. We use it "
                    "to identify your council in published grant data"),
        error_messages={"max_length": _("Register code must be 10 characters or fewer")},
    )
    contact_email = forms.EmailField(
        label=_("Contact email address"), max_length=254,
        help_text=_("We will use this to contact the organisation and show it on its public page"),
        error_messages={"required": _("Enter a contact email address, like name@example.org"),
                        "invalid": _("Enter an email address in the correct format, like name@example.org"),
                        "max_length": _("Email address must be 254 characters or fewer")},
    )
    website = forms.URLField(
        label=_("Website (optional)"), required=False, max_length=200, assume_scheme="https",
        # A text input, so that it gets the GOV.UK text input styles.
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={"invalid": _("Enter a website address in the correct format, like https://example.org"),
                        "max_length": _("Website address must be 200 characters or fewer")},
    )
    postcode = forms.CharField(
        label=_("Postcode (optional)"), required=False, max_length=10,
        error_messages={"max_length": _("Enter a real postcode, like SW1A 1AA")},
    )
    description = forms.CharField(
        label=_("What does the organisation do? (optional)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Description must be 5,000 characters or fewer")},
    )

    def __init__(self, *args, organisation_type: str, exclude_pk: int | None = None, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_type = organisation_type
        self.exclude_pk = exclude_pk
        if organisation_type not in CHARITY_NUMBER_ALLOWED:
            del self.fields["charity_number"]
        elif organisation_type not in CHARITY_NUMBER_REQUIRED:
            self.fields["charity_number"].label = _("Charity number (optional)")
        if organisation_type not in COMPANY_NUMBER_ALLOWED:
            del self.fields["company_number"]
        elif organisation_type not in COMPANY_NUMBER_REQUIRED:
            self.fields["company_number"].label = _("Company number (optional)")
        if organisation_type == OrganisationType.LOCAL_AUTHORITY:
            self.fields["ons_code"].label = _("Council’s ONS code")
            self.fields["ons_code"].help_text = _("9 characters, for example E06000001, W06000015, S12000033 or "
                                                  "N09000003")
        elif organisation_type == OrganisationType.PARISH_COUNCIL:
            self.fields["ons_code"].label = _("Parish’s ONS code (optional)")
            self.fields["ons_code"].help_text = _("9 characters, starting E04 in England or W04 in Wales")
        else:
            del self.fields["ons_code"]
        if organisation_type != OrganisationType.LOCAL_AUTHORITY:
            del self.fields["register_code"]
        self.helper = FormHelper()
        numbers = [
            Field.text(name, field_width=Fixed.TEN) for name in ("charity_number", "company_number", "ons_code",
                                                              "register_code") if name in self.fields
        ]
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            *numbers,
            Field.text("contact_email", field_width=Fluid.TWO_THIRDS),
            Field.text("website", field_width=Fluid.TWO_THIRDS),
            Field.text("postcode", field_width=Fixed.TEN),
            Field.textarea("description"),
            Button("submit", submit_label or _("Continue")),
        )

    def clean_postcode(self):
        try:
            return clean_postcode(self.cleaned_data.get("postcode"))
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None

    def clean(self):
        cleaned = super().clean()
        numbers = {name: cleaned.get(name, "") for name in ("charity_number", "company_number", "ons_code",
                                                            "register_code") if name in self.fields}
        try:
            cleaned.update(
                clean_registration(type=self.organisation_type, exclude_pk=self.exclude_pk, **numbers)
            )
        except ValidationError as errors:
            add_service_errors(self, errors)
        return cleaned

    def details(self) -> dict:
        """The cleaned values, named as organisation_create and organisation_update take them."""
        fields = ("name", "charity_number", "company_number", "ons_code", "register_code", "contact_email",
                  "website", "postcode", "description")
        return {"type": self.organisation_type, **{name: self.cleaned_data.get(name, "") for name in fields}}


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault("help_text", _("Select all that apply"))
        super().__init__(
            choices=_role_choices(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Select at least one role"),
                            "invalid_choice": _("Select roles from the list")},
            **kwargs,
        )


class InvitationForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We will send the invitation to this address. They must sign in with it to accept"),
        error_messages={"required": _("Enter an email address, like name@example.org"),
                        "invalid": _("Enter an email address in the correct format, like name@example.org"),
                        "max_length": _("Email address must be 254 characters or fewer")},
    )
    roles = RolesField(label=_("What roles should they have?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS, spellcheck="false", autocomplete="off"),
            Field.checkboxes("roles", legend_size=Size.MEDIUM),
            Button("submit", _("Send invitation")),
        )


class RolesForm(ServiceErrorsMixin, forms.Form):
    roles = RolesField()

    def __init__(self, *args, legend: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if legend:
            self.fields["roles"].label = legend
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("roles", legend_size=Size.LARGE, legend_tag="h1"),
            Button("submit", _("Save roles")),
        )


class ConfirmForm(ServiceErrorsMixin, forms.Form):
    """A button that confirms an action named on the page, with room for the service's errors."""

    def __init__(self, *args, button: str, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Button.warning("submit", button) if warning else Button("submit", button)
        )


class ReasonForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The organisation’s administrators will see this"),
    )

    def __init__(self, *args, required_message: str, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages = {
            "required": required_message,
            "max_length": _("Reason must be 2,000 characters or fewer"),
        }
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Button.warning("submit", button),
        )
