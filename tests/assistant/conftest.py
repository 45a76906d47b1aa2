"""The demo portfolio with its readers' API tokens, and MCP sessions driven by the SDK's own client.

A session is over stdio (``manage.py mcp`` spawned with the token in its environment), over
streamable HTTP (``manage.py mcp --http`` on a free port, the token as a bearer) or in-process.
Child processes read the test database itself, so the tests that use them commit their data
(``transactional_db``). Each session runs in ``anyio.run`` from a synchronous test: the ORM and
the REST API are used outside it, never inside the event loop.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from django.conf import settings
from django.core.management import call_command
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.server.mcpserver import MCPServer
from mcp.shared._httpx_utils import create_mcp_http_client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assistant.data import unwrap_json
from pocs.models import Poc
from summaries.models import Summary, SummaryStatus
from summaries.services import summary_request
from tests.celery_process import database_url_for_children, wait_until
from tests.factories import (
    ClientFactory,
    ParticipantFactory,
    UseCaseFactory,
    UserFactory,
    WorkshopFactory,
    score_on_axes,
)
from usecases.models import UseCase
from workshop.management.commands.seed_demo import DEMO_CODE
from workshop.models import Client as ClientModel
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role

ROOT = Path(__file__).resolve().parent.parent.parent
SESSION_SECONDS = 90
T = TypeVar("T")


@dataclass
class Portfolio:
    client: ClientModel
    workshop: Workshop  # the demo: scored, voted, estimated, a POC under way, results revealed
    hidden: Workshop  # the same client's, scored, results not revealed
    other: Workshop  # another client's
    poc: Poc
    use_case: UseCase  # the demo's use case with the POC
    summary: Summary
    tokens: dict[str, str]  # facilitator, manager, outsider (another client's manager)


@pytest.fixture
def portfolio(transactional_db: None) -> Portfolio:
    call_command("seed_demo", quiet=True)
    workshop = Workshop.objects.select_related("client").get(join_code=DEMO_CODE)
    facilitator = workshop.facilitators.get()
    manager = workshop.client.viewers.get()
    summary = summary_request(access=Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=facilitator)))
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.SUCCEEDED, summary.error

    hidden = WorkshopFactory(
        client=workshop.client, facilitators=[facilitator], title="Back-office ideas", phase="score"
    )
    idea = UseCaseFactory(workshop=hidden, title="Supplier invoice matching")
    for impact in (4, 2):
        score_on_axes(ParticipantFactory(workshop=hidden), idea, impact=impact, feasibility=3)

    outsider = UserFactory(username="olga")
    other = WorkshopFactory(client=ClientFactory(name="Other Client SA"), facilitators=[UserFactory()])
    other.client.viewers.add(outsider)
    UseCaseFactory(workshop=other, title="Their secret idea")

    poc = Poc.objects.select_related("use_case").get(use_case__workshop=workshop)
    tokens = {
        name: Token.objects.create(user=user).key
        for name, user in (("facilitator", facilitator), ("manager", manager), ("outsider", outsider))
    }
    return Portfolio(
        client=workshop.client,
        workshop=workshop,
        hidden=hidden,
        other=other,
        poc=poc,
        use_case=poc.use_case,
        summary=summary,
        tokens=tokens,
    )


def rest_api(token: str) -> APIClient:
    """The REST API as the same token's user, authenticated the same way (TokenAuthentication)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def rest(api: APIClient, path: str) -> Any:
    response = api.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response.json()


# Sessions ------------------------------------------------------------------------------------

Connect = Callable[[], contextlib.AbstractAsyncContextManager[Client]]


def run_session(connect: Connect, calls: Callable[[Client], Awaitable[T]]) -> T:
    """Open a session, make ``calls`` with it, close it; all within SESSION_SECONDS."""

    async def main() -> T:
        with anyio.fail_after(SESSION_SECONDS):
            async with connect() as client:
                return await calls(client)

    return anyio.run(main)


def stdio_connect(token: str, errlog: Path) -> Connect:
    """``python manage.py mcp`` with ATELIER_API_TOKEN, on the test database."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["manage.py", "mcp"],
        cwd=str(ROOT),
        env={
            "ATELIER_API_TOKEN": token,
            "DATABASE_URL": database_url_for_children(),
            "PYTHONUNBUFFERED": "1",
            # The parent's key and mode: a clean clone has no .secret_key, and DEBUG is off by default.
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": os.environ.get("DEBUG", ""),
        },
    )

    @contextlib.asynccontextmanager
    async def connect() -> AsyncIterator[Client]:
        with errlog.open("a") as log:
            async with Client(stdio_client(params, errlog=log)) as client:
                yield client

    return connect


def http_connect(url: str, token: str) -> Connect:
    @contextlib.asynccontextmanager
    async def connect() -> AsyncIterator[Client]:
        http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
        async with http, Client(streamable_http_client(url, http_client=http)) as client:
            yield client

    return connect


def inprocess_connect(server: MCPServer) -> Connect:
    @contextlib.asynccontextmanager
    async def connect() -> AsyncIterator[Client]:
        async with Client(server) as client:
            yield client

    return connect


async def tool(client: Client, name: str, **arguments: Any) -> Any:
    """A tool's structured answer; its text form must hold the same JSON between the data tags."""
    result = await client.call_tool(name, arguments)
    assert not result.is_error, (name, result.content)
    assert result.structured_content is not None
    assert unwrap_json(result.content[0].text) == result.structured_content  # type: ignore[union-attr]
    return result.structured_content


async def tool_error(client: Client, name: str, **arguments: Any) -> str:
    """The readable message of a tool call that fails (an MCP error result, not a crash)."""
    result = await client.call_tool(name, arguments)
    assert result.is_error, (name, result.structured_content)
    return result.content[0].text  # type: ignore[union-attr]


@contextlib.contextmanager
def serving_http(log: Path, **settings_env: str) -> Iterator[str]:
    """``manage.py mcp --http --port 0`` on the test database (with ``settings_env`` set); yields its URL."""
    env = {**os.environ, "DATABASE_URL": database_url_for_children(), "PYTHONUNBUFFERED": "1", **settings_env}
    env.pop("ATELIER_API_TOKEN", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "mcp", "--http", "--host", "127.0.0.1", "--port", "0"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:

        def url() -> str | None:
            assert process.poll() is None, log.read_text()
            found = re.search(r"listening on (\S+)", log.read_text())
            return found.group(1) if found else None

        yield wait_until(url, 60, "the MCP HTTP server to listen")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def http_server(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``manage.py mcp --http --port 0`` on the test database, for the module; yields its URL."""
    with serving_http(tmp_path_factory.mktemp("mcp-http") / "server.log") as url:
        yield url
