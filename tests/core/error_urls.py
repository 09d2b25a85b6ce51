"""The site's URLs plus views that fail on purpose, so the error handlers can be exercised."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from covenant.urls import handler400, handler403, handler404, handler500  # noqa: F401 (Django reads these here)
from covenant.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("something broke")


def forbid(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad input")


urlpatterns = [
    path("test-errors/500/", explode),
    path("test-errors/403/", forbid),
    path("test-errors/400/", suspicious),
    *site_urlpatterns,
]
