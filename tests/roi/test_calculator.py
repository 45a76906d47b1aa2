"""Tests for roi.calculator: hand-worked examples, validation and properties."""

import dataclasses
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from roi.calculator import (
    IRR_TOLERANCE,
    SCENARIOS,
    RoiInputs,
    irr,
    npv,
    payback_months,
    scenario,
    scenarios,
    validate,
)

D = Decimal
ONE = D(1)


def base(inputs: RoiInputs):
    return scenario(inputs, benefit_factor=ONE, cost_factor=ONE)


# A POC used by several examples (no ramp, 3 years, 10 % discount, 70 % success):
#   poc_cost = 10 days * 500 + 1000 setup                   = 6000
#   run R    = 100 + 2 per 1k * 50000 requests / 1000      = 200 / month
#   benefit B = 20 h * 50 + 1200 other annual gains / 12    = 1100 / month
#   net      = 1100 - 200 = 900 / month, so CF_y = 10800 for y = 1, 2, 3
SIMPLE = RoiInputs(
    effort_days=D(10),
    daily_rate=D(500),
    setup_cost=D(1000),
    monthly_run_cost=D(100),
    inference_cost_per_1k=D(2),
    monthly_requests=D(50000),
    hours_saved_per_month=D(20),
    hourly_cost=D(50),
    other_annual_gains=D(1200),
)


# --- Hand-worked examples ---------------------------------------------------


def test_example_without_ramp_matches_hand_calculation():
    figures = base(SIMPLE)

    assert figures.poc_cost == D("6000.00")
    assert figures.annual_run_cost == D("2400.00")  # 12 * 200
    assert figures.annual_benefit == D("13200.00")  # 12 * 1100
    assert figures.yearly_cash_flows == (D("10800.00"),) * 3  # 12 * 900
    # Discount factors 1/1.1 = 0.9090909, 1/1.21 = 0.8264463, 1/1.331 = 0.7513148;
    # they sum to 2.4868520, so PV = 10800 * 2.4868520 = 26858.0015
    # npv = 26858.0015 - 6000 = 20858.0015
    assert figures.npv == D("20858.00")
    # risk-adjusted: 0.7 * 26858.0015 - 6000 = 12800.6011
    assert figures.risk_adjusted_npv == D("12800.60")
    # roi: (3 * 10800 - 6000) / 6000 * 100 = 26400 / 6000 * 100 = 440
    assert figures.roi_percent == D("440.00")
    # cumulative net 900 * m reaches 6000 at m = 7 (6 * 900 = 5400 < 6000 <= 6300)
    assert figures.payback_months == 7
    assert figures.cumulative[0] == D("-6000.00")
    assert figures.cumulative[6] == D("-600.00")
    assert figures.cumulative[7] == D("300.00")
    assert figures.cumulative[36] == D("26400.00")
    assert len(figures.cumulative) == 37  # months 0..36
    # irr: with d = 1/(1 + r), d + d^2 + d^3 = 6000 / 10800 = 0.55556.
    # At r = 170.95 %: d = 1/2.7095 = 0.369072; 0.369072 + 0.136214 + 0.050273
    # = 0.555559, so the root lies there; the npv changes sign around it.
    assert figures.irr == D("170.95")
    assert npv(D(6000), [D(10800)] * 3, D("170.90")) > 0
    assert npv(D(6000), [D(10800)] * 3, D("171.00")) < 0


def test_example_with_six_month_ramp_matches_hand_calculation():
    # poc = 5 days * 600 = 3000; B = 24 h * 50 = 1200; R = 200; 2 years.
    inputs = RoiInputs(
        effort_days=D(5),
        daily_rate=D(600),
        monthly_run_cost=D(200),
        hours_saved_per_month=D(24),
        hourly_cost=D(50),
        ramp_months=6,
        horizon_years=2,
    )
    figures = base(inputs)

    # Month m realises m/6 of 1200 = 200 m for m <= 6, so the net flows are
    # 0, 200, 400, 600, 800, 1000 and then 1000 a month.
    # CF_1 = (0 + 200 + 400 + 600 + 800 + 1000) + 6 * 1000 = 9000; CF_2 = 12000
    assert figures.yearly_cash_flows == (D("9000.00"), D("12000.00"))
    # -3000 plus the running sum 0, 200, 600, 1200, 2000, 3000, 4000, ...
    assert figures.cumulative[:8] == tuple(
        D(x) for x in ("-3000", "-3000", "-2800", "-2400", "-1800", "-1000", "0", "1000")
    )
    # cumulative net reaches 3000 exactly at month 6 ("reaches" means >=)
    assert figures.payback_months == 6
    # 9000 / 1.1 + 12000 / 1.21 = 8181.8182 + 9917.3554 = 18099.1736
    assert figures.npv == D("15099.17")  # 18099.1736 - 3000
    assert figures.risk_adjusted_npv == D("9669.42")  # 0.7 * 18099.1736 - 3000
    assert figures.roi_percent == D("600.00")  # (21000 - 3000) / 3000 * 100
    # r = 300 %: d = 1/4, 9000/4 + 12000/16 = 2250 + 750 = 3000 = poc exactly.
    assert figures.irr == D("300.00")
    # The ramp does not change the "full use" annual figures.
    assert figures.annual_benefit == D("14400.00")
    assert figures.annual_run_cost == D("2400.00")


