"""The routes of the URL conf, their URLs filled in for the matrix's objects, and the seven actors' clients.

Shared by the authorisation matrix, the CSRF test, the XSS test and the timeline test,
so that each walks every route the URL conf has, not a list someone keeps by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pocs import services as poc_services
from pocs.models import Poc
from summaries.models import Summary, SummaryStatus
from tests.factories import (
    ClientFactory,
    ParticipantFactory,
    RoiEstimateFactory,
    UseCaseFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.security.authz_rules import (
    FORBIDDEN,
    HIDDEN,
    JOIN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    ROLES,
    UNAUTHENTICATED,
)
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role, participant_cookie_name


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # the pattern as written, for messages
    params: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def _walk(patterns: list, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            route = prefix + str(pattern.pattern)
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
            yield Route(name=name, route=route, params=tuple(a or b for a, b in params))


def all_routes() -> list[Route]:
    """Every named route of the URL conf, once each."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)
    return list(seen.values())


class Matrix:
    """Workshop A (Collect ideas, results hidden) and B, and the actors around them."""

    def __init__(self) -> None:
        self.facilitator_a = UserFactory(username="alice", facilitator=True)
        self.facilitator_b = UserFactory(username="charlie", facilitator=True)
        self.manager_a = UserFactory(username="victor")
        self.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.outsider = UserFactory(username="olivia")
        self.a = WorkshopFactory(
            facilitators=[self.facilitator_a],
            client=ClientFactory(created_by=self.facilitator_a),
            title="Workshop A",
            phase="collect",
        )
        self.a.client.viewers.add(self.manager_a)
        self.b = WorkshopFactory(
            facilitators=[self.facilitator_b],
            client=ClientFactory(created_by=self.facilitator_b),
            title="Workshop B",
            phase="collect",
        )
        self.participant_a, self.token_a = ParticipantFactory.with_token(workshop=self.a, display_name="Pat A")
        self.participant_b, self.token_b = ParticipantFactory.with_token(workshop=self.b, display_name="Pat B")
        self.use_case = UseCaseFactory(workshop=self.a, author=self.participant_a, title="A's idea")
        self.other_use_case = UseCaseFactory(workshop=self.a, title="Another idea")
        self.criterion = self.a.criteria.order_by("order").first()
        self.summary = Summary.objects.create(
            workshop=self.a, trigger="manual", provider="builtin", status=SummaryStatus.SUCCEEDED, markdown="Done."
        )
        self.poc = self._poc()
        self.check_in = self.poc.check_ins.get()
        self.metric = self.poc.metrics.order_by("order").first()
        self.dod_item = self.poc.dod_items.order_by("order").first()
        self.clients = {role: self._client(role) for role in self.roles()}
        self.cookies = {role: client.cookies.output(header="", sep=";") for role, client in self.clients.items()}

    def _poc(self) -> Poc:
        """A POC of A's idea, started while it was shortlisted (back to proposed since), with one check-in."""
        access = Access(workshop=self.a, role=Role.FACILITATOR, actor=Actor(user=self.facilitator_a))
        self.use_case.status = "shortlisted"
        self.use_case.save()
        RoiEstimateFactory(use_case=self.use_case)
        poc = poc_services.poc_start(
            access=access,
            use_case=self.use_case,
            owner="Ines",
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 4, 5),
            success_criteria="Half the emails routed without an agent.",
        )
        poc_services.poc_check_in_add(
            access=access, poc=poc, date=date(2026, 2, 5), hours_saved=Decimal(30), notes="First sprint review."
        )
        self.use_case.status = "proposed"
        self.use_case.save()
        return poc

    @staticmethod
    def roles() -> tuple[str, ...]:
        return ROLES

    def _client(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        user = (
            getattr(self, role, None) if role in {"facilitator_a", "facilitator_b", "manager_a", "superuser"} else None
        )
        if user is not None:
            client.force_login(user)
        if role == "participant_a":
            client.cookies[participant_cookie_name(self.a.pk)] = self.token_a
        if role == "participant_b":
            client.cookies[participant_cookie_name(self.b.pk)] = self.token_b
        return client

    def api_headers(self, role: str) -> dict[str, str]:
        token = {"participant_a": self.token_a, "participant_b": self.token_b}.get(role)
        return {"HTTP_AUTHORIZATION": f"Participant {token}"} if token else {}

    # --- URLs ---------------------------------------------------------------------------------

    def url(self, route: Route) -> str:
        return reverse(route.name, kwargs={param: self._arg(route, param) for param in route.params})

    def _arg(self, route: Route, param: str) -> Any:
        if route.name.startswith("admin:"):
            return self._admin_arg(route, param)
        simple = {
            "criterion_pk": self.criterion.pk,
            "use_case_pk": self.use_case.pk,
            "participant_pk": self.participant_a.pk,
            "user_id": self.manager_a.pk,
            "item_id": self.dod_item.pk,
            "metric_id": self.metric.pk,
            "code": self.a.join_code,
            "fmt": "csv",
            "token": "no-such-rejoin-link",
        }
        if param in simple:
            return simple[param]
        if param == "pk":
            before = route.route.split("<int:pk>")[0].split("(?P<pk>")[0]
            segment = before.rstrip("/").rsplit("/", 1)[-1].lstrip("^")
            by_segment = {
                "workshops": self.a.pk,
                "clients": self.a.client_id,
                "use-cases": self.use_case.pk,
                "criteria": self.criterion.pk,
                "summaries": self.summary.pk,
                "participants": self.participant_a.pk,
                "pocs": self.poc.pk,
            }
            return by_segment[segment]
        raise KeyError(f"{route.name}: no value for <{param}> (add one in tests/security/matrix.py)")

    def _admin_arg(self, route: Route, param: str) -> Any:
        if param == "app_label":
            return "workshop"
        if param == "content_type_id":
            return ContentType.objects.get_for_model(Workshop).pk
        if param in {"object_id", "id"}:
            model = route.name.removeprefix("admin:").rsplit("_", 1)[0]
            objects = {
                "workshop_workshop": self.a,
                "workshop_client": self.a.client,
                "workshop_participant": self.participant_a,
                "workshop_summary": self.summary,
                "usecases_usecase": self.use_case,
                "usecases_criterion": self.criterion,
                "pocs_poc": self.poc,
                "pocs_checkin": self.check_in,
                "auth_user": self.facilitator_a,
            }
            # The longest model name the route starts with ("auth_user" for auth_user_password_change).
            key = max((k for k in objects if model.startswith(k)), key=len, default=None)
            return str((objects[key] if key else self.a).pk)
        raise KeyError(f"{route.name}: no value for <{param}>")

    # --- Calls --------------------------------------------------------------------------------

    def call(
        self, role: str, method: str, route: Route, body: dict[str, Any] | None = None, **extra: Any
    ) -> HttpResponse:
        """One request as `role`, its writes rolled back and the client's cookies restored after it."""
        client = self.clients[role]
        url = self.url(route)
        if route.is_api:
            data: str = json.dumps(body or {})
            content_type = "application/json"
            extra = {**self.api_headers(role), **extra}
        else:
            data = urlencode(body or {})
            content_type = "application/x-www-form-urlencoded"
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, **extra)
            else:
                response = client.generic(method, url, data, content_type=content_type, **extra)
            transaction.set_rollback(True)
        client.cookies = SimpleCookie(self.cookies[role])
        return response


def outcome(response: HttpResponse) -> str:
    """The response as the rules table names it."""
    status = response.status_code
    if status in {301, 302, 303, 307, 308}:
        location = response.get("Location", "")
        if location.startswith("/join/?workshop="):
            return JOIN
        return LOGIN if "/accounts/login/" in location or "/admin/login/" in location else OK
    named = {401: UNAUTHENTICATED, 403: FORBIDDEN, 404: HIDDEN, 405: NOT_ALLOWED}
    if status in named:
        return named[status]
    if status in {200, 201, 202, 204, 286, 304, 400, 409}:
        return OK
    return str(status)
