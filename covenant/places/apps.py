from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "covenant.places"
    label = "places"
    verbose_name = "Places"
