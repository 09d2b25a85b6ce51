"""Load the skill, cause and requirement taxonomies from volunteers/data/ (safe to run again: it updates)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from volunteers.services.passport import TaxonomyFileError, taxonomies_load


class Command(BaseCommand):
    help = (
        "Load the UK Volunteering Data Standard's skills, causes and requirements, and Covenant's own skills, "
        "from CSV. Running it again updates changed entries and retires ones no longer listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Folder holding the CSV files (default: volunteers/data).")

    def handle(self, *args, data_dir: Path | None = None, **options):
        try:
            result = taxonomies_load(actor=None, data_dir=data_dir)
        except TaxonomyFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        for name, counts in result.items():
            self.stdout.write(
                f"{name.capitalize()}: {counts['created']} added, {counts['updated']} updated, "
                f"{counts['retired']} retired"
            )
