"""Every write on summaries: asking for one, claiming it, writing it, sending lost ones again.

A facilitator (or a phase ending) asks for a summary: :func:`summary_request`
takes a snapshot of the workshop and either returns the summary of the same
snapshot (finished, or still on its way) or creates a ``queued`` :class:`Summary`
and queues the Celery task ``summaries.run_summary`` after commit. The task calls
:func:`summary_run`, which claims the row (``queued`` → ``running`` by a
conditional update), asks the provider and records ``succeeded`` or ``failed``.

A summary of the same input is written once, whatever crashed: the claim lets one
run at a time hold a row, a run that lost its row (reclaimed after its worker
died) cannot record anything, and asking again while one is stuck sends that one
again rather than making a second. :func:`summary_sweep` (Celery beat, and every
worker start) sends again whatever is stuck: a broker down when it was asked, a
broker restarted empty, a worker killed mid-run.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from decimal import Decimal, InvalidOperation
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
from summaries.selectors import running_stale_before, stuck
from summaries.snapshot import snapshot_hash, snapshot_title, summary_snapshot
from usecases.models import Status
from workshop.models import PHASE_ORDER, Event, EventKind, Phase, Workshop
from workshop.selectors import Access, Actor

log = logging.getLogger(__name__)

RUN_TASK = "summaries.run_summary"
SWEEP_TASK = "summaries.sweep_summaries"
# Moving forward out of one of these phases ends it and queues a summary.
WORKING_PHASES = (Phase.COLLECT, Phase.SCORE, Phase.VOTE, Phase.ROI)
# Most stuck summaries one sweep sends again; the next sweep takes the rest.
SWEEP_BATCH = 100


class RetryLater(Exception):
    """A transient LLM error: the row is back to ``queued``; try again in ``countdown`` seconds."""

    def __init__(self, countdown: float) -> None:
        super().__init__(f"retry in {countdown:.1f} s")
        self.countdown = countdown


def max_attempts() -> int:
    return settings.SUMMARY_MAX_RETRIES + 1


# --------------------------------------------------------------------------- queueing


def _send(summary: Summary) -> None:
    """Hand the summary to the broker, after commit; a broker that is down never fails the request.

    The row stays ``queued`` and the sweep sends it once the broker is back.
    ``summary.sent`` says which happened, for the page that asked.
    """

    def send() -> None:
        try:
            # Looked up by name: summaries.tasks imports this module, not the other way round.
            current_app.tasks[RUN_TASK].delay(summary.pk)
        except Exception:
            log.exception("Summary %s could not be sent to the broker; it stays queued for the sweep.", summary.pk)
            summary.sent = False  # type: ignore[attr-defined]
        else:
            summary.sent = True  # type: ignore[attr-defined]

    transaction.on_commit(send)


def _requeue(summary: Summary) -> bool:
    """Send a stuck summary again (queued, clock reset); False if it is no longer stuck."""
    now = timezone.now()
    rows = Summary.objects.filter(Q(pk=summary.pk) & stuck()).update(status=SummaryStatus.QUEUED, queued_at=now)
    if rows == 0:
        return False
    summary.status, summary.queued_at = SummaryStatus.QUEUED, now
    _send(summary)
    return True


def _summary_create(*, workshop: Workshop, trigger: str, actor: Actor | None) -> Summary:
    """The summary of the workshop as it is now: an earlier one of the same input, or a new queued one.

    A succeeded summary of the same input is returned as is (``reused`` True), and
    so is one still queued or running for it (a double click pays once); a stuck
    one is sent again rather than doubled.
    """
    # One request at a time per workshop: two at once could both find nothing and both create.
    Workshop.objects.select_for_update().filter(pk=workshop.pk).values_list("pk").first()
    snapshot = summary_snapshot(workshop)
    choice = provider_for(workshop)
    digest = snapshot_hash(snapshot, provider=choice.provider, model=choice.model, language=workshop.language)
    same = Summary.objects.filter(workshop=workshop, input_hash=digest).order_by("-created_at", "-id")
    existing = (
        same.filter(status=SummaryStatus.SUCCEEDED).first()
        or same.filter(status__in=[SummaryStatus.QUEUED, SummaryStatus.RUNNING]).first()
    )
    if existing is not None:
        existing.reused = True  # type: ignore[attr-defined]
        if not existing.is_finished and _requeue(existing):
            log.info("Summary %s was stuck: sent again instead of a new one.", existing.pk)
            workshop.touch()
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
    _send(summary)
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


@transaction.atomic
def summary_sweep() -> list[int]:
    """Send again every summary stuck past its limits (see :func:`summaries.selectors.stuck`).

    Run by Celery beat and when a worker starts. A summary still in the broker
    after all is merely sent twice: the second run finds it taken or finished.
    """
    ids = list(Summary.objects.filter(stuck()).order_by("queued_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    sent = [pk for pk in ids if _requeue(Summary(pk=pk))]
    if sent:
        log.warning("Sent %d stuck summaries again: %s", len(sent), sent)
    return sent


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
    when it started longer ago than the running limit (the hard time limit): the
    run that had it is dead (killed at the limit, or its worker died and the broker
    redelivered).
    """
    now = timezone.now()
    claimable = Q(status=SummaryStatus.QUEUED) | Q(status=SummaryStatus.RUNNING, started_at__lt=running_stale_before())
    rows = Summary.objects.filter(Q(pk=summary_id) & claimable).update(
        status=SummaryStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if rows == 0:
        return None
    return Summary.objects.select_related("workshop__client").get(pk=summary_id)


def summary_run(summary_id: int) -> Summary | None:
    """Write the summary ``summary_id`` if it is still to do; return it, or None if not claimed.

    A transient LLM error puts the row back to ``queued`` (due after a backoff) and
    raises :class:`RetryLater` for the task to send it again, until the attempts
    run out (``SUMMARY_MAX_RETRIES`` + 1, counted on the row, so that redeliveries
    and sweeps count too): then, like any other error, the summary is ``failed``
    with a readable error.
    """
    summary = summary_claim(summary_id)
    if summary is None:
        log.info("Summary %s is finished or taken by another run: nothing to do.", summary_id)
        return None
    lease = _Lease(summary)
    _recheck_provider(summary)
    with translation.override(summary.language):
        if summary.attempts > max_attempts():
            # Every earlier attempt died with its worker (killed, out of memory): stop trying.
            _fail(lease, errors.interrupted_text(summary.attempts - 1))
            return summary
        try:
            _produce(summary)
        except llm.LlmTransientError as exc:
            if summary.attempts >= max_attempts():
                _fail(lease, errors.failed_after_attempts(exc, summary.attempts))
                return summary
            countdown = retry_countdown(summary.attempts - 1)
            log.warning("Summary %s: %s Retrying in %.1f s.", summary_id, exc.message, countdown)
            due = timezone.now() + timedelta(seconds=countdown)
            lease.update(status=SummaryStatus.QUEUED, error=errors.llm_error_text(exc), queued_at=due)
            raise RetryLater(countdown) from exc
        except llm.LlmError as exc:
            _fail(lease, errors.failed_after_attempts(exc, summary.attempts))
            return summary
        except SoftTimeLimitExceeded:
            _fail(lease, errors.time_limit_text())
            return summary
        except Exception:
            log.exception("Summary %s failed unexpectedly.", summary_id)
            _fail(lease, errors.unexpected_error_text())
            return summary
    if lease.update(
        status=SummaryStatus.SUCCEEDED,
        provider=summary.provider,
        provider_reason=summary.provider_reason,
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
    else:
        log.warning("Summary %s was taken over by another run while this one wrote it: result dropped.", summary_id)
    summary.refresh_from_db()
    return summary


def _recheck_provider(summary: Summary) -> None:
    """The LLM switches as they are now, not as they were when the summary was queued.

    A summary queued for the LLM (then held back by a broker outage, a retry's
    backoff or a backup's restore) is written by the built-in provider when the
    installation or the client has since refused the LLM: nothing of the workshop
    leaves. The reverse never happens: a summary queued for the built-in provider
    stays with it.
    """
    if summary.provider != SummaryProvider.OPENAI:
        return
    choice = provider_for(summary.workshop)
    if choice.provider != SummaryProvider.OPENAI:
        log.info(
            "Summary %s: the LLM is no longer allowed (%s); written by the built-in provider.",
            summary.pk,
            choice.reason,
        )
        summary.provider, summary.provider_reason, summary.model = choice.provider, choice.reason, ""


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


# --------------------------------------------------------------------------- deleted use cases


def _budget(rows: list[dict[str, Any]]) -> str:
    """Shortlist.poc_budget, over a stored snapshot's rows (the use cases are no longer all there to rank)."""
    total = Decimal("0.00")
    for row in rows:
        roi = row.get("roi")
        if row.get("status") == Status.SHORTLISTED and isinstance(roi, dict):
            try:
                total += Decimal(str(roi.get("poc_cost") or 0))
            except InvalidOperation:
                continue
    return str(total)


@transaction.atomic
def summary_snapshots_drop_use_case(*, workshop_id: int, use_case_id: int, title: str) -> int:
    """Take a deleted use case out of the stored snapshots of its workshop; how many changed.

    Rows are matched by id; snapshots stored before ids were kept match by title.
    The totals follow (use cases, votes, POC budget). The summaries' own text is
    left as written.
    """
    changed = 0
    for summary in Summary.objects.select_for_update().filter(workshop_id=workshop_id).only("id", "snapshot"):
        snapshot = summary.snapshot if isinstance(summary.snapshot, dict) else {}
        rows = snapshot.get("use_cases")
        if not isinstance(rows, list):
            continue

        def deleted(row: Any) -> bool:
            if not isinstance(row, dict):
                return False
            return row["id"] == use_case_id if "id" in row else row.get("title") == title

        kept = [row for row in rows if not deleted(row)]
        if len(kept) == len(rows):
            continue
        totals = snapshot.get("totals")
        if isinstance(totals, dict):
            gone = sum(int(row.get("votes") or 0) for row in rows if deleted(row))
            totals = {
                **totals,
                "use_cases": len(kept),
                "votes": max(int(totals.get("votes") or 0) - gone, 0),
                "poc_budget": _budget(kept),
            }
        Summary.objects.filter(pk=summary.pk).update(snapshot={**snapshot, "use_cases": kept, "totals": totals})
        changed += 1
    return changed
