"""Celery tasks of the summaries app. Arguments are ids; the work lives in services."""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings

from summaries import services
from summaries.llm import LlmTransientError


@shared_task(bind=True, name=services.RUN_TASK, acks_late=True, max_retries=None, ignore_result=True)
def run_summary(self: Task, summary_id: int) -> None:
    """Write the summary ``summary_id``; transient LLM errors are retried with backoff and jitter.

    Idempotent: the service claims the row with a conditional update, so a
    redelivered or duplicated message does nothing once the summary is taken or
    finished. The soft and hard time limits come from the settings
    (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT).
    """
    # Read at call time, not import time: tests and deployments change it.
    final_attempt = self.request.retries >= settings.SUMMARY_MAX_RETRIES
    try:
        services.summary_run(summary_id, final_attempt=final_attempt)
    except LlmTransientError as exc:
        raise self.retry(countdown=services.retry_countdown(self.request.retries), exc=exc) from exc
