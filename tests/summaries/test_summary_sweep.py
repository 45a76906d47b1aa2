"""Nothing stays stuck: a broker that cannot be reached fails no request, and the sweep sends what was left."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from celery.signals import worker_ready
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from summaries import services
from summaries.models import Summary
from summaries.selectors import is_stuck
from summaries.tasks import sweep_summaries
from tests.celery_process import free_port, use_broker
from tests.factories import UseCaseFactory
from tests.llm_server import error_reply
from tests.summaries.support import make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_broker():
    """A real Redis URL on a local port where nothing listens: every publish fails as with Redis down."""
    with use_broker(celery_app, f"redis://127.0.0.1:{free_port()}/0", "atelier-test-unreachable"):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_cannot_be_reached_fails_no_request(
    builtin, unreachable_broker, alice_client, alice_api, workshop, caplog
):
    UseCaseFactory(workshop=workshop, title="Invoice extraction")
    caplog.set_level(logging.ERROR, logger="summaries.services")

    page = alice_client.post(reverse("summaries:generate", args=[workshop.pk]), HTTP_HX_REQUEST="true")

    assert page.status_code == 200
    assert "The task queue cannot be reached right now" in page.content.decode()
    assert "Waiting for a worker to write the summary" in page.content.decode()
    (summary,) = Summary.objects.all()
    assert summary.status == "queued"
    assert "could not be sent to the broker; it stays queued for the sweep" in caplog.text

    plain = alice_client.post(reverse("summaries:generate", args=[workshop.pk]))
    assert plain.status_code == 302

    api = alice_api.post(f"/api/v1/workshops/{workshop.pk}/summaries/")
    assert api.status_code == 202
    assert api.json()["id"] == summary.pk
    assert api.json()["status"] == "queued"

    UseCaseFactory(workshop=workshop, title="Demand forecast")  # new data: the phase's end asks for a new one
    phase = alice_client.post(reverse("workshop:phase", args=[workshop.pk]), {"direction": "next"})
    assert phase.status_code == 302
    workshop.refresh_from_db()
    assert workshop.phase == "score"
    assert Summary.objects.filter(trigger="phase_ended", status="queued").count() == 1

    UseCaseFactory(workshop=workshop, title="Churn prediction")
    api_phase = alice_api.post(f"/api/v1/workshops/{workshop.pk}/phase/", {"phase": "vote"}, format="json")
    assert api_phase.status_code == 200
    assert Summary.objects.filter(trigger="phase_ended").count() == 2
    assert set(Summary.objects.values_list("status", flat=True)) == {"queued"}
    assert caplog.text.count("could not be sent to the broker") == 3


def _long_ago(seconds: float) -> object:
    return timezone.now() - timedelta(seconds=seconds + 1)


def test_the_sweep_sends_again_what_is_stuck_and_nothing_else(
    builtin, eager_celery, settings, workshop, django_capture_on_commit_callbacks
):
    queued_limit, running_limit = settings.SUMMARY_QUEUED_LIMIT_SECONDS, settings.SUMMARY_RUNNING_LIMIT_SECONDS
    lost = make_summary(workshop, status="queued", queued_at=_long_ago(queued_limit))
    dead = make_summary(workshop, status="running", started_at=_long_ago(running_limit), attempts=1)
    waiting = make_summary(workshop, status="queued")
    running = make_summary(workshop, status="running", started_at=timezone.now(), attempts=1)
    failed = make_summary(workshop, status="failed", queued_at=_long_ago(queued_limit), error="HTTP 500")
    assert [is_stuck(s) for s in (lost, dead, waiting, running, failed)] == [True, True, False, False, False]

    with django_capture_on_commit_callbacks(execute=True):
        sweep_summaries.delay()

    statuses = dict(Summary.objects.values_list("pk", "status"))
    assert statuses == {
        lost.pk: "succeeded",
        dead.pk: "succeeded",
        waiting.pk: "queued",
        running.pk: "running",
        failed.pk: "failed",
    }
    dead.refresh_from_db()
    assert dead.attempts == 2


def test_a_starting_worker_sweeps(builtin, eager_celery, settings, workshop, django_capture_on_commit_callbacks):
    lost = make_summary(workshop, status="queued", queued_at=_long_ago(settings.SUMMARY_QUEUED_LIMIT_SECONDS))

    with django_capture_on_commit_callbacks(execute=True):
        worker_ready.send(sender=None)

    lost.refresh_from_db()
    assert lost.status == "succeeded"


def test_a_sweep_with_the_broker_down_leaves_the_summaries_queued_for_the_next(
    builtin, unreachable_broker, settings, workshop, caplog, django_capture_on_commit_callbacks
):
    lost = make_summary(workshop, status="queued", queued_at=_long_ago(settings.SUMMARY_QUEUED_LIMIT_SECONDS))

    with django_capture_on_commit_callbacks(execute=True):
        services.summary_sweep()

    lost.refresh_from_db()
    assert lost.status == "queued"
    assert "could not be sent to the broker" in caplog.text
    # Its clock restarted: the next sweeps try again once the limit has passed.
    Summary.objects.filter(pk=lost.pk).update(queued_at=_long_ago(settings.SUMMARY_QUEUED_LIMIT_SECONDS))
    assert services.summary_sweep() == [lost.pk]


def test_a_summary_whose_worker_died_at_every_attempt_fails_readably(builtin, settings, workshop):
    settings.SUMMARY_MAX_RETRIES = 3
    dead = make_summary(workshop, status="running", started_at=_long_ago(settings.SUMMARY_RUNNING_LIMIT_SECONDS))
    Summary.objects.filter(pk=dead.pk).update(attempts=4)

    services.summary_run(dead.pk)

    dead.refresh_from_db()
    assert dead.status == "failed"
    assert dead.error == "The summary was interrupted before it could finish. (after 4 attempts)"
    assert dead.finished_at is not None


def test_a_retry_waits_its_backoff_without_counting_as_stuck(openai_llm, settings, workshop):
    settings.SUMMARY_RETRY_BASE_SECONDS = 1000
    settings.SUMMARY_QUEUED_LIMIT_SECONDS = 0
    openai_llm.script(error_reply(500))
    summary = make_summary(workshop, status="queued", provider="openai")

    with pytest.raises(services.RetryLater) as retry:
        services.summary_run(summary.pk)

    summary.refresh_from_db()
    assert retry.value.countdown >= 1000
    assert summary.status == "queued"
    assert summary.attempts == 1
    assert summary.queued_at > timezone.now() + timedelta(seconds=900)
    assert not is_stuck(summary)
    assert services.summary_sweep() == []


def test_attempts_are_counted_on_the_row_so_a_redelivery_buys_none(openai_llm, settings, workshop):
    """However many messages arrive for it, a failing summary gets SUMMARY_MAX_RETRIES + 1 LLM attempts."""
    settings.SUMMARY_MAX_RETRIES = 2
    openai_llm.script(error_reply(500))
    summary = make_summary(workshop, status="queued", provider="openai")

    for _ in range(2):
        with pytest.raises(services.RetryLater):
            services.summary_run(summary.pk)
    services.summary_run(summary.pk)
    assert services.summary_run(summary.pk) is None  # a late duplicate finds it finished

    summary.refresh_from_db()
    assert summary.status == "failed"
    assert summary.error == "The model server returned an error (HTTP 500). (after 3 attempts)"
    assert len(openai_llm.requests) == 3
