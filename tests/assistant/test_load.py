"""The MCP HTTP server under load: rate limits, a bad-token lockout that holds at once and across processes,
and event streams that are capped and closed when idle.

Two real server processes (``manage.py mcp --http``) share the test database and its cache table,
as production's share Redis. They trust 127.0.0.1 as a proxy, so each test poses as addresses of
its own through X-Forwarded-For, as clients behind docker-compose's proxy are told apart.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import count
from pathlib import Path
from typing import Any

import httpx2
import pytest
from rest_framework.authtoken.models import Token

from tests.assistant.conftest import serving_http
from tests.celery_process import free_port
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FAILURE_LIMIT = 10
CALLS_PER_TOKEN = 12
CALLS_PER_ADDRESS = 30
MAX_STREAMS = 3
LIMITS = {
    "TRUSTED_PROXIES": "127.0.0.1",
    "RATE_LIMIT_MCP_TOKEN_FAILURES_PER_ADDRESS": f"{FAILURE_LIMIT}/10m",
    "RATE_LIMIT_MCP_CALLS_PER_TOKEN": f"{CALLS_PER_TOKEN}/10m",
    "RATE_LIMIT_MCP_CALLS_PER_ADDRESS": f"{CALLS_PER_ADDRESS}/10m",
    "MCP_MAX_OPEN_STREAMS": str(MAX_STREAMS),
    "MCP_STREAM_IDLE_SECONDS": "1",
    "MCP_MAX_BODY_BYTES": str(64 * 1024),
}
CALL = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "list_clients", "arguments": {}}}
ACCEPT = "application/json, text/event-stream"
_addresses = count(1)


@pytest.fixture(scope="module")
def servers(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two server processes with small limits, sharing the database's cache table."""
    logs = tmp_path_factory.mktemp("mcp-load")
    with serving_http(logs / "one.log", **LIMITS) as one, serving_http(logs / "two.log", **LIMITS) as two:
        yield one, two


def new_address() -> str:
    """An address no other test of the module used: the counts start from zero."""
    return f"203.0.113.{next(_addresses)}"


def post(url: str, address: str, token: str | None) -> httpx2.Response:
    headers = {"Accept": ACCEPT, "X-Forwarded-For": address}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx2.post(url, json=CALL, headers=headers, timeout=60)


def a_token() -> str:
    return Token.objects.create(user=UserFactory()).key


def assert_429(response: httpx2.Response) -> None:
    assert response.status_code == 429, (response.status_code, response.text[:200])
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["code"] == "throttled"


def test_bad_tokens_at_once_are_looked_up_exactly_n_times_across_processes(servers: tuple[str, str]) -> None:
    attacker, bystander = new_address(), new_address()
    token = a_token()

    def attempt(n: int) -> int:
        # Alternating between the two processes: the count is the shared cache's, not a process's.
        return post(servers[n % 2], attacker, f"bad-token-{n}").status_code

    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(attempt, range(48)))

    assert statuses.count(401) == FAILURE_LIMIT
    assert statuses.count(429) == 48 - FAILURE_LIMIT
    # Locked out: even a good token from that address waits, on either process.
    for url in servers:
        assert_429(post(url, attacker, token))
    # Another address is not affected.
    answer = post(servers[0], bystander, token)
    assert answer.status_code == 200, answer.text[:300]
    assert "result" in answer.json()


def test_good_tokens_never_count_towards_the_lockout(servers: tuple[str, str]) -> None:
    address = new_address()
    tokens = [a_token() for _ in range(FAILURE_LIMIT + 2)]

    statuses = [post(servers[n % 2], address, token).status_code for n, token in enumerate(tokens)]

    assert statuses == [200] * len(tokens)


def test_calls_per_token_are_limited_whatever_the_address(servers: tuple[str, str]) -> None:
    token, other = a_token(), a_token()

    statuses = [post(servers[n % 2], new_address(), token).status_code for n in range(CALLS_PER_TOKEN)]
    over = post(servers[0], new_address(), token)

    assert statuses == [200] * CALLS_PER_TOKEN
    assert_429(over)
    assert post(servers[1], new_address(), other).status_code == 200


def test_calls_per_address_are_limited_whatever_the_token(servers: tuple[str, str]) -> None:
    address = new_address()
    tokens = [a_token() for _ in range(4)]

    statuses = [post(servers[n % 2], address, tokens[n % 4]).status_code for n in range(CALLS_PER_ADDRESS + 5)]

    assert statuses == [200] * CALLS_PER_ADDRESS + [429] * 5
    assert post(servers[0], new_address(), tokens[0]).status_code == 200


def test_concurrent_calls_with_a_good_token_take_no_lockout_slot(servers: tuple[str, str]) -> None:
    address = new_address()
    token = a_token()
    assert post(servers[0], address, token).status_code == 200  # now known good

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda n: post(servers[n % 2], address, token).status_code, range(11)))

    assert statuses == [200] * 11  # more at once than FAILURE_LIMIT


