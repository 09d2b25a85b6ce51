"""Forms of the profile pages; every check on input happens here, with GOV.UK-style messages."""


from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.fields import GovukDateField

from .models import Language
from .validation import (
    check_contact_by_sms,
    check_date_of_birth,
    check_sms_number,
    clean_phone,
    clean_postcode,
)


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Enter your full name"),
            "max_length": gettext_lazy("Full name must be 200 characters or fewer"),
        },
    )
    preferred_name = forms.CharField(
        label=gettext_lazy("Preferred name (optional)"),
        help_text=gettext_lazy("What should we call you? For example, Sam"),
        max_length=100,
        required=False,
        error_messages={"max_length": gettext_lazy("Preferred name must be 100 characters or fewer")},
    )
    postcode = forms.CharField(
        label=gettext_lazy("Postcode (optional)"),
        help_text=gettext_lazy("We use it to show you opportunities and decisions near you"),
        max_length=16,
        required=False,
        error_messages={"max_length": gettext_lazy("Enter a real postcode, like SW1A 1AA")},
    )
    date_of_birth = GovukDateField(
        name=gettext_lazy("Date of birth"),
        validators=[check_date_of_birth],
        label=gettext_lazy("Date of birth (optional)"),
        help_text=gettext_lazy("For example, 27 3 1985. Some opportunities have age limits"),
        required=False,
    )
    phone = forms.CharField(
        label=gettext_lazy("UK phone number (optional)"),
        help_text=gettext_lazy("For international numbers include the country code"),
        max_length=32,
        required=False,
        error_messages={"max_length": gettext_lazy("Enter a UK phone number, like 07700 900 982")},
    )
    contact = forms.MultipleChoiceField(
        label=gettext_lazy("How should we contact you?"),
        help_text=gettext_lazy("Select all that apply"),
        choices=[
            ("email", gettext_lazy("Email")),
            ("sms", gettext_lazy("Text message (needs a mobile phone number)")),
            ("in_app", gettext_lazy("Notifications in Covenant")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Select how we should contact you from the list")},
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the language you want to use"),
            "invalid_choice": gettext_lazy("Select English or Cymraeg"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("full_name", field_width="two-thirds", autocomplete="name"),
            Field.text("preferred_name", field_width=20, autocomplete="nickname"),
            Field.text("postcode", field_width=10, autocomplete="postal-code"),
            Field("date_of_birth"),
            Field.text("phone", field_width=20, autocomplete="tel", type="tel"),
            Field.checkboxes("contact", legend_size=Size.MEDIUM),
            Field.radios("language", legend_size=Size.MEDIUM, inline=True),
            Button("save", _("Save changes")),
        )

    @classmethod
    def initial_for(cls, user) -> dict:
        contact = [
            name
            for name, wanted in (
                ("email", user.contact_by_email),
                ("sms", user.contact_by_sms),
                ("in_app", user.contact_in_app),
            )
            if wanted
        ]
        return {
            "full_name": user.full_name,
            "preferred_name": user.preferred_name,
            "postcode": user.postcode,
            "date_of_birth": user.date_of_birth,
            "phone": user.phone,
            "contact": contact,
            "language": user.language,
        }

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_preferred_name(self) -> str:
        return " ".join(self.cleaned_data["preferred_name"].split())

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact") or []
        if "sms" in contact and "phone" in cleaned:
            try:
                check_contact_by_sms(contact_by_sms=True, phone=cleaned["phone"])
                check_sms_number(contact_by_sms=True, phone=cleaned["phone"])
            except ValidationError as error:
                self.add_error("phone", error)
        return cleaned

    def profile_changes(self) -> dict:
        """The cleaned data in the shape user_update_profile takes."""
        data = self.cleaned_data
        contact = set(data["contact"])
        return {
            "full_name": data["full_name"],
            "preferred_name": data["preferred_name"],
            "postcode": data["postcode"],
            "date_of_birth": data["date_of_birth"],
            "phone": data["phone"],
            "contact_by_email": "email" in contact,
            "contact_by_sms": "sms" in contact,
            "contact_in_app": "in_app" in contact,
            "language": data["language"],
        }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Enter your password to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your password to delete your account")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("password", field_width=20),
            Button.warning("delete", _("Delete your account")),
        )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct. Enter the password you use to sign in"),
                                  code="incorrect")
        return password
