"""Return-on-investment calculator for AI use-case proofs of concept (POCs).

Pure Python: no Django, no I/O. All money is :class:`~decimal.Decimal`.
Every computation runs in a local decimal context with 50 significant digits;
money results are rounded to cents (``ROUND_HALF_UP``) only at the very end.

The model, for one scenario with benefit factor *b* and cost factor *c*::

    poc_cost        = c * (effort_days * daily_rate + setup_cost)
    R (monthly run) = c * (monthly_run_cost + inference_cost_per_1k * monthly_requests / 1000)
    annual_run_cost = 12 * R
    B (full monthly benefit)
                    = b * (hours_saved_per_month * hourly_cost + other_annual_gains / 12)
    annual_benefit  = 12 * B

    s_m  = min(1, m / ramp_months)  for month m = 1, 2, ...   (s_m = 1 when ramp_months = 0)
    net_m = s_m * B - R                                        (net cash flow of month m)
    CF_y = net_(12y-11) + ... + net_(12y)                      (cash flow of year y)

    r    = discount_rate / 100,  p = success_probability / 100,  h = horizon_years
    PV   = sum over y = 1..h of CF_y / (1 + r)^y
    npv               = -poc_cost + PV
    risk_adjusted_npv = -poc_cost + p * PV
    roi_percent       = (CF_1 + ... + CF_h - poc_cost) / poc_cost * 100   (None if poc_cost = 0)
    payback_months    = first month m >= 0 with net_1 + ... + net_m >= poc_cost
                        (0 when poc_cost = 0; None if not reached within 12h months)
    irr               = annual rate (percent) at which npv = 0, found by bisection
                        on [-99.99 %, 10000 %]; None when npv has the same sign at
                        both ends of that bracket (or is identically zero).

The *low* scenario uses ``(low_benefit_factor, low_cost_factor)``, *base* uses
``(1, 1)`` and *high* uses ``(high_benefit_factor, high_cost_factor)``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import TypeVar

__all__ = [
    "SCENARIOS",
    "Figures",
    "RoiInputs",
    "irr",
    "npv",
    "payback_months",
    "scenario",
    "scenarios",
    "validate",
]

SCENARIOS = ("low", "base", "high")

MIN_HORIZON_YEARS = 1
MAX_HORIZON_YEARS = 10
MAX_RAMP_MONTHS = 36
MAX_PERCENT = Decimal(100)

#: Bisection bracket for the IRR, in annual percent.
IRR_LOWER_BOUND = Decimal("-99.99")
IRR_UPPER_BOUND = Decimal(10000)
#: Bisection stops once the bracket is narrower than this (percentage points),
#: far below the 0.01 the result is rounded to.
IRR_TOLERANCE = Decimal("1e-6")
# Longest cash-flow series whose IRR is first narrowed in float (see _float_bracket).
_FLOAT_MAX_YEARS = 30

_Num = TypeVar("_Num", float, Decimal)

CENT = Decimal("0.01")

_ZERO = Decimal(0)
_ZERO_CENTS = Decimal("0.00")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_THOUSAND = Decimal(1000)
_TWELVE = Decimal(12)

# Half-up rounding is what the final quantize-to-cents needs; at 50 digits it
# makes no difference to intermediate results. Passing ``rounding=`` to every
# quantize call instead is measurably slower.
_CONTEXT = Context(
    prec=50,
    rounding=ROUND_HALF_UP,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

# Messages are plain English constants so the caller can mark them for translation.
MSG_NOT_A_NUMBER = "Must be a number."
MSG_NEGATIVE = "Must be zero or more."
MSG_OVER_100 = "Must be 100 or less."
MSG_HORIZON = "Must be between 1 and 10 years."
MSG_RAMP = "Must be between 0 and 36 months."

_DECIMAL_FIELDS = (
    "effort_days",
    "daily_rate",
    "setup_cost",
    "monthly_run_cost",
    "inference_cost_per_1k",
    "monthly_requests",
    "hours_saved_per_month",
    "hourly_cost",
    "other_annual_gains",
    "discount_rate",
    "success_probability",
    "low_benefit_factor",
    "high_benefit_factor",
    "low_cost_factor",
    "high_cost_factor",
)
_INT_FIELDS = ("ramp_months", "horizon_years")
_PERCENT_FIELDS = ("discount_rate", "success_probability")


def _to_decimal(value: Decimal | float | str) -> Decimal:
    """Coerce ``value`` to Decimal; floats go through ``str`` (0.1 -> Decimal("0.1"))."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("Expected a number, got a bool.")
    if isinstance(value, int | str):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    raise TypeError(f"Expected a Decimal-compatible number, got {type(value).__name__}.")


