"""The summary task through Celery: the timeouts' nesting, eager mode, and a real worker on Redis."""

from __future__ import annotations

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.db import connections

from config.celery import app as celery_app
from summaries import services
from summaries.llm import LlmConfig
from summaries.models import Summary
from summaries.providers import llm_config
from summaries.tasks import run_summary, sweep_summaries
from tests.celery_process import reset_producer
from tests.conftest import TEST_REDIS_URL, require_service
from workshop.selectors import Actor, workshop_access

# The client retries a malformed answer once: two requests per attempt.
REQUESTS_PER_ATTEMPT = 2


def test_timeouts_nest_inside_each_other():
    """LLM requests < soft time limit < hard time limit < broker visibility timeout."""
    config = llm_config()
    llm_worst_case = config.timeout * (config.max_retries + 1) * REQUESTS_PER_ATTEMPT
    soft = django_settings.CELERY_TASK_SOFT_TIME_LIMIT
    hard = django_settings.CELERY_TASK_TIME_LIMIT
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    assert config.timeout == django_settings.LLM_TIMEOUT_SECONDS
    assert llm_worst_case < soft < hard < visibility
    # A run is given up for dead only once the worker would have killed it, and before the broker
    # delivers its message again: the redelivered message can then take it over.
    assert hard <= django_settings.SUMMARY_RUNNING_LIMIT_SECONDS < visibility
    # A retry waits in the broker as an ETA message: it must not outlive the visibility timeout.
    longest_backoff = django_settings.SUMMARY_RETRY_BASE_SECONDS * (2**django_settings.SUMMARY_MAX_RETRIES)
    assert longest_backoff < visibility
    # The Celery app uses the same numbers.
    assert celery_app.conf.task_soft_time_limit == soft
    assert celery_app.conf.task_time_limit == hard
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == visibility


def test_task_is_named_and_acks_late():
    assert run_summary.name == "summaries.run_summary"
    assert sweep_summaries.name == "summaries.sweep_summaries"
    assert run_summary.acks_late is True
    assert celery_app.conf.task_serializer == "json"


def test_retry_countdown_backs_off_with_jitter(settings):
    settings.SUMMARY_RETRY_BASE_SECONDS = 10
    for retries, low in ((0, 10), (1, 20), (2, 40)):
        waits = {services.retry_countdown(retries) for _ in range(20)}
        assert all(low <= wait <= low + 10 for wait in waits)
        assert len(waits) > 1  # jittered


def test_llm_config_reads_settings_at_call_time(settings):
    settings.OPENAI_API_KEY = "sk-later"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:11434/v1"
    settings.OPENAI_MODEL = "mistral-small"
    settings.LLM_TIMEOUT_SECONDS = 12
    assert llm_config() == LlmConfig(
        api_key="sk-later", base_url="http://127.0.0.1:11434/v1", model="mistral-small", timeout=12, max_retries=0
    )


def _request(workshop, alice) -> Summary:
    return services.summary_request(access=workshop_access(actor=Actor(user=alice), pk=workshop.pk))


@pytest.mark.django_db
def test_without_a_broker_the_summary_runs_eagerly(settings, workshop, alice, django_capture_on_commit_callbacks):
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = None
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # what settings give when CELERY_BROKER_URL is empty
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            summary = _request(workshop, alice)
            assert Summary.objects.get(pk=summary.pk).status == "queued"  # not before the commit
    finally:
        celery_app.conf.task_always_eager = old
    assert len(callbacks) == 1
    summary.refresh_from_db()
    assert summary.status == "succeeded"
    assert summary.provider == "builtin"


@pytest.fixture
def redis_worker():
    """A real Celery worker (a thread of this process) on the test Redis database."""
    require_service("Redis", TEST_REDIS_URL)
    conf = celery_app.conf
    saved = {
        "broker_url": conf.broker_url,
        "task_always_eager": conf.task_always_eager,
        "result_backend": conf.result_backend,
        "task_default_queue": conf.task_default_queue,
    }
    conf.broker_url = TEST_REDIS_URL
    # A queue of its own: other test runs may share this Redis database at the same time.
    queue = conf.task_default_queue = f"atelier-test-{uuid.uuid4().hex}"
    conf.task_always_eager = False
    conf.result_backend = None
    reset_producer(celery_app)
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        with celery_app.connection_for_write() as connection:  # leave the shared database clean
            connection.default_channel.client.delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )
        conf.update(saved)
        reset_producer(celery_app)


def _wait_for(summary_id: int, seconds: float = 20) -> Summary:
    deadline = time.monotonic() + seconds
    while True:
        summary = Summary.objects.get(pk=summary_id)
        if summary.is_finished or time.monotonic() > deadline:
            return summary
        time.sleep(0.1)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_takes_a_queued_summary_to_succeeded(settings, redis_worker, workshop, alice):
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = None

    summary = _request(workshop, alice)  # committed: on_commit sends the task to Redis

    done = _wait_for(summary.pk)
    assert done.status == "succeeded", done.error
    assert done.provider == "builtin"
    assert done.attempts == 1
    assert "## Key themes" in done.markdown
    connections.close_all()
