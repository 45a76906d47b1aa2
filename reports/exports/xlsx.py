"""The plan as XLSX: typed numbers with number formats, a frozen header and filters, plain text.

A cell never holds a formula: every cell goes through core.spreadsheet.put_cell,
so a title such as ``=1+1`` is a string cell showing exactly that text, inert,
with the quote prefix and no apostrophe in front. Numbers stay typed numbers,
negative ones included.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compliance.display import DISCLAIMER
from core.formatting import PERCENT_DECIMALS
from core.spreadsheet import put_cell
from reports.exports.columns import (
    INT,
    MATRIX_COLUMNS,
    MONEY,
    MONTHS,
    PERCENT,
    PLAN_COLUMNS,
    POC_COLUMNS,
    SCORE,
    Column,
    Value,
    scenario_columns,
    with_workshop,
)
from reports.exports.text import cover_rows, markdown_plain
from reports.plan import Plan
from roi.calculator import SCENARIOS
from roi.charts import SCENARIO_LABELS

NUMBER_FORMATS = {INT: "0", MONTHS: "0", SCORE: "0.00", MONEY: "#,##0.00", PERCENT: "0." + "0" * PERCENT_DECIMALS}


def _put(sheet: Worksheet, row: int, column: int, value: Value) -> Cell:
    """Write one cell: text always as a string cell, never a formula; numbers as numbers."""
    return put_cell(sheet.cell(row=row, column=column), value)


def _append(sheet: Worksheet, values: Sequence[Value]) -> int:
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for index, value in enumerate(values, start=1):
        _put(sheet, row, index, value)
    return row


def _sheet_title(label: object) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(label))[:31]


def _write_table(workbook: Workbook, title: object, columns: list[Column], items: Iterable[object]) -> None:
    sheet = workbook.create_sheet(_sheet_title(title))
    _append(sheet, [str(column.label) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in items:
        _append(sheet, [column.typed(item) for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.kind in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _write_summary(workbook: Workbook, plan: Plan) -> None:
    sheet = workbook.create_sheet(_sheet_title(_("Summary")))
    for label, value in cover_rows(plan):
        _append(sheet, [label, value])
    _append(sheet, [str(DISCLAIMER)])
    # The budget again as numbers a spreadsheet can add up, one row per currency.
    for currency, amount in plan.budgets.items():
        row = _append(sheet, [_("Total POC budget (%(currency)s)") % {"currency": currency}, amount])
        sheet.cell(row=row, column=2).number_format = NUMBER_FORMATS[MONEY]
    for workshop in plan.workshops:
        _append(sheet, [""])
        row = _append(sheet, [workshop.title])
        sheet.cell(row=row, column=1).font = Font(bold=True)
        lines = markdown_plain(workshop.summary_markdown) or [_("No summary yet.")]
        for line in lines:
            _append(sheet, [line])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40


def render_xlsx(plan: Plan) -> bytes:
    """A plan sheet, one sheet of ROI figures per scenario, the matrix data and the summary."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    items = plan.items
    _write_table(workbook, _("Plan"), with_workshop(plan.is_client_plan, PLAN_COLUMNS), items)
    for scenario in SCENARIOS:
        title = _("ROI %(scenario)s") % {"scenario": SCENARIO_LABELS[scenario]}
        _write_table(workbook, title, with_workshop(plan.is_client_plan, scenario_columns(scenario)), items)
    _write_table(workbook, _("Matrix data"), with_workshop(plan.is_client_plan, MATRIX_COLUMNS), items)
    if plan.pocs:
        _write_table(workbook, _("POCs"), POC_COLUMNS, plan.pocs)
    _write_summary(workbook, plan)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