def _money(value: Decimal) -> Decimal:
    """Round to cents, half up; never ``-0.00``.

    Call inside the local context, which rounds half up.
    """
    return value.quantize(CENT) or _ZERO_CENTS


# The IRR is a percentage rounded like money.
_rate = _money


@dataclass(frozen=True)
class RoiInputs:
    """Inputs of the ROI model; see the module docstring for the formulas.

    Decimal fields also accept ``int``, ``str`` or ``float`` and are converted
    to :class:`~decimal.Decimal` on construction. Ranges are checked by
    :func:`validate`, not here.
    """

    effort_days: Decimal = Decimal(0)
    daily_rate: Decimal = Decimal(0)
    setup_cost: Decimal = Decimal(0)
    monthly_run_cost: Decimal = Decimal(0)
    inference_cost_per_1k: Decimal = Decimal(0)
    monthly_requests: Decimal = Decimal(0)
    hours_saved_per_month: Decimal = Decimal(0)
    hourly_cost: Decimal = Decimal(0)
    other_annual_gains: Decimal = Decimal(0)
    ramp_months: int = 0
    horizon_years: int = 3
    discount_rate: Decimal = Decimal(10)
    success_probability: Decimal = Decimal(70)
    low_benefit_factor: Decimal = Decimal("0.6")
    high_benefit_factor: Decimal = Decimal("1.3")
    low_cost_factor: Decimal = Decimal("1.25")
    high_cost_factor: Decimal = Decimal("0.9")

    def __post_init__(self) -> None:
        for name in _DECIMAL_FIELDS:
            object.__setattr__(self, name, _to_decimal(getattr(self, name)))
        for name in _INT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool):
                raise TypeError(f"{name} must be an int, got a bool.")
            object.__setattr__(self, name, operator.index(value))


@dataclass(frozen=True)
class Figures:
    """Results of one scenario. Money is rounded to cents.

    ``yearly_cash_flows`` holds CF_1..CF_h rounded to cents (npv, irr and roi
    are computed from the unrounded flows). ``cumulative`` holds, for months
    0..12h, ``-poc_cost + net_1 + ... + net_m`` (month 0 is ``-poc_cost``).
    """

    poc_cost: Decimal
    annual_benefit: Decimal
    annual_run_cost: Decimal
    npv: Decimal
    risk_adjusted_npv: Decimal
    roi_percent: Decimal | None
    payback_months: int | None
    irr: Decimal | None
    yearly_cash_flows: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]


def validate(inputs: RoiInputs) -> dict[str, str]:
    """Return ``{field name: English message}`` for each out-of-range input.

    Rules: every Decimal field is finite and >= 0; ``discount_rate`` and
    ``success_probability`` are <= 100; ``horizon_years`` is 1..10;
    ``ramp_months`` is 0..36. At most one message per field. Empty when valid.
    """
    errors: dict[str, str] = {}
    for name in _DECIMAL_FIELDS:
        value: Decimal = getattr(inputs, name)
        if not value.is_finite():
            errors[name] = MSG_NOT_A_NUMBER
        elif value < 0:
            errors[name] = MSG_NEGATIVE
        elif name in _PERCENT_FIELDS and value > MAX_PERCENT:
            errors[name] = MSG_OVER_100
    if not MIN_HORIZON_YEARS <= inputs.horizon_years <= MAX_HORIZON_YEARS:
        errors["horizon_years"] = MSG_HORIZON
    if not 0 <= inputs.ramp_months <= MAX_RAMP_MONTHS:
        errors["ramp_months"] = MSG_RAMP
    return errors


