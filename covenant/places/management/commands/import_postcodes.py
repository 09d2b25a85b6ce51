"""Command: import or update postcodes from an ONS Postcode Directory (ONSPD) CSV file."""

from covenant.places.services import postcodes_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import or update postcodes from an ONS Postcode Directory CSV file (all or nothing). "
        "Rerunning updates postcodes in place. Terminated postcodes are kept with the month they "
        "ended (leave them out with --live-only); latitude 99.999999 means no location."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--live-only", action="store_true", help="Leave out terminated postcodes")

    def handle(self, *args, file, quiet, live_only, **options):
        result = self.run_import(postcodes_import, file, quiet, include_terminated=not live_only)
        message = (
            f"Imported {result.rows:,} postcodes: {result.created:,} new, {result.existing:,} already known. "
            f"{result.terminated:,} terminated, {result.without_location:,} without a location"
        )
        if result.skipped_terminated:
            message += f", {result.skipped_terminated:,} terminated left out"
        areas = result.areas
        message += (
            f". Areas: {areas['local_authorities']:,} local authorities, {areas['wards']:,} wards, "
            f"{areas['lsoas']:,} LSOAs."
        )
        self.stdout.write(self.style.SUCCESS(message))
