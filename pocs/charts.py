"""The POC page's charts: cumulative cash flow (roi.charts' builder and template) and each metric's trend.

Coordinates are plain floats; templates print them with localisation off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from pocs.selectors import MetricReport, PocReport
from roi.charts import CashLine, Chart, cash_chart

SERIES_LABELS = {"baseline": _("Baseline"), "actual": _("Actual"), "reprojected": _("Re-projected")}


def poc_cash_chart(report: PocReport) -> Chart:
    """Baseline, actual and re-projected cumulative cash by month, with the baseline's and re-projection's paybacks.

    Drawn by the ROI page's builder and template (roi.charts): the actual line has no payback of its own.
    """
    lines = [
        CashLine(
            "baseline",
            SERIES_LABELS["baseline"],
            report.baseline.outcome.cumulative,
            report.baseline.outcome.payback_months,
        )
    ]
    if report.actual is not None and report.reprojected is not None:
        lines.append(CashLine("actual", SERIES_LABELS["actual"], report.actual.cumulative, tracks_payback=False))
        lines.append(
            CashLine(
                "reprojected",
                SERIES_LABELS["reprojected"],
                report.reprojected.cumulative,
                report.reprojected.payback_months,
            )
        )
    return cash_chart(
        "poc-chart",
        _("Cumulative cash flow: baseline, actual and re-projected"),
        _(
            "Cumulative cash flow by month, starting from minus the POC cost; dots mark the baseline's and the "
            "re-projection's payback months."
        ),
        lines,
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
