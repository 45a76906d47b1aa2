import math

import pytest

from tests.factories import CriterionFactory, ParticipantFactory, UseCaseFactory, WorkshopFactory
from usecases.models import Score, Vote
from usecases.ranking import (
    DEPRIORITISE,
    INCREMENTAL,
    QUICK_WIN,
    STRATEGIC_BET,
    CriterionRow,
    UseCaseRow,
    quadrant,
    rank,
    rank_workshop,
)

# Two impact criteria (weights 2 and 1) and one feasibility criterion (weight 1).
CRITERIA = [CriterionRow(1, "impact", 2), CriterionRow(2, "impact", 1), CriterionRow(3, "feasibility", 1)]


def test_hand_worked_example():
    # Use case 10, participants A (1) and B (2):
    #   A: c1=5, c2=2, c3=4   -> A's impact = (5*2 + 2*1)/3 = 4.0, feasibility 4
    #   B: c1=3, c2=2, c3=2   -> B's impact = (3*2 + 2*1)/3 = 8/3,  feasibility 2
    # Means: c1=4, c2=2, c3=3 -> impact = (4*2 + 2*1)/3 = 10/3, feasibility = 3
    # priority = sqrt(10/3 * 3) = sqrt(10); spread = max(pstdev(4, 8/3), pstdev(4, 2)) = max(2/3, 1) = 1.0
    scores = [(1, 10, 1, 5), (1, 10, 2, 2), (1, 10, 3, 4), (2, 10, 1, 3), (2, 10, 2, 2), (2, 10, 3, 2)]
    ranking = rank([UseCaseRow(10, "Invoice matching")], CRITERIA, scores, {10: 4}, participants=2)

    row = ranking.rows[0]
    assert row.impact == pytest.approx(10 / 3)
    assert row.feasibility == pytest.approx(3.0)
    assert row.priority == pytest.approx(math.sqrt(10))
    assert row.spread == pytest.approx(1.0)
    assert row.needs_discussion is True
    assert row.quadrant == QUICK_WIN
    assert (row.votes, row.rank, row.scorers) == (4, 1, 2)
    assert (ranking.participants, ranking.scores, ranking.votes) == (2, 6, 4)


def test_rank_by_priority_then_votes_then_title():
    use_cases = [UseCaseRow(1, "beta"), UseCaseRow(2, "Alpha"), UseCaseRow(3, "Gamma"), UseCaseRow(4, "Unscored")]
    # 1 and 2 tie on priority (4) and votes (2): title decides, case-insensitively. 3 has priority 5.
    scores = [(9, uc, c, v) for uc, v in ((1, 4), (2, 4), (3, 5)) for c in (1, 2, 3)]
    ranking = rank(use_cases, CRITERIA, scores, {1: 2, 2: 2, 3: 0, 4: 9})
    assert [r.title for r in ranking.rows] == ["Gamma", "Alpha", "beta", "Unscored"]
    assert [r.rank for r in ranking.rows] == [1, 2, 3, 4]
    assert ranking.rows[-1].priority is None
    assert ranking.rows[-1].quadrant is None


def test_votes_break_a_priority_tie():
    scores = [(9, uc, c, 3) for uc in (1, 2) for c in (1, 2, 3)]
    ranking = rank([UseCaseRow(1, "A"), UseCaseRow(2, "B")], CRITERIA, scores, {2: 3})
    assert [r.title for r in ranking.rows] == ["B", "A"]


def test_merged_and_rejected_are_listed_apart_without_rank():
    ranking = rank(
        [
            UseCaseRow(1, "Kept"),
            UseCaseRow(2, "Dup", status="merged", merged_into_id=1),
            UseCaseRow(3, "No", "rejected"),
        ],
        CRITERIA,
        [],
        {},
    )
    assert [r.title for r in ranking.rows] == ["Kept"]
    assert {r.title for r in ranking.set_aside} == {"Dup", "No"}
    assert all(r.rank is None for r in ranking.set_aside)
    assert ranking.get(2).merged_into_id == 1


def test_single_scorer_has_no_spread_to_discuss():
    scores = [(1, 1, c, v) for c, v in ((1, 5), (2, 1), (3, 3))]
    row = rank([UseCaseRow(1, "Solo")], CRITERIA, scores, {}).rows[0]
    assert row.spread == 0
    assert row.needs_discussion is False


@pytest.mark.parametrize(
    ("impact", "feasibility", "expected"),
    [(3, 3, QUICK_WIN), (4, 2.99, STRATEGIC_BET), (2.99, 5, INCREMENTAL), (1, 1, DEPRIORITISE), (None, 3, None)],
)
def test_quadrant_midline_is_three_and_high_means_at_least_three(impact, feasibility, expected):
    assert quadrant(impact, feasibility) == expected


def _workshop_with(n_use_cases: int, n_participants: int):
    workshop = WorkshopFactory(criteria=False)
    criteria = [
        CriterionFactory(workshop=workshop, axis="impact", weight=2),
        CriterionFactory(workshop=workshop, axis="feasibility", weight=1),
    ]
    use_cases = [UseCaseFactory(workshop=workshop) for _ in range(n_use_cases)]
    participants = [ParticipantFactory(workshop=workshop) for _ in range(n_participants)]
    Score.objects.bulk_create(
        Score(participant=p, use_case=uc, criterion=c, value=1 + (p.pk + uc.pk + c.pk) % 5)
        for p in participants
        for uc in use_cases
        for c in criteria
    )
    Vote.objects.bulk_create(
        Vote(participant=p, use_case=use_cases[i % n_use_cases], dots=1) for i, p in enumerate(participants)
    )
    return workshop


@pytest.mark.django_db
def test_ranking_takes_the_same_number_of_queries_whatever_the_size(django_assert_num_queries, totals_off_the_database):
    small = _workshop_with(5, 3)
    large = _workshop_with(60, 30)

    with django_assert_num_queries(5):
        small_ranking = rank_workshop(small)
    with django_assert_num_queries(5):
        large_ranking = rank_workshop(large)

    assert len(small_ranking.rows) == 5
    assert len(large_ranking.rows) == 60
    assert large_ranking.scores == 60 * 30 * 2
    assert large_ranking.votes == 30


@pytest.mark.django_db
def test_rank_workshop_ignores_other_workshops():
    mine = _workshop_with(2, 2)
    _workshop_with(3, 2)
    ranking = rank_workshop(mine)
    assert len(ranking.rows) == 2
    assert ranking.participants == 2
