"""Read-side queries for ROI: inputs turned into figures, never stored."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from roi.calculator import Figures as Figures  # re-exported for callers
from roi.calculator import RoiInputs, scenarios
from roi.models import RoiEstimate
from usecases.models import Status, UseCase
from usecases.ranking import rank_workshop
from usecases.selectors import use_case_workshop_id, visible_votes
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


@dataclass(frozen=True)
class PortfolioRow:
    use_case_id: int
    title: str
    rank: int | None
    priority: float | None
    votes: int | None  # None while the vote totals are hidden from the reader
    figures: dict[str, Figures] | None  # None: no estimate yet

    @property
    def base(self) -> Figures | None:
        return self.figures["base"] if self.figures else None


@dataclass(frozen=True)
class Portfolio:
    rows: list[PortfolioRow]
    total_poc_cost: Decimal  # base scenario, over the rows that have an estimate
    missing: int  # rows without an estimate


# Sort keys of the portfolio; each reads a value that may be None (sorted last).
PORTFOLIO_SORTS: dict[str, Callable[[PortfolioRow], object]] = {
    "rank": lambda r: r.rank,
    "title": lambda r: r.title.casefold(),
    "priority": lambda r: r.priority,
    "votes": lambda r: r.votes,
    "poc_cost": lambda r: r.base.poc_cost if r.base else None,
    "npv": lambda r: r.base.npv if r.base else None,
    "risk_adjusted_npv": lambda r: r.base.risk_adjusted_npv if r.base else None,
    "payback_months": lambda r: r.base.payback_months if r.base else None,
    "roi_percent": lambda r: r.base.roi_percent if r.base else None,
}


def roi_portfolio(*, access: Access, sort: str = "rank") -> Portfolio:
    """Every shortlisted use case with its ranking and base figures, sorted by `sort`.

    `sort` is a key of PORTFOLIO_SORTS, "-" first for descending; unknown keys
    fall back to the rank. Values that are missing sort last either way. The
    caller checks that `access` may see results (access.can_see_results).
    """
    ranking = rank_workshop(access.workshop)
    shortlisted = [r for r in ranking.rows if r.status == Status.SHORTLISTED]
    figures = roi_figures(r.use_case_id for r in shortlisted)
    rows = [
        PortfolioRow(
            use_case_id=r.use_case_id,
            title=r.title,
            rank=r.rank,
            priority=r.priority,
            votes=visible_votes(access, r.votes),
            figures=figures.get(r.use_case_id),
        )
        for r in shortlisted
    ]
    descending = sort.startswith("-")
    key = PORTFOLIO_SORTS.get(sort.lstrip("-"), PORTFOLIO_SORTS["rank"])
    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    present.sort(key=key, reverse=descending)  # type: ignore[arg-type]
    total = sum((r.base.poc_cost for r in rows if r.base), Decimal("0.00"))
    return Portfolio(rows=present + absent, total_poc_cost=total, missing=sum(1 for r in rows if r.base is None))
