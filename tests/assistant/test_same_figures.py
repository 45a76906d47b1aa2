"""Each tool answers with the REST API's figures, over stdio and over streamable HTTP, for the same token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from tests.assistant.conftest import (
    Portfolio,
    http_connect,
    rest,
    rest_api,
    run_session,
    stdio_connect,
    tool,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Keys the plan adds to the portfolio API's rows: the compliance facts printed beside the figures.
PLAN_EXTRAS = {
    "status",
    "quadrant",
    "ai_act_tier",
    "ai_act_basis",
    "ai_act_basis_label",
    "ai_act_suggested_tier",
    "override_reason",
    "law_changed",
    "needs_legal_review",
    "alerts",
}


async def read_everything(client: Client, p: dict[str, int]) -> dict[str, Any]:
    """Every tool, resource and the prompt, on the demo's ids."""
    names = {t.name for t in (await client.list_tools()).tools}
    answers: dict[str, Any] = {"tools": names}
    answers["clients"] = await tool(client, "list_clients", limit=100)
    answers["workshops"] = await tool(client, "list_workshops", limit=100)
    answers["client_workshops"] = await tool(client, "list_workshops", client_id=p["client"])
    answers["ranking"] = await tool(client, "workshop_ranking", workshop_id=p["workshop"])
    answers["hidden_ranking"] = await tool(client, "workshop_ranking", workshop_id=p["hidden"])
    answers["use_case"] = await tool(client, "get_use_case", use_case_id=p["use_case"])
    answers["plan"] = await tool(client, "poc_plan", workshop_id=p["workshop"])
    answers["client_plan"] = await tool(client, "poc_plan", client_id=p["client"], limit=20)
    answers["client_pocs"] = await tool(client, "list_pocs", client_id=p["client"])
    answers["workshop_pocs"] = await tool(client, "list_pocs", workshop_id=p["workshop"])
    answers["poc"] = await tool(client, "get_poc", poc_id=p["poc"])
    answers["summary"] = await tool(client, "latest_summary", workshop_id=p["workshop"])
    resource = await client.read_resource(f"atelier://workshops/{p['workshop']}/plan.md")
    answers["plan_md"] = resource.contents[0].text  # type: ignore[union-attr]
    resource = await client.read_resource(f"atelier://workshops/{p['workshop']}/plan.md?lang=fr")
    answers["plan_md_fr"] = resource.contents[0].text  # type: ignore[union-attr]
    resource = await client.read_resource(f"atelier://clients/{p['client']}/plan.md")
    answers["client_plan_md"] = resource.contents[0].text  # type: ignore[union-attr]
    resource = await client.read_resource(f"atelier://workshops/{p['workshop']}/summary.md")
    answers["summary_md"] = resource.contents[0].text  # type: ignore[union-attr]
    prompt = await client.get_prompt("steering_committee_brief", {"workshop_id": str(p["workshop"])})
    answers["brief"] = prompt.messages[0].content.text  # type: ignore[union-attr]
    prompt = await client.get_prompt("steering_committee_brief", {"client_id": str(p["client"]), "language": "fr"})
    answers["brief_fr"] = prompt.messages[0].content.text  # type: ignore[union-attr]
    return answers


def ids(portfolio: Portfolio) -> dict[str, int]:
    return {
        "client": portfolio.client.pk,
        "workshop": portfolio.workshop.pk,
        "hidden": portfolio.hidden.pk,
        "use_case": portfolio.use_case.pk,
        "poc": portfolio.poc.pk,
    }


