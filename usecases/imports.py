"""Importing ideas gathered before the workshop from a CSV or XLSX file.

Three steps, and nothing is saved before the last: read the file into a table
of text (`read_table`), map its columns to use-case fields (`guess_mapping`,
changed by the facilitator), check every row (`check_rows`). Confirming hands
the rows without errors to `services.use_cases_import`.

Files are data, never code: a spreadsheet formula is imported as its text
("=SUM(A1:A3)"), never evaluated; the file's size and its number of rows and
columns are bounded before anything is read into memory at length.
"""

from __future__ import annotations

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
    return str(value).strip()


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


def _read_csv(data: bytes, filename: str, max_rows: int) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything; latin-1 decodes everything
        text = data.decode("latin-1")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append([_cell_text(cell) for cell in row])
            if len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    except csv.Error as exc:
        raise ImportFileError(_("This CSV file cannot be read: %(error)s") % {"error": exc}) from None
    return _table(rows, filename, max_rows)


def _read_xlsx(data: bytes, filename: str, max_rows: int) -> Table:
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
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append([_cell_text(cell) for cell in row])
            if len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    finally:
        book.close()
    return _table(rows, filename, max_rows)


def read_table(upload: UploadedFile, *, max_bytes: int, max_rows: int) -> Table:
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
        return _read_xlsx(data, name, max_rows)
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
