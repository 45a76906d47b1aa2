"""Geometry of the POC page's charts, drawn as inline SVG: cumulative cash flow and each metric's trend.

Coordinates are plain floats; templates print them with localisation off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from pocs.selectors import MetricReport, PocReport
from roi.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, cash_scale

SERIES_LABELS = {"baseline": _("Baseline"), "actual": _("Actual"), "reprojected": _("Re-projected")}


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: str  # "x,y x,y ..." for <polyline>


@dataclass(frozen=True)
class PaybackPoint:
    key: str
    label: str
    months: int
    x: float
    y: float


@dataclass(frozen=True)
class CashChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    zero_y: float
    series: list[Series]
    paybacks: list[PaybackPoint]
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, Decimal]]


def cash_chart(report: PocReport) -> CashChart:
    """Baseline, actual and re-projected cumulative cash by month, with the baseline's and re-projection's paybacks."""
    lines: dict[str, tuple[Decimal, ...]] = {"baseline": report.baseline.outcome.cumulative}
    paybacks: dict[str, int | None] = {"baseline": report.baseline.outcome.payback_months}
    if report.actual is not None and report.reprojected is not None:
        lines["actual"] = report.actual.cumulative
        lines["reprojected"] = report.reprojected.cumulative
        paybacks["reprojected"] = report.reprojected.payback_months
    scale = cash_scale(lines.values())
    series = [Series(key, str(SERIES_LABELS[key]), scale.points(values)) for key, values in lines.items()]
    points = []
    for key, month in paybacks.items():
        if month is not None and month < len(lines[key]):
            points.append(PaybackPoint(key, str(SERIES_LABELS[key]), month, scale.x(month), scale.y(lines[key][month])))
    return CashChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        zero_y=scale.y(Decimal(0)),
        series=series,
        paybacks=points,
        x_ticks=scale.x_ticks(),
        y_ticks=scale.y_ticks(),
    )


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 240, 64, 8


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str
    dots: list[tuple[float, float, Decimal]]
    target_y: float | None


def sparkline(report: MetricReport) -> Sparkline | None:
    """A metric's values over the check-ins, with its target as a line; None without any value."""
    values: Sequence[Decimal] = [p.value for p in report.points]
    if not values:
        return None
    target = report.metric.target
    scale = [*values, *([target] if target is not None else [])]
    low, high = min(scale), max(scale)
    if low == high:
        low, high = low - 1, high + 1

    def x(index: int) -> float:
        if len(values) == 1:
            return SPARK_WIDTH / 2
        return round(SPARK_PAD + (SPARK_WIDTH - 2 * SPARK_PAD) * index / (len(values) - 1), 1)

    def y(value: Decimal) -> float:
        return round(SPARK_HEIGHT - SPARK_PAD - (SPARK_HEIGHT - 2 * SPARK_PAD) * float((value - low) / (high - low)), 1)

    dots = [(x(i), y(v), v) for i, v in enumerate(values)]
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        points=" ".join(f"{dx},{dy}" for dx, dy, _v in dots),
        dots=dots,
        target_y=y(target) if target is not None else None,
    )
