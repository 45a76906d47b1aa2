"""Planned against actual: a POC's check-ins turned into actual figures and a re-projection.

Pure Python: no Django, no I/O; money is Decimal, computed at 50 digits and
rounded to cents (half up) only at the end, as in roi.calculator, whose own
``npv`` and ``payback_months`` give every NPV and payback here.

Definitions (the POC page states them in the same words)::

    M                        = the months the check-ins cover (sum of period_months)
    actual POC cost C        = sum(effort_days) * daily_rate + setup_cost      (the baseline's rate and setup)
    observed monthly benefit = (sum(hours_saved) * hourly_cost + sum(other_gains)) / M
    observed monthly run     = (sum(run_cost) + sum(inference_cost)) / M
    a check-in's net         = hours_saved * hourly_cost + other_gains - run_cost - inference_cost,
                               spread evenly over its period_months; check-ins follow one another
    months 1..M              = as recorded;  months M+1..12h = observed benefit - observed run
    CF_y                     = the nets of months 12y-11..12y             (h, r, p: the baseline's horizon,
    npv                      = calculator.npv(C, CF_1..CF_h, r)            discount rate and probability
    risk_adjusted_npv        = calculator.npv(C, p * CF_1..p * CF_h, r)    of success)
                             = -C + p * (the discounted cash flows)
    payback_months           = calculator.payback_months(C, month nets)

``actual`` applies the same to months 1..M only (the last year may be
partial); its risk-adjusted NPV equals its NPV, since what has happened
carries no risk of failure. Months recorded past the horizon count in
``actual`` and not in the re-projection, which stops at month 12h.

``to_date`` compares the same months of the baseline: planned spend = POC
cost + M * annual run cost / 12, planned cumulative = the baseline's
cumulative cash at month M, planned benefit = cumulative + spend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext

from roi.calculator import Figures, RoiInputs, npv, payback_months

__all__ = [
    "Baseline",
    "Outcome",
    "Period",
    "Reprojection",
    "ToDate",
    "baseline_from_json",
    "freeze_baseline",
    "reproject",
]

CENT = Decimal("0.01")
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_TWELVE = Decimal(12)
_CONTEXT = Context(prec=50, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])


def _money(value: Decimal) -> Decimal:
    """Cents, half up; never -0.00."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP) or Decimal("0.00")


@dataclass(frozen=True)
class Period:
    """One check-in: what it measured over its `months`."""

    months: int
    effort_days: Decimal = _ZERO
    run_cost: Decimal = _ZERO
    inference_cost: Decimal = _ZERO
    hours_saved: Decimal = _ZERO
    other_gains: Decimal = _ZERO


@dataclass(frozen=True)
class Outcome:
    """Figures of one cash-flow series. `cumulative` holds months 0..n (month 0 = minus the POC cost)."""

    poc_cost: Decimal
    npv: Decimal
    risk_adjusted_npv: Decimal
    payback_months: int | None
    cumulative: tuple[Decimal, ...]


@dataclass(frozen=True)
class Baseline:
    """The frozen ROI estimate: the inputs the re-projection needs and the base-scenario figures."""

    daily_rate: Decimal
    setup_cost: Decimal
    hourly_cost: Decimal
    horizon_years: int
    discount_rate: Decimal
    success_probability: Decimal
    annual_benefit: Decimal
    annual_run_cost: Decimal
    outcome: Outcome

    @property
    def months(self) -> int:
        return 12 * self.horizon_years


@dataclass(frozen=True)
class ToDate:
    """The months the check-ins cover: what the baseline planned against what happened."""

    months: int
    planned_spend: Decimal
    planned_benefit: Decimal
    planned_cumulative: Decimal
    actual_spend: Decimal
    actual_benefit: Decimal
    actual_cumulative: Decimal


@dataclass(frozen=True)
class Reprojection:
    months: int  # M
    monthly_benefit: Decimal  # observed, rounded to cents
    monthly_run_cost: Decimal
    monthly_net: Decimal
    actual: Outcome
    reprojected: Outcome
    to_date: ToDate


def freeze_baseline(inputs: RoiInputs, base: Figures) -> tuple[dict[str, object], dict[str, object]]:
    """The estimate's inputs and base-scenario figures as JSON-ready dicts (Decimals as strings)."""
    frozen_inputs: dict[str, object] = {}
    for name in RoiInputs.__dataclass_fields__:
        value = getattr(inputs, name)
        frozen_inputs[name] = value if isinstance(value, int) else str(value)

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    frozen_figures: dict[str, object] = {
        "poc_cost": text(base.poc_cost),
        "annual_benefit": text(base.annual_benefit),
        "annual_run_cost": text(base.annual_run_cost),
        "npv": text(base.npv),
        "risk_adjusted_npv": text(base.risk_adjusted_npv),
        "roi_percent": text(base.roi_percent),
        "payback_months": base.payback_months,
        "irr": text(base.irr),
        "cumulative": [str(amount) for amount in base.cumulative],
    }
    return frozen_inputs, frozen_figures


