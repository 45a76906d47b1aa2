"""The POC API: starting, reading planned against actual, check-ins, verdicts, and 400s that are never 500s."""

from __future__ import annotations

from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from pocs.models import CheckIn, DodState, Poc, PocStatus
from tests.factories import UseCaseFactory
from tests.pocs.conftest import START

pytestmark = pytest.mark.django_db

START_BODY = {
    "owner": "Ines",
    "started_on": "2026-01-05",
    "planned_end_on": "2026-04-05",
    "success_criteria": "Match 90% of invoices.",
    "targets": {"error_rate": "5", "p95_latency": "800"},
    "metrics": [{"name": "Invoices matched", "unit": "%", "target": "90", "direction": "higher"}],
}
# The hand-worked example's check-ins (see tests/pocs/test_reprojection.py).
CHECK_INS = [
    {"date": "2026-02-05", "effort_days": "12", "run_cost": "300", "inference_cost": "100", "hours_saved": "30"},
    {
        "date": "2026-04-05",
        "period_months": 2,
        "effort_days": "10",
        "run_cost": "600",
        "inference_cost": "200",
        "hours_saved": "78",
        "requests_served": 40000,
    },
]


def test_starting_a_poc_answers_its_frozen_baseline(alice_api, use_case):
    response = alice_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "running"
    assert body["baseline"] == {
        "poc_cost": "20000.00",
        "npv": "68034.56",
        "risk_adjusted_npv": "41624.19",
        "payback_months": 7,
    }
    assert body["actual"] is None
    assert body["reprojected"] is None
    assert [m["name"] for m in body["metrics"]] == [
        "Error rate",
        "Cost per 1,000 requests",
        "p95 latency",
        "Invoices matched",
    ]
    assert body["metrics"][0]["target"] == "5"
    assert body["metrics"][1]["target"] is None
    assert Poc.objects.get().owner == "Ines"


def test_check_ins_move_actual_and_reprojected_as_worked_out_by_hand(alice_api, poc):
    for body in CHECK_INS:
        response = alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", body, format="json")
        assert response.status_code == 201, response.json()
    body = alice_api.get(f"/api/v1/pocs/{poc.pk}/").json()
    assert body["months_covered"] == 3
    assert body["actual"] == {
        "poc_cost": "21600.00",
        "npv": "-17290.91",
        "risk_adjusted_npv": "-17290.91",
        "payback_months": None,
    }
    assert body["reprojected"] == {
        "poc_cost": "21600.00",
        "npv": "25550.71",
        "risk_adjusted_npv": "11405.50",
        "payback_months": 14,
    }
    assert body["to_date"]["planned_spend"] == "21050.00"
    assert body["to_date"]["actual_cumulative"] == "-16860.00"
    cost = next(m for m in body["metrics"] if m["builtin"] == "cost_per_1k")
    assert cost["latest"] == "5"  # 200 / 40,000 × 1,000, derived


