"""Geometry of the cumulative cash-flow chart, drawn as inline SVG by the ROI page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from roi.calculator import SCENARIOS, Figures

SCENARIO_LABELS = {"low": _("Low"), "base": _("Base"), "high": _("High")}

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 96, 624, 32, 256  # the plot area inside the view box
# Amount labels closer than this to another (in pixels) are left out so they do not overlap.
MIN_LABEL_GAP = 18


@dataclass(frozen=True)
class Line:
    scenario: str
    label: str
    points: str  # "x,y x,y ..." for <polyline>
    payback_months: int | None
    payback_x: float | None
    payback_y: float | None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    zero_y: float
    lines: list[Line]
    x_ticks: list[tuple[float, int]]  # (x, month)
    y_ticks: list[tuple[float, Decimal]]  # (y, amount)


def cashflow_chart(figures: Mapping[str, Figures]) -> Chart:
    """Scale the three scenarios' cumulative cash flows (months 0..12h) to the view box."""
    series = {name: figures[name].cumulative for name in SCENARIOS}
    months = max(len(values) for values in series.values()) - 1
    amounts = [amount for values in series.values() for amount in values] + [Decimal(0)]
    low, high = min(amounts), max(amounts)
    if low == high:  # nothing at all: draw a flat line in the middle
        low, high = low - 1, high + 1

    def x(month: int) -> float:
        return round(LEFT + (RIGHT - LEFT) * month / max(months, 1), 1)

    def y(amount: Decimal) -> float:
        return round(BOTTOM - (BOTTOM - TOP) * float((amount - low) / (high - low)), 1)

    lines = []
    for name, values in series.items():
        payback = figures[name].payback_months
        lines.append(
            Line(
                scenario=name,
                label=str(SCENARIO_LABELS[name]),
                points=" ".join(f"{x(m)},{y(v)}" for m, v in enumerate(values)),
                payback_months=payback,
                payback_x=x(payback) if payback is not None else None,
                payback_y=y(values[payback]) if payback is not None else None,
            )
        )
    step = 12 if months <= 60 else 24
    x_ticks = [(x(m), m) for m in range(0, months + 1, step)]
    y_ticks: list[tuple[float, Decimal]] = []
    for amount in (Decimal(0), high, low):
        position = y(amount)
        if all(abs(position - other) >= MIN_LABEL_GAP for other, _amount in y_ticks):
            y_ticks.append((position, amount))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        zero_y=y(Decimal(0)),
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=sorted(y_ticks),
    )
