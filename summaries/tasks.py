"""Celery tasks of the summaries app. Arguments are ids; the work lives in services."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from summaries import services

log = logging.getLogger(__name__)


@shared_task(bind=True, name=services.RUN_TASK, acks_late=True, max_retries=None, ignore_result=True)
def run_summary(self: Task, summary_id: int) -> None:
    """Write the summary ``summary_id``; transient LLM errors are retried with backoff and jitter.

    Idempotent: the service claims the row with a conditional update, so a
    redelivered or duplicated message does nothing once the summary is taken or
    finished, and it counts the attempts on the row (``SUMMARY_MAX_RETRIES``), so
    a redelivery or a sweep never buys extra ones. Acknowledged late: a worker
    killed mid-run leaves the message to the broker, which delivers it again. The
    soft and hard time limits come from the settings (CELERY_TASK_SOFT_TIME_LIMIT,
    CELERY_TASK_TIME_LIMIT).
    """
    try:
        services.summary_run(summary_id)
    except services.RetryLater as exc:
        raise self.retry(countdown=exc.countdown, exc=exc) from exc


@shared_task(name=services.SWEEP_TASK, ignore_result=True)
def sweep_summaries() -> None:
    """Send again the summaries left queued or running past their limits (Celery beat runs this)."""
    services.summary_sweep()


@worker_ready.connect(dispatch_uid="summaries.sweep_on_worker_start")
def sweep_on_worker_start(sender: Any = None, **kwargs: Any) -> None:
    """A worker that starts (after a crash, a deploy, a broker restart) first sends what was left behind."""
    try:
        sweep_summaries.delay()
    except Exception:
        log.exception("Could not queue the summary sweep at worker start.")
