"""Staff roles must enrol in multi-factor authentication before they can act as staff."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from .decorators import is_staff_area_view
from .selectors import user_has_mfa, user_requires_mfa

MFA_NEXT_SESSION_KEY = "accounts_mfa_next"


def _always_reachable(path: str) -> bool:
    """Pages that someone being sent to enrol must still be able to use."""
    prefixes = [
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("mfa_reauthenticate"),
        settings.STATIC_URL,
    ]
    return any(path.startswith(prefix) for prefix in prefixes if prefix)


def is_staff_area_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in getattr(settings, "STAFF_AREA_PREFIXES", []))


def _must_enrol_first(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not user_requires_mfa(user):
        return False
    if user_has_mfa(user):
        request.session.pop(MFA_NEXT_SESSION_KEY, None)
        return False
    return True


def _send_to_enrolment(request) -> HttpResponseRedirect:
    if request.method == "GET":
        # Offered as "continue" once enrolment is done (the path is this site's own).
        request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
    # The setup page itself tells people with an official role why they were sent there.
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


class StaffMFAMiddleware:
    """Send people with an official role who have not enrolled in MFA to enrol before a staff area."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Checked before URL resolution, so a whole area is covered whatever its views are.
        path = request.path_info
        if is_staff_area_path(path) and not _always_reachable(path) and _must_enrol_first(request):
            return _send_to_enrolment(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Views marked @staff_area can live anywhere; only here is the view known.
        if not is_staff_area_view(view_func) or _always_reachable(request.path_info):
            return None
        if _must_enrol_first(request):
            return _send_to_enrolment(request)
        return None
