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


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # process_view, not __call__, so that the view's staff_area marker can be seen.
        # The setup page itself explains to people with an official role why they were sent there.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        if _always_reachable(path):
            return None
        if not (is_staff_area_path(path) or is_staff_area_view(view_func)):
            return None
        if not user_requires_mfa(user):
            return None
        if user_has_mfa(user):
            request.session.pop(MFA_NEXT_SESSION_KEY, None)
            return None
        if request.method == "GET":
            # Offered as "continue" once enrolment is done (the path is this site's own).
            request.session[MFA_NEXT_SESSION_KEY] = request.get_full_path()
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
