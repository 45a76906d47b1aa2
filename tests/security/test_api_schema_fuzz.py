"""Schemathesis over /api/schema/ as a facilitator, a participant and a manager: no 5xx, answers as declared.

Each operation gets a few generated requests (SCHEMATHESIS_EXAMPLES, default 10) per role, valid and
invalid, with path ids pointing at real objects half of the time, so that both the answers and the
refusals are exercised. Checks: no server error, the status code, content type and body are the ones
the schema declares (errors included, see config/schema.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from summaries.models import Summary, SummaryStatus
from tests.factories import ClientFactory, ParticipantFactory, UseCaseFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))

# Refusals of a body the schema calls valid, for rules a schema can state: a required field, a NUL, a
# null or a blank. (Not schemathesis' positive_data_acceptance as a whole: it counts every 400, wrong
# credentials and the workshop's own rules on the data included, as a schema violation.)
UNDECLARED = ("This field is required.", "Null characters are not allowed.", "This field may not be null.",
              "This field may not be blank.")  # fmt: skip


@schemathesis.check
def undeclared_refusal(ctx, response, case) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if case.media_type != "application/json":
        # A form body cannot say null, an empty list or an empty object: what it drops is "required".
        return None
    text = response.text
    found = [rule for rule in UNDECLARED if rule in text]
    if found:
        raise AssertionError(
            f"A schema-valid body refused for a rule the schema does not declare: {found}: {text[:300]}"
        )
    return None


@schemathesis.check
def enum_outside_accepted(ctx, response, case) -> bool | None:
    """A query parameter the schema limits to a list (e.g. `lang`) is refused outside it, never ignored."""
    if response.status_code >= 400 or not case.query:
        return None
    for parameter in case.operation.definition.raw.get("parameters", []):
        allowed = parameter.get("schema", {}).get("enum")
        if parameter.get("in") != "query" or not allowed or parameter["name"] not in case.query:
            continue
        value = case.query[parameter["name"]]
        if value not in allowed:
            raise AssertionError(
                f"{parameter['name']}={value!r} is outside {allowed} and was answered {response.status_code}"
            )
    return None


# Not negative_data_rejection: DRF reads "1" as an integer and "0" as false in form bodies, which the
# schema (JSON types) calls a violation; invalid bodies are still sent, and must not cause a 5xx.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    undeclared_refusal,
    enum_outside_accepted,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# The coverage phase (every boundary of every field) is thorough and slow: SCHEMATHESIS_COVERAGE=1 turns it on.
schema.config.phases.coverage.enabled = os.environ.get("SCHEMATHESIS_COVERAGE", "") == "1"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


class World:
    """Workshop A (Collect ideas) with a facilitator, a participant, a manager and some content."""

    def __init__(self) -> None:
        self.facilitator = UserFactory(username="alice", facilitator=True)
        self.manager = UserFactory(username="victor")
        self.workshop = WorkshopFactory(
            facilitators=[self.facilitator], client=ClientFactory(created_by=self.facilitator), phase="collect"
        )
        self.workshop.client.viewers.add(self.manager)
        self.participant, self.participant_token = ParticipantFactory.with_token(workshop=self.workshop)
        self.use_case = UseCaseFactory(workshop=self.workshop, author=self.participant)
        UseCaseFactory(workshop=self.workshop)
        self.criterion = self.workshop.criteria.first()
        self.summary = Summary.objects.create(
            workshop=self.workshop, trigger="manual", provider="builtin", status=SummaryStatus.SUCCEEDED
        )

    def headers(self, role: str) -> dict[str, str]:
        if role == "participant":
            return {"Authorization": f"Participant {self.participant_token}"}
        user = self.facilitator if role == "facilitator" else self.manager
        return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}

    def real_ids(self, case: schemathesis.Case) -> None:
        """Point path ids at real objects for even generated values (odd ones stay random: 404s)."""
        params = case.path_parameters or {}
        by_segment = {
            "workshops": self.workshop.pk,
            "clients": self.workshop.client_id,
            "use-cases": self.use_case.pk,
            "criteria": self.criterion.pk,
            "summaries": self.summary.pk,
            "participants": self.participant.pk,
        }
        for name, value in list(params.items()):
            if not isinstance(value, int) or value % 2:
                continue
            if name == "user_id":
                params[name] = self.manager.pk
            elif name in {"pk", "id"}:
                segment = case.path.split("{" + name + "}")[0].rstrip("/").rsplit("/", 1)[-1]
                params[name] = by_segment.get(segment, value)


@pytest.fixture
def world(db: None) -> Iterator[World]:
    # As Django's test client does: the WSGI handler would close the test's connection after each call.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield World()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CALLS: dict[str, set[str] | int] = {"operations": set(), "requests": 0}


def _run(case: schemathesis.Case, world: World, role: str) -> None:
    world.real_ids(case)
    CALLS["operations"].add(f"{case.method} {case.path}")  # type: ignore[union-attr]
    CALLS["requests"] += 1  # type: ignore[operator]
    case.call_and_validate(headers=world.headers(role), checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_the_api_as_a_facilitator_answers_as_its_schema_says(case, world):
    _run(case, world, "facilitator")


@schema.parametrize()
@FUZZ
def test_the_api_as_a_participant_answers_as_its_schema_says(case, world):
    _run(case, world, "participant")


@schema.parametrize()
@FUZZ
def test_the_api_as_a_manager_answers_as_its_schema_says(case, world):
    _run(case, world, "manager")


def test_the_schema_declares_the_refusals_and_the_nullable_fields(client):
    import yaml

    document = yaml.safe_load(client.get("/api/schema/").content)
    vote = document["paths"]["/api/v1/use-cases/{id}/vote/"]["post"]["responses"]
    use_case = document["components"]["schemas"]["UseCase"]["properties"]

    assert {"400", "401", "403", "404", "409", "429"} <= set(vote)
    assert "409" not in document["paths"]["/api/v1/workshops/"]["get"]["responses"]
    assert "401" not in document["paths"]["/api/v1/join/"]["post"]["responses"]
    assert use_case["my_dots"]["nullable"]
    assert use_case["votes"]["nullable"]
    assert document["components"]["schemas"]["Workshop"]["properties"]["join_code"]["nullable"]
