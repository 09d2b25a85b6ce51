"""Load the demo world: each app that has a `demo` module contributes its part, in INSTALLED_APPS order."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from covenant.core.demo import DemoWorld


class Command(BaseCommand):
    help = "Create (or leave as it is) a small believable demo world with documented logins. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Print the demo logins when done.")

    def handle(self, *args, logins: bool = False, **options):
        world = DemoWorld()
        with transaction.atomic():
            for config in apps.get_app_configs():
                name = f"{config.name}.demo"
                if find_spec(name) is None:
                    continue
                seed = getattr(import_module(name), "seed", None)
                if seed is not None:
                    seed(world)
        created = sum(world.created.values())
        if created:
            parts = ", ".join(f"{count} {kind}" for kind, count in world.created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {parts}"))
        else:
            self.stdout.write("Demo data already present: nothing changed")
        if logins:
            self.stdout.write(world.logins_table())
