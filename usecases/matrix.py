"""The impact / feasibility matrix's geometry, from ranked rows: one drawing for every page that shows it.

The SVG itself is templates/usecases/_matrix.html; the results page and the
presenter screen both pass it `matrix_geometry(rows)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from usecases.ranking import DEPRIORITISE, INCREMENTAL, MIDLINE, QUADRANT_LABELS, QUICK_WIN, STRATEGIC_BET

MATRIX_SIZE = 400
MATRIX_PAD = 40
SMALLEST_POINT = 6
POINT_GROWTH = 14


def _xy(value: float) -> float:
    """1..5 onto the plot area."""
    span = MATRIX_SIZE - 2 * MATRIX_PAD
    return MATRIX_PAD + (value - 1) / 4 * span


def matrix_geometry(rows: Sequence[Any], *, show_votes: bool = True) -> dict[str, Any]:
    """Points and quadrants for ranked rows; point sizes follow the votes only when `show_votes`.

    With the vote totals hidden from the reader, every point has the same size,
    so the drawing tells nothing the table does not.
    """
    max_votes = max((r.votes for r in rows), default=0) or 1
    points = []
    for r in rows:
        if r.impact is None or r.feasibility is None:
            continue
        growth = POINT_GROWTH * (r.votes / max_votes) if show_votes else POINT_GROWTH / 2
        points.append(
            {
                "row": r,
                "x": round(_xy(r.feasibility), 1),
                "y": round(MATRIX_SIZE - _xy(r.impact), 1),
                "r": round(SMALLEST_POINT + growth, 1),
            }
        )
    mid = _xy(MIDLINE)
    pad, far = MATRIX_PAD, MATRIX_SIZE - MATRIX_PAD
    # (key, x, y, width, height, label x, label y, anchor): impact runs up, feasibility right.
    boxes = [
        (QUICK_WIN, mid, pad, far - mid, mid - pad, far - 6, pad + 16, "end"),
        (STRATEGIC_BET, pad, pad, mid - pad, mid - pad, pad + 6, pad + 16, "start"),
        (INCREMENTAL, mid, mid, far - mid, far - mid, far - 6, far - 8, "end"),
        (DEPRIORITISE, pad, mid, mid - pad, far - mid, pad + 6, far - 8, "start"),
    ]
    quadrants = [
        {"key": k, "x": x, "y": y, "w": w, "h": h, "lx": lx, "ly": ly, "anchor": a, "label": QUADRANT_LABELS[k]}
        for k, x, y, w, h, lx, ly, a in boxes
    ]
    return {
        "size": MATRIX_SIZE,
        "pad": pad,
        "mid": mid,
        "far": far,
        "points": points,
        "quadrants": quadrants,
        "show_votes": show_votes,
    }
