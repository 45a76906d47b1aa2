"""ROI inputs in a workshop's export (see workshop/portability.py). Figures are derived, never exported."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS
from workshop.models import Workshop
from workshop.portability import (
    Refs,
    Section,
    at,
    check_fields,
    dump_value,
    register_section,
    restore_timestamps,
    rows_in,
)


def _dump(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    estimates = RoiEstimate.objects.filter(use_case__workshop=workshop).order_by("use_case__created_at", "use_case_id")
    return [
        {
            "use_case": refs.ref("use_case", e.use_case_id),
            **{f: dump_value(getattr(e, f)) for f in INPUT_FIELDS},
            "updated_at": dump_value(e.updated_at),
        }
        for e in estimates
    ]


def _load(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    seen: set[int] = set()
    for path, row in rows_in("roi", rows):
        with at(path):
            check_fields(row, RoiEstimate, [*INPUT_FIELDS, "updated_at"], required=["use_case"])
            use_case_id = refs.required("use_case", row["use_case"], field="use_case")
            if use_case_id in seen:
                raise ValidationError({"use_case": "A use case has one ROI estimate: this is a second."})
            seen.add(use_case_id)
            # full_clean turns the document's strings into decimals, and checks their ranges.
            estimate = RoiEstimate(use_case_id=use_case_id, **{f: row[f] for f in INPUT_FIELDS if f in row})
            estimate.full_clean(exclude=["use_case"])
            estimate.save()
            restore_timestamps(RoiEstimate, estimate.pk, row, ["updated_at"])


def register() -> None:
    register_section(Section("roi", 60, _dump, _load))
