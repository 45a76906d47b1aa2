"""Importing ideas gathered before the workshop from a CSV or XLSX file.

Three steps, and nothing is saved before the last: read the file into a table
of text (`read_table`), map its columns to use-case fields (`guess_mapping`,
changed by the facilitator), check every row (`check_rows`). Confirming hands
the rows without errors to `services.use_cases_import`.

Files are data, never code: a spreadsheet formula is imported as its text
("=SUM(A1:A3)"), never evaluated. What is read is bounded before and while it
is read: the file's size, an XLSX's unpacked size (a 200 KB file may unpack to
gigabytes), the rows, the columns, each cell's length and the table's total
text. The table waits for "Import" in a `PendingImport` row, not the session.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Field
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from usecases.models import Category, UseCase
from usecases.services import clean_use_case

# The fields a file may fill; the rest keep their defaults (compliance is assessed later).
IMPORT_FIELDS = ["title", "problem", "solution", "benefits", "data_sources", "affected_users", "category"]
MAX_COLUMNS = 50
MAX_CELL_LENGTH = 5000
# A cell is kept up to one character past the limit (so the row check still says it is too long);
# the whole table's text is bounded too: 500 rows of 50 full columns would be 125 MB.
MAX_TABLE_CHARACTERS = 2_000_000
CSV_DELIMITERS = ",;\t"

# Headers people write, normalised (lower case, no accents, letters and digits only), besides the
# fields' own labels in every language.
_SYNONYMS = {
    "title": {"title", "titre", "name", "nom", "idea", "idee", "usecase", "casdusage", "intitule"},
    "problem": {"problem", "probleme", "pain", "painpoint", "context", "contexte", "description"},
    "solution": {"solution", "aisolution", "solutionia", "proposedsolution", "solutionproposee"},
    "benefits": {"benefits", "benefit", "benefices", "benefice", "gains", "avantages", "beneficesattendus"},
    "data_sources": {"data", "datasources", "donnees", "sources", "sourcesdedonnees"},
    "affected_users": {"users", "affectedusers", "utilisateurs", "utilisateursconcernes", "department", "service"},
    "category": {"category", "categorie", "type"},
}


class ImportFileError(Exception):
    """The file cannot be read as a table: a message for the person who chose it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    filename: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"headers": self.headers, "rows": self.rows, "filename": self.filename}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        return cls(headers=list(data["headers"]), rows=[list(r) for r in data["rows"]], filename=data["filename"])


@dataclass
class RowCheck:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def category_label(self) -> str:
        value = self.values.get("category", "")
        return str(Category(value).label) if value in Category.values else value


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)[: MAX_CELL_LENGTH * 2].strip()[: MAX_CELL_LENGTH + 1]


class _Budget:
    """The table's text, counted as it is read: the file is refused past MAX_TABLE_CHARACTERS."""

    def __init__(self) -> None:
        self.used = 0

    def row(self, cells: list[str]) -> list[str]:
        self.used += sum(len(cell) for cell in cells)
        if self.used > MAX_TABLE_CHARACTERS:
            raise ImportFileError(_("The file holds too much text: split it in smaller files."))
        return cells


