from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "covenant.organisations"
    label = "organisations"
    verbose_name = "Organisations"
