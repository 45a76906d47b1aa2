"""The workshop's ranking, loaded in a fixed number of queries.

The arithmetic lives in usecases/ranking_math.py (pure); this module has the
database add up a workshop's scores and votes in five queries, however many use
cases and participants there are, ranks them, and keeps the ranking in the
cache for the workshop's version. Its names are the ones the rest of the code
imports.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Sum

from core.cache import Reader, Since, cached
from usecases.models import Axis, Criterion, Score, UseCase, Vote
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
    ScoreStats,
    Totals,
    UseCaseRow,
    quadrant,
    rank,
    rank_stats,
    score_stats,
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


def rank_workshop(workshop: Workshop, *, reader: Reader | None = None) -> Ranking:
    """The ranking of a workshop: five queries whatever its size.

    With a `reader` (the Access asking), the scores' totals (the costly part: a sum
    over every score) come from the cache, kept per scores' state and reader
    (core.cache): a vote or a status change does not add them up again. No
    visibility check here: callers decide who may see it (Access.can_see_results).
    """
    return _rank_in_database(workshop, reader)


def _rank_in_database(workshop: Workshop, reader: Reader | None) -> Ranking:
    """The database adds the scores up (GROUP BY); usecases/ranking_math.py does the arithmetic.

    Five queries; the score totals come back as a few thousand rows at most,
    however many participants scored (see `_score_totals`).
    """
    use_cases = [
        UseCaseRow(id=uc[0], title=uc[1], status=uc[2], category=uc[3], merged_into_id=uc[4])
        for uc in UseCase.objects.filter(workshop=workshop).values_list(
            "id", "title", "status", "category", "merged_into_id"
        )
    ]
    # The scores' side of the ranking changes less often than the version (never with a vote): kept apart.
    if reader is None:
        stats = _score_stats(workshop)
    else:
        stats = cached(reader, "score-stats", lambda: _score_stats(workshop), since=Since.SCORES)
    votes = dict(
        Vote.objects.filter(use_case__workshop=workshop)
        .values("use_case_id")
        .annotate(total=Sum("dots"))
        .values_list("use_case_id", "total")
        .order_by()
    )
    participants = workshop.participants.count()
    return rank_stats(use_cases, stats, votes, participants)


def _score_stats(workshop: Workshop) -> ScoreStats:
    """The criteria and the scores' totals, added up by the database, then the arithmetic on them (two queries)."""
    criteria = [
        CriterionRow(id=c[0], axis=c[1], weight=c[2])
        for c in Criterion.objects.filter(workshop=workshop).order_by("order", "id").values_list("id", "axis", "weight")
    ]
    return score_stats(criteria, _score_totals(workshop))


def _score_totals(workshop: Workshop) -> Totals:
    """Every total of the workshop's scores in one query, the same as ranking_math.aggregate adds up.

    `own` is each participant's sum of value × weight and sum of weights per
    axis on each use case (their own axis score); the rows returned count how
    many scorers share each own axis score, so they grow with the distinct
    scores, not with the participants. Scores are found by their criterion:
    a score's criterion and use case belong to the same workshop (services).
    Plain SQL for a nested GROUP BY the ORM cannot write; it runs on SQLite and PostgreSQL.
    """
    score, criterion = Score._meta.db_table, Criterion._meta.db_table
    sql = f"""
        WITH own AS (
            SELECT s.use_case_id AS uc,
                SUM(CASE WHEN c.axis = %s THEN s.value * c.weight ELSE 0 END) AS ia,
                SUM(CASE WHEN c.axis = %s THEN c.weight ELSE 0 END) AS ib,
                SUM(CASE WHEN c.axis = %s THEN s.value * c.weight ELSE 0 END) AS fa,
                SUM(CASE WHEN c.axis = %s THEN c.weight ELSE 0 END) AS fb
            FROM {score} s JOIN {criterion} c ON c.id = s.criterion_id
            WHERE c.workshop_id = %s
            GROUP BY s.use_case_id, s.participant_id
        )
        SELECT 'c', s.use_case_id, s.criterion_id, SUM(s.value), COUNT(*)
            FROM {score} s JOIN {criterion} c ON c.id = s.criterion_id
            WHERE c.workshop_id = %s GROUP BY s.use_case_id, s.criterion_id
        UNION ALL SELECT 'i', uc, ia, ib, COUNT(*) FROM own WHERE ib > 0 GROUP BY uc, ia, ib
        UNION ALL SELECT 'f', uc, fa, fb, COUNT(*) FROM own WHERE fb > 0 GROUP BY uc, fa, fb
        UNION ALL SELECT 'n', uc, 0, 0, COUNT(*) FROM own GROUP BY uc
    """
    impact, feasibility = Axis.IMPACT.value, Axis.FEASIBILITY.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [impact, impact, feasibility, feasibility, workshop.pk, workshop.pk])
        rows = cursor.fetchall()
    axis_names = {"i": impact, "f": feasibility}
    return Totals(
        criteria=[(uc, key, int(a), int(n)) for kind, uc, key, a, n in rows if kind == "c"],
        axis_scores=[
            (uc, axis_names[kind], int(a), int(b), int(n)) for kind, uc, a, b, n in rows if kind in axis_names
        ],
        scorers={uc: int(n) for kind, uc, _a, _b, n in rows if kind == "n"},
    )
