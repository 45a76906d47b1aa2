from decimal import Decimal

import pytest

from roi.models import RoiEstimate
from tests.factories import RoiEstimateFactory, UseCaseFactory
from tests.roi.conftest import set_phase
from workshop.models import Workshop

pytestmark = pytest.mark.django_db

# Decimals as strings with the stored number of places, as the API answers them.
INPUTS = {
    "effort_days": "20.00",
    "daily_rate": "800.00",
    "setup_cost": "4000.00",
    "monthly_run_cost": "300.00",
    "inference_cost_per_1k": "2.5000",
    "monthly_requests": "20000.00",
    "hours_saved_per_month": "60.00",
    "hourly_cost": "55.00",
    "other_annual_gains": "0.00",
    "ramp_months": 3,
    "horizon_years": 4,
    "discount_rate": "8.50",
    "success_probability": "65.00",
    "low_benefit_factor": "0.50",
    "high_benefit_factor": "1.40",
    "low_cost_factor": "1.30",
    "high_cost_factor": "0.85",
}
FIGURE_KEYS = {
    "poc_cost",
    "annual_benefit",
    "annual_run_cost",
    "npv",
    "risk_adjusted_npv",
    "roi_percent",
    "payback_months",
    "irr",
}


def _url(use_case) -> str:
    return f"/api/v1/use-cases/{use_case.pk}/roi/"


def test_get_without_an_estimate_returns_the_defaults_and_their_figures(alice_api, use_case):
    response = alice_api.get(_url(use_case))

    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is False
    assert body["currency"] == "EUR"
    assert body["horizon_years"] == 3
    assert body["discount_rate"] == "10.00"
    assert body["success_probability"] == "70.00"
    assert set(body["figures"]) == {"low", "base", "high"}
    base = body["figures"]["base"]
    assert set(base) == FIGURE_KEYS
    # Nothing costs anything: no ROI %, no IRR, payback at month 0.
    assert base["poc_cost"] == "0.00"
    assert base["roi_percent"] is None
    assert base["irr"] is None
    assert base["payback_months"] == 0


def test_put_then_get_round_trips_the_inputs_exactly(alice_api, use_case):
    put = alice_api.put(_url(use_case), INPUTS, format="json")

    assert put.status_code == 200, put.json()
    got = alice_api.get(_url(use_case)).json()
    assert got["saved"] is True
    assert {key: got[key] for key in INPUTS} == INPUTS
    assert {key: put.json()[key] for key in INPUTS} == INPUTS
    base = got["figures"]["base"]
    assert base["poc_cost"] == "20000.00"
    assert isinstance(base["roi_percent"], float)
    assert isinstance(base["irr"], float)
    assert isinstance(base["payback_months"], int)
    assert got["figures"]["low"]["poc_cost"] == "26000.00"  # × 1.30
    assert RoiEstimate.objects.get(use_case=use_case).inference_cost_per_1k == Decimal("2.5")


def test_put_bumps_the_board_version(alice_api, workshop, use_case):
    version = workshop.version
    alice_api.put(_url(use_case), INPUTS, format="json")
    workshop.refresh_from_db()
    assert workshop.version > version


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("horizon_years", 0),
        ("horizon_years", 11),
        ("success_probability", "101"),
        ("effort_days", "-1"),
        ("monthly_run_cost", "-0.01"),
        ("ramp_months", -2),
        ("daily_rate", "abc"),
        ("daily_rate", "1.234"),
    ],
)
def test_bad_input_is_400_with_field_errors(alice_api, use_case, field, value):
    response = alice_api.put(_url(use_case), {**INPUTS, field: value}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_participant_puts_in_the_roi_phase_only(bob_api, workshop, use_case):
    refused = bob_api.put(_url(use_case), INPUTS, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "wrong_phase"
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()

    set_phase(workshop, "roi")

    assert bob_api.put(_url(use_case), INPUTS, format="json").status_code == 200
    assert bob_api.get(_url(use_case)).status_code == 200


def test_viewer_reads_but_never_writes(victor_api, workshop, use_case):
    set_phase(workshop, "roi")
    assert victor_api.get(_url(use_case)).status_code == 200
    assert victor_api.put(_url(use_case), INPUTS, format="json").status_code == 403


def test_permission_is_checked_before_the_input(victor_api, bob_api, workshop, use_case):
    assert victor_api.put(_url(use_case), {"horizon_years": 0}, format="json").status_code == 403
    assert bob_api.put(_url(use_case), {"horizon_years": 0}, format="json").status_code == 409


def test_outsiders_get_404(charlie_api, bob_api, use_case, other_workshop):
    assert charlie_api.get(_url(use_case)).status_code == 404
    assert charlie_api.put(_url(use_case), INPUTS, format="json").status_code == 404
    assert charlie_api.get(f"/api/v1/workshops/{use_case.workshop_id}/portfolio/").status_code == 404
    foreign = UseCaseFactory(workshop=other_workshop)
    assert bob_api.get(_url(foreign)).status_code == 404
    assert charlie_api.get("/api/v1/use-cases/999999/roi/").status_code == 404


def test_anonymous_is_refused(client, use_case):
    assert client.get(_url(use_case)).status_code in {401, 403}


def test_wrong_method_is_405(alice_api, use_case):
    assert alice_api.post(_url(use_case), INPUTS, format="json").status_code == 405
    assert alice_api.delete(_url(use_case)).status_code == 405
    assert alice_api.post(f"/api/v1/workshops/{use_case.workshop_id}/portfolio/").status_code == 405


def test_portfolio_api_gives_rows_and_the_total(alice_api, bob_api, workshop):
    estimated = UseCaseFactory(workshop=workshop, title="Email triage", status="shortlisted")
    missing = UseCaseFactory(workshop=workshop, title="Another", status="shortlisted")
    UseCaseFactory(workshop=workshop, title="Idea", status="proposed")
    RoiEstimateFactory(use_case=estimated)
    url = f"/api/v1/workshops/{workshop.pk}/portfolio/"

    body = alice_api.get(url).json()

    assert body["total_poc_cost"] == "20000.00"
    assert body["not_estimated"] == 1
    assert [row["use_case"] for row in body["rows"]] == [missing.pk, estimated.pk]  # unscored: by title
    row = body["rows"][1]
    assert row["poc_cost"] == "20000.00"
    assert row["estimated"] is True
    assert body["rows"][0]["npv"] is None
    sorted_body = alice_api.get(f"{url}?sort=-poc_cost").json()
    assert [row["use_case"] for row in sorted_body["rows"]] == [estimated.pk, missing.pk]

    assert bob_api.get(url).status_code == 403
    Workshop.objects.filter(pk=workshop.pk).update(results_revealed=True)
    assert bob_api.get(url).status_code == 200


def test_schema_documents_the_roi_endpoints(alice_client):
    paths = alice_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "the default inputs" in paths["/api/v1/use-cases/{id}/roi/"]["get"]["description"]
    assert "put" in paths["/api/v1/use-cases/{id}/roi/"]
    assert "/api/v1/workshops/{id}/portfolio/" in paths
