"""The data a summary is written from: one snapshot of the workshop, and its hash.

Plain JSON types only, so that it can be stored, hashed and sent as is; its
shape is the one summaries/prompt.py documents.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.conf import settings

from roi.selectors import roi_figures
from usecases.models import Hosting, Status, UseCase
from usecases.ranking import rank_workshop
from workshop.models import Workshop


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _bounded(text: str) -> str:
    """Participant (or facilitator) text cut to SUMMARY_SNAPSHOT_FIELD_CHARS, so a row stays small."""
    limit = settings.SUMMARY_SNAPSHOT_FIELD_CHARS
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _hosting(use_case: UseCase) -> str:
    return f"data: {use_case.data_location}, model: {use_case.model_location}"


def summary_snapshot(workshop: Workshop) -> dict[str, Any]:
    """The data a summary is written from, in the shape summaries/prompt.py documents.

    Plain JSON types only (amounts as strings), so that it can be stored, hashed
    and sent as is. Merged and rejected use cases are left out. Every text is
    bounded; the use case's ``id`` lets a deletion take it out of stored snapshots
    (it is never sent to a model: the prompt picks its keys).
    """
    ranking = rank_workshop(workshop)
    ids = [row.use_case_id for row in ranking.rows]
    use_cases = UseCase.objects.in_bulk(ids)
    figures = roi_figures(ids)
    budget = Decimal(0)
    rows = []
    for row in ranking.rows:
        uc = use_cases[row.use_case_id]
        base = figures.get(row.use_case_id, {}).get("base")
        roi = None
        if base is not None:
            roi = {
                "poc_cost": str(base.poc_cost),
                "npv": str(base.npv),
                "risk_adjusted_npv": str(base.risk_adjusted_npv),
                "payback_months": base.payback_months,
                "roi_percent": None if base.roi_percent is None else float(round(base.roi_percent, 1)),
            }
            if row.status == Status.SHORTLISTED:
                budget += base.poc_cost
        rows.append(
            {
                "id": uc.pk,
                "rank": row.rank,
                "title": _bounded(uc.title),
                "problem": _bounded(uc.problem),
                "solution": _bounded(uc.solution),
                "benefits": _bounded(uc.benefits),
                "data_sources": _bounded(uc.data_sources),
                "affected_users": _bounded(uc.affected_users),
                "category": uc.category,
                "status": uc.status,
                "impact": _round(row.impact),
                "feasibility": _round(row.feasibility),
                "priority": _round(row.priority),
                "votes": row.votes,
                "spread": _round(row.spread),
                "needs_discussion": row.needs_discussion,
                "quadrant": row.quadrant,
                "ai_act_tier": uc.ai_act_tier,
                "personal_data": uc.personal_data,
                "special_category_data": uc.special_category_data,
                "automated_decisions": uc.automated_decisions,
                "hosting": _hosting(uc),
                "non_eu_hosting": Hosting.NON_EU_CLOUD in {uc.data_location, uc.model_location},
                "client_role": uc.client_role,
                "compliance_note": _bounded(uc.compliance_note),
                "roi": roi,
            }
        )
    return {
        "workshop": {
            "title": _bounded(workshop.title),
            "objective": _bounded(workshop.objective),
            "client": _bounded(workshop.client.name),
            "language": workshop.language,
            "currency": workshop.currency,
            "participants": ranking.participants,
        },
        "use_cases": rows,
        "totals": {
            "use_cases": len(rows),
            "scores": ranking.scores,
            "votes": ranking.votes,
            "poc_budget": str(budget),
        },
    }


def snapshot_hash(snapshot: dict[str, Any], *, provider: str, model: str, language: str) -> str:
    """Same data, provider, model and language: same hash, so the finished summary is reused."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256("\n".join([canonical, provider, model, language]).encode()).hexdigest()


def snapshot_title(snapshot: dict[str, Any]) -> str:
    workshop = snapshot.get("workshop") or {}
    return str(workshop.get("title") or "") if isinstance(workshop, dict) else ""
