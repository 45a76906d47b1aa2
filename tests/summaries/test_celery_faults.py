"""Celery faults against the real Redis and real worker processes: each summary is written once.

A worker SIGKILLed mid-summary, the broker down when a summary is asked for, a
broker restarted empty, the LLM server down. Workers and beat run as child
processes (tests/celery_process.py) on this test's database and a queue of its
own; the scripted LLM server of tests/llm_server.py counts the calls.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connections
from django.urls import reverse

from config.celery import app as celery_app
from summaries.models import Summary
from tests.celery_process import (
    CeleryProcess,
    RedisServer,
    forget_queue,
    free_port,
    unacked_count,
    use_broker,
    wait_until,
)
from tests.conftest import TEST_REDIS_URL, require_service
from tests.factories import UseCaseFactory
from tests.llm_server import delayed, summary_reply

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Small limits, the same for the web (this process) and the workers, so that nothing waits long.
RUNNING_LIMIT = 4
VISIBILITY = 6
QUEUED_LIMIT = 60
# Redelivery is checked every second instead of every 100 s.
FAST_RESTORE = {"visibility_timeout": VISIBILITY, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


@pytest.fixture
def queue():
    name = f"atelier-test-{uuid.uuid4().hex}"
    yield name
    forget_queue(TEST_REDIS_URL, name)


@pytest.fixture
def llm(settings, llm_server):
    """The web side (this process) and the workers both use the scripted LLM server."""
    settings.OPENAI_API_KEY = "sk-test"
    settings.OPENAI_BASE_URL = llm_server.base_url
    settings.OPENAI_MODEL = "test-model"
    settings.LLM_ENABLED = True
    settings.SUMMARY_RUNNING_LIMIT_SECONDS = RUNNING_LIMIT
    settings.SUMMARY_QUEUED_LIMIT_SECONDS = QUEUED_LIMIT
    return llm_server


@pytest.fixture
def processes(tmp_path, llm, transactional_db, queue):
    """Start Celery processes with ``processes(kind, broker_url, queue, **env)``; all stopped after the test.

    Stopped before the queue is cleaned up (this fixture depends on ``queue``), so nothing is left behind.
    """
    started: list[CeleryProcess] = []

    def start(kind: str, broker_url: str, queue: str, **env: str) -> CeleryProcess:
        settings_env = {
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_MODEL": "test-model",
            "LLM_TIMEOUT_SECONDS": "60",
            "SUMMARY_RUNNING_LIMIT_SECONDS": str(RUNNING_LIMIT),
            "SUMMARY_QUEUED_LIMIT_SECONDS": str(QUEUED_LIMIT),
            "SUMMARY_RETRY_BASE_SECONDS": "0",
            **env,
        }
        process = CeleryProcess(
            kind, broker_url=broker_url, queue=queue, workdir=tmp_path, env=settings_env, transport_options=FAST_RESTORE
        )
        started.append(process.start())
        process.wait_ready()
        return process

    yield start
    for process in started:
        process.stop()
    connections.close_all()


def _ask(client, workshop) -> None:
    response = client.post(reverse("summaries:generate", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200


@pytest.mark.parametrize("asked_again", [False, True], ids=["redelivered", "asked-again-while-stuck"])
def test_a_worker_killed_mid_summary_leaves_one_summary_and_no_extra_llm_call(
    processes, llm, queue, alice_client, workshop, asked_again
):
    require_service("Redis", TEST_REDIS_URL)
    UseCaseFactory(workshop=workshop, title="Invoice extraction")
    llm.script(delayed(summary_reply(), 60), summary_reply())  # the first call hangs until the kill
    with use_broker(celery_app, TEST_REDIS_URL, queue):
        first = processes("worker", TEST_REDIS_URL, queue)
        _ask(alice_client, workshop)
        summary = Summary.objects.get()
        wait_until(lambda: len(llm.requests) == 1, 30, "the worker to call the LLM")
        assert Summary.objects.get().status == "running"

        first.kill()
        assert unacked_count(TEST_REDIS_URL, queue) == 1  # the message waits for redelivery

        if asked_again:
            wait_until(lambda: Summary.objects.get().started_at and _stuck(summary), 30, "the run to count as dead")
            _ask(alice_client, workshop)
            assert Summary.objects.count() == 1  # sent again, not doubled
            assert Summary.objects.get().status == "queued"
        processes("worker", TEST_REDIS_URL, queue)
        done = wait_until(lambda: _finished(summary), 60, "the summary to finish")
        # The killed run's message is delivered again and finds the work done.
        wait_until(lambda: unacked_count(TEST_REDIS_URL, queue) == 0, 30, "the redelivered message")

    assert done.status == "succeeded", done.error
    assert done.attempts == 2
    assert Summary.objects.count() == 1
    assert Summary.objects.filter(input_hash=done.input_hash, status="succeeded").count() == 1
    assert len(llm.requests) == 2  # the killed attempt and the one that finished


def test_the_broker_down_when_asked_runs_the_summary_once_it_is_back(
    processes, llm, queue, tmp_path, alice_client, workshop, caplog
):
    UseCaseFactory(workshop=workshop, title="Invoice extraction")
    redis = RedisServer(tmp_path).start()
    try:
        with use_broker(celery_app, redis.url, queue):
            redis.stop()

            response = alice_client.post(reverse("summaries:generate", args=[workshop.pk]), HTTP_HX_REQUEST="true")

            assert response.status_code == 200
            assert "The task queue cannot be reached right now" in response.content.decode()
            summary = Summary.objects.get()
            assert summary.status == "queued"
            assert "could not be sent to the broker" in caplog.text

            redis.start()  # back, and empty
            # A worker that starts sends what was left behind (its sweep): queued past the limit here.
            processes("worker", redis.url, queue, SUMMARY_QUEUED_LIMIT_SECONDS="0")
            done = wait_until(lambda: _finished(summary), 60, "the summary to run")
    finally:
        redis.stop()

    assert done.status == "succeeded", done.error
    assert done.attempts == 1
    assert len(llm.requests) == 1


def test_beat_sends_again_a_summary_whose_message_the_broker_lost(processes, llm, queue, workshop, alice):
    require_service("Redis", TEST_REDIS_URL)
    fast = {"SUMMARY_QUEUED_LIMIT_SECONDS": "1", "SUMMARY_SWEEP_INTERVAL_SECONDS": "1"}
    with use_broker(celery_app, TEST_REDIS_URL, queue):
        processes("worker", TEST_REDIS_URL, queue, **fast)  # its own start-up sweep is over: nothing to send
        processes("beat", TEST_REDIS_URL, queue, **fast)
        # Queued, but its message is gone: what a Redis restarted without persistence leaves.
        UseCaseFactory(workshop=workshop, title="Invoice extraction")
        lost = Summary.objects.create(
            workshop=workshop, trigger="manual", provider="openai", model="test-model", input_hash="l" * 64
        )

        done = wait_until(lambda: _finished(lost), 60, "beat's sweep to send the summary")

    assert done.status == "succeeded", done.error
    assert done.attempts == 1
    assert len(llm.requests) == 1


def test_the_llm_server_down_fails_the_summary_readably_after_the_retries(
    processes, llm, settings, queue, alice_client, workshop
):
    require_service("Redis", TEST_REDIS_URL)
    down = f"http://127.0.0.1:{free_port()}/v1"
    settings.OPENAI_BASE_URL = down
    with use_broker(celery_app, TEST_REDIS_URL, queue):
        processes("worker", TEST_REDIS_URL, queue, OPENAI_BASE_URL=down, SUMMARY_MAX_RETRIES="2")
        _ask(alice_client, workshop)
        done = wait_until(lambda: _finished(Summary.objects.get()), 60, "the summary to fail")

    assert done.status == "failed"
    assert done.error == "Could not connect to the model server. (after 3 attempts)"
    assert done.attempts == 3
    page = alice_client.get(reverse("summaries:panel", args=[workshop.pk])).content.decode()
    assert "Could not connect to the model server." in page


def _finished(summary: Summary) -> Summary | None:
    current = Summary.objects.get(pk=summary.pk)
    return current if current.is_finished else None


def _stuck(summary: Summary) -> bool:
    from summaries.selectors import is_stuck

    return is_stuck(Summary.objects.get(pk=summary.pk))
