"""The cumulative cash-flow chart: one builder and one template (roi/_cash_chart.html) for every page.

The ROI page draws the low, base and high scenarios; the POC page draws the
baseline, the actual cash to date and the re-projection. Both hand their lines
to :func:`cash_chart` and include the same template; coordinates are plain
floats, printed with localisation off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from roi.calculator import SCENARIOS, Figures

SCENARIO_LABELS = {"low": _("Low"), "base": _("Base"), "high": _("High")}

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 96, 624, 32, 256  # the plot area inside the view box
# Amount labels closer than this to another (in pixels) are left out so they do not overlap.
MIN_LABEL_GAP = 18


@dataclass(frozen=True)
class CashLine:
    """One line to draw: its key (the CSS class), label, cumulative cash by month (month 0 first), payback."""

    key: str
    label: str | Promise
    cumulative: Sequence[Decimal]
    payback_months: int | None = None
    #: Whether the legend says when this line pays back (or that it does not within the horizon).
    tracks_payback: bool = True


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: str  # "x,y x,y ..." for <polyline>
    tracks_payback: bool
    payback_months: int | None
    payback_x: float | None
    payback_y: float | None


@dataclass(frozen=True)
class Chart:
    #: Prefix of the ids in the page (title, description), e.g. "roi-chart".
    name: str
    title: str
    description: str
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


@dataclass(frozen=True)
class CashScale:
    """Months and amounts of cumulative cash-flow lines, scaled to the view box."""

    months: int
    low: Decimal
    high: Decimal

    def x(self, month: int) -> float:
        return round(LEFT + (RIGHT - LEFT) * month / max(self.months, 1), 1)

    def y(self, amount: Decimal) -> float:
        return round(BOTTOM - (BOTTOM - TOP) * float((amount - self.low) / (self.high - self.low)), 1)

    def points(self, values: Sequence[Decimal]) -> str:
        """`values` by month as a <polyline>'s "x,y x,y ..."."""
        return " ".join(f"{self.x(m)},{self.y(v)}" for m, v in enumerate(values))

    def x_ticks(self) -> list[tuple[float, int]]:
        step = 12 if self.months <= 60 else 24
        return [(self.x(m), m) for m in range(0, self.months + 1, step)]

    def y_ticks(self) -> list[tuple[float, Decimal]]:
        """Zero, the top and the bottom amount, leaving out a label that would overlap another."""
        ticks: list[tuple[float, Decimal]] = []
        for amount in (Decimal(0), self.high, self.low):
            position = self.y(amount)
            if all(abs(position - other) >= MIN_LABEL_GAP for other, _amount in ticks):
                ticks.append((position, amount))
        return sorted(ticks)


def cash_scale(lines: Iterable[Sequence[Decimal]]) -> CashScale:
    """The scale that fits every line and zero; a flat line sits in the middle."""
    lines = list(lines)
    amounts = [amount for values in lines for amount in values] + [Decimal(0)]
    low, high = min(amounts), max(amounts)
    if low == high:  # nothing at all: draw a flat line in the middle
        low, high = low - 1, high + 1
    return CashScale(months=max(len(values) for values in lines) - 1, low=low, high=high)


def cash_chart(name: str, title: str | Promise, description: str | Promise, lines: Sequence[CashLine]) -> Chart:
    """Scale `lines` together to the view box, with a dot on each payback month that falls on its line."""
    scale = cash_scale(line.cumulative for line in lines)
    drawn = []
    for line in lines:
        payback = line.payback_months
        on_line = payback is not None and 0 <= payback < len(line.cumulative)
        drawn.append(
            Line(
                key=line.key,
                label=str(line.label),
                points=scale.points(line.cumulative),
                tracks_payback=line.tracks_payback,
                payback_months=payback,
                payback_x=scale.x(payback) if on_line and payback is not None else None,
                payback_y=scale.y(line.cumulative[payback]) if on_line and payback is not None else None,
            )
        )
    return Chart(
        name=name,
        title=str(title),
        description=str(description),
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        zero_y=scale.y(Decimal(0)),
        lines=drawn,
        x_ticks=scale.x_ticks(),
        y_ticks=scale.y_ticks(),
    )


def cashflow_chart(figures: Mapping[str, Figures]) -> Chart:
    """The ROI page's chart: the three scenarios' cumulative cash flows (months 0..12h) and their paybacks."""
    return cash_chart(
        "roi-chart",
        _("Cumulative cash flow"),
        _(
            "Cumulative cash flow by month for the low, base and high scenarios, starting from minus the POC cost; "
            "a dot marks the payback month."
        ),
        [
            CashLine(name, SCENARIO_LABELS[name], figures[name].cumulative, figures[name].payback_months)
            for name in SCENARIOS
        ],
    )