def _present_value(yearly_cash_flows: Sequence[Decimal], discount_rate: Decimal) -> Decimal:
    """Unrounded ``sum CF_y / (1 + rate/100)^y`` for y = 1.., by Horner's rule.

    With ``d = 100 / (100 + rate)``: ``d*(CF_1 + d*(CF_2 + d*(...)))``; no powers.
    Call inside the local context.
    """
    d = _HUNDRED / (_HUNDRED + discount_rate)
    acc = _ZERO
    for cash_flow in reversed(yearly_cash_flows):
        acc = (acc + cash_flow) * d
    return acc


def _check_rate(discount_rate: Decimal) -> None:
    if not discount_rate.is_finite() or discount_rate <= -_HUNDRED:
        raise ValueError("discount_rate must be a finite percentage above -100.")


def npv(poc_cost: Decimal, yearly_cash_flows: Sequence[Decimal], discount_rate: Decimal) -> Decimal:
    """Net present value, rounded to cents.

    ``npv = -poc_cost + sum over y = 1..n of CF_y / (1 + discount_rate/100)^y``,
    where ``yearly_cash_flows = (CF_1, ..., CF_n)`` and ``discount_rate`` is an
    annual percentage (> -100; ``ValueError`` otherwise).
    """
    with localcontext(_CONTEXT):
        rate = _to_decimal(discount_rate)
        _check_rate(rate)
        flows = [_to_decimal(cf) for cf in yearly_cash_flows]
        return _money(_present_value(flows, rate) - _to_decimal(poc_cost))


def _bisect(
    value_at: Callable[[_Num], _Num],
    lo: _Num,
    hi: _Num,
    lo_positive: bool,
    tolerance: _Num,
) -> tuple[_Num, _Num]:
    """Halve ``[lo, hi]`` (whose ends give values of opposite sign, ``lo``'s sign
    being ``lo_positive``) until it is no wider than ``tolerance``. Returns the
    final bracket, or ``(x, x)`` when ``value_at(x)`` is exactly zero."""
    while hi - lo > tolerance:
        mid = (lo + hi) / 2
        value = value_at(mid)
        if value == 0:
            return mid, mid
        if (value > 0) == lo_positive:
            lo = mid
        else:
            hi = mid
    return lo, hi


def _float_bracket(
    cost: Decimal, flows: Sequence[Decimal], lo: Decimal, hi: Decimal, lo_positive: bool
) -> tuple[Decimal, Decimal] | None:
    """Cheaply narrow the IRR bracket with float arithmetic, or None if floats won't do.

    The caller re-checks the signs at the returned ends in Decimal, so float
    rounding can cost speed (a Decimal fallback) but never correctness.
    """
    if len(flows) > _FLOAT_MAX_YEARS:  # (1/(1 - 0.9999))^years would overflow
        return None
    reversed_flows = [float(cf) for cf in reversed(flows)]
    float_cost = float(cost)
    if not all(map(math.isfinite, [float_cost, *reversed_flows])):
        return None

    def value_at(rate: float) -> float:
        d = 100.0 / (100.0 + rate)
        acc = 0.0
        for cash_flow in reversed_flows:
            acc = (acc + cash_flow) * d
        value = acc - float_cost
        if not math.isfinite(value):
            raise OverflowError  # caught below: fall back to Decimal
        return value

    try:
        f_lo, f_hi = _bisect(value_at, float(lo), float(hi), lo_positive, float(IRR_TOLERANCE))
    except OverflowError:
        return None
    return Decimal(f_lo), Decimal(f_hi)