def test_ramp_in_thirds_pays_back_exactly_without_rounding_drift():
    # B = 2 h * 50 = 100, ramp 3: benefits 33.33.., 66.66.., 100 -> cumulative
    # 33.33.., 100, 200. With poc = 200 the payback is month 3, not month 4.
    inputs = RoiInputs(
        setup_cost=D(200),
        hours_saved_per_month=D(2),
        hourly_cost=D(50),
        ramp_months=3,
        horizon_years=1,
    )
    figures = base(inputs)

    assert figures.cumulative[:4] == (D("-200.00"), D("-166.67"), D("-100.00"), D(0))
    assert figures.payback_months == 3


def test_poc_that_never_pays_back_has_no_payback_and_a_negative_irr():
    # poc = 10000; B = 6 h * 50 = 300; R = 200 -> 100 a month, 1200 a year.
    inputs = RoiInputs(
        setup_cost=D(10000),
        monthly_run_cost=D(200),
        hours_saved_per_month=D(6),
        hourly_cost=D(50),
    )
    figures = base(inputs)

    assert figures.yearly_cash_flows == (D("1200.00"),) * 3
    assert figures.cumulative[-1] == D("-6400.00")  # 36 * 100 - 10000
    assert figures.payback_months is None
    assert figures.roi_percent == D("-64.00")  # (3600 - 10000) / 10000 * 100
    # PV = 1200 * 2.4868520 = 2984.2224; npv = 2984.2224 - 10000 = -7015.7776
    assert figures.npv == D("-7015.78")
    # Only 3600 of 10000 comes back, so the rate is negative: at r = -37.75 %,
    # d = 1/0.6225 = 1.606426 and d + d^2 + d^3 = 1.6064 + 2.5806 + 4.1456
    # = 8.3326 ~ 10000 / 1200 = 8.3333.
    assert figures.irr == D("-37.75")


def test_poc_whose_run_cost_exceeds_the_benefit_has_no_irr():
    # B = 100, R = 300: every month loses 200 on top of the 5000 POC, so the
    # npv is negative at every rate and no IRR exists.
    inputs = RoiInputs(
        setup_cost=D(5000),
        monthly_run_cost=D(300),
        hours_saved_per_month=D(2),
        hourly_cost=D(50),
    )
    figures = base(inputs)

    assert figures.yearly_cash_flows == (D("-2400.00"),) * 3
    assert figures.payback_months is None
    assert figures.irr is None
    assert figures.roi_percent == D("-244.00")  # (-7200 - 5000) / 5000 * 100


def test_zero_cost_has_no_roi_pays_back_at_month_zero_and_has_no_irr():
    # No POC cost; B = 10 h * 50 = 500 a month -> CF_y = 6000.
    figures = base(RoiInputs(hours_saved_per_month=D(10), hourly_cost=D(50)))

    assert figures.poc_cost == D("0.00")
    assert figures.roi_percent is None
    assert figures.payback_months == 0
    assert figures.irr is None  # npv >= 0 at every rate: no sign change
    assert figures.npv == D("14921.11")  # 6000 * 2.4868520 = 14921.1119
    assert figures.risk_adjusted_npv == D("10444.78")  # 0.7 * 14921.1119
    assert str(figures.cumulative[0]) == "0.00"  # not "-0.00"


