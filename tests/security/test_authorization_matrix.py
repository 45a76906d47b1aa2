"""Every route of the URL conf × every method × seven actors answers as tests/security/authz_rules.py says."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security.authz_rules import METHODS, ROLES, rule_for
from tests.security.matrix import Matrix, all_routes, outcome

pytestmark = pytest.mark.django_db


def test_every_route_has_a_rule():
    missing = sorted(route.name for route in all_routes() if rule_for(route.name) is None)

    assert not missing, f"Routes without an expected rule in tests/security/authz_rules.py: {missing}"


def test_every_rule_names_a_route():
    from tests.security.authz_rules import RULES

    names = {route.name for route in all_routes()}

    assert not sorted(set(RULES) - names), "Rules for routes that no longer exist"


def _run(selection: str) -> tuple[list[str], int]:
    matrix = Matrix()
    failures: list[str] = []
    checked = 0
    for route in all_routes():
        is_admin = route.name.startswith("admin:")
        if (selection == "admin") != is_admin or (selection == "api") != (route.is_api and not is_admin):
            continue
        rule = rule_for(route.name)
        assert rule is not None, route.name
        for method in METHODS:
            body_for = rule.bodies.get(method)
            body = body_for(matrix) if body_for else None
            for role in ROLES:
                expected = rule.expected(method, role)
                got = outcome(matrix.call(role, method, route, body))
                checked += 1
                if got != expected:
                    failures.append(
                        f"{method} {route.name} ({matrix.url(route)}) as {role}: expected {expected}, got {got}"
                    )
    return failures, checked


@pytest.mark.parametrize("selection", ["pages", "api", "admin"])
def test_every_route_every_method_every_actor_answers_as_the_rules_say(selection, capsys):
    failures, checked = _run(selection)

    with capsys.disabled():
        print(f"\nauthorisation matrix ({selection}): {checked} requests checked")
    assert checked > 0
    assert not failures, f"{len(failures)} of {checked} answers differ:\n" + "\n".join(failures)


def test_the_matrix_can_fail(settings):
    """A rule that does not hold is reported (guards the matrix itself against always passing)."""
    matrix = Matrix()
    route = next(r for r in all_routes() if r.name == "workshop:board")

    assert outcome(matrix.call("facilitator_b", "GET", route)) == "404"
    assert outcome(matrix.call("facilitator_a", "GET", route)) == "ok"
    assert outcome(Client().get("/dashboard/")) == "login"
