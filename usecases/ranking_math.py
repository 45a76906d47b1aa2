"""The ranking arithmetic, as DESIGN.md "Ranking" defines it: pure, on plain data.

No database and no model import, so it can be read and tested alone.
`rank_totals` ranks from totals per use case and criterion and per participant
and axis, which usecases/ranking.py has the database add up (GROUP BY); `rank`
takes raw score rows and adds them up here first (`aggregate`), with the same
result.

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


# (use case id, criterion id, sum of the values, number of values): one criterion's scores on one use case.
CriterionTotal = tuple[int, int, int, int]
# (use case id, axis, sum of value × weight, sum of weights, participants): how many of a use case's
# scorers have this own axis score (the weighted mean sum/weights of their scores on that axis).
AxisScoreCount = tuple[int, str, int, int, int]


@dataclass(frozen=True)
class Totals:
    """What the ranking needs of the scores, added up: by the database (usecases/ranking.py) or by `aggregate`.

    Each scorer's own axis score is counted, not listed: the rows grow with the
    number of distinct scores, never with the number of participants.
    """

    criteria: list[CriterionTotal]
    axis_scores: list[AxisScoreCount]
    scorers: dict[int, int]  # use case id -> participants who scored it


def population_stdev(counted: Iterable[tuple[float, int]]) -> float:
    """The population standard deviation of values each repeated `count` times, two-pass, exactly rounded sums.

    The same result whatever the order of the pairs, so the database's totals
    and the pure path agree to the last bit.
    """
    pairs = list(counted)
    n = sum(count for _, count in pairs)
    mean = math.fsum(value * count for value, count in pairs) / n
    return math.sqrt(math.fsum(count * (value - mean) ** 2 for value, count in pairs) / n)


def aggregate(criteria: Iterable[CriterionRow], scores: Iterable[tuple[int, int, int, int]]) -> Totals:
    """The totals the ranking needs, from (participant, use case, criterion, value) tuples.

    The database adds up the same totals with GROUP BY (usecases/ranking.py);
    scores on unknown criteria are ignored, a repeated score keeps its last value.
    """
    criteria_by_id = {c.id: c for c in criteria}
    latest: dict[tuple[int, int, int], int] = {}
    for participant_id, use_case_id, criterion_id, value in scores:
        if criterion_id in criteria_by_id:
            latest[(participant_id, use_case_id, criterion_id)] = value
    by_criterion: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    own: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    for (participant_id, use_case_id, criterion_id), value in latest.items():
        criterion = criteria_by_id[criterion_id]
        totals = by_criterion[(use_case_id, criterion_id)]
        totals[0] += value
        totals[1] += 1
        sums = own[(use_case_id, participant_id, criterion.axis)]
        sums[0] += value * criterion.weight
        sums[1] += criterion.weight
    counted: dict[tuple[int, str, int, int], int] = defaultdict(int)
    scorers: dict[int, set[int]] = defaultdict(set)
    for (use_case_id, participant_id, axis_name), (weighted, weight) in own.items():
        counted[(use_case_id, axis_name, weighted, weight)] += 1
        scorers[use_case_id].add(participant_id)
    return Totals(
        criteria=[(uc, cid, total, count) for (uc, cid), (total, count) in by_criterion.items()],
        axis_scores=[(*key, count) for key, count in counted.items()],
        scorers={uc: len(who) for uc, who in scorers.items()},
    )


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
    criteria = list(criteria)
    return rank_totals(use_cases, criteria, aggregate(criteria, scores), votes, participants)


@dataclass(frozen=True)
class UseCaseStats:
    """What the scores alone say of one use case: the part of its ranking a vote does not change."""

    impact: float | None
    feasibility: float | None
    priority: float | None
    spread: float | None
    scorers: int
    criterion_means: Mapping[int, float]


@dataclass(frozen=True)
class ScoreStats:
    """Every use case's UseCaseStats (by id), and how many scores were counted."""

    by_use_case: Mapping[int, UseCaseStats]
    scores: int