def test_check_in_with_metric_values_answers_them(alice_api, poc):
    error_rate = poc.metrics.get(builtin="error_rate")
    body = {"date": "2026-02-01", "metrics": [{"metric": error_rate.pk, "value": "4.25"}]}
    response = alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", body, format="json")
    assert response.status_code == 201
    assert response.json()["metrics"] == [{"metric": error_rate.pk, "value": "4.25"}]
    detail = alice_api.get(f"/api/v1/pocs/{poc.pk}/").json()
    metric = next(m for m in detail["metrics"] if m["id"] == error_rate.pk)
    assert (metric["latest"], metric["on_target"], metric["trend"]) == ("4.25", True, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "not a date"}, "date"),
        ({"date": "2026-02-01", "run_cost": "-5"}, "run_cost"),
        ({"date": "2026-02-01", "run_cost": "NaN"}, "run_cost"),
        ({"date": "2026-02-01", "hours_saved": "1e30"}, "hours_saved"),
        ({"date": "2026-02-01", "period_months": 0}, "period_months"),
        ({"date": "2026-02-01", "period_months": 10**12}, "period_months"),
        ({"date": "2026-02-01", "requests_served": -1}, "requests_served"),
        ({"date": "2026-02-01", "requests_served": 10**30}, "requests_served"),
        ({"date": "2026-02-01", "metrics": [{"metric": 999999, "value": "1"}]}, "metrics"),
        ({"date": "2026-02-01", "metrics": [{"metric": "x", "value": "1"}]}, "metrics"),
        ({"date": "2026-02-01", "metrics": "nope"}, "metrics"),
        ({"date": "2025-01-01"}, "date"),
        ({}, "date"),
    ],
)
def test_bad_check_ins_answer_400_with_the_field(alice_api, poc, body, field):
    response = alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**START_BODY, "owner": ""}, "owner"),
        ({**START_BODY, "planned_end_on": "2025-01-01"}, "planned_end_on"),
        ({**START_BODY, "started_on": "tomorrow"}, "started_on"),
        ({**START_BODY, "targets": {"error_rate": "abc"}}, "targets"),
        ({**START_BODY, "targets": "5"}, "targets"),
        ({**START_BODY, "metrics": [{"name": "Recall", "target": "1", "direction": "sideways"}]}, "metrics"),
        ({**START_BODY, "metrics": [{"name": "", "target": "1"}]}, "metrics"),
        ({**START_BODY, "metrics": [{"name": "Error rate", "target": "1"}]}, "metrics"),
    ],
)
def test_bad_starts_answer_400_with_the_field(alice_api, use_case, body, field):
    response = alice_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Poc.objects.exists()


def test_a_non_object_body_is_a_400_not_a_500(alice_api, poc, use_case):
    for url in (f"/api/v1/pocs/{poc.pk}/check-ins/", f"/api/v1/pocs/{poc.pk}/verdict/"):
        assert alice_api.post(url, [1, 2], format="json").status_code == 400
        assert alice_api.post(url, "x", content_type="application/json").status_code == 400


