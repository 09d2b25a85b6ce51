"""How allauth creates and talks to people in Covenant."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.encoding import force_str

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