def baseline_from_json(inputs: Mapping[str, object], figures: Mapping[str, object]) -> Baseline:
    """The Baseline of a POC from its frozen `baseline_inputs` and `baseline_figures`."""

    def dec(source: Mapping[str, object], name: str) -> Decimal:
        return Decimal(str(source[name]))

    payback = figures.get("payback_months")
    cumulative = figures.get("cumulative") or []
    assert isinstance(cumulative, list)
    return Baseline(
        daily_rate=dec(inputs, "daily_rate"),
        setup_cost=dec(inputs, "setup_cost"),
        hourly_cost=dec(inputs, "hourly_cost"),
        horizon_years=int(str(inputs["horizon_years"])),
        discount_rate=dec(inputs, "discount_rate"),
        success_probability=dec(inputs, "success_probability"),
        annual_benefit=dec(figures, "annual_benefit"),
        annual_run_cost=dec(figures, "annual_run_cost"),
        outcome=Outcome(
            poc_cost=dec(figures, "poc_cost"),
            npv=dec(figures, "npv"),
            risk_adjusted_npv=dec(figures, "risk_adjusted_npv"),
            payback_months=None if payback is None else int(str(payback)),
            cumulative=tuple(Decimal(str(amount)) for amount in cumulative),
        ),
    )


def _month_nets(baseline: Baseline, periods: Sequence[Period]) -> list[Decimal]:
    """Each recorded month's net, each check-in's net spread evenly over its months.

    Month j of a check-in of k months adds position(j) - position(j-1), with
    position(j) = net * j / k: the months of a check-in add up to its net exactly.
    """
    nets: list[Decimal] = []
    for period in periods:
        net = period.hours_saved * baseline.hourly_cost + period.other_gains - period.run_cost - period.inference_cost
        previous = _ZERO
        for j in range(1, period.months + 1):
            position = net * j / period.months
            nets.append(position - previous)
            previous = position
    return nets


def _outcome(cost: Decimal, nets: Sequence[Decimal], discount_rate: Decimal, probability: Decimal) -> Outcome:
    yearly = [sum(nets[start : start + 12], _ZERO) for start in range(0, len(nets), 12)]
    running = -cost
    cumulative = [_money(running)]
    for net in nets:
        running += net
        cumulative.append(_money(running))
    return Outcome(
        poc_cost=_money(cost),
        npv=npv(cost, yearly, discount_rate),
        risk_adjusted_npv=npv(cost, [probability * flow for flow in yearly], discount_rate),
        payback_months=payback_months(cost, nets),
        cumulative=tuple(cumulative),
    )


def reproject(baseline: Baseline, periods: Sequence[Period]) -> Reprojection | None:
    """Actual figures to date and the re-projection over the baseline's horizon; None without a check-in."""
    if not periods:
        return None
    if any(period.months < 1 for period in periods):
        raise ValueError("Every check-in covers at least one month.")
    with localcontext(_CONTEXT):
        months = sum(period.months for period in periods)
        cost = sum((period.effort_days for period in periods), _ZERO) * baseline.daily_rate + baseline.setup_cost
        benefit = sum((p.hours_saved * baseline.hourly_cost + p.other_gains for p in periods), _ZERO)
        run = sum((period.run_cost + period.inference_cost for period in periods), _ZERO)
        monthly_benefit = benefit / months
        monthly_run = run / months
        recorded = _month_nets(baseline, periods)
        horizon = baseline.months
        projected = recorded[:horizon] + [monthly_benefit - monthly_run] * max(0, horizon - months)
        probability = baseline.success_probability / _HUNDRED

        planned_months = min(months, horizon, len(baseline.outcome.cumulative) - 1)
        planned_spend = baseline.outcome.poc_cost + baseline.annual_run_cost * planned_months / _TWELVE
        planned_cumulative = baseline.outcome.cumulative[planned_months]
        actual_spend = cost + run
        to_date = ToDate(
            months=months,
            planned_spend=_money(planned_spend),
            planned_benefit=_money(planned_cumulative + planned_spend),
            planned_cumulative=_money(planned_cumulative),
            actual_spend=_money(actual_spend),
            actual_benefit=_money(benefit),
            actual_cumulative=_money(benefit - actual_spend),
        )
        actual = _outcome(cost, recorded, baseline.discount_rate, Decimal(1))
        # What happened carries no risk of failure: the actual risk-adjusted NPV is the NPV itself.
        return Reprojection(
            months=months,
            monthly_benefit=_money(monthly_benefit),
            monthly_run_cost=_money(monthly_run),
            monthly_net=_money(monthly_benefit - monthly_run),
            actual=actual,
            reprojected=_outcome(cost, projected, baseline.discount_rate, probability),
            to_date=to_date,
        )
