"""Shared plumbing for the places import commands: open the file, show progress, report errors."""

import os
import sys
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from covenant.places.importing import ImportFailed


class ImportCommand(BaseCommand):
    """A command that feeds one CSV file to an import service."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file")
        parser.add_argument("--quiet", action="store_true", help="Do not show a progress bar")

    @contextmanager
    def progress_bar(self, path: str, quiet: bool):
        # The bar goes to stderr, and only to a terminal, so logs and pipes stay clean.
        disable = quiet or not sys.stderr.isatty()
        with tqdm(total=os.path.getsize(path), unit="B", unit_scale=True, unit_divisor=1024,
                  file=sys.stderr, disable=disable, desc=os.path.basename(path)) as bar:
            yield bar.update

    def run_import(self, service, path: str, quiet: bool, **kwargs):
        try:
            handle = open(path, "rb")
        except OSError as exc:
            raise CommandError(f"Cannot open {path}: {exc.strerror}") from None
        try:
            with handle, self.progress_bar(path, quiet) as progress:
                return service(actor=None, file=handle, progress=progress, source_name=os.path.basename(path),
                               **kwargs)
        except ImportFailed as exc:
            raise CommandError(f"Could not import {path}:\n" + "\n".join(exc.errors)) from None
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from None
