"""How allauth creates and talks to people in Covenant."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from .models import Language


def _language_from_request(request) -> str:
    """The language the person is reading the site in, if it is one we support."""
    code = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or ""
    supported = {value for value, _label in Language.choices}
    if code in supported:
        return code
    prefix = code.split("-")[0]
    for value in supported:
        if value.split("-")[0] == prefix:
            return value
    return Language.ENGLISH


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account has been closed"),
        "duplicate_email": _("That email address is already on your account. Enter a different one"),
        "email_password_mismatch": _(
            "The email address or password is not correct. Check them and try again"
        ),
        "email_taken": _("An account already uses that email address. Sign in, or use a different one"),
        "enter_current_password": _("Enter your current password"),
        "incorrect_code": _("The security code is not correct. Enter the code your app shows now"),
        "incorrect_password": _("The password is not correct. Enter the password you use to sign in"),
        "invalid_password_reset": _("The link to reset your password has expired. Ask for a new link"),
        "too_many_login_attempts": _("You have tried to sign in too many times. Wait 5 minutes and try again"),
        "unknown_email": _("There is no account with that email address"),
        "unverified_primary_email": _("Confirm your email address first"),
        "same_as_current": _("Enter a different value from the current one"),
        "rate_limited": _("You have sent too many requests. Wait a few minutes and try again"),
    }

    def clean_email(self, email: str) -> str:
        # Email is the login; one canonical, lower-case form avoids look-alike duplicate accounts.
        return super().clean_email(email.strip().lower())

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = (user.email or "").strip().lower()
        user.language = _language_from_request(request)
        if commit:
            user.save()
        return user

    def post_login(self, request, user, **kwargs):
        """Show the site in the person's chosen language from the moment they sign in."""
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "language", "")
        if language in Language.values and hasattr(response, "set_cookie"):
            from covenant.core.cookies import remember_settings, set_language_cookie

            set_language_cookie(
                response, language=language, remember=bool(remember_settings(request)), request=request
            )
        return response

    def format_email_subject(self, subject: str) -> str:
        return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{force_str(subject)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the recipient's chosen language and send through Django's email backend."""
        context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **context}
        language = None
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).only("language").first()
        if user is not None:
            language = getattr(user, "language", None)
        with translation.override(language or translation.get_language()):
            super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "You cannot change your email address while two-factor authentication is on. "
            "Turn off your authenticator app first, then change your email address"
        ),
        "cannot_delete_authenticator": _("Two-factor authentication cannot be turned off for your role"),
        "cannot_generate_recovery_codes": _("Set up an authenticator app before you create recovery codes"),
        "incorrect_code": _("The security code is not correct. Enter the code your app shows now"),
        "unverified_email": _("Confirm your email address before you set up two-factor authentication"),
    }
