"""Geometry of the impact/feasibility matrix, drawn as inline SVG (coordinates never localised)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reports.items import RankedItem
from usecases.ranking import DEPRIORITISE, INCREMENTAL, MIDLINE, QUADRANT_LABELS, QUICK_WIN, STRATEGIC_BET

MATRIX_SIZE = 400
MATRIX_PAD = 40


def _xy(value: float) -> float:
    """1..5 onto the plot area."""
    span = MATRIX_SIZE - 2 * MATRIX_PAD
    return MATRIX_PAD + (value - 1) / 4 * span


def matrix(items: Sequence[RankedItem]) -> dict[str, Any]:
    """Points (scored items, sized by votes), the four quadrants and the midlines, in view-box units."""
    max_votes = max((item.votes for item in items), default=0) or 1
    points = []
    for item in items:
        if item.impact is None or item.feasibility is None:
            continue
        points.append(
            {
                "item": item,
                "x": round(_xy(item.feasibility), 1),
                "y": round(MATRIX_SIZE - _xy(item.impact), 1),
                "r": round(6 + 14 * (item.votes / max_votes), 1),
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
    return {"size": MATRIX_SIZE, "pad": pad, "mid": mid, "far": far, "points": points, "quadrants": quadrants}
