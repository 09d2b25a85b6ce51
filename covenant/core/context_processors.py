"""Values every page's layout needs: service details, navigation by role and the cookie banner."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from covenant.organisations.selectors import user_roles

from .cookies import remember_settings
from .navigation import navigation_for


def layout(request):
    user = getattr(request, "user", None)
    # Lazy, so pages that never show the header (and error pages) do not query for roles.
    roles = SimpleLazyObject(lambda: user_roles(user))
    return {
        "service_name": settings.SERVICE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "user_roles": roles,
        "navigation": SimpleLazyObject(lambda: navigation_for(frozenset(roles), request.path)),
        "show_cookie_banner": remember_settings(request) is None,
    }
