"""A small scripted OpenAI-compatible server for tests (standard library only).

It serves ``POST /v1/chat/completions`` on 127.0.0.1 (a free port) from a daemon
thread, records every request's JSON body, and answers from a script: a list of
replies consumed in order, the last one repeating::

    with FakeLlmServer() as server:
        server.script(error_reply(429), summary_reply())
        config = LlmConfig(api_key="test", base_url=server.base_url, model="test-model")
        ...
        assert len(server.requests) == 2

or, in a test, the ``llm_server`` fixture (import it into the test module or a
conftest: ``from tests.llm_server import llm_server  # noqa: F401``).

Reply helpers: :func:`summary_reply` (a valid summary; also ``finish_reason="length"``
or ``refusal=...``), :func:`malformed_reply` (content that is not the expected
JSON), :func:`length_reply`, :func:`refusal_reply`, :func:`error_reply` (an HTTP
status with an OpenAI-style error body; 429 carries ``retry-after: 0``), and
``delay=`` on any of them (seconds to wait before answering, to trigger client
timeouts). Stopping the server wakes delayed answers at once.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import pytest

CHAT_PATH = "/v1/chat/completions"
DEFAULT_MODEL = "test-model"

SAMPLE_SUMMARY: dict[str, Any] = {
    "key_themes": ["Automating invoice processing", "Better customer self-service"],
    "top_use_cases": [
        {
            "title": "Invoice extraction",
            "why": "Highest impact and feasibility, most votes.",
        },
        {"title": "Support chatbot", "why": "Strong support, clear data sources."},
    ],
    "disagreements": ["Feasibility of the churn prediction model."],
    "risks_and_compliance": ["Chatbot: limited risk under the AI Act, transparency duty applies."],
    "proposed_pocs": [
        {
            "title": "Invoice extraction PoC",
            "rationale": "Quick win with existing data.",
        }
    ],
    "next_steps": [
        "Collect 200 sample invoices.",
        "Book a follow-up with IT security.",
    ],
}


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Any = None  # dict -> JSON; str/bytes -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def _completion(
    *,
    content: str | None,
    model: str,
    finish_reason: str,
    refusal: str | None,
    prompt_tokens: int,
    completion_tokens: int,
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "refusal": refusal,
                },
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def summary_reply(
    content: dict[str, Any] | str | None = None,
    *,
    model: str = DEFAULT_MODEL,
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 120,
    completion_tokens: int = 80,
    delay: float = 0.0,
) -> Reply:
    """A chat.completion; ``content`` is a dict (sent as JSON text) or raw text."""
    if content is None and refusal is None:
        content = SAMPLE_SUMMARY
    text = json.dumps(content) if isinstance(content, dict) else content
    body = _completion(
        content=text,
        model=model,
        finish_reason=finish_reason,
        refusal=refusal,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )
    return Reply(body=body, delay=delay)


def malformed_reply(text: str = "Sure! Here are my thoughts about the workshop.", **kwargs: Any) -> Reply:
    """A completion whose content is not the expected JSON (``text`` may be JSON missing fields)."""
    return summary_reply(text, **kwargs)


def length_reply(**kwargs: Any) -> Reply:
    """A completion cut short: ``finish_reason == "length"`` and truncated JSON."""
    return summary_reply('{"key_themes": ["Automating invoice', finish_reason="length", **kwargs)


def refusal_reply(refusal: str = "I'm sorry, I cannot help with that request.", **kwargs: Any) -> Reply:
    return summary_reply(None, refusal=refusal, **kwargs)


_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "permission_denied",
    404: "invalid_request_error",
    429: "rate_limit_exceeded",
}


def error_reply(
    status: int,
    message: str | None = None,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> Reply:
    """An HTTP error with an OpenAI-style body ``{"error": {...}}``."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = {
        "error": {
            "message": message or f"{phrase} (scripted by the test server).",
            "type": _ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error"),
            "param": None,
            "code": code,
        }
    }
    all_headers = {"retry-after": "0"} if status == 429 else {}
    all_headers.update(headers or {})
    return Reply(status=status, body=body, headers=all_headers, delay=delay)


def delayed(reply: Reply, seconds: float) -> Reply:
    return replace(reply, delay=seconds)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    # HTTP/1.0: one request per connection, so no handler thread lingers on keep-alive.
    protocol_version = "HTTP/1.0"
    timeout = 10  # socket timeout: a stuck client cannot hold a thread forever

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.split("?", 1)[0] != CHAT_PATH:
            self._send(error_reply(404, f"Unknown path {self.path}."))
            return
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode("utf-8", "replace")
        reply = owner._record(body, {k.lower(): v for k, v in self.headers.items()})
        if reply.delay and owner._stopping.wait(reply.delay):
            return  # server stopping: drop the answer
        self._send(reply)

    def do_GET(self) -> None:
        self._send(error_reply(404, f"Unknown path {self.path}."))

    def _send(self, reply: Reply) -> None:
        if isinstance(reply.body, (dict, list)):
            payload = json.dumps(reply.body).encode()
            content_type = "application/json"
        elif isinstance(reply.body, bytes):
            payload, content_type = reply.body, "application/octet-stream"
        else:
            payload, content_type = (
                str(reply.body or "").encode(),
                "text/plain; charset=utf-8",
            )
        try:
            self.send_response(reply.status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (timeout) and closed the connection


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # delayed handlers are woken by the stop event instead
    owner: FakeLlmServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # broken pipes from clients that timed out are expected


class FakeLlmServer:
    """A scripted OpenAI-compatible chat completions server; see the module docstring."""

    def __init__(self, *replies: Reply) -> None:
        self.requests: list[Any] = []
        self.request_headers: list[dict[str, str]] = []
        self._script: list[Reply] = list(replies) or [summary_reply()]
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- script
    def script(self, *replies: Reply) -> Self:
        """Replace the script: replies are used in order, the last one repeats."""
        if not replies:
            raise ValueError("The script needs at least one reply.")
        with self._lock:
            self._script = list(replies)
        return self

    set_script = script

    def _record(self, body: Any, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(copy.deepcopy(body))
            self.request_headers.append(headers)
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    # -- lifecycle
    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("The server is not running.")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-llm-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # wake any delayed answer
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@pytest.fixture
def llm_server() -> Iterator[FakeLlmServer]:
    """A running :class:`FakeLlmServer`, stopped after the test."""
    with FakeLlmServer() as server:
        yield server
