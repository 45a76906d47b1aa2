"""An AI metric against its target, and its trend over the check-ins. Pure: no Django."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

HIGHER = "higher"
LOWER = "lower"

IMPROVING = "improving"
WORSENING = "worsening"
STEADY = "steady"


def on_target(value: Decimal | None, target: Decimal | None, direction: str) -> bool | None:
    """True when `value` meets `target` (reaching it counts); None when either is missing."""
    if value is None or target is None:
        return None
    return value >= target if direction == HIGHER else value <= target


def trend(values: Sequence[Decimal], direction: str) -> str | None:
    """The last value against the one before: improving, worsening or steady; None with fewer than two."""
    if len(values) < 2:
        return None
    last, previous = values[-1], values[-2]
    if last == previous:
        return STEADY
    better = last > previous if direction == HIGHER else last < previous
    return IMPROVING if better else WORSENING
