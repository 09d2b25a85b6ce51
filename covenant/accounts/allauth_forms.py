"""allauth's forms with GOV.UK wording: labels, hints and messages that say what to do."""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django.utils.translation import gettext_lazy as _

ENTER_EMAIL = _("Enter your email address")
EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")

# field name -> (label, hint or None to keep allauth's, message when empty)
WORDING = {
    "login": (_("Email address"), "", ENTER_EMAIL),
    "email": (_("Email address"), None, ENTER_EMAIL),
    "password": (_("Password"), "", _("Enter your password")),
    "oldpassword": (_("Current password"), "", _("Enter your current password")),
    "password1": (_("New password"), None, _("Enter a password")),
    "password2": (_("Confirm password"), _("Type the same password again"), _("Enter the password again")),
    "remember": (_("Keep me signed in on this device"), "", None),
    "code": (
        _("Security code"),
        _("The 6-digit code from your authenticator app, or one of your recovery codes"),
        _("Enter the security code"),
    ),
}


class GovukWordingMixin:
    """Relabel allauth's fields; placeholders go, because GOV.UK forms use labels and hints instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name not in WORDING:
                continue
            label, hint, required = WORDING[name]
            field.label = label
            if hint is not None:
                field.help_text = hint
            if required:
                field.error_messages["required"] = required
            if name in ("login", "email"):
                field.error_messages["invalid"] = EMAIL_FORMAT
            if name == "code":
                field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class LoginForm(GovukWordingMixin, account_forms.LoginForm):
    pass


class SignupForm(GovukWordingMixin, account_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Create a password")


class ResetPasswordForm(GovukWordingMixin, account_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(GovukWordingMixin, account_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(GovukWordingMixin, account_forms.ChangePasswordForm):
    pass


class SetPasswordForm(GovukWordingMixin, account_forms.SetPasswordForm):
    pass


class AddEmailForm(GovukWordingMixin, account_forms.AddEmailForm):
    pass


class ChangeEmailForm(GovukWordingMixin, account_forms.ChangeEmailForm):
    pass


class ReauthenticateForm(GovukWordingMixin, account_forms.ReauthenticateForm):
    pass


class MFAAuthenticateForm(GovukWordingMixin, mfa_forms.AuthenticateForm):
    pass


class MFAReauthenticateForm(GovukWordingMixin, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(GovukWordingMixin, totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("The 6-digit code your authenticator app shows for Covenant")

