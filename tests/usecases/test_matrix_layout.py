"""Matrix labels never hide each other: close scores move a rank label beside its point, deterministically."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from usecases.matrix import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, label_box, results_matrix
from usecases.ranking_math import RankedUseCase


def ranked(rank: int, impact: float, feasibility: float, votes: int = 0) -> RankedUseCase:
    return RankedUseCase(
        use_case_id=rank,
        title=f"Idea {rank}",
        status="proposed",
        category="",
        merged_into_id=None,
        impact=impact,
        feasibility=feasibility,
        priority=impact * feasibility,
        votes=votes,
        spread=0.0,
        needs_discussion=False,
        quadrant=None,
        rank=rank,
        scorers=3,
    )


def overlapping_labels(rows: list[RankedUseCase]) -> list[tuple[int | None, int | None]]:
    points = results_matrix(rows).points
    return [(a.row.rank, b.row.rank) for a, b in combinations(points, 2) if label_box(a).overlaps(label_box(b))]


def assert_labels_inside_the_plot(rows: list[RankedUseCase]) -> None:
    """A moved label stays inside the plot; one on its point, on the point (drawn within the view box)."""
    for point in results_matrix(rows).points:
        box = label_box(point)
        left, right, top, bottom = (LEFT, RIGHT, TOP, BOTTOM) if point.nudged else (0, WIDTH, 0, HEIGHT)
        assert left <= box.x - box.half_w, point
        assert box.x + box.half_w <= right, point
        assert top <= box.y - box.half_h, point
        assert box.y + box.half_h <= bottom, point


def test_identical_scores_get_separate_labels():
    rows = [ranked(rank, 4.0, 4.0, votes=rank % 4) for rank in range(1, 16)]
    assert overlapping_labels(rows) == []
    assert_labels_inside_the_plot(rows)
    points = {p.row.rank: p for p in results_matrix(rows).points}
    assert not points[1].nudged, "the best rank keeps its label on its point"
    assert all(points[rank].nudged for rank in range(2, 16))


def test_a_cluster_in_a_corner_stays_inside_the_plot():
    rows = [ranked(rank, 5.0 - rank / 100, 5.0 - rank / 50, votes=rank) for rank in range(1, 13)]
    assert overlapping_labels(rows) == []
    assert_labels_inside_the_plot(rows)


def test_a_lone_point_keeps_its_label_on_it():
    rows = [ranked(1, 4.5, 4.5), ranked(2, 4.5, 4.45), ranked(3, 1.5, 1.5)]
    points = {p.row.rank: p for p in results_matrix(rows).points}
    assert (points[3].label_x, points[3].label_y) == (points[3].x, points[3].y)
    assert not points[3].nudged
    assert points[2].nudged, "a label on rank 2's point would cover rank 1's"


def test_the_nudge_is_deterministic():
    rows = [ranked(rank, 3.0 + (rank % 3) / 20, 3.0 + (rank % 5) / 20, votes=rank % 3) for rank in range(1, 25)]
    first = [(p.row.rank, p.label_x, p.label_y) for p in results_matrix(rows).points]
    second = [(p.row.rank, p.label_x, p.label_y) for p in results_matrix(list(reversed(rows))).points]
    assert sorted(first) == sorted(second)


scores = st.floats(min_value=1, max_value=5, allow_nan=False).map(lambda v: round(v, 2))


@settings(max_examples=60, deadline=None)
@given(
    centre=st.tuples(scores, scores),
    offsets=st.lists(
        st.tuples(st.integers(-20, 20), st.integers(-20, 20), st.integers(0, 12)), min_size=2, max_size=30
    ),
)
def test_no_two_labels_overlap_for_clustered_points(centre, offsets):
    """Up to 30 use cases within ±0.2 of one another, anywhere on the plot, with any votes."""
    impact, feasibility = centre
    rows = [
        ranked(rank, min(max(impact + di / 100, 1), 5), min(max(feasibility + df / 100, 1), 5), votes=votes)
        for rank, (di, df, votes) in enumerate(offsets, start=1)
    ]
    assert overlapping_labels(rows) == []
    assert_labels_inside_the_plot(rows)