def _without_trailing_blanks(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows: split it in smaller files.") % {"max": max_rows})


def _table(rows: list[list[str]], filename: str, max_rows: int) -> Table:
    """Headers from the first non-empty row; empty rows dropped; columns trimmed to the widest used one."""
    rows = [_without_trailing_blanks(r) for r in rows]
    rows = [r for r in rows if r]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    headers, body = rows[0], rows[1:]
    if len(body) > max_rows:
        raise _too_many_rows(max_rows)
    if not body:
        raise ImportFileError(_("The file has a header row but no ideas under it."))
    width = max(len(r) for r in rows)
    if width > MAX_COLUMNS:
        raise ImportFileError(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
    pad = [""] * width
    headers = (headers + pad)[:width]
    body = [(r + pad)[:width] for r in body]
    headers = [h or _("Column %(n)s") % {"n": i + 1} for i, h in enumerate(headers)]
    return Table(headers=headers, rows=body, filename=filename)


def _decode(data: bytes) -> str:
    """The file's text: UTF-16 with its byte-order mark (Excel's "Unicode text"), UTF-8, or Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("This file says it is UTF-16 text but cannot be read as such.")) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # decodes every byte


def _dialect(text: str) -> Any:
    """The delimiter of the header row, which one stray ";" further down cannot change.

    The header is the line people write most carefully: the candidate that splits it the most
    wins. The sniffer, which reads every line, decides only a header with none of them.
    """
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: header.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:

        class Header(csv.excel):
            delimiter = best

        return Header
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=CSV_DELIMITERS)
    except csv.Error:
        return csv.excel


def _read_csv(data: bytes, filename: str, max_rows: int) -> Table:
    text = _decode(data).replace("\x00", "\ufffd")  # NUL ends csv's reading; the row check names it
    # A cell may be as long as the file (itself bounded); _cell_text keeps what the row check needs.
    csv.field_size_limit(max(csv.field_size_limit(), len(data) + 1))
    budget = _Budget()
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), _dialect(text)):
            rows.append(budget.row([_cell_text(cell) for cell in row[: MAX_COLUMNS + 1]]))
            if len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    except csv.Error as exc:
        raise ImportFileError(_("This CSV file cannot be read: %(error)s") % {"error": exc}) from None
    return _table(rows, filename, max_rows)


def _check_unpacked_size(data: bytes, max_unpacked: int) -> None:
    """Refuse an XLSX whose parts unpack past `max_unpacked` bytes, from the zip's directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    if unpacked > max_unpacked:
        raise ImportFileError(
            _("This XLSX file unpacks to more than %(max)s MB: split it in smaller files.")
            % {"max": max_unpacked // (1024 * 1024)}
        )


def _read_xlsx(data: bytes, filename: str, max_rows: int, max_unpacked: int) -> Table:
    _check_unpacked_size(data, max_unpacked)
    # openpyxl is imported here: only this step needs it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: a formula cell reads as its formula's text, never as a computed value.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    try:
        sheet = book.worksheets[0]
        budget = _Budget()
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append(budget.row([_cell_text(cell) for cell in row]))
            if len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    finally:
        book.close()
    return _table(rows, filename, max_rows)


def read_table(upload: UploadedFile, *, max_bytes: int, max_rows: int, max_unpacked: int = 20 * 1024 * 1024) -> Table:
    """The file as headers and rows of text, or ImportFileError saying why not."""
    name = upload.name or ""
    if upload.size is not None and upload.size > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(max)s kB: split it in smaller files.") % {"max": max_bytes // 1024}
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(max)s kB: split it in smaller files.") % {"max": max_bytes // 1024}
        )
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return _read_xlsx(data, name, max_rows, max_unpacked)
    if lowered.endswith((".csv", ".txt")):
        return _read_csv(data, name, max_rows)
    raise ImportFileError(_("Choose a CSV or XLSX file."))


def _label(name: str) -> str:
    """A use-case field's label (every import field is a concrete column)."""
    field = UseCase._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.verbose_name)


def field_choices() -> list[tuple[str, str]]:
    """What a column can become: a use-case field, or nothing."""
    return [("", str(gettext_lazy("Ignore this column")))] + [(name, _label(name)) for name in IMPORT_FIELDS]


def _header_names(name: str) -> set[str]:
    names = set(_SYNONYMS[name])
    for language in ("en", "fr"):
        with translation.override(language):
            names.add(_normalise(_label(name)))
    return names


def guess_mapping(headers: list[str]) -> list[str]:
    """A field for each column, from its header ("" to ignore it); each field is taken once at most."""
    mapping: list[str] = []
    taken: set[str] = set()
    known = {name: _header_names(name) for name in IMPORT_FIELDS}
    for header in headers:
        key = _normalise(header)
        match = next((name for name in IMPORT_FIELDS if name not in taken and key in known[name]), "")
        if match:
            taken.add(match)
        mapping.append(match)
    return mapping


def mapping_errors(mapping: list[str]) -> list[str]:
    errors = []
    if "title" not in mapping:
        errors.append(_("Choose the column that holds the titles."))
    doubles = sorted({f for f in mapping if f and mapping.count(f) > 1})
    for name in doubles:
        label = _label(name)
        errors.append(_("“%(field)s” is chosen for more than one column.") % {"field": label})
    return errors


def _category(text: str) -> str | None:
    """A category value from its value or its label in any language; None when unknown."""
    if not text:
        return Category.OTHER
    key = _normalise(text)
    for value, label in Category.choices:
        names = {_normalise(value)}
        for language in ("en", "fr"):
            with translation.override(language):
                names.add(_normalise(str(label)))
        if key in names:
            return value
    return None


def check_rows(table: Table, mapping: list[str]) -> list[RowCheck]:
    """Every row with the values it would import and what is wrong with it, if anything."""
    checks = []
    for offset, row in enumerate(table.rows):
        values = {name: cell for name, cell in zip(mapping, row, strict=False) if name}
        check = RowCheck(number=offset + 2, values=values)
        for name, cell in values.items():
            if "\x00" in cell or "\ufffd" in cell:
                check.errors.append(
                    _("%(field)s: holds a character that is not text (NUL, or a byte the file's encoding cannot read).")
                    % {"field": _label(name)}
                )
            if len(cell) > MAX_CELL_LENGTH:
                label = _label(name)
                check.errors.append(
                    _("%(field)s: keep it under %(max)s characters.") % {"field": label, "max": MAX_CELL_LENGTH}
                )
        if "category" in values:
            category = _category(values["category"])
            if category is None:
                check.errors.append(
                    _("Category: “%(value)s” is not one of ours; leave it empty for “%(other)s”.")
                    % {"value": values["category"], "other": Category.OTHER.label}
                )
            else:
                values["category"] = category
        if not check.errors:
            try:
                clean_use_case(values)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    label = _label(name) if name in IMPORT_FIELDS else name
                    check.errors.extend(_("%(field)s: %(error)s") % {"field": label, "error": m} for m in messages)
        checks.append(check)
    return checks
