"""Summaries in a workshop's export (see workshop/portability.py): content, status and the input snapshot."""

from __future__ import annotations

from typing import Any

import pydantic
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from summaries import errors
from summaries.llm import SummaryContent
from summaries.models import Summary, SummaryStatus
from workshop.models import Workshop
from workshop.portability import (
    Refs,
    Section,
    at,
    check_fields,
    check_text,
    dump_value,
    load_datetime,
    register_section,
    restore_timestamps,
    rows_in,
)

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


def _check_content(row: dict[str, Any]) -> None:
    """A summary's content as the LLM's answer is checked (summaries.llm.SummaryContent), or none."""
    if not isinstance(row.get("snapshot", {}), dict):
        raise ValidationError({"snapshot": "must be an object."})
    if row.get("content") is None:
        return
    try:
        SummaryContent.model_validate(row["content"])
    except pydantic.ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(["content", *(f"[{p}]" if isinstance(p, int) else str(p) for p in error["loc"])])
        raise ValidationError({where.replace(".[", "["): error["msg"]}) from None


def _load_summaries(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    wanted = [r.get("requested_by") for r in rows if isinstance(r, dict) and isinstance(r.get("requested_by"), str)]
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=wanted)}
    for path, row in rows_in("summaries", rows):
        with at(path):
            check_fields(row, Summary, SUMMARY_FIELDS, required=["trigger", "provider"])
            _check_content(row)
            if row.get("status", SummaryStatus.QUEUED) not in SummaryStatus.values:
                raise ValidationError({"status": f"is not a status of a summary: {row['status']!r}."})
            values = {f: row.get(f) for f in SUMMARY_FIELDS if f in row}
            for f in ("created_at", "started_at", "finished_at"):
                values[f] = load_datetime(values.get(f), field=f)
            if values.get("status") not in {SummaryStatus.SUCCEEDED, SummaryStatus.FAILED}:
                # Restored as data, never as work: an unfinished summary would be picked up by the sweep and
                # sent to an LLM the receiving installation (or the client, since) may not allow.
                with translation.override(str(values.get("language") or workshop.language)):
                    values.update(status=SummaryStatus.FAILED, error=errors.restored_unfinished_text())
                values["finished_at"] = values.get("finished_at") or timezone.now()
            values["created_at"] = values.get("created_at") or timezone.now()
            summary = Summary(
                workshop=workshop, requested_by=users.get(check_text(row, "requested_by") or ""), **values
            )
            summary.full_clean(exclude=["workshop", "requested_by"])
            summary.save()
            restore_timestamps(Summary, summary.pk, row, ["created_at"])


def register() -> None:
    register_section(Section("summaries", 80, _dump_summaries, _load_summaries))
