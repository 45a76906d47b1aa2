"""Summaries in a workshop's export (see workshop/portability.py): content, status and the input snapshot."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from summaries import errors
from summaries.models import Summary, SummaryStatus
from workshop.models import Workshop
from workshop.portability import Refs, Section, dump_value, load_datetime, register_section, restore_timestamps

SUMMARY_FIELDS = [
    "trigger",
    "status",
    "provider",
    "provider_reason",
    "model",
    "language",
    "input_hash",
    "snapshot",
    "content",
    "markdown",
    "left_out",
    "prompt_tokens",
    "completion_tokens",
    "attempts",
    "error",
    "created_at",
    "started_at",
    "finished_at",
]


def _dump_summaries(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    summaries = Summary.objects.filter(workshop=workshop).order_by("created_at", "pk").select_related("requested_by")
    return [
        {
            **{f: dump_value(getattr(s, f)) for f in SUMMARY_FIELDS},
            "requested_by": s.requested_by.get_username() if s.requested_by else None,
        }
        for s in summaries
    ]


def _load_summaries(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    users = {
        u.get_username(): u for u in get_user_model().objects.filter(username__in=[r.get("requested_by") for r in rows])
    }
    for row in rows:
        values = {f: row.get(f) for f in SUMMARY_FIELDS if f in row}
        for f in ("created_at", "started_at", "finished_at"):
            values[f] = load_datetime(values.get(f))
        if values.get("status") not in {SummaryStatus.SUCCEEDED, SummaryStatus.FAILED}:
            # Restored as data, never as work: an unfinished summary would be picked up by the sweep and
            # sent to an LLM the receiving installation (or the client, since) may not allow.
            with translation.override(str(values.get("language") or workshop.language)):
                values.update(status=SummaryStatus.FAILED, error=errors.restored_unfinished_text())
            values["finished_at"] = values.get("finished_at") or timezone.now()
        summary = Summary.objects.create(
            workshop=workshop, requested_by=users.get(str(row.get("requested_by"))), **values
        )
        restore_timestamps(Summary, summary.pk, row, ["created_at"])


def register() -> None:
    register_section(Section("summaries", 80, _dump_summaries, _load_summaries))
