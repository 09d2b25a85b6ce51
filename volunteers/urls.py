"""URLs of the volunteers app: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from .api import bookings as bookings_api
from .api import credentials as credentials_api
from .api import history as history_api
from .api import issuing as issuing_api
from .api import needs as needs_api
from .api import opendata as opendata_api
from .api import passport as passport_api
from .api import references as references_api
from .api import search as search_api
from .api import sharing as sharing_api
from .views import (
    bookings,
    credentials,
    history,
    issuing,
    matching,
    needs,
    offers,
    opendata,
    passport,
    references,
    search,
    sharing,
)

app_name = "volunteers"

urlpatterns = [
    *passport.urlpatterns,
    *credentials.urlpatterns,
    *references.urlpatterns,
    *history.urlpatterns,
    *sharing.urlpatterns,
    *issuing.urlpatterns,
    *needs.urlpatterns,
    *search.urlpatterns,
    *bookings.urlpatterns,
    *offers.urlpatterns,
    *matching.urlpatterns,
    *opendata.urlpatterns,
]

api_urlpatterns = [
    *passport_api.urlpatterns,
    *credentials_api.urlpatterns,
    *references_api.urlpatterns,
    *history_api.urlpatterns,
    *sharing_api.urlpatterns,
    *issuing_api.urlpatterns,
    *needs_api.urlpatterns,
    *search_api.urlpatterns,
    *bookings_api.urlpatterns,
    *opendata_api.urlpatterns,
]
