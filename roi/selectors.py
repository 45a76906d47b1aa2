"""Read-side queries for ROI: inputs turned into figures, never stored."""

from __future__ import annotations

from collections.abc import Iterable

from roi.calculator import RoiInputs, scenarios
from roi.calculator import Figures as Figures  # re-exported for callers
from roi.models import RoiEstimate

INPUT_FIELDS: tuple[str, ...] = tuple(RoiInputs.__dataclass_fields__)


def roi_inputs(estimate: RoiEstimate) -> RoiInputs:
    return RoiInputs(**{field: getattr(estimate, field) for field in INPUT_FIELDS})


def roi_figures(use_case_ids: Iterable[int]) -> dict[int, dict[str, Figures]]:
    """Low/base/high figures per use case id, for those that have an estimate. One query."""
    estimates = RoiEstimate.objects.filter(use_case_id__in=list(use_case_ids))
    return {estimate.use_case_id: scenarios(roi_inputs(estimate)) for estimate in estimates}
