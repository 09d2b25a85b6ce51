"""Places: postcodes, geocoding, areas (local authority, ward, LSOA) and deprivation."""
from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "covenant.places"
    label = "places"
    verbose_name = "Places"

    def ready(self):
        # Registers the places.* rules permissions.
        from . import permissions  # noqa: F401
