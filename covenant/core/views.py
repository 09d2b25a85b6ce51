"""Start pages, the dashboard, the information pages, health checks and the GOV.UK-styled error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from covenant.organisations.selectors import user_roles

from . import cookies
from .forms import CookieSettingsForm
from .navigation import dashboard_for
from .selectors import needs_email_confirmation, needs_mfa


@require_safe
def home(request):
    return render(request, "core/home.html")


def _sign_up_then(path: str) -> str:
    return f"{reverse('account_signup')}?next={path}"


def _sign_in_then(path: str) -> str:
    return f"{reverse('account_login')}?next={path}"


# Each start page: its template, where signed-in people start, and where everyone else starts.
# Residents and organisations can create an account; officers and fund administrators are
# added by their organisation, so they sign in.
START_PAGES = {
    "residents": ("core/start/residents.html", "/volunteering/", _sign_up_then),
    "organisations": ("core/start/organisations.html", "/organisations/", _sign_up_then),
    "councils": ("core/start/councils.html", "/parishes/", _sign_in_then),
    "funders": ("core/start/funders.html", "/funds/", _sign_in_then),
}


@require_safe
def start(request, audience: str):
    try:
        template, area, anonymous_start = START_PAGES[audience]
    except KeyError:
        raise Http404 from None
    start_url = area if request.user.is_authenticated else anonymous_start(area)
    return render(request, template, {"start_url": start_url})


@require_safe
@login_required
def dashboard(request):
    roles = user_roles(request.user)
    return render(
        request,
        "core/dashboard.html",
        {
            "groups": dashboard_for(roles),
            "needs_mfa": needs_mfa(request.user),
            "needs_email_confirmation": needs_email_confirmation(request.user),
        },
    )


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html")


def _safe_next(request) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
def cookie_settings(request):
    """The cookies page; the cookie banner posts here too, so it works without JavaScript."""
    if request.method == "POST":
        form = CookieSettingsForm(request.POST)
        if form.is_valid():
            target = _safe_next(request)
            if target:
                # From the banner: go back where they were and confirm inside the banner.
                messages.success(
                    request,
                    _("You have accepted the optional cookie.")
                    if form.remember
                    else _("You have rejected the optional cookie."),
                    extra_tags="cookie-banner",
                )
            else:
                messages.success(request, _("You have set your cookie preferences."))
            response = HttpResponseRedirect(target or reverse("core:cookies"))
            cookies.set_policy(response, remember=form.remember, request=request)
            return response
        status = 400
    else:
        answer = cookies.remember_settings(request)
        initial = {} if answer is None else {"remember_settings": "yes" if answer else "no"}
        form = CookieSettingsForm(initial=initial)
        status = 200
    return render(
        request,
        "pages/cookies.html",
        {"form": form, "cookies": cookies.cookie_table()},
        status=status,
    )


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means not ready; say which
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


def _check_broker() -> str | None:
    if not settings.REDIS_URL:
        return None
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


@never_cache
def readyz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    body = {
        "status": "ok" if not any(checks.values()) else "unavailable",
        "checks": {name: ("ok" if error is None else error) for name, error in checks.items()},
    }
    if not settings.REDIS_URL:
        body["checks"]["broker"] = "not configured: tasks run in-process"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    # Usually an expired form; the 403 page tells people to reload and try again.
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # The database may be the thing that failed, so no context processors run here: they look up
    # the person and their roles. The request is passed only for the CSP nonce.
    context = {
        "request": request,
        "service_name": settings.SERVICE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "minimal_layout": True,
    }
    return HttpResponse(get_template("errors/500.html").render(context), status=500)
