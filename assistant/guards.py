"""What keeps the MCP HTTP server answering under load: rate limits, a lockout on bad tokens, bounded streams.

``RequestGuard`` counts every request to /mcp/ per client address and per token, as the API's
limits do (core.throttle, settings RATE_LIMITS, counted in the cache every process shares), and
reserves a try against the bad-token lockout before the token is looked up (core.lockout): N bad
tokens from an address, then 429 with Retry-After for a while, even when the tries arrive at once.

``BodyLimit`` answers 413 to a body over MCP_MAX_BODY_BYTES before reading more of it.

``StreamGuard`` bounds event streams (a GET on /mcp/ opens one that the SDK never closes):
at most MCP_MAX_OPEN_STREAMS open in this process (503 with Retry-After beyond), each closed
after MCP_STREAM_IDLE_SECONDS without an event (keep-alive pings do not count). A read-only
server sends no event of its own accord, so a stream only holds a connection open.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

import anyio
import anyio.to_thread
from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections
from django.utils.translation import gettext as _
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import lockout, throttle
from core.formatting import format_number

TOKEN_FAILURES = "mcp_token_failures_per_address"
CALLS_PER_ADDRESS = "mcp_calls_per_address"
CALLS_PER_TOKEN = "mcp_calls_per_token"
# How long a token the server accepted skips the lockout's reservation (it is still looked up).
KNOWN_GOOD_SECONDS = 300
log = logging.getLogger(__name__)


def _header(scope: Scope, name: bytes) -> str:
    return next((value.decode("latin-1") for key, value in scope["headers"] if key == name), "")


class _Peer:
    """What core.throttle.client_ip reads from a request, taken from an ASGI scope."""

    def __init__(self, scope: Scope) -> None:
        client = scope.get("client") or ("", 0)
        self.META = {"REMOTE_ADDR": client[0], "HTTP_X_FORWARDED_FOR": _header(scope, b"x-forwarded-for")}


def _bearer(scope: Scope) -> str | None:
    """The credential the request presents (any scheme), or None without an Authorization header."""
    header = _header(scope, b"authorization").strip()
    if not header:
        return None
    scheme, _sep, credential = header.partition(" ")
    return credential.strip() if scheme.lower() == "bearer" else header


_CODES = {413: "too_large", 429: "throttled", 503: "busy"}


async def _answer(send: Send, status: int, message: str, retry_after: int | None) -> None:
    body = json.dumps({"detail": message, "code": _CODES[status]}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(max(retry_after, 1)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _known_good_key(credential: str) -> str:
    return "atelier.mcp.token_ok." + hashlib.sha256(credential.encode()).hexdigest()


def _known_good(credential: str) -> bool:
    try:
        return caches["default"].get(_known_good_key(credential)) is not None
    except Exception:  # the database cache erring: treat the token as new
        return False


def _admit(address: str, credential: str | None) -> lockout.Slot | None:
    """Count the request; reserve a try of an unknown token. RateLimited when over a limit.

    A token this server accepted lately needs no try: guesses never produce one, so someone
    else's guesses from the same address (an office behind one NAT) never lock its owner out,
    and concurrent calls with it take no slot. It is still looked up on every call.
    """
    close_old_connections()
    try:
        throttle.consume(CALLS_PER_ADDRESS, address)
        if credential is None:
            return None  # answered 401 without a lookup: nothing to guess with
        slot = None if _known_good(credential) else lockout.reserve(TOKEN_FAILURES, address)
        try:
            throttle.consume(CALLS_PER_TOKEN, "token:" + hashlib.sha256(credential.encode()).hexdigest())
        except throttle.RateLimited:
            lockout.release(slot)
            raise
        return slot
    finally:
        close_old_connections()


def _settle(slot: lockout.Slot | None, credential: str | None, status: int) -> None:
    """401: the SDK's bearer check did not know the token; 2xx: it did; anything else says nothing of it."""
    close_old_connections()
    try:
        (lockout.fail if status == 401 else lockout.release)(slot)
        if credential is not None:
            key = _known_good_key(credential)
            if status == 401:
                caches["default"].delete(key)
            elif 200 <= status < 300 and slot is not None:
                caches["default"].set(key, 1, timeout=KNOWN_GOOD_SECONDS)
    except Exception:
        log.exception("MCP token try not settled: the cache failed.")
    finally:
        close_old_connections()


