"""Start a new credential signing key; the old one is retired but stays published so its credentials verify."""

from django.core.management.base import BaseCommand

from volunteers.services.issuing import signing_key_rotate


class Command(BaseCommand):
    help = "Make a new active Ed25519 key for signing credentials and retire the current one (it stays published)."

    def handle(self, *args, **options):
        key = signing_key_rotate(actor=None)
        self.stdout.write(self.style.SUCCESS(f"New signing key {key.kid} is active; earlier keys are retired "
                                             "and still published at /.well-known/did.json"))