def test_a_known_token_keeps_working_while_its_address_is_locked_out(servers: tuple[str, str]) -> None:
    office = new_address()
    colleague = a_token()
    assert post(servers[0], office, colleague).status_code == 200

    for n in range(FAILURE_LIMIT):
        assert post(servers[n % 2], office, f"guess-{n}").status_code == 401
    assert_429(post(servers[0], office, "guess-more"))
    assert_429(post(servers[1], office, a_token()))  # a token never seen waits like a guess

    assert post(servers[1], office, colleague).status_code == 200


def test_an_oversized_body_is_refused_unread_and_proves_nothing_of_its_token(servers: tuple[str, str]) -> None:
    address = new_address()
    token = a_token()
    big = {**CALL, "params": {"name": "list_clients", "arguments": {"cursor": "1" * 100_000}}}
    headers = {"Accept": ACCEPT, "X-Forwarded-For": address}

    declared = httpx2.post(servers[0], json=big, headers={**headers, "Authorization": f"Bearer {token}"}, timeout=30)
    chunked = httpx2.post(
        servers[1],
        content=iter([json.dumps(big).encode()[i : i + 8192] for i in range(0, 120_000, 8192)]),
        headers={**headers, "Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=30,
    )
    # A guess with a large body is not taken for a good token: it still counts as a try.
    guess = httpx2.post(servers[0], json=big, headers={**headers, "Authorization": "Bearer guess"}, timeout=30)

    for response in (declared, chunked, guess):
        assert response.status_code == 413, response.text[:200]
        assert response.json()["code"] == "too_large"
    assert post(servers[0], address, token).status_code == 200
    for n in range(FAILURE_LIMIT):
        post(servers[n % 2], address, f"guess-{n}")
    assert_429(post(servers[1], address, "guess"))


def open_stream(client: httpx2.Client, url: str, token: str) -> Any:
    request = client.build_request(
        "GET", url, headers={"Accept": "text/event-stream", "Authorization": f"Bearer {token}"}
    )
    return client.send(request, stream=True)


def test_open_event_streams_are_capped(servers: tuple[str, str]) -> None:
    url = servers[0]
    token = a_token()
    with httpx2.Client(timeout=30, headers={"X-Forwarded-For": new_address()}) as client:
        streams = [open_stream(client, url, token) for _ in range(MAX_STREAMS)]
        try:
            assert [s.status_code for s in streams] == [200] * MAX_STREAMS
            assert all(s.headers["content-type"].startswith("text/event-stream") for s in streams)
            refused = open_stream(client, url, token)
            assert refused.status_code == 503  # before reading: without the cap this body never ends
            refused.read()
            assert int(refused.headers["retry-after"]) >= 1
            # Tool calls still answer while the streams are full.
            assert (
                client.post(url, json=CALL, headers={"Accept": ACCEPT, "Authorization": f"Bearer {token}"}).status_code
                == 200
            )
        finally:
            for stream in streams:
                stream.close()


def test_an_idle_event_stream_is_closed_by_the_server(servers: tuple[str, str]) -> None:
    token = a_token()
    deadline = 10  # MCP_STREAM_IDLE_SECONDS=1 here; without the guard the stream never ends (pings every 15 s)
    ended = threading.Event()

    def read_to_the_end() -> None:
        with httpx2.Client(timeout=60, headers={"X-Forwarded-For": new_address()}) as client:
            stream = open_stream(client, servers[1], token)
            try:
                assert stream.status_code == 200
                for _chunk in stream.iter_bytes():
                    pass  # the loop ends when the server ends the body
                ended.set()
            finally:
                stream.close()

    reader = threading.Thread(target=read_to_the_end, daemon=True)
    started = time.monotonic()
    reader.start()

    assert ended.wait(deadline), f"the stream was still open after {deadline} s"
    assert time.monotonic() - started < deadline


def test_with_the_shared_cache_down_calls_answer_and_the_lockout_still_holds(
    django_db_setup: None, tmp_path: Path
) -> None:
    """CACHE_URL points at a Redis that does not answer: each process counts on its own, and nothing fails."""
    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    token = a_token()
    with serving_http(tmp_path / "down.log", **LIMITS, CACHE_URL=nowhere) as url:
        attacker, other = new_address(), new_address()
        assert post(url, other, token).status_code == 200

        with ThreadPoolExecutor(max_workers=32) as pool:
            statuses = list(pool.map(lambda n: post(url, attacker, f"bad-{n}").status_code, range(48)))

        assert statuses.count(401) == FAILURE_LIMIT
        assert statuses.count(429) == 48 - FAILURE_LIMIT
        assert post(url, other, token).status_code == 200
