"""The data a summary is written from: one snapshot of the workshop, and its hash.

Plain JSON types only, so that it can be stored, hashed and sent as is; its
shape is the one summaries/prompt.py documents.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings

from core.formatting import PERCENT_DECIMALS, round_half_up
from core.numbers import machine_score
from reports.items import RankedItem, ranked_items, shortlist
from workshop.models import Workshop


def _bounded(text: str) -> str:
    """Participant (or facilitator) text cut to SUMMARY_SNAPSHOT_FIELD_CHARS, so a row stays small."""
    limit = settings.SUMMARY_SNAPSHOT_FIELD_CHARS
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Rounded as every reader sees it (half up, two decimals), so the model quotes the same figure.
_score = machine_score


def _roi(item: RankedItem) -> dict[str, Any] | None:
    base = item.base
    if base is None:  # not estimated: no figures, in no budget
        return None
    return {
        "poc_cost": str(base.poc_cost),
        "npv": str(base.npv),
        "risk_adjusted_npv": str(base.risk_adjusted_npv),
        "payback_months": base.payback_months,
        "roi_percent": None if base.roi_percent is None else float(round_half_up(base.roi_percent, PERCENT_DECIMALS)),
    }


def _row(item: RankedItem) -> dict[str, Any]:
    uc = item.use_case
    return {
        # Lets a deletion take the use case out of stored snapshots; never sent to a model.
        "id": uc.pk,
        "rank": item.rank,
        "title": _bounded(uc.title),
        "problem": _bounded(uc.problem),
        "solution": _bounded(uc.solution),
        "benefits": _bounded(uc.benefits),
        "data_sources": _bounded(uc.data_sources),
        "affected_users": _bounded(uc.affected_users),
        "category": uc.category,
        "status": uc.status,
        "impact": _score(item.impact),
        "feasibility": _score(item.feasibility),
        "priority": _score(item.priority),
        "votes": item.votes,
        "spread": _score(item.spread),
        "needs_discussion": item.needs_discussion,
        "quadrant": item.quadrant,
        "ai_act_tier": uc.ai_act_tier,
        "personal_data": uc.personal_data,
        "special_category_data": uc.special_category_data,
        "automated_decisions": uc.automated_decisions,
        "hosting": f"data: {uc.data_location}, model: {uc.model_location}",
        "non_eu_hosting": any(flag.code.endswith("non_eu_cloud") for flag in item.flags),
        "client_role": uc.client_role,
        "compliance_note": _bounded(uc.compliance_note),
        # The codes of reports.flags that a reader must not miss, worded by that vocabulary.
        "flags": [flag.code for flag in item.alert_flags],
        "ai_act": _ai_act(item),
        "roi": _roi(item),
    }


def _ai_act(item: RankedItem) -> dict[str, Any]:
    """The pre-assessment as plain data: the tier in force and how it was reached, what it obliges to."""
    view = item.assessment
    return {
        "tier": view.tier,
        "basis": view.basis,
        "suggested_tier": view.suggested_tier,
        "override_reason": _bounded(view.override_reason),
        "law": view.edition.code if view.edition else None,
        "law_changed": [
            {"kind": c.kind, "article": c.article, "before": c.before, "after": c.after} for c in view.changes
        ],
        "articles": list(view.articles),
        "obligations": [
            {"article": o.article, "role": o.role, "applies_from": o.applies_from.isoformat()} for o in view.obligations
        ],
        "dpia": view.dpia,
        "fria_required": view.fria_required,
        "needs_legal_review": view.needs_legal_review,
    }


def summary_snapshot(workshop: Workshop) -> dict[str, Any]:
    """The data a summary is written from, in the shape summaries/prompt.py documents.

    Read from the ranked items (reports.items), the same as the results page and
    the plan. Plain JSON types only (amounts as strings), so that it can be
    stored, hashed and sent as is. Merged and rejected use cases are left out
    (and counted). Every text is bounded (SUMMARY_SNAPSHOT_FIELD_CHARS).
    """
    items = ranked_items(workshop)
    rows = [_row(item) for item in items.items]
    return {
        "workshop": {
            "title": _bounded(workshop.title),
            "objective": _bounded(workshop.objective),
            "client": _bounded(workshop.client.name),
            "language": workshop.language,
            "currency": workshop.currency,
            "participants": items.participants,
        },
        "use_cases": rows,
        "totals": {
            "use_cases": len(rows),
            "set_aside": len(items.set_aside),
            "scores": items.scores,
            "votes": items.votes,
            "poc_budget": str(shortlist(items).poc_budget),
        },
    }


def snapshot_hash(snapshot: dict[str, Any], *, provider: str, model: str, language: str) -> str:
    """Same data, provider, model and language: same hash, so the finished summary is reused."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256("\n".join([canonical, provider, model, language]).encode()).hexdigest()


def snapshot_title(snapshot: dict[str, Any]) -> str:
    workshop = snapshot.get("workshop") or {}
    return str(workshop.get("title") or "") if isinstance(workshop, dict) else ""
