"""The re-projection against a hand-worked example, and its edges. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pocs.reprojection import Period, baseline_from_json, freeze_baseline, reproject
from roi.calculator import RoiInputs, scenario

D = Decimal


def _baseline(**overrides: object):
    values: dict[str, object] = {
        "effort_days": D(20),
        "daily_rate": D(800),
        "setup_cost": D(4000),
        "monthly_run_cost": D(300),
        "inference_cost_per_1k": D("2.5"),
        "monthly_requests": D(20000),
        "hours_saved_per_month": D(60),
        "hourly_cost": D(55),
        "ramp_months": 0,
        "horizon_years": 3,
        "discount_rate": D(10),
        "success_probability": D(70),
    }
    inputs = RoiInputs(**{**values, **overrides})  # type: ignore[arg-type]
    frozen_inputs, frozen_figures = freeze_baseline(inputs, scenario(inputs, benefit_factor=D(1), cost_factor=D(1)))
    return baseline_from_json(frozen_inputs, frozen_figures)


def test_benefit_at_60_percent_and_doubled_inference_cost_match_the_hand_worked_figures():
    """The hand-worked example.

    Baseline: POC cost 20 × 800 + 4,000 = 20,000; run 300 + 2.50 × 20,000 / 1,000 = 350 a month;
    benefit 60 h × 55 = 3,300 a month; net 2,950 a month, 35,400 a year. With r = 10 %, the
    discount factor over 3 years is 1/1.1 + 1/1.21 + 1/1.331 = 3.31 / 1.331.
      NPV           = -20,000 + 35,400 × 3.31 / 1.331 = -20,000 + 88,034.5605 = 68,034.56
      risk-adjusted = -20,000 + 0.7 × 88,034.5605     = 41,624.19
      payback       = 20,000 / 2,950 = 6.78 -> month 7

    Actual: three check-ins over 3 months (1 + 2), benefit at 60 % (36 h a month: 30 h in month 1,
    then 78 h over months 2-3; 108 h in all), inference cost doubled (100 a month instead of 50),
    run cost as planned (300 a month), and 22 person-days of effort instead of 20.
      M = 3
      actual POC cost = 22 × 800 + 4,000 = 21,600
      observed monthly benefit = 108 × 55 / 3 = 1,980  (60 % of 3,300)
      observed monthly run     = (900 + 300) / 3 = 400  (300 + 100)
      month nets: month 1 = 30 × 55 - 300 - 100 = 1,250;
                  months 2, 3 = (78 × 55 - 600 - 200) / 2 = (4,290 - 800) / 2 = 1,745 each
      later months (4..36) = 1,980 - 400 = 1,580
      year 1 = 1,250 + 2 × 1,745 + 9 × 1,580 = 4,740 + 14,220 = 18,960; years 2, 3 = 12 × 1,580 = 18,960
      re-projected NPV  = -21,600 + 18,960 × 3.31 / 1.331 = -21,600 + 47,150.7137 = 25,550.71
      risk-adjusted     = -21,600 + 0.7 × 47,150.7137     = -21,600 + 33,005.4996 = 11,405.50
      payback: 4,740 after month 3, then 16,860 / 1,580 = 10.67 more -> month 14
      actual to date: NPV = -21,600 + 4,740 / 1.1 = -21,600 + 4,309.0909 = -17,290.91, not paid back
      same months planned: spend 20,000 + 3 × 350 = 21,050; cumulative -20,000 + 3 × 2,950 = -11,150;
        benefit 9,900. Actual: spend 21,600 + 900 + 300 = 22,800; benefit 5,940; cumulative -16,860.
    """
    baseline = _baseline()
    assert baseline.outcome.poc_cost == D("20000.00")
    assert baseline.outcome.npv == D("68034.56")
    assert baseline.outcome.risk_adjusted_npv == D("41624.19")
    assert baseline.outcome.payback_months == 7

    result = reproject(
        baseline,
        [
            Period(months=1, effort_days=D(12), run_cost=D(300), inference_cost=D(100), hours_saved=D(30)),
            Period(months=2, effort_days=D(10), run_cost=D(600), inference_cost=D(200), hours_saved=D(78)),
        ],
    )

    assert result is not None
    assert result.months == 3
    assert result.monthly_benefit == D("1980.00")
    assert result.monthly_run_cost == D("400.00")
    assert result.monthly_net == D("1580.00")
    assert result.reprojected.poc_cost == D("21600.00")
    assert result.reprojected.npv == D("25550.71")
    assert result.reprojected.risk_adjusted_npv == D("11405.50")
    assert result.reprojected.payback_months == 14
    assert result.reprojected.cumulative[:5] == (D(-21600), D(-20350), D(-18605), D(-16860), D(-15280))
    assert len(result.reprojected.cumulative) == 37
    assert result.actual.poc_cost == D("21600.00")
    assert result.actual.npv == D("-17290.91")
    assert result.actual.risk_adjusted_npv == D("-17290.91")
    assert result.actual.payback_months is None
    assert result.actual.cumulative == (D(-21600), D(-20350), D(-18605), D(-16860))
    to_date = result.to_date
    assert (to_date.planned_spend, to_date.planned_benefit, to_date.planned_cumulative) == (
        D("21050.00"),
        D("9900.00"),
        D("-11150.00"),
    )
    assert (to_date.actual_spend, to_date.actual_benefit, to_date.actual_cumulative) == (
        D("22800.00"),
        D("5940.00"),
        D("-16860.00"),
    )


def test_no_check_in_means_no_reprojection():
    assert reproject(_baseline(), []) is None


def test_a_check_in_over_three_months_adds_up_to_its_net_exactly():
    """1,000 over 3 months is 333.33… a month; the three months still reach exactly 1,000 (a payback at month 3)."""
    baseline = _baseline(setup_cost=D(0), effort_days=D(0))
    # Cost 1,000 exactly: 1.25 days at 800; net 1,000 over 3 months (no run cost).
    result = reproject(baseline, [Period(months=3, effort_days=D("1.25"), other_gains=D(1000))])
    assert result is not None
    assert result.actual.cumulative[-1] == D("0.00")
    assert result.actual.payback_months == 3


def test_months_recorded_past_the_horizon_count_in_actual_not_in_the_reprojection():
    baseline = _baseline(horizon_years=1)
    periods = [Period(months=12, hours_saved=D(120)), Period(months=6, hours_saved=D(60))]
    result = reproject(baseline, periods)
    assert result is not None
    assert len(result.actual.cumulative) == 19
    assert len(result.reprojected.cumulative) == 13


def test_other_gains_count_as_benefit_and_run_costs_as_run():
    result = reproject(_baseline(), [Period(months=2, other_gains=D(1000), run_cost=D(200), inference_cost=D(100))])
    assert result is not None
    assert result.monthly_benefit == D("500.00")
    assert result.monthly_run_cost == D("150.00")


def test_a_check_in_covering_no_month_is_refused():
    with pytest.raises(ValueError, match="at least one month"):
        reproject(_baseline(), [Period(months=0)])


def test_frozen_baseline_round_trips_through_json():
    import json

    inputs = RoiInputs(effort_days=D(10), daily_rate=D(700), ramp_months=2)
    figures = scenario(inputs, benefit_factor=D(1), cost_factor=D(1))
    frozen_inputs, frozen_figures = freeze_baseline(inputs, figures)
    baseline = baseline_from_json(json.loads(json.dumps(frozen_inputs)), json.loads(json.dumps(frozen_figures)))
    assert baseline.outcome.npv == figures.npv
    assert baseline.outcome.cumulative == figures.cumulative
    assert baseline.horizon_years == 3