class RequestGuard:
    """Rate limits per address and per token, and the bad-token lockout, in front of the MCP endpoint."""

    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path):
            await self.app(scope, receive, send)
            return
        address = throttle.client_ip(_Peer(scope))
        credential = _bearer(scope)
        try:
            slot = await anyio.to_thread.run_sync(_admit, address, credential)
        except throttle.RateLimited as exc:
            await _answer(send, 429, exc.message, exc.retry_after)
            return
        settled = credential is None

        async def watch(message: Message) -> None:
            nonlocal settled
            if message["type"] == "http.response.start" and not settled:
                settled = True
                await anyio.to_thread.run_sync(_settle, slot, credential, message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if not settled:
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(_settle, slot, credential, 0)


class BodyLimit:
    """413 for a request body over MCP_MAX_BODY_BYTES, read no further: an MCP request is a few KB of JSON.

    The body is read here (at most the limit) and handed on whole, so a body sent in chunks
    without a Content-Length is bounded too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        limit = int(settings.MCP_MAX_BODY_BYTES)
        declared = _header(scope, b"content-length")
        too_large = _("The request is too large: an MCP request fits in %(bytes)s bytes.") % {
            "bytes": format_number(limit, decimals=0)
        }
        if declared.isdigit() and int(declared) > limit:
            await _answer(send, 413, too_large, None)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _answer(send, 413, too_large, None)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # what comes after the body: the client's disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _is_event_stream(message: Message) -> bool:
    headers = dict(message.get("headers") or [])
    return headers.get(b"content-type", b"").split(b";")[0].strip() == b"text/event-stream"


def _is_event(body: bytes) -> bool:
    """An SSE chunk with something in it, not only comment lines (keep-alive pings start with ':')."""
    return any(line.strip() and not line.startswith(b":") for line in body.splitlines())


class StreamGuard:
    """At most MCP_MAX_OPEN_STREAMS event streams open, each closed after MCP_STREAM_IDLE_SECONDS idle."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.open = 0  # one event loop per process: no lock needed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        idle_seconds = float(settings.MCP_STREAM_IDLE_SECONDS)
        state: dict[str, Any] = {"stream": False, "ended": False, "last_event": time.monotonic()}
        started = anyio.Event()

        try:
            async with anyio.create_task_group() as group:

                async def guarded(message: Message) -> None:
                    if state["ended"]:
                        return  # closed by this guard: the app's late sends go nowhere
                    if message["type"] == "http.response.start" and _is_event_stream(message):
                        if self.open >= settings.MCP_MAX_OPEN_STREAMS:
                            state["ended"] = True
                            await _answer(send, 503, _("Too many open event streams: try again later."), 5)
                            group.cancel_scope.cancel()
                            return
                        self.open += 1
                        state["stream"] = True
                        started.set()
                    elif message["type"] == "http.response.body" and state["stream"] and _is_event(message["body"]):
                        state["last_event"] = time.monotonic()
                    if message["type"] == "http.response.body" and not message.get("more_body", False):
                        state["ended"] = True
                    await send(message)

                async def run() -> None:
                    try:
                        await self.app(scope, receive, guarded)
                    finally:
                        group.cancel_scope.cancel()

                async def close_when_idle() -> None:
                    await started.wait()
                    while not state["ended"]:
                        left = state["last_event"] + idle_seconds - time.monotonic()
                        if left > 0:
                            await anyio.sleep(min(left, 1.0))
                            continue
                        state["ended"] = True
                        await send({"type": "http.response.body", "body": b"", "more_body": False})
                        group.cancel_scope.cancel()

                group.start_soon(run)
                group.start_soon(close_when_idle)
        finally:
            if state["stream"]:
                self.open -= 1
