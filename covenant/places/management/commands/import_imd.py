"""Command: import LSOA deprivation ranks and deciles from the Indices of Deprivation File 7 CSV."""

from covenant.places.services import deprivation_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import LSOA names, IMD ranks and deciles, and local authority names from the English Indices "
        "of Deprivation File 7 CSV (IoD2019 or IoD2025, told apart by the headers). All or nothing."
    )

    def handle(self, *args, file, quiet, **options):
        result = self.run_import(deprivation_import, file, quiet)
        self.stdout.write(self.style.SUCCESS(
            f"Imported {result.edition} figures for {result.rows:,} LSOAs ({result.created:,} new, "
            f"{result.existing:,} already known) in {result.areas['local_authorities']:,} local authorities."
        ))