def irr(poc_cost: Decimal, yearly_cash_flows: Sequence[Decimal]) -> Decimal | None:
    """Internal rate of return in annual percent, rounded to 0.01, or None.

    Finds a rate r with ``-poc_cost + sum CF_y / (1 + r/100)^y = 0`` by
    bisection over ``[IRR_LOWER_BOUND, IRR_UPPER_BOUND]`` = [-99.99, 10000] %,
    until the bracket is narrower than ``IRR_TOLERANCE`` (1e-6 points). For
    speed the halving is done in float first; the resulting bracket is then
    confirmed in Decimal (and the Decimal bisection redone if it is not).

    Returns None when the npv has the same sign at both ends of the bracket
    (e.g. no cost and non-negative flows, or flows that are all <= 0 after a
    positive cost) or is zero everywhere (no cost, no flows). A cost that is
    only partly recovered gives a negative IRR. With unusual flows (several
    sign changes) several rates may zero the npv; one of them is returned.
    """
    with localcontext(_CONTEXT):
        cost = _to_decimal(poc_cost)
        flows = [_to_decimal(cf) for cf in yearly_cash_flows]
        if cost == 0 and all(cf == 0 for cf in flows):
            return None

        def value_at(rate: Decimal) -> Decimal:
            return _present_value(flows, rate) - cost

        lo, hi = IRR_LOWER_BOUND, IRR_UPPER_BOUND
        f_lo, f_hi = value_at(lo), value_at(hi)
        if f_lo == 0:
            return _rate(lo)
        if f_hi == 0:
            return _rate(hi)
        lo_positive = f_lo > 0
        if lo_positive == (f_hi > 0):
            return None

        narrowed = _float_bracket(cost, flows, lo, hi, lo_positive)
        if narrowed is not None:
            n_lo, n_hi = narrowed
            v_lo, v_hi = value_at(n_lo), value_at(n_hi)
            if v_lo == 0:
                return _rate(n_lo)
            if v_hi == 0:
                return _rate(n_hi)
            if (v_lo > 0) == lo_positive and (v_hi > 0) != lo_positive:
                # Confirmed: the Decimal bisection below has little left to do.
                lo, hi = n_lo, n_hi

        lo, hi = _bisect(value_at, lo, hi, lo_positive, IRR_TOLERANCE)
        return _rate((lo + hi) / 2)


def payback_months(poc_cost: Decimal, monthly_net: Sequence[Decimal]) -> int | None:
    """Payback period in whole months, or None.

    The first month m (1-based) whose cumulative net cash flow
    ``monthly_net[0] + ... + monthly_net[m-1]`` reaches (>=) ``poc_cost``.
    Returns 0 when ``poc_cost`` is 0 (nothing to recover: month 0), and None
    when the cost is not recovered within the given months.
    """
    with localcontext(_CONTEXT):
        cost = _to_decimal(poc_cost)
        if cost <= 0:
            return 0
        total = _ZERO
        for month, net in enumerate(monthly_net, start=1):
            total += _to_decimal(net)
            if total >= cost:
                return month
        return None


