"""Keeps a language choice for a year, but only for people who let Covenant remember their settings."""

from django.conf import settings

from .cookies import remember_settings, set_language_cookie


class RememberSettingsMiddleware:
    """Django's set_language writes a session cookie; lengthen it when the optional cookie is accepted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        morsel = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if morsel is not None and morsel.value and remember_settings(request) is True:
            set_language_cookie(response, language=morsel.value, remember=True, request=request)
        return response
