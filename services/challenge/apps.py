"""The app of the Community Right to Challenge: its models, migrations and rules."""

from django.apps import AppConfig


class ChallengeConfig(AppConfig):
    name = "services.challenge"
    label = "services_challenge"
    verbose_name = "Community Right to Challenge"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules on import)
