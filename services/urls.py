"""URLs of services/: each part's pages under its own prefix, and all their API routes (mounted under /api/v1/)."""

from django.urls import include, path

from .assets import urls as assets
from .catalogue import urls as catalogue
from .challenge import urls as challenge
from .codesign import urls as codesign
from .commissioning import urls as commissioning

app_name = "services"

# The parts' fixed prefixes come before the catalogue's own addresses, which name services by reference.
PARTS = [("co-design/", codesign), ("challenges/", challenge), ("assets-of-community-value/", assets),
         ("commissioning/", commissioning), ("", catalogue)]

urlpatterns = [path(prefix, include(module.urlpatterns)) for prefix, module in PARTS]

api_urlpatterns = [route for _, module in PARTS for route in module.api_urlpatterns]