def test_scenario_factors_scale_benefits_and_costs():
    result = scenarios(SIMPLE)

    assert tuple(result) == SCENARIOS == ("low", "base", "high")
    assert result["base"] == base(SIMPLE)

    low = result["low"]  # benefit * 0.6, costs * 1.25
    assert low.poc_cost == D("7500.00")  # 6000 * 1.25
    assert low.annual_run_cost == D("3000.00")  # 200 * 1.25 = 250 a month
    assert low.annual_benefit == D("7920.00")  # 1100 * 0.6 = 660 a month
    assert low.yearly_cash_flows == (D("4920.00"),) * 3  # 12 * (660 - 250)
    assert low.payback_months == 19  # 7500 / 410 = 18.3
    assert low.roi_percent == D("96.80")  # (14760 - 7500) / 7500 * 100
    assert low.npv == D("4735.31")  # 4920 * 2.4868520 - 7500 = 4735.3118

    high = result["high"]  # benefit * 1.3, costs * 0.9
    assert high.poc_cost == D("5400.00")  # 6000 * 0.9
    assert high.annual_run_cost == D("2160.00")  # 200 * 0.9 = 180 a month
    assert high.annual_benefit == D("17160.00")  # 1100 * 1.3 = 1430 a month
    assert high.yearly_cash_flows == (D("15000.00"),) * 3  # 12 * (1430 - 180)
    assert high.payback_months == 5  # 5400 / 1250 = 4.32
    assert high.roi_percent == D("733.33")  # (45000 - 5400) / 5400 * 100
    assert high.npv == D("31902.78")  # 15000 * 2.4868520 - 5400 = 31902.7799


def test_custom_scenario_factors_are_used():
    inputs = dataclasses.replace(SIMPLE, low_benefit_factor=D("0.5"), low_cost_factor=D(2))
    low = scenarios(inputs)["low"]

    assert low.poc_cost == D("12000.00")  # 6000 * 2
    assert low.annual_benefit == D("6600.00")  # 13200 * 0.5


def test_horizon_sets_the_number_of_years_and_months():
    figures = base(dataclasses.replace(SIMPLE, horizon_years=10))

    assert len(figures.yearly_cash_flows) == 10
    assert len(figures.cumulative) == 121


def test_scenario_rejects_invalid_inputs():
    with pytest.raises(ValueError, match="horizon_years"):
        base(RoiInputs(horizon_years=0))
    with pytest.raises(ValueError, match="cost_factor"):
        scenario(RoiInputs(), benefit_factor=ONE, cost_factor=D(-1))


def test_inputs_accept_plain_numbers_and_store_decimals():
    inputs = RoiInputs(daily_rate=500, hourly_cost=0.1, setup_cost="12.50")

    assert inputs.daily_rate == D(500)
    assert inputs.hourly_cost == D("0.1")
    assert inputs.setup_cost == D("12.50")
    assert all(isinstance(v, Decimal) for v in (inputs.daily_rate, inputs.hourly_cost))


# --- The building blocks ----------------------------------------------------


def test_npv_discounts_each_year():
    assert npv(D(100), [D(110)], D(10)) == D("0.00")  # 110 / 1.1 - 100
    assert npv(D(0), [D(100), D(100)], D(0)) == D("200.00")
    assert npv(D(50), [], D(10)) == D("-50.00")


def test_npv_rejects_a_rate_of_minus_100_percent_or_less():
    with pytest.raises(ValueError):
        npv(D(1), [D(1)], D(-100))


def test_irr_solves_simple_cases():
    assert irr(D(100), [D(110)]) == D("10.00")  # 110 / 1.1 = 100
    assert irr(D(100), [D(0), D(121)]) == D("10.00")  # 121 / 1.21 = 100
    assert irr(D(100), [D(50)]) == D("-50.00")  # 50 / 0.5 = 100


def test_irr_is_none_without_a_sign_change():
    assert irr(D(0), [D(0), D(0)]) is None  # npv is zero at every rate
    assert irr(D(0), [D(5)]) is None  # npv > 0 at every rate
    assert irr(D(100), []) is None  # npv = -100 at every rate
    assert irr(D(100), [D(-1), D(0)]) is None  # npv < 0 at every rate


def test_payback_months_is_the_first_month_reaching_the_cost():
    assert payback_months(D(300), [D(100)] * 5) == 3  # 100, 200, 300 >= 300
    assert payback_months(D(301), [D(100)] * 5) == 4
    assert payback_months(D(600), [D(100)] * 5) is None
    assert payback_months(D(0), [D(-100)] * 5) == 0  # nothing to recover
    assert payback_months(D(100), [D(-50), D(100), D(50)]) == 3  # 50, then 100


