"""Read-side queries for ROI: inputs turned into figures, never stored."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404

from roi.calculator import Figures as Figures  # re-exported for callers
from roi.calculator import RoiInputs, scenarios
from roi.models import RoiEstimate
from usecases.models import UseCase
from usecases.selectors import use_case_workshop_id
from workshop.selectors import Access, Actor, workshop_access

INPUT_FIELDS: tuple[str, ...] = tuple(RoiInputs.__dataclass_fields__)


def roi_inputs(estimate: RoiEstimate) -> RoiInputs:
    return RoiInputs(**{field: getattr(estimate, field) for field in INPUT_FIELDS})


def roi_figures(use_case_ids: Iterable[int]) -> dict[int, dict[str, Figures]]:
    """Low/base/high figures per use case id, for those that have an estimate. One query."""
    estimates = RoiEstimate.objects.filter(use_case_id__in=list(use_case_ids))
    return {estimate.use_case_id: scenarios(roi_inputs(estimate)) for estimate in estimates}


def roi_use_case_access(*, actor: Actor, pk: int | str) -> tuple[Access, UseCase]:
    """The use case `pk` and its workshop as `actor` may see them, or Http404."""
    access = workshop_access(actor=actor, pk=use_case_workshop_id(pk))
    return access, roi_use_case(access=access, pk=pk)


def roi_use_case(*, access: Access, pk: int | str) -> UseCase:
    """The use case `pk` of the workshop `access` is scoped to, or Http404."""
    try:
        return UseCase.objects.select_related("roi").get(pk=int(pk), workshop=access.workshop)
    except (UseCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def roi_estimate_for(use_case: UseCase) -> RoiEstimate:
    """The use case's saved estimate, or an unsaved one holding the defaults."""
    try:
        return use_case.roi
    except RoiEstimate.DoesNotExist:
        return RoiEstimate(use_case=use_case)