def by_id(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def assert_same_as_rest(answers: dict[str, Any], portfolio: Portfolio, token: str) -> None:
    api = rest_api(token)
    w, uc, poc = portfolio.workshop.pk, portfolio.use_case.pk, portfolio.poc.pk
    assert answers["tools"] == {
        "list_clients",
        "list_workshops",
        "workshop_ranking",
        "get_use_case",
        "poc_plan",
        "list_pocs",
        "get_poc",
        "latest_summary",
    }

    assert answers["clients"]["clients"] == rest(api, "/api/v1/clients/")
    workshops = by_id(rest(api, "/api/v1/workshops/"))
    assert by_id(answers["workshops"]["workshops"]) == workshops
    assert {row["id"] for row in answers["client_workshops"]["workshops"]} == {w, portfolio.hidden.pk}

    ranking = rest(api, f"/api/v1/workshops/{w}/ranking/")
    assert answers["ranking"]["rows"] == ranking["rows"]
    assert answers["ranking"]["set_aside"] == ranking["set_aside"]
    for key in ("participants", "scores", "votes"):
        assert answers["ranking"][key] == ranking[key]
    assert answers["ranking"]["rows"][0]["priority"] > 0  # figures there, not an empty ranking
    # Users read results before the reveal, as through the REST API (participants do not: see test_access).
    assert answers["hidden_ranking"]["rows"] == rest(api, f"/api/v1/workshops/{portfolio.hidden.pk}/ranking/")["rows"]

    detail = answers["use_case"]
    assert detail["use_case"] == rest(api, f"/api/v1/use-cases/{uc}/")
    assert detail["assessment"] == rest(api, f"/api/v1/use-cases/{uc}/assessment/")
    assert detail["roi"] == rest(api, f"/api/v1/use-cases/{uc}/roi/")
    assert detail["roi"]["figures"]["base"]["npv"].count(".") == 1  # money as a string with two decimals
    row = next(r for r in ranking["rows"] if r["use_case_id"] == uc)
    assert {k: v for k, v in detail["scores"].items() if k != "criteria"} == row
    assert detail["results_hidden"] is False

    portfolio_api = rest(api, f"/api/v1/workshops/{w}/portfolio/")
    (shortlist,) = [part["shortlist"] for part in answers["plan"]["workshops"]]
    assert [{k: v for k, v in r.items() if k not in PLAN_EXTRAS} for r in shortlist["rows"]] == portfolio_api["rows"]
    assert {k: v for k, v in shortlist.items() if k != "rows"} == {
        k: v for k, v in portfolio_api.items() if k != "rows"
    }
    # The compliance facts beside the figures are the assessment API's, use case by use case.
    for r in shortlist["rows"]:
        assessment = rest(api, f"/api/v1/use-cases/{r['use_case']}/assessment/")
        assert (r["ai_act_tier"], r["ai_act_basis"], r["ai_act_basis_label"]) == (
            assessment["tier_in_force"],
            assessment["basis"],
            assessment["basis_label"],
        )
        assert (r["ai_act_suggested_tier"], r["override_reason"], r["law_changed"]) == (
            assessment["suggested_tier"],
            assessment["override_reason"],
            assessment["reassess"],
        )
    assert answers["plan"]["budgets"] == {portfolio.workshop.currency: portfolio_api["total_poc_cost"]}
    assert {part["workshop"] for part in answers["client_plan"]["workshops"]} == {w, portfolio.hidden.pk}

    assert answers["client_pocs"]["pocs"] == rest(api, f"/api/v1/clients/{portfolio.client.pk}/pocs/")
    assert answers["workshop_pocs"]["pocs"] == answers["client_pocs"]["pocs"]
    assert answers["poc"] == rest(api, f"/api/v1/pocs/{poc}/")
    assert answers["poc"]["reprojected"] is not None  # planned and actual both there

    assert answers["summary"]["summary"] == rest(api, f"/api/v1/summaries/{portfolio.summary.pk}/")
    assert answers["summary_md"] == portfolio.summary.markdown

    assert answers["plan_md"] == api.get(f"/api/v1/workshops/{w}/plan.md").content.decode()
    assert answers["plan_md_fr"] == api.get(f"/api/v1/workshops/{w}/plan.md?lang=fr").content.decode()
    assert "Plan de POC" in answers["plan_md_fr"]
    assert answers["client_plan_md"] == api.get(f"/api/v1/clients/{portfolio.client.pk}/plan.md").content.decode()

    brief = answers["brief"]
    assert "steering committee brief" in brief
    assert answers["plan_md"].splitlines()[0] in brief
    assert portfolio.use_case.title in brief
    assert answers["client_pocs"]["pocs"][0]["reprojected"]["npv"] in brief
    assert "Rédigez-la en français." in answers["brief_fr"]
    assert answers["client_plan_md"].splitlines()[0].replace("POC plan", "Plan de POC") in answers["brief_fr"]


def test_over_stdio_each_tool_answers_the_rest_apis_figures(portfolio: Portfolio, tmp_path: Path) -> None:
    token = portfolio.tokens["manager"]
    answers = run_session(stdio_connect(token, tmp_path / "stdio.log"), lambda c: read_everything(c, ids(portfolio)))

    assert_same_as_rest(answers, portfolio, token)
    # A manager reads no join code, as through the API.
    assert {row["join_code"] for row in answers["workshops"]["workshops"]} == {None}


def test_over_http_each_tool_answers_the_rest_apis_figures(portfolio: Portfolio, http_server: str) -> None:
    token = portfolio.tokens["facilitator"]
    answers = run_session(http_connect(http_server, token), lambda c: read_everything(c, ids(portfolio)))

    assert_same_as_rest(answers, portfolio, token)
    # The facilitator reads the join code of the workshops they run, as through the API.
    assert by_id(answers["workshops"]["workshops"])[portfolio.workshop.pk]["join_code"] == portfolio.workshop.join_code
