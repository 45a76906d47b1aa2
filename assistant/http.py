"""The MCP server over streamable HTTP: its own ASGI process beside the WSGI web (``manage.py mcp --http``).

Why beside and not mounted at /mcp/ in the web app: the SDK's streamable HTTP transport is an ASGI
(Starlette) application with a lifespan that runs its session manager, while the web is Django
under gunicorn's WSGI workers, which can neither run an ASGI app nor hold a stream open without
blocking a worker that pages need. So uvicorn serves it on its own port; in docker-compose the TLS
proxy sends /mcp/ to it and everything else to gunicorn, so both answer on one address.

Stateless and JSON: each POST is answered on its own (no server-side session to share), so the
process scales out by running more of it, like the web. The Host header is checked against the
project's ALLOWED_HOSTS, as Django checks it for the pages. In front of the SDK's app,
assistant.guards counts requests per address and token, locks out addresses that guess tokens,
refuses oversized bodies, and caps and times out event streams.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

import anyio.to_thread
import uvicorn
from django.conf import settings
from django.db import close_old_connections, connection
from django.http.request import split_domain_port, validate_host
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.guards import BodyLimit, RequestGuard, StreamGuard
from assistant.server import build_server

MCP_PATH = "/mcp/"


def allowed_hosts() -> list[str]:
    """Django's rule: ALLOWED_HOSTS, or the local names when it is empty in DEBUG."""
    if settings.ALLOWED_HOSTS:
        return list(settings.ALLOWED_HOSTS)
    return [".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else []


class AllowedHostsMiddleware:
    """421 for a Host that is not one of ALLOWED_HOSTS: a DNS-rebinding page cannot reach the server."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.hosts = allowed_hosts()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((value.decode("latin-1") for key, value in scope["headers"] if key == b"host"), "")
            domain, _port = split_domain_port(host)
            if not domain or not validate_host(domain, self.hosts):
                await PlainTextResponse("Invalid Host header", status_code=421)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _database_answers() -> None:
    close_old_connections()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        close_old_connections()


def http_app() -> ASGIApp:
    server = build_server(http=True)

    @server.custom_route("/healthz", methods=["GET"])
    async def healthz(request: Request) -> Response:
        """Liveness for the container: the process answers and reaches its database."""
        await anyio.to_thread.run_sync(_database_answers)
        return PlainTextResponse("ok")

    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        # The Host check is AllowedHostsMiddleware's, from the project's settings.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    return AllowedHostsMiddleware(RequestGuard(BodyLimit(StreamGuard(app)), path=MCP_PATH))


def listening_socket(host: str, port: int) -> socket.socket:
    """Bound and listening before uvicorn starts, so the port (0: any free one) is known and taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def serve(*, host: str, port: int, on_ready: Callable[[str], None]) -> None:
    """Serve until stopped (SIGINT or SIGTERM), calling ``on_ready`` with the endpoint's URL."""
    sock = listening_socket(host, port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        http_app(),
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=settings.MCP_HTTP_SHUTDOWN_TIMEOUT_SECONDS,
        # uvicorn believes no header; the guards read X-Forwarded-For from TRUSTED_PROXIES only,
        # as the web does (core.throttle.client_ip).
        proxy_headers=False,
    )
    shown = f"[{host}]" if ":" in host else host
    on_ready(f"http://{shown}:{bound_port}{MCP_PATH}")
    uvicorn.Server(config).run(sockets=[sock])
