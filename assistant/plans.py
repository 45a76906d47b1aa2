"""The POC plan and the POCs of a workshop or a client, as the plan exports and the POC API build them.

The plan is reports.plan's (the shortlist in rank order, then the other proposed use cases), its
rows in the portfolio API's shape (reports.serializers.portfolio_data); the Markdown is the plan
export itself (reports.exports.markdown). POCs are pocs.selectors' planned-against-actual reports
in the POC API's shape (pocs.serializers). Who may read a plan is reports.selectors.export_access:
facilitators and managers, once the results are visible to them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from assistant.answers import as_json, page, user_of
from core.numbers import machine_money
from pocs.selectors import client_for_user, client_portfolio_workshops, poc_access, poc_portfolio, poc_report
from pocs.serializers import poc_data, poc_status_data, portfolio_row_data
from reports.exports.markdown import render_markdown
from reports.items import RankedItem
from reports.plan import Plan, WorkshopPlan, client_plan, workshop_plan
from reports.portfolio import Portfolio
from reports.selectors import export_access, export_language
from reports.serializers import portfolio_data
from workshop.models import Workshop
from workshop.selectors import Actor, workshop_access

# A client plan lists this many workshops per page at most (each with its whole shortlist).
DEFAULT_PLAN_WORKSHOPS = 5
MAX_PLAN_WORKSHOPS = 20


class ScopeMissing(ValueError):
    """Neither or both of a workshop and a client were named."""


def check_scope(workshop_id: int | None, client_id: int | None) -> None:
    if (workshop_id is None) == (client_id is None):
        raise ScopeMissing(_("Give either a workshop_id or a client_id, not both."))


def _rows(items: list[RankedItem], workshop: WorkshopPlan) -> list[dict[str, Any]]:
    """The portfolio API's rows, with the compliance facts the plan prints beside them."""
    shaped = Portfolio(rows=items, total_poc_cost=Decimal("0.00"), missing=0)
    rows = portfolio_data(shaped, workshop=workshop.workshop)["rows"]
    assert isinstance(rows, list)
    return [
        {
            **row,
            "status": item.status,
            "quadrant": item.quadrant,
            "ai_act_tier": item.assessment.tier,
            "ai_act_basis": item.assessment.basis,
            "ai_act_basis_label": item.ai_act_basis_label,
            "ai_act_suggested_tier": item.assessment.suggested_tier,
            "override_reason": item.assessment.override_reason,
            "law_changed": item.assessment.reassess,
            "needs_legal_review": item.needs_legal_review,
            "alerts": [{"code": flag.code, "severity": flag.severity, "text": flag.text} for flag in item.alert_flags],
        }
        for row, item in zip(rows, items, strict=True)
    ]


def _workshop_part(workshop: WorkshopPlan) -> dict[str, Any]:
    # The shortlist is the portfolio (GET /api/v1/workshops/{id}/portfolio/) in rank order.
    shortlist = Portfolio(
        rows=workshop.shortlisted, total_poc_cost=workshop.poc_budget, missing=len(workshop.shortlist.not_estimated)
    )
    shortlist_data = portfolio_data(shortlist, workshop=workshop.workshop)
    return {
        "workshop": workshop.workshop_id,
        "title": workshop.title,
        "held_on": workshop.held_on,
        "participants": workshop.participants,
        "currency": workshop.currency,
        "shortlist": {**shortlist_data, "rows": _rows(workshop.shortlisted, workshop)},
        "other_candidates": _rows(workshop.others, workshop),
        "has_summary": bool(workshop.summary_markdown),
    }


def _plan_data(plan: Plan, workshops: list[WorkshopPlan], next_cursor: str | None, uri: str) -> dict[str, Any]:
    return as_json(
        {
            "kind": plan.kind,
            "title": plan.title,
            "client": plan.client_name,
            "exported_on": plan.exported_on,
            # Over every workshop of the plan, not only this page's.
            "budgets": {currency: machine_money(amount) for currency, amount in plan.budgets.items()},
            "workshops_total": len(plan.workshops),
            "workshops": [_workshop_part(workshop) for workshop in workshops],
            "next_cursor": next_cursor,
            "markdown": uri,
        }
    )


def _client_plan(actor: Actor, client_id: int) -> Plan:
    user = user_of(actor)
    if not user.is_authenticated:
        raise PermissionDenied(_("Only facilitators and managers can export the plan."))
    client = client_for_user(user, client_id)
    return client_plan(client, client_portfolio_workshops(user, client_id))


def plan_uri(workshop_id: int | None, client_id: int | None) -> str:
    if workshop_id is not None:
        return f"atelier://workshops/{workshop_id}/plan.md"
    return f"atelier://clients/{client_id}/plan.md"


def plan_for(actor: Actor, *, workshop_id: int | None, client_id: int | None) -> Plan:
    """The plan of one workshop, or of every workshop of a client the actor reads (most recent first)."""
    check_scope(workshop_id, client_id)
    if workshop_id is not None:
        return workshop_plan(export_access(actor, workshop_id).workshop)
    assert client_id is not None
    return _client_plan(actor, client_id)


def poc_plan(
    actor: Actor, *, workshop_id: int | None, client_id: int | None, limit: int, cursor: str | None
) -> dict[str, Any]:
    """The prioritised POC plan of one workshop, or of a client's workshops (a page of them)."""
    plan = plan_for(actor, workshop_id=workshop_id, client_id=client_id)
    workshops, next_cursor = page(plan.workshops, limit=limit, cursor=cursor)
    return _plan_data(plan, workshops, next_cursor, plan_uri(workshop_id, client_id))


def plan_markdown(actor: Actor, *, workshop_id: int | None, client_id: int | None, language: str | None) -> str:
    """The plan's Markdown export, as the REST API's …/plan.md sends it (in ``language``, else the default)."""
    with translation.override(export_language(language)):
        return render_markdown(plan_for(actor, workshop_id=workshop_id, client_id=client_id)).decode("utf-8")


def _poc_workshops(actor: Actor, workshop_id: int | None, client_id: int | None) -> list[Workshop]:
    if workshop_id is not None:
        access = workshop_access(actor=actor, pk=workshop_id)
        if access.is_participant:
            raise PermissionDenied(_("Participants see a POC's status only."))
        return [access.workshop]
    return client_portfolio_workshops(user_of(actor), client_id or 0)


def poc_list(
    actor: Actor, *, workshop_id: int | None, client_id: int | None, limit: int, cursor: str | None
) -> dict[str, Any]:
    """The POCs with baseline (planned) and re-projected (actual so far) figures (GET /api/v1/clients/{id}/pocs/)."""
    check_scope(workshop_id, client_id)
    rows = [portfolio_row_data(row) for row in poc_portfolio(_poc_workshops(actor, workshop_id, client_id))]
    shown, next_cursor = page(rows, limit=limit, cursor=cursor)
    return as_json({"pocs": shown, "total": len(rows), "next_cursor": next_cursor})


def poc_detail(actor: Actor, *, poc_id: int) -> dict[str, Any]:
    """One POC, planned against actual, with its metrics, definition of done and check-ins (GET /api/v1/pocs/{id}/)."""
    access, poc = poc_access(actor=actor, pk=poc_id)
    if access.is_participant:
        return as_json(poc_status_data(poc))
    return as_json(poc_data(poc_report(poc)))
