"""Fixtures shared by the ROI tests: a shortlisted use case, a viewer, valid inputs."""

from __future__ import annotations

import pytest

from tests.factories import UseCaseFactory
from usecases.models import UseCase
from workshop.models import Workshop

# What a person types on the ROI page (strings, as a browser posts them).
VALID_INPUTS = {
    "effort_days": "20",
    "daily_rate": "800",
    "setup_cost": "4000",
    "monthly_run_cost": "300",
    "inference_cost_per_1k": "2.5",
    "monthly_requests": "20000",
    "hours_saved_per_month": "60",
    "hourly_cost": "55",
    "other_annual_gains": "0",
    "ramp_months": "3",
    "horizon_years": "3",
    "discount_rate": "10",
    "success_probability": "70",
    "low_benefit_factor": "0.6",
    "low_cost_factor": "1.25",
    "high_benefit_factor": "1.3",
    "high_cost_factor": "0.9",
}


def set_phase(workshop: Workshop, phase: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()


@pytest.fixture
def use_case(workshop: Workshop) -> UseCase:
    return UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
