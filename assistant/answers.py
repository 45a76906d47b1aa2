"""What each tool answers, read through the selectors and serializers the REST API uses.

Every function takes the Actor a token stands for and returns machine JSON: the same field names
and values as the REST API's answer for the same read (money as strings with two decimals, rates
and scores as numbers, dates in ISO 8601), so an assistant and a script see one set of figures.
Scoping is the selectors': a workshop, use case or client the actor may not read raises Http404,
whether it exists or not; results hidden from the actor raise ResultsHidden (``Access``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.utils.encoders import JSONEncoder

from assistant.arguments import cursor_offset
from compliance import selectors as compliance_selectors
from compliance.serializers import AssessmentSerializer, assessment_data
from core.numbers import machine_score
from pocs.selectors import client_for_user
from reports.items import ranked_items
from roi.calculator import scenarios
from roi.selectors import roi_estimate_for, roi_inputs, roi_use_case
from roi.serializers import estimate_data
from summaries.selectors import latest_succeeded, summaries_for
from summaries.serializers import SummarySerializer
from usecases import selectors as usecase_selectors
from usecases.serializers import UseCaseSerializer, ranking_row_data
from workshop.selectors import (
    Access,
    Actor,
    clients_for_user,
    facilitated_workshop_ids,
    workshop_access,
    workshops_for_user,
)
from workshop.serializers import ClientSerializer, WorkshopSerializer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A ranking lists every use case of a workshop: one workshop's worth, bounded all the same.
DEFAULT_RANKING_LIMIT = 50
MAX_RANKING_LIMIT = 200


class BadArgument(ValueError):
    """An argument the schema lets through but the server cannot use (an unknown cursor, two scopes)."""


def as_json(data: object) -> Any:
    """``data`` as the REST API's JSONRenderer would send it, parsed back: JSON-native values only."""
    return json.loads(json.dumps(data, cls=JSONEncoder))


def user_of(actor: Actor) -> User | AnonymousUser:
    if actor.user is None:
        raise BadArgument(_("Sign in with an API token."))
    return actor.user


def page(rows: QuerySet[Any] | Sequence[T], *, limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
    """One page of ``rows`` from ``cursor`` (an opaque string this server gave; None: the first page)."""
    start = 0
    if cursor:
        offset = cursor_offset(cursor)
        if offset is None:
            raise BadArgument(_("This cursor is not one this server gave: start again without it."))
        start = offset
    chunk = list(rows[start : start + limit + 1])
    return chunk[:limit], (str(start + limit) if len(chunk) > limit else None)


def client_list(actor: Actor, *, limit: int, cursor: str | None) -> dict[str, Any]:
    """The clients the actor reads (GET /api/v1/clients/), by name."""
    qs = clients_for_user(user_of(actor)).order_by("name", "id")
    rows, next_cursor = page(qs, limit=limit, cursor=cursor)
    return as_json({"clients": ClientSerializer(rows, many=True).data, "total": qs.count(), "next_cursor": next_cursor})


def workshop_list(actor: Actor, *, client_id: int | None, limit: int, cursor: str | None) -> dict[str, Any]:
    """The workshops the actor reads (GET /api/v1/workshops/), most recent first, optionally of one client."""
    user = user_of(actor)
    qs = workshops_for_user(user).order_by("-created_at", "-id")
    if client_id is not None:
        qs = qs.filter(client=client_for_user(user, client_id))
    rows, next_cursor = page(qs, limit=limit, cursor=cursor)
    # The join code only where the caller facilitates, as the API's workshop_data does.
    facilitated = facilitated_workshop_ids(user, [w.pk for w in rows])
    data = WorkshopSerializer(rows, many=True, context={"facilitated": facilitated}).data
    return as_json({"workshops": data, "total": qs.count(), "next_cursor": next_cursor})


def workshop_ranking(actor: Actor, *, workshop_id: int, limit: int) -> dict[str, Any]:
    """The ranking (GET /api/v1/workshops/{id}/ranking/): the results page's figures, from reports.items."""
    access = workshop_access(actor=actor, pk=workshop_id)
    access.require_results()
    items = ranked_items(access.workshop, reader=access)
    rows = [ranking_row_data(item.row) for item in items.items]
    set_aside = [ranking_row_data(item.row) for item in items.set_aside]
    return as_json(
        {
            "workshop": access.workshop.pk,
            "title": access.workshop.title,
            "phase": access.workshop.phase,
            "rows": rows[:limit],
            "rows_total": len(rows),
            "set_aside": set_aside[:limit],
            "set_aside_total": len(set_aside),
            "participants": items.participants,
            "scores": items.scores,
            "votes": items.votes,
        }
    )


def _scores_summary(access: Access, use_case_id: int) -> dict[str, Any] | None:
    """The use case's ranking row and its mean per criterion; None when results are hidden from the actor."""
    if not access.can_see_results:
        return None
    item = ranked_items(access.workshop, reader=access).get(use_case_id)
    if item is None:
        return None
    criteria = [
        {
            "criterion": criterion.pk,
            "name": criterion.name,
            "axis": criterion.axis,
            "weight": criterion.weight,
            "mean": machine_score(item.row.criterion_means.get(criterion.pk)),
        }
        for criterion in usecase_selectors.criteria(access.workshop)
    ]
    return {**ranking_row_data(item.row), "criteria": criteria}


def use_case_detail(actor: Actor, *, use_case_id: int) -> dict[str, Any]:
    """A use case (GET /api/v1/use-cases/{id}/), its scores, its assessment (…/assessment/) and ROI (…/roi/)."""
    access = workshop_access(actor=actor, pk=usecase_selectors.use_case_workshop_id(use_case_id))
    use_case = usecase_selectors.use_case_for(access, use_case_id)
    context = {
        "access": access,
        "totals": usecase_selectors.vote_totals(access),
        "dots": usecase_selectors.own_dots(access.participant),
    }
    estimate = roi_estimate_for(roi_use_case(access=access, pk=use_case_id))
    assessment = assessment_data(use_case, compliance_selectors.assessment_for(use_case))
    return as_json(
        {
            "use_case": UseCaseSerializer(use_case, context=context).data,
            "results_hidden": not access.can_see_results,
            "scores": _scores_summary(access, use_case.pk),
            "assessment": AssessmentSerializer(assessment).data,
            "roi": estimate_data(estimate, scenarios(roi_inputs(estimate)), currency=access.workshop.currency),
        }
    )


def latest_summary(actor: Actor, *, workshop_id: int) -> dict[str, Any]:
    """The latest finished summary the actor may read (as GET /api/v1/summaries/{id}/), and any newer run."""
    access = workshop_access(actor=actor, pk=workshop_id)
    readable = summaries_for(access)
    latest = latest_succeeded(readable)
    newest = readable.first()
    newer = None
    if newest is not None and newest != latest:
        newer = {"id": newest.pk, "status": newest.status, "created_at": newest.created_at}
    return as_json(
        {
            "workshop": access.workshop.pk,
            "summary": SummarySerializer(latest, context={"access": access}).data if latest is not None else None,
            "newer": newer,
        }
    )


def summary_markdown(actor: Actor, *, workshop_id: int) -> str:
    """The latest finished summary's Markdown, or "" when there is none the actor may read."""
    access = workshop_access(actor=actor, pk=workshop_id)
    latest = latest_succeeded(summaries_for(access))
    return latest.markdown if latest is not None and not access.is_participant else ""