def test_starting_twice_or_without_an_estimate_is_a_409(alice_api, workshop, use_case):
    assert alice_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json").status_code == 201
    second = alice_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "poc_exists"
    unestimated = UseCaseFactory(workshop=workshop, status="shortlisted")
    response = alice_api.post(f"/api/v1/use-cases/{unestimated.pk}/poc/", START_BODY, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "no_estimate"


def test_go_with_open_items_is_a_409_until_confirmed(alice_api, poc):
    url = f"/api/v1/pocs/{poc.pk}/verdict/"
    refused = alice_api.post(url, {"verdict": "go", "reason": "Targets met."}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "open_dod_items"
    confirmed = alice_api.post(
        url, {"verdict": "go", "reason": "Targets met.", "confirm_open_items": True}, format="json"
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "go"
    assert len(confirmed.json()["open_items_at_verdict"]) == poc.dod_items.count()
    again = alice_api.post(url, {"verdict": "no_go", "reason": "Oops."}, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize("body", [{"verdict": "running", "reason": "x"}, {"verdict": "go"}, {"reason": "x"}])
def test_bad_verdicts_answer_400(alice_api, poc, body):
    response = alice_api.post(f"/api/v1/pocs/{poc.pk}/verdict/", body, format="json")
    assert response.status_code == 400
    poc.refresh_from_db()
    assert poc.status == PocStatus.RUNNING


def test_definition_of_done_items_and_metrics_are_written_through_the_api(alice_api, poc):
    item = poc.dod_items.first()
    response = alice_api.patch(
        f"/api/v1/pocs/{poc.pk}/definition-of-done/{item.pk}/", {"state": "done", "note": "Eval set v2"}, format="json"
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.state, item.note) == (DodState.DONE, "Eval set v2")
    bad = alice_api.patch(f"/api/v1/pocs/{poc.pk}/definition-of-done/{item.pk}/", {"state": "maybe"}, format="json")
    assert bad.status_code == 400

    added = alice_api.post(
        f"/api/v1/pocs/{poc.pk}/metrics/", {"name": "Recall", "unit": "%", "target": "80"}, format="json"
    )
    assert added.status_code == 201
    assert added.json()["direction"] == "higher"
    metric_id = added.json()["id"]
    changed = alice_api.patch(f"/api/v1/pocs/{poc.pk}/metrics/{metric_id}/", {"target": "85.5"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["target"] == "85.5"
    cleared = alice_api.patch(f"/api/v1/pocs/{poc.pk}/metrics/{metric_id}/", {"target": None}, format="json")
    assert cleared.status_code == 400
    assert poc.metrics.get(pk=metric_id).target == Decimal("85.5")


def test_use_case_poc_answers_404_before_the_start_and_the_poc_after(alice_api, use_case):
    assert alice_api.get(f"/api/v1/use-cases/{use_case.pk}/poc/").status_code == 404
    alice_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json")
    assert alice_api.get(f"/api/v1/use-cases/{use_case.pk}/poc/").json()["owner"] == "Ines"


def test_client_portfolio_lists_each_poc_with_baseline_and_reprojected(alice_api, workshop, poc):
    for body in CHECK_INS:
        alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", body, format="json")
    rows = alice_api.get(f"/api/v1/clients/{workshop.client_id}/pocs/").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["baseline"]["npv"] == "68034.56"
    assert row["reprojected"]["npv"] == "25550.71"
    assert row["reprojected"]["payback_months"] == 14
    assert (row["dod_done"], row["dod_applicable"]) == (0, poc.dod_items.count())
    assert row["status"] == "running"


def test_schema_documents_the_poc_endpoints(alice_client):
    schema = alice_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/use-cases/{id}/poc/",
        "/api/v1/pocs/{id}/",
        "/api/v1/pocs/{id}/check-ins/",
        "/api/v1/pocs/{id}/verdict/",
        "/api/v1/workshops/{id}/backlog.csv",
        "/api/v1/workshops/{id}/backlog.md",
        "/api/v1/clients/{id}/pocs/",
    ):
        assert path in paths, path
    answer = paths["/api/v1/pocs/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/PocOrStatus"}
    # The full POC for facilitators and managers, its status for participants.
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in schema["components"]["schemas"]["PocOrStatus"]["oneOf"]} == {
        "Poc",
        "PocStatus",
    }
    assert {"baseline", "actual", "reprojected"} <= set(schema["components"]["schemas"]["Poc"]["properties"])


def test_check_in_dates_are_answered_as_iso_dates(alice_api, poc):
    alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", {"date": START.isoformat()}, format="json")
    assert alice_api.get(f"/api/v1/pocs/{poc.pk}/check-ins/").json()[0]["date"] == "2026-01-05"


def test_a_poc_answer_matches_exactly_one_branch_of_the_schema(alice_api, bob_api, poc):
    # A reader telling the full POC from the participant's status needs exactly one `oneOf` branch to fit.
    spec = _json_schema(alice_api.get("/api/schema/", {"format": "json"}).json())
    branches = spec["components"]["schemas"]["PocOrStatus"]["oneOf"]
    for client, expected in ((alice_api, "#/components/schemas/Poc"), (bob_api, "#/components/schemas/PocStatus")):
        answer = client.get(f"/api/v1/pocs/{poc.pk}/").json()
        fitting = [
            branch["$ref"]
            for branch in branches
            if Draft202012Validator({"$ref": branch["$ref"], "components": spec["components"]}).is_valid(answer)
        ]
        assert fitting == [expected]


def _json_schema(node: object) -> object:
    """OpenAPI 3.0's `nullable: true` in JSON Schema's words (a type that also admits null)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        if "type" in result:
            result["type"] = [result["type"], "null"]
        if "enum" in result:
            result["enum"] = [*result["enum"], None]
        if "$ref" in result or "allOf" in result:
            result = {"anyOf": [result, {"type": "null"}]}
    return result
