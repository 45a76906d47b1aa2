"""Every write on summaries: asking for one, claiming it, writing it.

A facilitator (or a phase ending) asks for a summary: :func:`summary_request`
takes a snapshot of the workshop and either returns the finished summary of the
same snapshot or creates a ``queued`` :class:`Summary` and queues the Celery task
``summaries.run_summary`` after commit. The task calls :func:`summary_run`, which
claims the row (``queued`` → ``running`` by a conditional update), asks the
provider and records ``succeeded`` or ``failed``.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from summaries import errors, llm, prompt
from summaries.builtin import builtin_summary
from summaries.markdown import summary_markdown
from summaries.models import Summary, SummaryProvider, SummaryStatus, SummaryTrigger
from summaries.providers import llm_config, provider_for
from summaries.selectors import in_flight, stale_before
from summaries.snapshot import snapshot_hash, snapshot_title, summary_snapshot
from workshop.models import PHASE_ORDER, Event, EventKind, Phase, Workshop
from workshop.selectors import Access, Actor

log = logging.getLogger(__name__)

RUN_TASK = "summaries.run_summary"
# Moving forward out of one of these phases ends it and queues a summary.
WORKING_PHASES = (Phase.COLLECT, Phase.SCORE, Phase.VOTE, Phase.ROI)


# --------------------------------------------------------------------------- requesting


def _enqueue(summary_id: int) -> None:
    # Looked up by name: summaries.tasks imports this module, not the other way round.
    current_app.tasks[RUN_TASK].delay(summary_id)


def _summary_create(*, workshop: Workshop, trigger: str, actor: Actor | None) -> Summary:
    """The summary of the workshop as it is now: a reused one, or a new queued one.

    A succeeded summary of the same input is returned as is (``reused`` True), and
    so is one already queued or running for it (a double click pays once).
    """
    snapshot = summary_snapshot(workshop)
    choice = provider_for(workshop)
    digest = snapshot_hash(snapshot, provider=choice.provider, model=choice.model, language=workshop.language)
    same = Summary.objects.filter(workshop=workshop, input_hash=digest)
    existing = same.filter(Q(status=SummaryStatus.SUCCEEDED) | in_flight()).order_by("-created_at", "-id").first()
    if existing is not None:
        existing.reused = True  # type: ignore[attr-defined]
        return existing
    user = actor.user if actor is not None and actor.user is not None and actor.user.is_authenticated else None
    summary = Summary.objects.create(
        workshop=workshop,
        trigger=trigger,
        provider=choice.provider,
        provider_reason=choice.reason,
        model=choice.model,
        language=workshop.language,
        input_hash=digest,
        snapshot=snapshot,
        requested_by=user,
    )
    summary.reused = False  # type: ignore[attr-defined]
    Event.record(
        workshop,
        EventKind.SUMMARY_REQUESTED,
        actor.label if actor is not None else "",
        summary=summary.pk,
        trigger=trigger,
    )
    workshop.touch()
    transaction.on_commit(lambda: _enqueue(summary.pk))
    return summary


@transaction.atomic
def summary_request(*, access: Access, trigger: str = SummaryTrigger.MANUAL) -> Summary:
    """Ask for a summary of the workshop now (facilitators only).

    Returns the summary; its ``reused`` attribute says whether it is an earlier
    one of the same data (nothing changed since), rather than a new queued one.
    """
    access.require_facilitator()
    return _summary_create(workshop=access.workshop, trigger=trigger, actor=access.actor)


def phase_ends(old_phase: str, new_phase: str) -> bool:
    """Moving forward out of a working phase ends it; draft → collect and going back do not."""
    return old_phase in WORKING_PHASES and PHASE_ORDER.index(new_phase) > PHASE_ORDER.index(old_phase)


@transaction.atomic
def summary_after_phase_change(*, workshop: Workshop, old_phase: str, new_phase: str) -> Summary | None:
    """Queue a summary when a phase ends (the phase change itself checked who may do it)."""
    if not phase_ends(old_phase, new_phase):
        return None
    return _summary_create(workshop=workshop, trigger=SummaryTrigger.PHASE_ENDED, actor=None)


# --------------------------------------------------------------------------- running


class _Lease:
    """The claimed row: later updates apply only while this run still holds it."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary

    def update(self, **fields: Any) -> bool:
        rows = Summary.objects.filter(
            pk=self.summary.pk, status=SummaryStatus.RUNNING, started_at=self.summary.started_at
        ).update(**fields)
        return rows == 1


