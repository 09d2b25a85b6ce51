"""URLs of places: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

app_name = "places"

urlpatterns: list = []

router = SimpleRouter()
router.register("places/local-authorities", api.LocalAuthorityViewSet, basename="places-local-authority")
router.register("places/wards", api.WardViewSet, basename="places-ward")
router.register("places/lsoas", api.LSOAViewSet, basename="places-lsoa")

api_urlpatterns = [
    path("places/postcodes/<str:postcode>/", api.PostcodeView.as_view(), name="places-postcode"),
    *router.urls,
]
