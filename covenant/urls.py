"""The site's URL map: each app mounts its pages and its part of the /api/v1/ API."""

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from volunteers.views.issuing import did_document

API_APPS = [
    "covenant.accounts",
    "covenant.organisations",
    "covenant.places",
    "covenant.notifications",
    "covenant.audit",
    "volunteers",
    "parishes",
    "funds",
    "services",
]


def _api_patterns():
    from importlib import import_module

    patterns = []
    for module in API_APPS:
        patterns += getattr(import_module(f"{module}.urls"), "api_urlpatterns", [])
    return patterns


urlpatterns = [
    path("", include("covenant.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("covenant.accounts.urls")),
    path("organisations/", include("covenant.organisations.urls")),
    path("places/", include("covenant.places.urls")),
    path("notifications/", include("covenant.notifications.urls")),
    path("audit/", include("covenant.audit.urls")),
    path("volunteering/", include("volunteers.urls")),
    path(".well-known/did.json", did_document, name="did-document"),
    path("parishes/", include("parishes.urls")),
    path("funds/", include("funds.urls")),
    path("services/", include("services.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((_api_patterns(), "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Swagger UI sets inline styles on its own elements; scripts stay 'self' only.
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("django-admin/", admin.site.urls),
]

handler400 = "covenant.core.views.bad_request"
handler403 = "covenant.core.views.permission_denied"
handler404 = "covenant.core.views.page_not_found"
handler500 = "covenant.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
