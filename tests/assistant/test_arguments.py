"""Every argument of every tool, resource and prompt is checked: a bad one is a readable refusal, never a crash.

The SDK answers a crash with a bare "Error executing tool X" (or "Error rendering prompt X",
"Error reading resource ..."): nothing the caller can act on. Each hostile argument below must
instead get a message saying what is wrong, on SQLite and PostgreSQL alike (an id past the
database's integer range is a PostgreSQL error, not a SQLite one).
"""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from assistant.server import build_server
from tests.assistant.conftest import Portfolio, inprocess_connect, run_session

pytestmark = pytest.mark.django_db(transaction=True)

HUGE = "9" * 30  # past a 64-bit integer
ENORMOUS = "9" * 5000  # past Python's int() digit limit
ODD_DIGITS = ["\u00b2", "\u0663", "\uff11"]  # superscript two, Arabic-Indic three, full-width one: isdigit() all
BAD_IDS = ["abc", "-1", "0", " 1", "1.5", HUGE, ENORMOUS, *ODD_DIGITS]
BAD_LANGUAGES = ["de", "english", "f", "fr\u0000", "x" * 10_000, "EN-us"]
CRASHES = ("Error executing tool", "Error rendering prompt", "Error reading resource", "Error creating resource")


def hostile_calls(p: Portfolio) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, name or URI, arguments): each must be refused with a message saying what is wrong."""
    w = str(p.workshop.pk)
    calls: list[tuple[str, str, dict[str, Any]]] = []
    for language in BAD_LANGUAGES:
        calls.append(("prompt", "steering_committee_brief", {"workshop_id": w, "language": language}))
        calls.append(("prompt", "steering_committee_brief", {"client_id": str(p.client.pk), "language": language}))
        calls.append(("resource", f"atelier://workshops/{w}/plan.md?lang={language[:50]}", {}))
        calls.append(("resource", f"atelier://clients/{p.client.pk}/plan.md?lang={language[:50]}", {}))
        calls.append(("tool", "get_use_case", {"use_case_id": p.use_case.pk, "language": language}))
        calls.append(("tool", "poc_plan", {"workshop_id": p.workshop.pk, "language": language}))
        calls.append(("tool", "get_poc", {"poc_id": p.poc.pk, "language": language}))
    for bad in BAD_IDS:
        calls.append(("prompt", "steering_committee_brief", {"workshop_id": bad}))
        calls.append(("prompt", "steering_committee_brief", {"client_id": bad}))
        calls.append(("resource", f"atelier://workshops/{bad}/plan.md", {}))
        calls.append(("resource", f"atelier://workshops/{bad}/summary.md", {}))
        calls.append(("resource", f"atelier://clients/{bad}/plan.md", {}))
    for bad in [cursor for cursor in BAD_IDS if cursor != "0"]:  # "0" is the first page's offset
        calls.append(("tool", "list_clients", {"cursor": bad}))
        calls.append(("tool", "list_workshops", {"cursor": bad}))
        calls.append(("tool", "poc_plan", {"client_id": p.client.pk, "cursor": bad}))
        calls.append(("tool", "list_pocs", {"workshop_id": p.workshop.pk, "cursor": bad}))
    calls.append(("prompt", "steering_committee_brief", {"workshop_id": w, "client_id": str(p.client.pk)}))
    calls.append(("prompt", "steering_committee_brief", {}))
    for big in (2**63, 10**30):
        calls.append(("tool", "workshop_ranking", {"workshop_id": big}))
        calls.append(("tool", "get_use_case", {"use_case_id": big}))
        calls.append(("tool", "get_poc", {"poc_id": big}))
        calls.append(("tool", "latest_summary", {"workshop_id": big}))
        calls.append(("tool", "list_workshops", {"client_id": big}))
        calls.append(("tool", "poc_plan", {"workshop_id": big}))
        calls.append(("tool", "list_pocs", {"client_id": big}))
    return calls


async def refusal(client: Client, kind: str, name: str, arguments: dict[str, Any]) -> str | None:
    """The refusal's message, or None when the call was answered as if it were fine."""
    if kind == "tool":
        result = await client.call_tool(name, arguments)
        return result.content[0].text if result.is_error else None  # type: ignore[union-attr]
    try:
        if kind == "prompt":
            await client.get_prompt(name, arguments)
        else:
            await client.read_resource(name)
    except MCPError as exc:
        return exc.message
    return None


def unreadable(message: str | None) -> bool:
    """Accepted as if fine (None), or refused with the SDK's bare words for a crash (no reason after a colon)."""
    if message is None:
        return True
    if "Internal error" in message or "Internal server error" in message:
        return True
    return message.startswith(CRASHES) and ": " not in message


def test_every_hostile_argument_is_refused_with_a_reason(portfolio: Portfolio) -> None:
    calls = hostile_calls(portfolio)

    async def attack(client: Client) -> list[tuple[str, str, dict[str, Any], str | None]]:
        return [(kind, name, args, await refusal(client, kind, name, args)) for kind, name, args in calls]

    answers = run_session(inprocess_connect(build_server(portfolio.tokens["facilitator"])), attack)

    crashed = [(kind, name[:70], args, message) for kind, name, args, message in answers if unreadable(message)]
    assert len(calls) > 140
    assert crashed == [], f"{len(crashed)} of {len(calls)} hostile calls crashed or passed"


def test_an_unknown_language_names_the_accepted_codes(portfolio: Portfolio) -> None:
    async def calls(client: Client) -> list[str | None]:
        w = portfolio.workshop.pk
        return [
            await refusal(client, "prompt", "steering_committee_brief", {"workshop_id": str(w), "language": "de"}),
            await refusal(client, "resource", f"atelier://workshops/{w}/plan.md?lang=de", {}),
        ]

    prompt, resource = run_session(inprocess_connect(build_server(portfolio.tokens["facilitator"])), calls)

    for message in (prompt, resource):
        assert message is not None
        assert "“de”" in message  # the exports' wording: MCP and the REST API refuse alike
        assert "en (English), fr (French)" in message
