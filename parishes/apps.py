from django.apps import AppConfig


class ParishesConfig(AppConfig):
    name = "parishes"
    verbose_name = "Parishes"
