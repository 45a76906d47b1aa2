"""Geometry of the results page's impact/feasibility matrix, drawn as inline SVG.

Pure: scores (1..5) in, view-box coordinates out. Impact runs up, feasibility
right, the midlines at 3. Every point carries its rank, so the numbered legend
beside the SVG names it without hovering; shortlisted points get a ring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from usecases.ranking_math import (
    DEPRIORITISE,
    INCREMENTAL,
    MIDLINE,
    QUADRANT_LABELS,
    QUICK_WIN,
    STRATEGIC_BET,
    RankedUseCase,
)

WIDTH, HEIGHT = 440, 430
# The plot area (scores 1..5) inside the view box; the margins hold the scales and axis names.
LEFT, RIGHT, TOP, BOTTOM = 64, 424, 16, 376
SCALE = (1, 2, 3, 4, 5)
MIN_RADIUS, MAX_EXTRA_RADIUS = 7.0, 13.0
SHORTLISTED = "shortlisted"


@dataclass(frozen=True)
class Point:
    row: RankedUseCase
    x: float
    y: float
    r: float
    shortlisted: bool

    @property
    def ring_r(self) -> float:
        return round(self.r + 4, 1)


@dataclass(frozen=True)
class Quadrant:
    key: str
    label: str
    x: float
    y: float
    w: float
    h: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Matrix:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    mid_x: float
    mid_y: float
    points: list[Point]
    unplaced: list[RankedUseCase]  # ranked but not scored on both axes yet
    quadrants: list[Quadrant]
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, int]]


def x_of(feasibility: float) -> float:
    return round(LEFT + (feasibility - 1) / 4 * (RIGHT - LEFT), 1)


def y_of(impact: float) -> float:
    return round(BOTTOM - (impact - 1) / 4 * (BOTTOM - TOP), 1)


def results_matrix(rows: Iterable[RankedUseCase], *, show_votes: bool = True) -> Matrix:
    """The matrix of the ranked (not set-aside) use cases; bigger points have more votes.

    ``show_votes`` False (vote totals hidden from this reader): every point the same size, so the
    picture tells nothing of the totals. The results page and the presenter screen both draw this.
    """
    rows = list(rows)
    max_votes = (max((r.votes for r in rows), default=0) or 1) if show_votes else 0
    points, unplaced = [], []
    for r in rows:
        if r.impact is None or r.feasibility is None:
            unplaced.append(r)
            continue
        radius = round(MIN_RADIUS + MAX_EXTRA_RADIUS * r.votes / max_votes, 1) if max_votes else MIN_RADIUS + 4
        points.append(Point(r, x_of(r.feasibility), y_of(r.impact), radius, r.status == SHORTLISTED))
    # Big points first, so that a small one is never hidden under a big one.
    points.sort(key=lambda p: -p.r)
    mid_x, mid_y = x_of(MIDLINE), y_of(MIDLINE)
    boxes = [
        (QUICK_WIN, mid_x, TOP, RIGHT - mid_x, mid_y - TOP, RIGHT - 6, TOP + 16, "end"),
        (STRATEGIC_BET, LEFT, TOP, mid_x - LEFT, mid_y - TOP, LEFT + 6, TOP + 16, "start"),
        (INCREMENTAL, mid_x, mid_y, RIGHT - mid_x, BOTTOM - mid_y, RIGHT - 6, BOTTOM - 8, "end"),
        (DEPRIORITISE, LEFT, mid_y, mid_x - LEFT, BOTTOM - mid_y, LEFT + 6, BOTTOM - 8, "start"),
    ]
    quadrants = [Quadrant(k, str(QUADRANT_LABELS[k]), x, y, w, h, lx, ly, a) for k, x, y, w, h, lx, ly, a in boxes]
    return Matrix(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        mid_x=mid_x,
        mid_y=mid_y,
        points=points,
        unplaced=unplaced,
        quadrants=quadrants,
        x_ticks=[(x_of(v), v) for v in SCALE],
        y_ticks=[(y_of(v), v) for v in SCALE],
    )