def scenario(inputs: RoiInputs, *, benefit_factor: Decimal, cost_factor: Decimal) -> Figures:
    """Compute the :class:`Figures` for one scenario (formulas in the module docstring).

    ``benefit_factor`` (b) scales the benefit, ``cost_factor`` (c) scales both
    the POC cost and the run cost. Raises ``ValueError`` when :func:`validate`
    reports problems or a factor is negative or not finite.
    """
    with localcontext(_CONTEXT):
        b = _to_decimal(benefit_factor)
        c = _to_decimal(cost_factor)
        errors = validate(inputs)
        for name, factor in (("benefit_factor", b), ("cost_factor", c)):
            if not factor.is_finite() or factor < 0:
                errors[name] = MSG_NEGATIVE
        if errors:
            raise ValueError(f"Invalid ROI inputs: {errors}")

        i = inputs
        poc_cost = c * (i.effort_days * i.daily_rate + i.setup_cost)
        run = c * (i.monthly_run_cost + i.inference_cost_per_1k * i.monthly_requests / _THOUSAND)
        benefit = b * (i.hours_saved_per_month * i.hourly_cost + i.other_annual_gains / _TWELVE)

        # position[m] = -poc_cost + net_1 + ... + net_m for m = 0..12h, unrounded.
        # During the ramp (m <= k = ramp_months) the shares sum in closed form,
        # s_1 + ... + s_m = m(m+1) / (2k), so there is one rounding per month
        # instead of an accumulation of rounded shares (1/3 + 2/3 + 1 must make
        # exactly 2 for an exact payback). After the ramp each month adds B - R.
        months = 12 * i.horizon_years
        ramp_end = min(i.ramp_months, months)
        position = [_ZERO - poc_cost]  # not -poc_cost: that gives -0 for a zero cost
        for m in range(1, ramp_end + 1):
            position.append(benefit * (m * (m + 1)) / (2 * i.ramp_months) - run * m - poc_cost)
        running, full_month_net = position[-1], benefit - run
        for _ in range(months - ramp_end):
            running += full_month_net
            position.append(running)
        yearly = [position[12 * y] - position[12 * (y - 1)] for y in range(1, i.horizon_years + 1)]

        present_value = _present_value(yearly, i.discount_rate)
        # position[-1] = sum of CF_y - poc_cost, the numerator of roi_percent.
        roi_percent = None if poc_cost == 0 else _money(position[-1] / poc_cost * _HUNDRED)
        # Each month's net flow, so that payback_months() — the documented function — decides.
        # Its running total is position[m] + poc_cost; at 50 digits that sum is exact for any
        # realistic amount, so it reaches the cost exactly when position[m] reaches 0.
        monthly_net = [position[m] - position[m - 1] for m in range(1, len(position))]

        return Figures(
            poc_cost=_money(poc_cost),
            annual_benefit=_money(benefit * _TWELVE),
            annual_run_cost=_money(run * _TWELVE),
            npv=npv(poc_cost, yearly, i.discount_rate),
            risk_adjusted_npv=_money(i.success_probability / _HUNDRED * present_value - poc_cost),
            roi_percent=roi_percent,
            payback_months=payback_months(poc_cost, monthly_net),
            irr=irr(poc_cost, yearly),
            yearly_cash_flows=tuple([_money(cf) for cf in yearly]),
            cumulative=tuple([cash.quantize(CENT) or _ZERO_CENTS for cash in position]),
        )


def scenarios(inputs: RoiInputs) -> dict[str, Figures]:
    """Figures for the ``"low"``, ``"base"`` and ``"high"`` scenarios, in that order.

    low = (low_benefit_factor, low_cost_factor), base = (1, 1),
    high = (high_benefit_factor, high_cost_factor).
    """
    factors = {
        "low": (inputs.low_benefit_factor, inputs.low_cost_factor),
        "base": (_ONE, _ONE),
        "high": (inputs.high_benefit_factor, inputs.high_cost_factor),
    }
    return {name: scenario(inputs, benefit_factor=factors[name][0], cost_factor=factors[name][1]) for name in SCENARIOS}


def is_estimated(figures: dict[str, Figures] | None) -> bool:
    """An estimate whose inputs give a cost or a benefit: one never filled in gives neither.

    The one rule of "not estimated": the read side counts such an ROI in no budget, and a POC
    cannot take it as its baseline.
    """
    if not figures:
        return False
    base = figures["base"]
    return bool(base.poc_cost or base.annual_benefit or base.annual_run_cost)
