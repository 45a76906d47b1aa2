"""Fixtures shared by the POC tests: a shortlisted use case with a simple estimate, its POC, actors' accesses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pocs import services
from pocs.models import Poc
from tests.factories import RoiEstimateFactory, UseCaseFactory
from usecases.models import UseCase
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role

START = date(2026, 1, 5)

# The hand-worked estimate: 20 person-days at 800 plus 4,000 setup (POC 20,000); run 300 a month plus
# 2.50 per 1,000 requests × 20,000 requests (50): 350 a month; 60 hours saved × 55 = 3,300 a month;
# no ramp, 3 years at 10 %, 70 % probability of success.
ESTIMATE = {
    "effort_days": Decimal(20),
    "daily_rate": Decimal(800),
    "setup_cost": Decimal(4000),
    "monthly_run_cost": Decimal(300),
    "inference_cost_per_1k": Decimal("2.5"),
    "monthly_requests": Decimal(20000),
    "hours_saved_per_month": Decimal(60),
    "hourly_cost": Decimal(55),
    "other_annual_gains": Decimal(0),
    "ramp_months": 0,
    "horizon_years": 3,
    "discount_rate": Decimal(10),
    "success_probability": Decimal(70),
}


def facilitator_access(workshop: Workshop, user: object) -> Access:
    return Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=user))


def viewer_access(workshop: Workshop, user: object) -> Access:
    return Access(workshop=workshop, role=Role.VIEWER, actor=Actor(user=user))


@pytest.fixture
def use_case(workshop: Workshop) -> UseCase:
    use_case = UseCaseFactory(
        workshop=workshop,
        title="Invoice matching",
        status="shortlisted",
        affected_users="Accounts payable clerks",
        solution="Match invoices to purchase orders with an LLM",
        benefits="Invoices paid on time.\nFewer manual checks.",
        data_sources="ERP invoices, purchase orders",
        ai_act_tier="minimal",
        client_role="deployer",
    )
    RoiEstimateFactory(use_case=use_case, **ESTIMATE)
    return use_case


def start_poc(workshop: Workshop, user: object, use_case: UseCase, **overrides: object) -> Poc:
    data: dict[str, object] = {
        "owner": "Ines",
        "started_on": START,
        "planned_end_on": date(2026, 4, 5),
        "success_criteria": "Match 90% of invoices without a clerk.",
        "targets": {"error_rate": Decimal(5), "cost_per_1k": Decimal("2.5"), "p95_latency": Decimal(800)},
    }
    data.update(overrides)
    return services.poc_start(access=facilitator_access(workshop, user), use_case=use_case, **data)  # type: ignore[arg-type]


@pytest.fixture
def poc(workshop: Workshop, alice: object, use_case: UseCase) -> Poc:
    return start_poc(workshop, alice, use_case)
