"""CSRF holds on every write of the URL conf, htmx included: 403 without the token, the action with it."""

from __future__ import annotations

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from tests.security.authz_rules import OK, rule_for
from tests.security.matrix import Matrix, all_routes, outcome

pytestmark = pytest.mark.django_db

# Who tries each write: the first of these the rules allow. On the API only a session is ambient
# (a token in a header is not sent by a forged form), so only signed-in users are tried there.
PAGE_ROLES = ("facilitator_a", "participant_a", "superuser", "manager_a", "anonymous")
API_ROLES = ("facilitator_a", "superuser", "manager_a", "facilitator_b")


def _writes(matrix: Matrix) -> list[tuple]:
    writes = []
    for route in all_routes():
        if route.name.startswith("admin:"):
            continue
        rule = rule_for(route.name)
        for method, by_role in rule.methods.items():
            if method == "GET":
                continue
            role = next((r for r in (API_ROLES if route.is_api else PAGE_ROLES) if by_role[r] == OK), None)
            if role is not None:
                body = rule.bodies[method](matrix) if method in rule.bodies else None
                writes.append((route, method, role, body))
    return writes


def _csrf_client(matrix: Matrix, role: str) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies = matrix.clients[role].cookies
    return client


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_every_write_needs_the_csrf_token(htmx, capsys):
    matrix = Matrix()
    writes = _writes(matrix)
    failures = []
    for route, method, role, body in writes:
        original = matrix.clients[role]
        matrix.clients[role] = _csrf_client(matrix, role)
        try:
            extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            without = matrix.call(role, method, route, body, **extra)
            secret = _get_new_csrf_string()
            matrix.clients[role].cookies["csrftoken"] = secret
            # htmx sends the token as the x-csrftoken header from <body hx-headers>; forms send it too.
            with_token = matrix.call(role, method, route, body, HTTP_X_CSRFTOKEN=secret, **extra)
        finally:
            matrix.clients[role] = original
        if without.status_code != 403:
            failures.append(f"{method} {route.name} as {role} without a token: {without.status_code}")
        if outcome(with_token) != OK:
            failures.append(f"{method} {route.name} as {role} with the token: {with_token.status_code}")

    with capsys.disabled():
        print(f"\nCSRF ({'htmx' if htmx else 'form'}): {len(writes)} writes tried without and with the token")
    assert len(writes) > 40
    assert not failures, "\n".join(failures)


def test_the_base_layout_gives_htmx_the_token(alice_client, workshop):
    page = alice_client.get(f"/workshops/{workshop.pk}/").content.decode()

    assert 'hx-headers=\'{"x-csrftoken": "' in page
