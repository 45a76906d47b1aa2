"""``manage.py mcp``: the MCP server over stdio (for a desktop assistant), or over HTTP with ``--http``."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from assistant.identity import TOKEN_ENV, user_for_token


class Command(BaseCommand):
    help = (
        "Serve Atelier's read-only MCP server: over stdio as the user of the API token in "
        f"{TOKEN_ENV}, or over streamable HTTP (--http) as each request's bearer token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--http", action="store_true", help="Serve streamable HTTP instead of stdio.")
        parser.add_argument("--host", default=None, help="HTTP: the address to listen on (MCP_HTTP_HOST).")
        parser.add_argument(
            "--port", type=int, default=None, help="HTTP: the port, 0 for any free one (MCP_HTTP_PORT)."
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["http"]:
            from assistant.http import serve

            host = str(options["host"] or settings.MCP_HTTP_HOST)
            port = settings.MCP_HTTP_PORT if options["port"] is None else int(str(options["port"]))
            serve(host=host, port=port, on_ready=self._announce)
            return
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise CommandError(
                _("Set %(name)s to your API token (Django admin, Tokens; or manage.py drf_create_token).")
                % {"name": TOKEN_ENV}
            )
        if user_for_token(token) is None:
            raise CommandError(
                _("The API token in %(name)s is not valid (mistyped, revoked, or its user deactivated).")
                % {"name": TOKEN_ENV}
            )
        # Reads run on the SDK's worker threads, each with its own connection: this one is done.
        connections.close_all()
        from assistant.server import build_server

        # stdout carries the protocol: nothing else may be written to it.
        build_server(token).run("stdio")

    def _announce(self, url: str) -> None:
        # One line tests and operators read: where the server listens (the port when 0 was asked for).
        self.stderr.write(f"Atelier MCP server listening on {url}")
        self.stderr.flush()