def test_calculator_module_imports_no_django():
    code = "import sys, roi.calculator; print('django' in sys.modules)"
    project_root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=project_root,
    )
    assert result.stdout.strip() == "False"


# --- validate() -------------------------------------------------------------


def test_validate_accepts_the_defaults():
    assert validate(RoiInputs()) == {}
    assert validate(SIMPLE) == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("daily_rate", D(-1)),
        ("setup_cost", D("-0.01")),
        ("monthly_requests", D(-5)),
        ("success_probability", D(-1)),
        ("high_cost_factor", D("-0.1")),
    ],
)
def test_validate_flags_a_negative_number_on_that_field_only(field, value):
    errors = validate(dataclasses.replace(RoiInputs(), **{field: value}))

    assert errors == {field: "Must be zero or more."}


def test_validate_flags_probability_over_100_on_that_field_only():
    errors = validate(RoiInputs(success_probability=D(101)))

    assert list(errors) == ["success_probability"]
    assert errors["success_probability"] == "Must be 100 or less."


@pytest.mark.parametrize("years", [0, 11])
def test_validate_flags_horizon_outside_1_to_10_on_that_field_only(years):
    errors = validate(RoiInputs(horizon_years=years))

    assert list(errors) == ["horizon_years"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("ramp_months", 37), ("ramp_months", -1), ("discount_rate", D(101))],
)
def test_validate_flags_ramp_and_discount_out_of_range(field, value):
    errors = validate(dataclasses.replace(RoiInputs(), **{field: value}))

    assert list(errors) == [field]


def test_validate_accepts_the_range_limits():
    inputs = RoiInputs(horizon_years=10, ramp_months=36, discount_rate=D(100), success_probability=D(0))
    assert validate(inputs) == {}
    assert validate(dataclasses.replace(inputs, horizon_years=1, ramp_months=0)) == {}


def test_validate_flags_a_non_finite_number():
    assert list(validate(RoiInputs(hourly_cost=D("NaN")))) == ["hourly_cost"]


def test_validate_messages_are_short_english_sentences():
    errors = validate(RoiInputs(daily_rate=D(-1), success_probability=D(101), horizon_years=0))

    for message in errors.values():
        assert message[0].isupper()
        assert message.endswith(".")
        assert len(message) < 60


# --- Properties -------------------------------------------------------------


def money(max_value: int, min_value: int = 0) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=min_value, max_value=max_value, places=2)


valid_inputs = st.builds(
    RoiInputs,
    effort_days=st.decimals(min_value=0, max_value=200, places=1),
    daily_rate=money(3000),
    setup_cost=money(100_000),
    monthly_run_cost=money(20_000),
    inference_cost_per_1k=money(50),
    monthly_requests=st.decimals(min_value=0, max_value=1_000_000, places=0),
    hours_saved_per_month=st.decimals(min_value=0, max_value=2000, places=1),
    hourly_cost=money(500),
    other_annual_gains=money(1_000_000),
    ramp_months=st.integers(min_value=0, max_value=36),
    horizon_years=st.integers(min_value=1, max_value=10),
    discount_rate=st.decimals(min_value=0, max_value=100, places=2),
    success_probability=st.decimals(min_value=0, max_value=100, places=1),
)

# Inputs whose benefit usually outweighs the run cost.
profitable_inputs = st.builds(
    RoiInputs,
    effort_days=st.decimals(min_value=0, max_value=100, places=1),
    daily_rate=money(2000),
    setup_cost=money(50_000),
    monthly_run_cost=money(500),
    hours_saved_per_month=st.decimals(min_value=10, max_value=500, places=1),
    hourly_cost=money(200, min_value=20),
    other_annual_gains=money(100_000),
    ramp_months=st.integers(min_value=0, max_value=12),
    horizon_years=st.integers(min_value=1, max_value=10),
)


@settings(max_examples=150, deadline=None)
@given(
    poc_cost=money(1_000_000),
    flows=st.lists(money(1_000_000, min_value=10), min_size=1, max_size=10),
    rates=st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=2, unique=True),
)
def test_npv_strictly_falls_as_the_discount_rate_rises_when_flows_are_positive(poc_cost, flows, rates):
    # Strict even after rounding to cents: raising the rate by >= 1 point
    # lowers the first year's term alone by at least
    # 10 * (1/1.99 - 1/2.00) = 0.025 > 0.01, the most two roundings can hide.
    lower, higher = sorted(D(r) for r in rates)

    assert npv(poc_cost, flows, higher) < npv(poc_cost, flows, lower)


