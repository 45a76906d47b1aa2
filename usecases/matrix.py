"""Geometry of the results page's impact/feasibility matrix, drawn as inline SVG.

Pure: scores (1..5) in, view-box coordinates out. Impact runs up, feasibility
right, the midlines at 3. Every point carries its rank, so the numbered legend
beside the SVG names it without hovering; shortlisted points get a ring.

Close scores put points on top of each other: each rank label then moves, by a
deterministic nudge (`place_labels`), to the nearest free spot beside its point,
so that no label ever hides another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

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
# A rank label's box (11 px bold digits, see .point-label): half its height, and half its width per digit plus a margin.
LABEL_HALF_HEIGHT, LABEL_HALF_DIGIT, LABEL_MARGIN = 7.0, 3.5, 3.0
# Where a label may move when its spot is taken: rings around its point, eight directions each, right first.
NUDGE_STEP, NUDGE_DIRECTIONS = 8.0, 8
PREFERRED_SPOTS = 8 * (1 + 2 + 3 + 4)  # the first four rings


@dataclass(frozen=True)
class Point:
    row: RankedUseCase
    x: float
    y: float
    r: float
    shortlisted: bool
    # Where the rank label is drawn: on the point unless another label took that spot.
    label_x: float = 0.0
    label_y: float = 0.0

    @property
    def ring_r(self) -> float:
        return round(self.r + 4, 1)

    @property
    def nudged(self) -> bool:
        """The label sits beside its point (drawn with a leader line), not on it."""
        return (self.label_x, self.label_y) != (self.x, self.y)

    @property
    def label_half_width(self) -> float:
        return label_half_width(self.row.rank)

    @property
    def label_rect(self) -> tuple[float, float, float, float]:
        """The nudged label's box as SVG draws it: x, y, width, height."""
        half_w = self.label_half_width
        return (
            round(self.label_x - half_w, 1),
            round(self.label_y - LABEL_HALF_HEIGHT, 1),
            2 * half_w,
            2 * LABEL_HALF_HEIGHT,
        )


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle by its centre and half sizes, in view-box units."""

    x: float
    y: float
    half_w: float
    half_h: float

    def overlaps(self, other: Box) -> bool:
        return abs(self.x - other.x) < self.half_w + other.half_w and abs(self.y - other.y) < self.half_h + other.half_h

    def touches_circle(self, cx: float, cy: float, r: float) -> bool:
        nearest_x = min(max(cx, self.x - self.half_w), self.x + self.half_w)
        nearest_y = min(max(cy, self.y - self.half_h), self.y + self.half_h)
        return (nearest_x - cx) ** 2 + (nearest_y - cy) ** 2 < r * r


def label_half_width(rank: int | None) -> float:
    return LABEL_HALF_DIGIT * len(str(rank if rank is not None else "")) + LABEL_MARGIN


def label_box(point: Point) -> Box:
    return Box(point.label_x, point.label_y, point.label_half_width, LABEL_HALF_HEIGHT)


def _candidates(point: Point) -> Iterator[tuple[float, float]]:
    """Spots for the point's label, nearest first: on the point, then rings around it, clamped inside the plot."""
    half_w = point.label_half_width
    yield point.x, point.y
    rings = int(max(RIGHT - LEFT, BOTTOM - TOP) / NUDGE_STEP)
    for ring in range(1, rings + 1):
        distance = point.r + ring * NUDGE_STEP
        directions = NUDGE_DIRECTIONS * ring  # farther rings are longer: more spots on them
        for step in range(directions):
            angle = 2 * math.pi * step / directions
            x = min(max(point.x + distance * math.cos(angle), LEFT + half_w), RIGHT - half_w)
            y = min(max(point.y - distance * math.sin(angle), TOP + LABEL_HALF_HEIGHT), BOTTOM - LABEL_HALF_HEIGHT)
            yield round(x, 1), round(y, 1)


def _label_spot(point: Point, boxes: list[Box], others: list[Point]) -> tuple[float, float]:
    """The nearest spot whose box overlaps no placed label, preferring, within a few rings, one that covers no point."""
    half_w = point.label_half_width
    first_free = None
    for n, spot in enumerate(_candidates(point)):
        box = Box(*spot, half_w, LABEL_HALF_HEIGHT)
        if any(box.overlaps(b) for b in boxes):
            continue
        if first_free is None:
            first_free = spot
        if n == 0 or not any(box.touches_circle(o.x, o.y, o.r) for o in others):
            return spot
        if n > PREFERRED_SPOTS:
            break
    if first_free is not None:
        return first_free
    # Everything near is taken (a crowd on one spot): the first free spot anywhere on the plot.
    for spot in _candidates(point):
        if not any(Box(*spot, half_w, LABEL_HALF_HEIGHT).overlaps(b) for b in boxes):
            return spot
    return point.x, point.y  # more labels than the plot can hold: never reached for a workshop's use cases


def place_labels(points: Sequence[Point]) -> list[Point]:
    """The points with their rank labels placed so that no two label boxes overlap.

    Deterministic: the best rank keeps the spot on its point; each next one takes
    the nearest free spot around its own point, preferring one that covers no
    other point; the order of `points` is kept.
    """
    placed: dict[int, Point] = {}
    boxes: list[Box] = []
    for index in sorted(range(len(points)), key=lambda i: (points[i].row.rank or 0, i)):
        point = points[index]
        others = [p for j, p in enumerate(points) if j != index]
        x, y = _label_spot(point, boxes, others)
        placed[index] = replace(point, label_x=x, label_y=y)
        boxes.append(label_box(placed[index]))
    return [placed[i] for i in range(len(points))]


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
        x, y = x_of(r.feasibility), y_of(r.impact)
        points.append(Point(r, x, y, radius, r.status == SHORTLISTED, label_x=x, label_y=y))
    # Big points first, so that a small one is never hidden under a big one.
    points.sort(key=lambda p: -p.r)
    points = place_labels(points)
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
