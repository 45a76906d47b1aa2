"""The workshop's ranking, loaded in a fixed number of queries.

The arithmetic lives in usecases/ranking_math.py (pure); this module has the
database add up a workshop's scores and votes in five queries, however many use
cases and participants there are, ranks them, and keeps the ranking in the
cache for the workshop's version. Its names are the ones the rest of the code
imports.
"""

from __future__ import annotations

from django.db.models import Count, F, Sum

from usecases.models import Criterion, Score, UseCase, Vote
from usecases.ranking_math import (
    DEPRIORITISE,
    INCREMENTAL,
    MIDLINE,
    NEEDS_DISCUSSION_SPREAD,
    QUADRANT_LABELS,
    QUADRANTS,
    QUICK_WIN,
    STRATEGIC_BET,
    CriterionRow,
    CriterionTotal,
    RankedUseCase,
    Ranking,
    UseCaseRow,
    quadrant,
    rank,
    rank_totals,
    weighted_mean,
)
from workshop.cache import cached_for_version
from workshop.models import Workshop

__all__ = [
    "DEPRIORITISE",
    "INCREMENTAL",
    "MIDLINE",
    "NEEDS_DISCUSSION_SPREAD",
    "QUADRANTS",
    "QUADRANT_LABELS",
    "QUICK_WIN",
    "STRATEGIC_BET",
    "CriterionRow",
    "RankedUseCase",
    "Ranking",
    "UseCaseRow",
    "quadrant",
    "rank",
    "rank_workshop",
    "weighted_mean",
]


def rank_workshop(workshop: Workshop) -> Ranking:
    """The ranking of a workshop: built once per version (five queries whatever its size), then cached.

    No visibility check here: callers decide who may see it (Access.can_see_results).
    """
    return cached_for_version(workshop, "ranking", lambda: _rank_in_database(workshop))


def _rank_in_database(workshop: Workshop) -> Ranking:
    """The database adds the scores up (GROUP BY); usecases/ranking_math.py does the arithmetic.

    Five queries, and rows per use case and criterion and per participant and
    axis, never one row per score.
    """
    use_cases = [
        UseCaseRow(id=uc[0], title=uc[1], status=uc[2], category=uc[3], merged_into_id=uc[4])
        for uc in UseCase.objects.filter(workshop=workshop).values_list(
            "id", "title", "status", "category", "merged_into_id"
        )
    ]
    # The criteria and their totals per use case in one query: a criterion nobody scored comes once, with no use case.
    criteria: dict[int, CriterionRow] = {}
    criterion_totals: list[CriterionTotal] = []
    rows = (
        Criterion.objects.filter(workshop=workshop)
        .values_list("id", "axis", "weight", "order", "scores__use_case_id")
        .annotate(total=Sum("scores__value"), count=Count("scores__id"))
        .order_by("order", "id")
    )
    for criterion_id, axis, weight, _order, use_case_id, total, count in rows:
        criteria.setdefault(criterion_id, CriterionRow(id=criterion_id, axis=axis, weight=weight))
        if use_case_id is not None:
            criterion_totals.append((use_case_id, criterion_id, total, count))
    axis_totals = (
        Score.objects.filter(use_case__workshop=workshop, criterion__workshop=workshop)
        .values_list("use_case_id", "participant_id", "criterion__axis")
        .annotate(weighted=Sum(F("value") * F("criterion__weight")), weight=Sum("criterion__weight"))
        .order_by()
    )
    votes = dict(
        Vote.objects.filter(use_case__workshop=workshop)
        .values("use_case_id")
        .annotate(total=Sum("dots"))
        .values_list("use_case_id", "total")
        .order_by()
    )
    participants = workshop.participants.count()
    return rank_totals(use_cases, criteria.values(), criterion_totals, axis_totals, votes, participants)
