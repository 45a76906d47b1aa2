"""The portfolio: the shortlist with its ranking and base ROI figures, sortable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reports.items import RankedItem, ranked_items, shortlist
from workshop.models import Workshop


@dataclass(frozen=True)
class Portfolio:
    rows: list[RankedItem]
    total_poc_cost: Decimal  # base scenario, over the estimated rows only
    missing: int  # rows not estimated


# Sort keys of the portfolio; each reads a value that may be None (sorted last).
PORTFOLIO_SORTS: dict[str, Callable[[RankedItem], object]] = {
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


def sort_rows(rows: list[RankedItem], sort: str, sorts: dict[str, Callable[[RankedItem], object]]) -> list[RankedItem]:
    """``rows`` by ``sort`` (a key of ``sorts``, "-" first for descending; unknown keys: as given).

    Missing values sort last either way. The results page and the portfolio sort alike through this.
    """
    key = sorts.get(sort.lstrip("-"))
    if key is None:
        return list(rows)
    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    present.sort(key=key, reverse=sort.startswith("-"))  # type: ignore[arg-type]
    return present + absent


def portfolio(workshop: Workshop, *, sort: str = "rank") -> Portfolio:
    """Every shortlisted use case with its ranking and base figures, sorted by ``sort``."""
    chosen = shortlist(ranked_items(workshop))
    if sort.lstrip("-") not in PORTFOLIO_SORTS:
        sort = "rank"
    return Portfolio(
        rows=sort_rows(chosen.items, sort, PORTFOLIO_SORTS),
        total_poc_cost=chosen.poc_budget,
        missing=len(chosen.not_estimated),
    )