@settings(max_examples=75, deadline=None)
@given(
    inputs=profitable_inputs,
    rates=st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=2, unique=True),
)
def test_scenario_npv_strictly_falls_as_the_discount_rate_rises(inputs, rates):
    lower, higher = sorted(D(r) for r in rates)
    at_lower = base(dataclasses.replace(inputs, discount_rate=lower))
    # Every CF_y >= 10 (rounded; >= 9.995 exact): strict by the bound above.
    assume(min(at_lower.yearly_cash_flows) >= 10)
    at_higher = base(dataclasses.replace(inputs, discount_rate=higher))

    assert at_higher.npv < at_lower.npv


@settings(max_examples=100, deadline=None)
@given(inputs=valid_inputs)
def test_high_scenario_is_at_least_base_and_base_at_least_low(inputs):
    result = scenarios(inputs)
    low, mid, high = result["low"], result["base"], result["high"]

    assert high.npv >= mid.npv >= low.npv
    assert high.risk_adjusted_npv >= mid.risk_adjusted_npv >= low.risk_adjusted_npv
    assert high.poc_cost <= mid.poc_cost <= low.poc_cost


@settings(max_examples=100, deadline=None)
@given(inputs=valid_inputs)
def test_risk_adjustment_never_raises_the_npv_of_positive_discounted_flows(inputs):
    figures = base(inputs)
    # PV of the flows = npv + poc_cost; each is rounded by at most 0.005, so
    # an estimate above 0.01 proves the exact PV is positive (and below -0.01
    # that it is negative).
    present_value = figures.npv + figures.poc_cost
    if present_value > D("0.01"):
        assert figures.risk_adjusted_npv <= figures.npv
    elif present_value < D("-0.01"):
        assert figures.risk_adjusted_npv >= figures.npv
    if inputs.success_probability == 100:
        assert figures.risk_adjusted_npv == figures.npv


@settings(max_examples=150, deadline=None)
@given(
    poc_cost=money(1_000_000),
    flows=st.lists(money(1_000_000, min_value=-100_000), min_size=1, max_size=10),
)
def test_irr_when_present_zeroes_the_npv(poc_cost, flows):
    rate = irr(poc_cost, flows)
    assume(rate is not None)

    # Tolerance. The returned rate q is within e = 0.005 (rounding to 0.01)
    # + IRR_TOLERANCE (bisection) percentage points of an exact root r*.
    # By the mean value theorem |npv(q)| = |npv'(x)| * |q - r*| for some x
    # between them, and with npv(r) = -poc + sum CF_y (1 + r/100)^-y,
    #   |npv'(x)| <= sum y |CF_y| (1 + (q - e)/100)^-(y+1) / 100,
    # since 1 + x/100 >= 1 + (q - e)/100 > 0 (q >= -99.99). npv() rounds to
    # cents, which adds 0.005. For SIMPLE (q = 170.95 %) this allows 0.17 on a
    # cost of 6000: tight where the rate is moderate, loose only near -100 %
    # where the npv is extremely steep and a 0.01 rate step moves it a lot.
    with localcontext() as ctx:
        ctx.prec = 50
        error = D("0.005") + IRR_TOLERANCE
        base_factor = 1 + (rate - error) / 100
        slope = sum(y * abs(cf) / base_factor ** (y + 1) for y, cf in enumerate(flows, start=1))
        tolerance = slope / 100 * error + D("0.005")

    assert abs(npv(poc_cost, flows, rate)) <= tolerance


@settings(max_examples=100, deadline=None)
@given(inputs=valid_inputs)
def test_payback_month_agrees_with_the_cumulative_cash_position(inputs):
    figures = base(inputs)
    months = figures.payback_months
    cumulative = figures.cumulative

    assert len(cumulative) == 12 * inputs.horizon_years + 1
    assert cumulative[0] == -figures.poc_cost
    if months is None:
        assert all(cash <= 0 for cash in cumulative)
    else:
        assert cumulative[months] >= 0
        assert all(cash <= 0 for cash in cumulative[:months])
