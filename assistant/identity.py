"""Who asks: an Atelier API token (the REST API's own, rest_framework.authtoken) as the Actor selectors take.

The token is looked up on every call, exactly as TokenAuthentication does for the REST API, so that
revoking it (Django admin, or ``manage.py drf_create_token -r``) stops the assistant at once, and a
deactivated user reads nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio.to_thread
from django.db import close_old_connections
from django.utils.translation import gettext as _
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from workshop.selectors import Actor

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TOKEN_ENV = "ATELIER_API_TOKEN"


class NotAuthenticated(Exception):
    """No token, or one that Atelier does not know (mistyped, revoked) or whose user is inactive."""


def user_for_token(key: str | None) -> User | None:
    """The active user whose API token is ``key``, by the REST API's own rule; None otherwise."""
    if not key:
        return None
    try:
        user, _token = TokenAuthentication().authenticate_credentials(key)
    except AuthenticationFailed:
        return None
    return user


def actor_for_token(key: str | None) -> Actor:
    user = user_for_token(key)
    if user is None:
        raise NotAuthenticated(
            _("The API token is not valid (mistyped, revoked, or its user deactivated): ask for a new one.")
        )
    return Actor(user=user)


def request_token(default: str | None) -> str | None:
    """The bearer token of the HTTP request being served, else ``default`` (stdio: the environment's)."""
    access = get_access_token()
    return access.token if access is not None else default


def _verify_in_thread(token: str) -> AccessToken | None:
    close_old_connections()
    try:
        user = user_for_token(token)
    finally:
        close_old_connections()
    if user is None:
        return None
    # The SDK ties a session to this principal: another token cannot use it.
    return AccessToken(token=token, client_id=f"atelier-user-{user.pk}", scopes=[], subject=str(user.pk))


class ApiTokenVerifier:
    """The SDK's TokenVerifier over Atelier's API tokens (``Authorization: Bearer <token>``)."""

    async def verify_token(self, token: str) -> AccessToken | None:
        # The ORM is synchronous: a worker thread, as the SDK runs synchronous tools.
        return await anyio.to_thread.run_sync(_verify_in_thread, token)
