"""Place every passport (and its skills) again from its holder's postcode: run after importing a new Postcode
Directory, or after loading passports in bulk, so that matching finds volunteers where they now are."""

from django.core.management.base import BaseCommand

from volunteers.services.locations import passports_locate_all


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        count = passports_locate_all()
        self.stdout.write(self.style.SUCCESS(f"Placed {count:,} passports from their holders' postcodes."))
