"""Command: import ward or local authority names from a code,name CSV or an ONS lookup file."""

from covenant.places.services import AREA_KINDS, areas_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import ward or local authority names. Accepts ONS lookup files (WD24CD, WD24NM, LAD24CD, "
        "LAD24NM) or a plain code,name file with --kind. All or nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", choices=AREA_KINDS, help="What a plain code,name file lists")

    def handle(self, *args, file, quiet, kind, **options):
        result = self.run_import(areas_import, file, quiet, kind=kind)
        label = "wards" if result.kind == "ward" else "local authorities"
        self.stdout.write(self.style.SUCCESS(
            f"Imported names of {result.rows:,} {label} ({result.created:,} new, {result.existing:,} already known)."
        ))
