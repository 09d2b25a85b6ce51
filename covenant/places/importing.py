"""Reading the published CSV files line by line, with line-numbered errors, for the import services."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

MAX_ERRORS = 20  # enough to fix a batch of mistakes at once, without flooding the screen
PROGRESS_EVERY_BYTES = 1 << 20
ONS_CODE_RE = re.compile(r"^[A-Z][0-9]{8}$")
# The directory fills "not applicable" areas (say, a ward in the Channel Islands) with pseudo-codes.
PSEUDO_CODE_RE = re.compile(r"^[A-Z]99999999$")


class ImportFailed(Exception):
    """A file could not be imported; `errors` holds one message per problem, most with a line number."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class RowError(ValueError):
    """One value on one line is wrong; the reader adds the line number."""


def _lines(file: BinaryIO | Iterable[bytes], progress: Callable[[int], None] | None) -> Iterator[str]:
    """Decode the file one line at a time, so a bad byte is reported with its line number."""
    pending = 0
    for number, raw in enumerate(file, start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ImportFailed([
                _("Line %(line)s: the file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
                % {"line": number}
            ]) from None
        if progress is not None:
            pending += len(raw)
            if pending >= PROGRESS_EVERY_BYTES:
                progress(pending)
                pending = 0
        yield text
    if progress is not None and pending:
        progress(pending)


class CsvRows:
    """Iterate a CSV file's data rows as (line number, row), after reading its header."""

    def __init__(self, file: BinaryIO | Iterable[bytes], *, what: str,
                 progress: Callable[[int], None] | None = None):
        self.reader = csv.reader(_lines(file, progress))
        try:
            header = next(self.reader, None)
        except csv.Error as exc:
            raise ImportFailed([_("Line 1: the header could not be read (%(error)s).") % {"error": exc}]) from None
        if not header or not any(cell.strip() for cell in header):
            raise ImportFailed([_("The file is empty. Choose %(what)s.") % {"what": what}])
        self.header = header
        # Headers are matched without regard to case or spacing: the published files vary in both.
        self.columns = {" ".join(name.split()).lower(): index for index, name in enumerate(header)}

    def find(self, *names: str, pattern: str | None = None) -> int | None:
        """The index of the first header among `names` (or matching `pattern`), or None."""
        for name in names:
            if name in self.columns:
                return self.columns[name]
        if pattern is not None:
            regex = re.compile(pattern)
            for name, index in self.columns.items():
                if regex.fullmatch(name):
                    return index
        return None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.header)
        reader = self.reader
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFailed([
                    _("Line %(line)s: the line could not be read as CSV (%(error)s).")
                    % {"line": reader.line_num, "error": exc}
                ]) from None
            if not row:
                continue  # blank lines, such as a trailing newline, carry nothing
            if len(row) != width:
                yield reader.line_num, RowError(
                    _("expected %(expected)s values, as in the header, but found %(found)s")
                    % {"expected": width, "found": len(row)}
                )
                continue
            yield reader.line_num, row


class ErrorList:
    """Collects line-numbered errors and says when there are enough to stop reading."""

    def __init__(self):
        self.errors: list[str] = []
        self.truncated = False

    def add(self, line: int, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        self.errors.append(_("Line %(line)s: %(message)s") % {"line": line, "message": message})

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_ERRORS

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        errors = list(self.errors)
        if self.truncated or self.full:
            errors.append(_("Stopped after %(count)s errors. Fix these and try again.") % {"count": MAX_ERRORS})
        errors.append(_("Nothing was imported."))
        raise ImportFailed(errors)


def missing_columns_error(missing: list[str], what: str) -> ImportFailed:
    return ImportFailed([
        _("The file is missing these columns: %(columns)s. Check it is %(what)s.")
        % {"columns": "; ".join(missing), "what": what}
    ])


def parse_code(value: str, label: str, example: str) -> str | None:
    """An ONS area code, None when blank or a pseudo-code; RowError otherwise."""
    value = value.strip().upper()
    if not value or PSEUDO_CODE_RE.match(value):
        return None
    if not ONS_CODE_RE.match(value):
        raise RowError(
            _("%(label)s “%(value)s” must be an ONS code, like %(example)s")
            % {"label": label, "value": value, "example": example}
        )
    return value


def parse_positive_int(value: str, label: str, maximum: int | None = None) -> int:
    try:
        number = int(value.strip().replace(",", ""))
    except ValueError:
        number = None
    if number is None or number < 1 or (maximum is not None and number > maximum):
        bound = _(" from 1 to %(maximum)s") % {"maximum": maximum} if maximum else _(" of 1 or more")
        raise RowError(
            _("%(label)s “%(value)s” must be a whole number%(bound)s")
            % {"label": label, "value": value, "bound": bound}
        )
    return number
