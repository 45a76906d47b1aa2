"""The plan as CSV: one row per use case, numbers as the file's language writes them, formulas neutralised.

A CSV cannot say which cell is a number: the spreadsheet guesses from the text and the
locale it is set to. A spreadsheet set to French (LibreOffice, Excel fr-FR) takes the comma
as its decimal mark, so it reads ``3.40`` as text (or a date), and then expects ``;`` between
fields. The French file therefore writes ``3,40`` and separates fields with ``;``; the
English file ``3.40`` and ``,``. Numbers carry their decimals as every other format shows
them (scores 2, money 2, percentages 1), never a thousands separator; lists (articles,
obligations, flags) are joined with one separator, `` | ``.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import get_language

from core.formatting import MONEY_DECIMALS, PERCENT_DECIMALS, SCORE_DECIMALS, round_half_up
from core.spreadsheet import neutralise
from reports.exports.columns import LIST, MONEY, PERCENT, PLAN_COLUMNS, POC_COLUMNS, SCORE, Column, Value, with_workshop
from reports.plan import Plan

LIST_SEPARATOR = " | "
DECIMALS = {SCORE: SCORE_DECIMALS, MONEY: MONEY_DECIMALS, PERCENT: PERCENT_DECIMALS}


def csv_dialect(language: str) -> tuple[str, str]:
    """(field delimiter, decimal mark) of the file in ``language``: French ``;`` and ``,``, else ``,`` and ``.``."""
    return (";", ",") if language == "fr" else (",", ".")


def csv_cell(column: Column, item: object, decimal_mark: str) -> Value:
    """One cell: a number with its format's decimals and the file's decimal mark; text neutralised."""
    if column.kind == LIST:
        return neutralise(LIST_SEPARATOR.join(column.parts(item)))
    value = column.typed(item)
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if column.kind in DECIMALS:
        decimals = DECIMALS[column.kind]
        return f"{round_half_up(Decimal(str(value)), decimals):.{decimals}f}".replace(".", decimal_mark)
    return value


def render_csv(plan: Plan) -> bytes:
    """UTF-8 with a BOM so that Excel reads accents right; the dialect of the active language (csv_dialect)."""
    delimiter, decimal_mark = csv_dialect((get_language() or "en")[:2])
    columns = with_workshop(plan.is_client_plan, PLAN_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([neutralise(str(column.label)) for column in columns])
    for item in plan.items:
        writer.writerow([csv_cell(column, item, decimal_mark) for column in columns])
    if plan.pocs:
        # The POCs after one empty row, with their own header: a spreadsheet shows both tables.
        writer.writerow([])
        writer.writerow([neutralise(str(column.label)) for column in POC_COLUMNS])
        for row in plan.pocs:
            writer.writerow([csv_cell(column, row, decimal_mark) for column in POC_COLUMNS])
    return out.getvalue().encode("utf-8-sig")
