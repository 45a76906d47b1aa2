"""The ranking arithmetic, as DESIGN.md "Ranking" defines it: pure, on plain data.

No database and no model import, so it can be read and tested alone;
usecases/ranking.py loads a workshop's data and calls `rank`.

Per use case: each criterion's mean over the participants who scored it;
impact and feasibility are the weighted means of their axis (1..5);
priority = √(impact × feasibility); votes = total dots; spread = the larger of
the population standard deviations, over the participants who scored the use
case, of their own impact score and of their own feasibility score (a
participant's axis score is the weighted mean of their scores on that axis);
spread ≥ 1.0 flags "needs discussion". Quadrant: midline at 3, high means ≥ 3.
Rank by priority, then votes, then title. Merged and rejected use cases are
listed apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from statistics import pstdev

from django.utils.translation import gettext_lazy as _

NEEDS_DISCUSSION_SPREAD = 1.0
MIDLINE = 3.0

QUICK_WIN = "quick_win"
STRATEGIC_BET = "strategic_bet"
INCREMENTAL = "incremental"
DEPRIORITISE = "deprioritise"
QUADRANTS = (QUICK_WIN, STRATEGIC_BET, INCREMENTAL, DEPRIORITISE)
QUADRANT_LABELS = {
    QUICK_WIN: _("Quick win"),
    STRATEGIC_BET: _("Strategic bet"),
    INCREMENTAL: _("Incremental"),
    DEPRIORITISE: _("Deprioritise"),
}
# Statuses listed apart (usecases.models.Status values; no model import here).
SET_ASIDE = {"merged", "rejected"}


@dataclass(frozen=True)
class UseCaseRow:
    """What the arithmetic needs to know of a use case."""

    id: int
    title: str
    status: str = "proposed"
    category: str = "other"
    merged_into_id: int | None = None


@dataclass(frozen=True)
class CriterionRow:
    id: int
    axis: str  # "impact" | "feasibility"
    weight: int = 1


@dataclass(frozen=True)
class RankedUseCase:
    use_case_id: int
    title: str
    status: str
    category: str
    merged_into_id: int | None
    impact: float | None
    feasibility: float | None
    priority: float | None
    votes: int
    spread: float | None
    needs_discussion: bool
    quadrant: str | None
    rank: int | None
    scorers: int
    criterion_means: Mapping[int, float] = field(default_factory=dict)

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANT_LABELS[self.quadrant]) if self.quadrant else ""


@dataclass(frozen=True)
class Ranking:
    rows: list[RankedUseCase]
    set_aside: list[RankedUseCase]
    participants: int
    scores: int
    votes: int

    def get(self, use_case_id: int) -> RankedUseCase | None:
        for row in (*self.rows, *self.set_aside):
            if row.use_case_id == use_case_id:
                return row
        return None


def weighted_mean(values: Iterable[tuple[float, int]]) -> float | None:
    """Mean of (value, weight) pairs; None when there are none."""
    pairs = list(values)
    total_weight = sum(w for _, w in pairs)
    if not pairs or total_weight == 0:
        return None
    return sum(v * w for v, w in pairs) / total_weight


def quadrant(impact: float | None, feasibility: float | None) -> str | None:
    if impact is None or feasibility is None:
        return None
    high_impact, high_feasibility = impact >= MIDLINE, feasibility >= MIDLINE
    if high_impact:
        return QUICK_WIN if high_feasibility else STRATEGIC_BET
    return INCREMENTAL if high_feasibility else DEPRIORITISE


def _axis_score(scores: Mapping[int, int], criteria: Mapping[int, CriterionRow], axis: str) -> float | None:
    return weighted_mean((value, criteria[cid].weight) for cid, value in scores.items() if criteria[cid].axis == axis)


def rank(
    use_cases: Iterable[UseCaseRow],
    criteria: Iterable[CriterionRow],
    scores: Iterable[tuple[int, int, int, int]],
    votes: Mapping[int, int],
    participants: int = 0,
) -> Ranking:
    """Rank use cases from plain data.

    `scores` are (participant_id, use_case_id, criterion_id, value) tuples;
    scores on unknown criteria are ignored. `votes` maps use case id to dots.
    """
    criteria_by_id = {c.id: c for c in criteria}
    # use case -> participant -> criterion -> value
    by_use_case: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    score_count = 0
    for participant_id, use_case_id, criterion_id, value in scores:
        if criterion_id in criteria_by_id:
            by_use_case[use_case_id][participant_id][criterion_id] = value
            score_count += 1

    active: list[RankedUseCase] = []
    set_aside: list[RankedUseCase] = []
    for uc in use_cases:
        per_participant = by_use_case.get(uc.id, {})
        values_by_criterion: dict[int, list[int]] = defaultdict(list)
        for their_scores in per_participant.values():
            for cid, value in their_scores.items():
                values_by_criterion[cid].append(value)
        means = {cid: sum(vals) / len(vals) for cid, vals in values_by_criterion.items()}
        impact = weighted_mean(
            (m, criteria_by_id[cid].weight) for cid, m in means.items() if criteria_by_id[cid].axis == "impact"
        )
        feasibility = weighted_mean(
            (m, criteria_by_id[cid].weight) for cid, m in means.items() if criteria_by_id[cid].axis == "feasibility"
        )
        priority = math.sqrt(impact * feasibility) if impact is not None and feasibility is not None else None
        spreads = []
        for axis in ("impact", "feasibility"):
            axis_scores = (_axis_score(s, criteria_by_id, axis) for s in per_participant.values())
            own = [v for v in axis_scores if v is not None]
            if own:
                spreads.append(pstdev(own))
        spread = max(spreads) if spreads else None
        row = RankedUseCase(
            use_case_id=uc.id,
            title=uc.title,
            status=uc.status,
            category=uc.category,
            merged_into_id=uc.merged_into_id,
            impact=impact,
            feasibility=feasibility,
            priority=priority,
            votes=int(votes.get(uc.id, 0)),
            spread=spread,
            needs_discussion=spread is not None and spread >= NEEDS_DISCUSSION_SPREAD,
            quadrant=quadrant(impact, feasibility),
            rank=None,
            scorers=len(per_participant),
            criterion_means=means,
        )
        (set_aside if uc.status in SET_ASIDE else active).append(row)

    active.sort(key=lambda r: (r.priority is None, -(r.priority or 0.0), -r.votes, r.title.casefold(), r.use_case_id))
    ranked = [replace(row, rank=index) for index, row in enumerate(active, start=1)]
    set_aside.sort(key=lambda r: (r.status, r.title.casefold()))
    return Ranking(
        rows=ranked,
        set_aside=set_aside,
        participants=participants,
        scores=score_count,
        votes=sum(int(v) for v in votes.values()),
    )