def score_stats(criteria: Iterable[CriterionRow], totals: Totals) -> ScoreStats:
    """The scores' side of the ranking, from their totals (see `aggregate`): it changes with a score, not a vote.

    Totals on unknown criteria are ignored. Weighted means add up in the
    criteria's order, so the result does not depend on the order of the totals.
    """
    criteria = list(criteria)
    criteria_by_id = {c.id: c for c in criteria}
    sums: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    score_count = 0
    for use_case_id, criterion_id, total, count in totals.criteria:
        if criterion_id in criteria_by_id and count:
            sums[use_case_id][criterion_id] = (total, count)
            score_count += count
    # use case -> axis -> (own axis score, how many scorers have it)
    own: dict[int, dict[str, list[tuple[float, int]]]] = defaultdict(lambda: defaultdict(list))
    for use_case_id, axis, weighted, weight, count in totals.axis_scores:
        if weight and count:
            own[use_case_id][axis].append((weighted / weight, count))
    stats = {}
    for use_case_id in set(sums) | set(own) | set(totals.scorers):
        mine = sums.get(use_case_id, {})
        means = {c.id: mine[c.id][0] / mine[c.id][1] for c in criteria if c.id in mine}
        impact = weighted_mean((means[c.id], c.weight) for c in criteria if c.id in means and c.axis == "impact")
        feasibility = weighted_mean(
            (means[c.id], c.weight) for c in criteria if c.id in means and c.axis == "feasibility"
        )
        priority = math.sqrt(impact * feasibility) if impact is not None and feasibility is not None else None
        theirs = own.get(use_case_id, {})
        spreads = [population_stdev(theirs[axis]) for axis in ("impact", "feasibility") if theirs.get(axis)]
        stats[use_case_id] = UseCaseStats(
            impact=impact,
            feasibility=feasibility,
            priority=priority,
            spread=max(spreads) if spreads else None,
            scorers=totals.scorers.get(use_case_id, 0),
            criterion_means=means,
        )
    return ScoreStats(by_use_case=stats, scores=score_count)


NOT_SCORED = UseCaseStats(None, None, None, None, 0, {})


def rank_totals(
    use_cases: Iterable[UseCaseRow],
    criteria: Iterable[CriterionRow],
    totals: Totals,
    votes: Mapping[int, int],
    participants: int = 0,
) -> Ranking:
    """Rank use cases from their totals (see `aggregate`): the one home of the ranking's arithmetic."""
    return rank_stats(use_cases, score_stats(criteria, totals), votes, participants)


def rank_stats(
    use_cases: Iterable[UseCaseRow], stats: ScoreStats, votes: Mapping[int, int], participants: int = 0
) -> Ranking:
    """Rank use cases from their scores' stats (see `score_stats`) and their votes."""
    active: list[RankedUseCase] = []
    set_aside: list[RankedUseCase] = []
    for uc in use_cases:
        mine = stats.by_use_case.get(uc.id, NOT_SCORED)
        impact, feasibility, spread = mine.impact, mine.feasibility, mine.spread
        row = RankedUseCase(
            use_case_id=uc.id,
            title=uc.title,
            status=uc.status,
            category=uc.category,
            merged_into_id=uc.merged_into_id,
            impact=impact,
            feasibility=feasibility,
            priority=mine.priority,
            votes=int(votes.get(uc.id, 0)),
            spread=spread,
            needs_discussion=spread is not None and spread >= NEEDS_DISCUSSION_SPREAD,
            quadrant=quadrant(impact, feasibility),
            rank=None,
            scorers=mine.scorers,
            criterion_means=dict(mine.criterion_means),
        )
        (set_aside if uc.status in SET_ASIDE else active).append(row)

    active.sort(key=lambda r: (r.priority is None, -(r.priority or 0.0), -r.votes, r.title.casefold(), r.use_case_id))
    ranked = [replace(row, rank=index) for index, row in enumerate(active, start=1)]
    set_aside.sort(key=lambda r: (r.status, r.title.casefold()))
    return Ranking(
        rows=ranked,
        set_aside=set_aside,
        participants=participants,
        scores=stats.scores,
        votes=sum(int(v) for v in votes.values()),
    )
