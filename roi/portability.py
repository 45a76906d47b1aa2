"""ROI inputs in a workshop's export (see workshop/portability.py). Figures are derived, never exported."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS
from workshop.models import Workshop
from workshop.portability import Refs, Section, dump_value, register_section, restore_timestamps


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
    for row in rows:
        values = {}
        for field in INPUT_FIELDS:
            if field in row:
                model_field = RoiEstimate._meta.get_field(field)
                values[field] = Decimal(row[field]) if isinstance(model_field, models.DecimalField) else row[field]
        estimate = RoiEstimate(use_case_id=refs.required("use_case", row["use_case"]), **values)
        estimate.full_clean(exclude=["use_case"])
        estimate.save()
        restore_timestamps(RoiEstimate, estimate.pk, row, ["updated_at"])


def register() -> None:
    register_section(Section("roi", 60, _dump, _load))
