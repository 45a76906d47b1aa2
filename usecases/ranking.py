"""The workshop's ranking, loaded in a fixed number of queries.

The arithmetic lives in usecases/ranking_math.py (pure); this module reads a
workshop's use cases, criteria, scores and votes in five queries, however many
use cases and participants there are, and ranks them. Its names are the ones
the rest of the code imports.
"""

from __future__ import annotations

from django.db.models import Sum

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
    RankedUseCase,
    Ranking,
    UseCaseRow,
    quadrant,
    rank,
    weighted_mean,
)
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
    """The ranking of a workshop, in five queries whatever its size.

    No visibility check here: callers decide who may see it (Access.can_see_results).
    """
    use_cases = [
        UseCaseRow(id=uc[0], title=uc[1], status=uc[2], category=uc[3], merged_into_id=uc[4])
        for uc in UseCase.objects.filter(workshop=workshop).values_list(
            "id", "title", "status", "category", "merged_into_id"
        )
    ]
    criteria = [
        CriterionRow(id=c[0], axis=c[1], weight=c[2])
        for c in Criterion.objects.filter(workshop=workshop).values_list("id", "axis", "weight")
    ]
    scores = Score.objects.filter(use_case__workshop=workshop).values_list(
        "participant_id", "use_case_id", "criterion_id", "value"
    )
    votes = dict(
        Vote.objects.filter(use_case__workshop=workshop)
        .values("use_case_id")
        .annotate(total=Sum("dots"))
        .values_list("use_case_id", "total")
    )
    participants = workshop.participants.count()
    return rank(use_cases, criteria, scores, votes, participants)
