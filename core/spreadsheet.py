"""Cells a spreadsheet shows and never runs: the one rule of every CSV and XLSX Atelier writes.

A text cell whose first character, or first after leading whitespace, is one of
``= + - @`` is a formula to Excel, LibreOffice and Google Sheets; a leading TAB
or CR is one too for some of them (OWASP's CSV injection). Such text is made
inert:

- in a CSV, where a cell has no type, it gets a leading apostrophe
  (:func:`neutralise`), which the spreadsheet shows;
- in an XLSX, the text is stored as a string cell with the "quote prefix"
  style (:func:`put_cell`), so it shows exactly as typed, stays text when
  someone edits the cell, and never computes.

Only text is touched: a number written as a number (a negative NPV) stays a
number that the spreadsheet can add up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

CellValue = str | int | float | Decimal | None

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (see the module docstring)."""
    return text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(value: CellValue) -> CellValue:
    """The value a CSV cell holds: formula-like text gets a leading apostrophe; numbers and None unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def put_cell(cell: Cell, value: CellValue) -> Cell:
    """Write an XLSX cell: text always as a string (formula-like text with the quote prefix), numbers as numbers."""
    # openpyxl is imported here: only XLSX exports need it.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # Control characters are not allowed in the file format at all.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        # The same decision as a CSV's apostrophe, on the text as written.
        if neutralise(text) != text:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
