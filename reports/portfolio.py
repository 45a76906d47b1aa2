"""The portfolio: the shortlist with its ranking and base ROI figures, sortable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from reports.items import RankedItem, Shortlist, ranked_items, shortlist
from workshop.models import Workshop


@dataclass(frozen=True)
class Portfolio:
    rows: list[RankedItem]
    total_poc_cost: Decimal  # base scenario, over the estimated rows shown
    missing: int  # rows shown that are not estimated
    held_for_legal_review: int = 0  # rows left out because their pre-assessment needs a legal review


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


def readable_sort(sort: str, allowed: Mapping[str, object], *, show_votes: bool) -> str:
    """``sort`` when the reader may sort by it, else "rank": sorting by hidden vote totals would tell their order."""
    key = sort.lstrip("-")
    if key not in allowed or (key == "votes" and not show_votes):
        return "rank"
    return sort


def portfolio(
    workshop: Workshop, *, sort: str = "rank", without_legal_review: bool = False, show_votes: bool = True
) -> Portfolio:
    """Every shortlisted use case with its ranking and base figures, sorted by ``sort``.

    ``without_legal_review``: leave out the use cases whose pre-assessment needs a legal review
    (what can go ahead now); the budget then counts the others only. ``show_votes``: whether the
    reader may see vote totals (else no sort by them).
    """
    chosen = shortlist(ranked_items(workshop))
    sort = readable_sort(sort, PORTFOLIO_SORTS, show_votes=show_votes)
    held = [item for item in chosen.items if item.needs_legal_review] if without_legal_review else []
    shown = Shortlist(items=[item for item in chosen.items if item not in held], currency=chosen.currency)
    return Portfolio(
        rows=sort_rows(shown.items, sort, PORTFOLIO_SORTS),
        total_poc_cost=shown.poc_budget,
        missing=len(shown.not_estimated),
        held_for_legal_review=len(held),
    )
