"""The same data is summarised once; finished summaries are never redone; a phase that ends
queues one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from summaries import services
from summaries.models import Summary
from summaries.tasks import run_summary
from tests.factories import UseCaseFactory
from tests.summaries.support import alice_access, make_summary, request_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def test_same_data_reuses_the_finished_summary(builtin, workshop, alice, use_cases, django_capture_on_commit_callbacks):
    first = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    assert first.status == "succeeded"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.summary_request(access=alice_access(workshop, alice))

    assert again.pk == first.pk
    assert again.reused is True
    assert callbacks == []  # nothing queued, nothing paid
    assert Summary.objects.count() == 1


def test_generate_button_says_nothing_changed(
    builtin, alice_client, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    url = reverse("summaries:generate", args=[workshop.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = alice_client.post(url, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert "Summary requested" in first.content.decode()

    second = alice_client.post(url, HTTP_HX_REQUEST="true")

    assert "Nothing changed since the last summary: showing it." in second.content.decode()
    assert "<html" not in second.content.decode()
    assert Summary.objects.filter(workshop=workshop).count() == 1


def test_changed_data_makes_a_new_summary(builtin, workshop, alice, use_cases, django_capture_on_commit_callbacks):
    first = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    UseCaseFactory(workshop=workshop, title="Demand forecast")

    second = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert second.pk != first.pk
    assert second.input_hash != first.input_hash
    assert second.status == "succeeded"


def test_a_finished_summary_is_never_redone(openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks):
    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    finished_at = summary.finished_at

    run_summary.delay(summary.pk)
    assert services.summary_run(summary.pk) is None

    summary.refresh_from_db()
    assert summary.status == "succeeded"
    assert summary.finished_at == finished_at
    assert summary.attempts == 1
    assert len(openai_llm.requests) == 1


def test_a_running_summary_is_left_to_its_run(builtin, workshop):
    summary = make_summary(workshop, status="running", started_at=timezone.now())

    assert services.summary_run(summary.pk) is None

    summary.refresh_from_db()
    assert summary.status == "running"


def test_a_running_summary_whose_worker_died_is_reclaimed(builtin, settings, workshop):
    started = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    summary = make_summary(workshop, status="running", started_at=started, attempts=1)

    services.summary_run(summary.pk)

    summary.refresh_from_db()
    assert summary.status == "succeeded"
    assert summary.attempts == 2


# --------------------------------------------------------------------------- phase ends


def test_moving_forward_out_of_a_phase_queues_a_summary(
    builtin, alice_client, workshop, use_cases, django_capture_on_commit_callbacks
):
    url = reverse("workshop:phase", args=[workshop.pk])
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, {"direction": "next"})  # collect -> score

    (summary,) = Summary.objects.filter(workshop=workshop)
    assert summary.trigger == "phase_ended"
    assert summary.status == "succeeded"
    assert summary.requested_by is None


def test_going_back_or_starting_queues_no_summary(builtin, alice_client, workshop, django_capture_on_commit_callbacks):
    workshop.phase = "score"
    workshop.save()
    url = reverse("workshop:phase", args=[workshop.pk])
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, {"direction": "previous"})  # score -> collect
        alice_client.post(url, {"phase": "draft"})
        alice_client.post(url, {"direction": "next"})  # draft -> collect

    assert not Summary.objects.exists()


def test_phase_ends_only_forward_from_a_working_phase():
    assert services.phase_ends("collect", "score")
    assert services.phase_ends("roi", "closed")
    assert services.phase_ends("score", "roi")
    assert not services.phase_ends("draft", "collect")
    assert not services.phase_ends("vote", "score")
    assert not services.phase_ends("closed", "roi")
