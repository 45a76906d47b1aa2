"""The token's user reads what the REST API lets them read, and nothing else, not even whether it exists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx2
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from rest_framework.authtoken.models import Token

from assistant.server import build_server
from tests.assistant.conftest import (
    ROOT,
    Connect,
    Portfolio,
    http_connect,
    inprocess_connect,
    rest_api,
    run_session,
    stdio_connect,
    tool,
    tool_error,
)
from tests.celery_process import database_url_for_children
from tests.factories import ParticipantFactory
from workshop.models import Workshop
from workshop.selectors import Actor

pytestmark = pytest.mark.django_db(transaction=True)

MISSING = 999_999
NOT_FOUND = "Not found: nothing with this id among what you may read."


async def resource_error(client: Client, uri: str) -> str:
    with pytest.raises(MCPError) as raised:
        await client.read_resource(uri)
    return raised.value.message


async def prompt_error(client: Client, **arguments: str) -> str:
    with pytest.raises(MCPError) as raised:
        await client.get_prompt("steering_committee_brief", arguments)
    return raised.value.message


async def outsider_reads(client: Client, p: Portfolio) -> dict[str, Any]:
    """What another client's manager gets for the demo's ids, and for ids that exist nowhere."""
    w, uc, poc, c = p.workshop.pk, p.use_case.pk, p.poc.pk, p.client.pk
    answers: dict[str, Any] = {
        "clients": await tool(client, "list_clients"),
        "workshops": await tool(client, "list_workshops"),
        "pocs": await tool(client, "list_pocs", workshop_id=p.other.pk),
    }
    for label, wid in (("theirs", w), ("missing", MISSING)):
        answers[label] = [
            await tool_error(client, "workshop_ranking", workshop_id=wid),
            await tool_error(client, "poc_plan", workshop_id=wid),
            await tool_error(client, "list_pocs", workshop_id=wid),
            await tool_error(client, "latest_summary", workshop_id=wid),
            await resource_error(client, f"atelier://workshops/{wid}/plan.md"),
            await resource_error(client, f"atelier://workshops/{wid}/summary.md"),
            await prompt_error(client, workshop_id=str(wid)),
        ]
    for label, ucid, pocid, cid in (("theirs_by_id", uc, poc, c), ("missing_by_id", MISSING, MISSING, MISSING)):
        answers[label] = [
            await tool_error(client, "get_use_case", use_case_id=ucid),
            await tool_error(client, "get_poc", poc_id=pocid),
            await tool_error(client, "list_workshops", client_id=cid),
            await tool_error(client, "poc_plan", client_id=cid),
            await tool_error(client, "list_pocs", client_id=cid),
            await resource_error(client, f"atelier://clients/{cid}/plan.md"),
            await prompt_error(client, client_id=str(cid)),
        ]
    return answers


def assert_sees_nothing_of_the_demo(answers: dict[str, Any], p: Portfolio) -> None:
    assert [row["name"] for row in answers["clients"]["clients"]] == ["Other Client SA"]
    assert [row["id"] for row in answers["workshops"]["workshops"]] == [p.other.pk]
    assert answers["pocs"]["pocs"] == []
    # Another client's workshop reads exactly like one that does not exist.
    assert answers["theirs"] == answers["missing"]
    assert answers["theirs_by_id"] == answers["missing_by_id"]
    for message in [*answers["theirs"], *answers["theirs_by_id"]]:
        assert NOT_FOUND in message
        assert p.workshop.title not in message
    # The REST API answers the same: 404.
    api = rest_api(p.tokens["outsider"])
    assert api.get(f"/api/v1/workshops/{p.workshop.pk}/ranking/").status_code == 404
    assert api.get(f"/api/v1/use-cases/{p.use_case.pk}/").status_code == 404


def test_another_clients_manager_sees_nothing_over_stdio(portfolio: Portfolio, tmp_path: Path) -> None:
    connect = stdio_connect(portfolio.tokens["outsider"], tmp_path / "stdio.log")
    answers = run_session(connect, lambda c: outsider_reads(c, portfolio))

    assert_sees_nothing_of_the_demo(answers, portfolio)


def test_another_clients_manager_sees_nothing_over_http(portfolio: Portfolio, http_server: str) -> None:
    answers = run_session(
        http_connect(http_server, portfolio.tokens["outsider"]), lambda c: outsider_reads(c, portfolio)
    )

    assert_sees_nothing_of_the_demo(answers, portfolio)


def session_errors(connect: Connect) -> list[MCPError]:
    """The MCP errors a session that cannot open ends with (the SDK raises them inside task groups)."""

    def leaves(exc: BaseException) -> list[MCPError]:
        if isinstance(exc, BaseExceptionGroup):
            return [leaf for inner in exc.exceptions for leaf in leaves(inner)]
        return [exc] if isinstance(exc, MCPError) else []

    try:
        run_session(connect, lambda c: tool(c, "list_clients"))
    except BaseException as exc:
        # An ExceptionGroup or a bare error, depending on where the session fails.
        return leaves(exc)
    raise AssertionError("The session opened and read the clients.")


def _mcp_command(token: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url_for_children()}
    env.pop("ATELIER_API_TOKEN", None)
    if token is not None:
        env["ATELIER_API_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "manage.py", "mcp"],
        cwd=ROOT,
        env=env,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_invalid_token_starts_no_stdio_server(portfolio: Portfolio, tmp_path: Path) -> None:
    for token in ("not-a-token", None):
        finished = _mcp_command(token)
        assert finished.returncode != 0
        assert finished.stdout == ""  # nothing on the protocol's channel
    assert "ATELIER_API_TOKEN is not valid" in _mcp_command("not-a-token").stderr
    assert "Set ATELIER_API_TOKEN to your API token" in _mcp_command(None).stderr

    # The SDK's client cannot open a session with it: the server is gone before the first answer.
    errors = session_errors(stdio_connect("not-a-token", tmp_path / "stdio.log"))
    assert [error.message for error in errors] == ["Connection closed"]
    assert "ATELIER_API_TOKEN is not valid" in (tmp_path / "stdio.log").read_text()


def test_an_invalid_token_is_refused_over_http(portfolio: Portfolio, http_server: str) -> None:
    # The SDK's client gets the 401 as an error response, before any tool runs.
    errors = session_errors(http_connect(http_server, "not-a-token"))
    assert [error.message for error in errors] == ["Server returned an error response"]

    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "list_clients", "arguments": {}}}
    headers = {"Accept": "application/json, text/event-stream"}
    for auth in (
        {"Authorization": "Bearer not-a-token"},
        {},
        {"Authorization": f"Token {portfolio.tokens['manager']}"},
    ):
        response = httpx2.post(http_server, json=body, headers={**headers, **auth}, timeout=30)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "Maison Durand" not in response.text


def test_a_token_revoked_during_a_session_reads_nothing_more(portfolio: Portfolio, tmp_path: Path) -> None:
    key = portfolio.tokens["manager"]

    async def calls(client: Client) -> tuple[Any, str]:
        before = await tool(client, "list_clients")
        await anyio.to_thread.run_sync(lambda: Token.objects.filter(key=key).delete())
        return before, await tool_error(client, "list_clients")

    before, after = run_session(stdio_connect(key, tmp_path / "stdio.log"), calls)

    assert [row["name"] for row in before["clients"]] == [portfolio.client.name]
    assert "The API token is not valid" in after
    assert portfolio.client.name not in after


def test_a_host_not_in_allowed_hosts_is_refused_over_http(portfolio: Portfolio, http_server: str) -> None:
    health = http_server.removesuffix("/mcp/") + "/healthz"
    assert httpx2.get(health, timeout=10).text == "ok"
    assert httpx2.get(health, headers={"Host": "rebound.example"}, timeout=10).status_code == 421


def test_a_workshop_whose_results_are_hidden_returns_no_scores(portfolio: Portfolio) -> None:
    """Hidden means hidden in every tool (Access.require_results): read as one of its participants."""
    hidden = portfolio.hidden
    use_case = hidden.use_cases.get()
    participant = ParticipantFactory(workshop=Workshop.objects.select_related("client").get(pk=hidden.pk))
    server = build_server(actor=lambda: Actor(participant=participant))

    async def calls(client: Client) -> dict[str, Any]:
        return {
            "ranking": await tool_error(client, "workshop_ranking", workshop_id=hidden.pk),
            "use_case": await tool(client, "get_use_case", use_case_id=use_case.pk),
            "summary": await tool(client, "latest_summary", workshop_id=hidden.pk),
            "plan": await tool_error(client, "poc_plan", workshop_id=hidden.pk),
            "plan_md": await resource_error(client, f"atelier://workshops/{hidden.pk}/plan.md"),
            "elsewhere": await tool_error(client, "workshop_ranking", workshop_id=portfolio.workshop.pk),
        }

    answers = run_session(inprocess_connect(server), calls)

    assert "Results are hidden until the facilitator reveals them." in answers["ranking"]
    assert answers["use_case"]["results_hidden"] is True
    assert answers["use_case"]["scores"] is None
    assert answers["use_case"]["use_case"]["votes"] is None
    assert answers["use_case"]["use_case"]["title"] == use_case.title  # the text stays readable
    assert answers["summary"]["summary"] is None
    assert "Only facilitators and managers can export the plan." in answers["plan"]
    assert "Only facilitators and managers can export the plan." in answers["plan_md"]
    assert NOT_FOUND in answers["elsewhere"]

    Workshop.objects.filter(pk=hidden.pk).update(results_revealed=True)
    participant.workshop.results_revealed = True
    revealed = run_session(inprocess_connect(server), lambda c: tool(c, "workshop_ranking", workshop_id=hidden.pk))
    assert [row["use_case_id"] for row in revealed["rows"]] == [use_case.pk]
    assert revealed["rows"][0]["impact"] == 3.0
