"""The plan as CSV: one row per use case, typed numbers unlocalised, formulas neutralised."""

from __future__ import annotations

import csv
import io

from core.spreadsheet import neutralise
from reports.exports.columns import PLAN_COLUMNS, POC_COLUMNS, Value, with_workshop
from reports.plan import Plan


def _value(value: Value) -> Value:
    return "" if value is None else neutralise(value)


def render_csv(plan: Plan) -> bytes:
    """UTF-8 with a BOM so that Excel reads accents right; numbers as a machine reads them (1234.5)."""
    columns = with_workshop(plan.is_client_plan, PLAN_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(str(column.label)) for column in columns])
    for item in plan.items:
        writer.writerow([_value(column.typed(item)) for column in columns])
    if plan.pocs:
        # The POCs after one empty row, with their own header: a spreadsheet shows both tables.
        writer.writerow([])
        writer.writerow([neutralise(str(column.label)) for column in POC_COLUMNS])
        for row in plan.pocs:
            writer.writerow([_value(column.typed(row)) for column in POC_COLUMNS])
    return out.getvalue().encode("utf-8-sig")
