"""The cookie policy: which cookies Covenant sets, and the one optional preference people choose."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

# Holds the answer to the cookie banner itself, so it is essential: without it the banner
# would reappear on every page.
POLICY_COOKIE = "cookies_policy"
ACCEPTED = "accepted"
REJECTED = "rejected"
ONE_YEAR = 365 * 24 * 60 * 60


def remember_settings(request: HttpRequest) -> bool | None:
    """True or False once the person has answered; None while they have not (or sent nonsense)."""
    value = request.COOKIES.get(POLICY_COOKIE)
    if value == ACCEPTED:
        return True
    if value == REJECTED:
        return False
    return None


def set_policy(response: HttpResponse, *, remember: bool, request: HttpRequest) -> None:
    """Record the answer, and make an existing language choice last a year or only this visit."""
    response.set_cookie(
        POLICY_COOKIE,
        ACCEPTED if remember else REJECTED,
        max_age=ONE_YEAR,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language:
        set_language_cookie(response, language=language, remember=remember, request=request)


def set_language_cookie(response: HttpResponse, *, language: str, remember: bool, request: HttpRequest) -> None:
    # Without the optional cookie the choice lasts until the browser closes (a session cookie).
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=ONE_YEAR if remember else None,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def cookie_table() -> list[dict]:
    """Every cookie Covenant sets, for the cookies page."""
    session_days = settings.SESSION_COOKIE_AGE // (24 * 60 * 60)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": _("Keeps you signed in and remembers your progress through forms"),
            "expires": _("%(days)s days") % {"days": session_days},
            "essential": True,
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": _("Protects the forms you fill in from being sent by another website"),
            "expires": _("1 year"),
            "essential": True,
        },
        {
            "name": "messages",
            "purpose": _("Shows you a confirmation message after you do something, such as saving a form"),
            "expires": _("When you close your browser"),
            "essential": True,
        },
        {
            "name": POLICY_COOKIE,
            "purpose": _("Remembers your answer to the cookie message, so we do not ask again"),
            "expires": _("1 year"),
            "essential": True,
        },
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "purpose": _(
                "Remembers whether you chose English or Cymraeg. It lasts until you close your browser, "
                "or for 1 year if you let us remember your settings"
            ),
            "expires": _("When you close your browser, or 1 year"),
            "essential": False,
        },
    ]