def summary_claim(summary_id: int) -> Summary | None:
    """Take the summary for this run: ``queued`` → ``running``, or None when someone else has it.

    A finished summary is never claimed again. A ``running`` one is reclaimed only
    when it started longer ago than the hard time limit: the run that had it is
    dead (killed at the limit, or its worker died and the broker redelivered).
    """
    now = timezone.now()
    claimable = Q(status=SummaryStatus.QUEUED) | Q(status=SummaryStatus.RUNNING, started_at__lt=stale_before())
    rows = Summary.objects.filter(Q(pk=summary_id) & claimable).update(
        status=SummaryStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if rows == 0:
        return None
    return Summary.objects.select_related("workshop").get(pk=summary_id)


def summary_run(summary_id: int, *, final_attempt: bool = True) -> Summary | None:
    """Write the summary ``summary_id`` if it is still to do; return it, or None if not claimed.

    Transient LLM errors are re-raised for the task to retry, after the row is put
    back to ``queued`` so that the retry can claim it, unless ``final_attempt``:
    then, like any other error, the summary is ``failed`` with a readable error.
    """
    summary = summary_claim(summary_id)
    if summary is None:
        log.info("Summary %s is finished or taken by another run: nothing to do.", summary_id)
        return None
    lease = _Lease(summary)
    try:
        with translation.override(summary.language):
            _produce(summary)
    except llm.LlmTransientError as exc:
        if final_attempt:
            with translation.override(summary.language):
                _fail(lease, errors.failed_after_attempts(exc, summary.attempts))
            return summary
        log.warning("Summary %s: %s Retrying.", summary_id, exc.message)
        with translation.override(summary.language):
            lease.update(status=SummaryStatus.QUEUED, error=errors.llm_error_text(exc))
        raise
    except llm.LlmError as exc:
        with translation.override(summary.language):
            _fail(lease, errors.failed_after_attempts(exc, summary.attempts))
        return summary
    except SoftTimeLimitExceeded:
        with translation.override(summary.language):
            _fail(lease, errors.time_limit_text())
        return summary
    except Exception:
        log.exception("Summary %s failed unexpectedly.", summary_id)
        with translation.override(summary.language):
            _fail(lease, errors.unexpected_error_text())
        return summary
    if lease.update(
        status=SummaryStatus.SUCCEEDED,
        content=summary.content,
        markdown=summary.markdown,
        model=summary.model,
        left_out=summary.left_out,
        prompt_tokens=summary.prompt_tokens,
        completion_tokens=summary.completion_tokens,
        error="",
        finished_at=timezone.now(),
    ):
        summary.workshop.touch()
    summary.refresh_from_db()
    return summary


def _produce(summary: Summary) -> None:
    """Fill ``summary``'s content fields in memory (not saved), from its provider."""
    if summary.provider == SummaryProvider.BUILTIN:
        content = builtin_summary(summary.snapshot, summary.language)
    else:
        config = llm_config()
        messages, summary.left_out = prompt.build_messages(
            summary.snapshot, language=summary.language, token_budget=settings.LLM_PROMPT_TOKEN_BUDGET
        )
        result = llm.summarise(config, messages)
        content = result.content
        summary.model = result.model[:100]
        summary.prompt_tokens = result.prompt_tokens
        summary.completion_tokens = result.completion_tokens
    summary.content = content.model_dump(mode="json")
    summary.markdown = summary_markdown(
        content, provider=summary.provider, left_out=summary.left_out, title=snapshot_title(summary.snapshot)
    )


def _fail(lease: _Lease, message: str) -> None:
    lease.update(status=SummaryStatus.FAILED, error=message, finished_at=timezone.now())
    lease.summary.refresh_from_db()
    lease.summary.workshop.touch()


def retry_countdown(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: exponential backoff with full jitter on top."""
    base = float(settings.SUMMARY_RETRY_BASE_SECONDS)
    return base * 2**retries + random.uniform(0, base)
