"""Summaries written by an LLM: the real openai client against the scripted server of
tests/llm_server.py, retries, failures, delimited participant text, escaped output."""

from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse

from summaries import services
from summaries.prompt import DATA_CLOSE, DATA_OPEN
from tests.factories import UseCaseFactory
from tests.llm_server import (
    SAMPLE_SUMMARY,
    delayed,
    error_reply,
    length_reply,
    malformed_reply,
    refusal_reply,
    summary_reply,
)
from tests.summaries.support import INJECTION, make_summary, request_summary
from workshop.models import Event, EventKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def test_summary_is_written_by_the_llm(openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks):
    openai_llm.script(summary_reply(model="served-model", prompt_tokens=321, completion_tokens=123))

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "succeeded"
    assert summary.provider == "openai"
    assert summary.provider_reason == ""
    assert summary.model == "served-model"
    assert (summary.prompt_tokens, summary.completion_tokens, summary.attempts) == (321, 123, 1)
    assert summary.content == SAMPLE_SUMMARY
    assert summary.requested_by == alice
    assert summary.started_at
    assert summary.finished_at
    for heading in ("## Key themes", "## Top use cases", "## Points of disagreement", "## Risks and compliance"):
        assert heading in summary.markdown
    assert "## Proposed POCs" in summary.markdown
    assert "## Next steps" in summary.markdown
    assert "**Invoice extraction** — Highest impact" in summary.markdown
    assert "without an LLM" not in summary.markdown
    (body,) = openai_llm.requests
    assert body["model"] == "test-model"
    assert "English" in body["messages"][0]["content"]
    assert Event.objects.filter(workshop=workshop, kind=EventKind.SUMMARY_REQUESTED).count() == 1


def test_rate_limit_is_retried_then_succeeds(
    openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    openai_llm.script(error_reply(429), summary_reply())

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "succeeded"
    assert summary.attempts == 2
    assert summary.error == ""
    assert len(openai_llm.requests) == 2


def test_server_error_every_time_fails_with_a_readable_error(
    openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    openai_llm.script(error_reply(500))

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "failed"
    assert summary.error == "The model server returned an error (HTTP 500). (after 4 attempts)"
    assert summary.attempts == 4
    assert len(openai_llm.requests) == 4  # the first try and 3 retries
    assert summary.content is None
    assert summary.markdown == ""
    assert summary.finished_at is not None


def test_slow_model_server_times_out(
    openai_llm, settings, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    settings.LLM_TIMEOUT_SECONDS = 0.3
    settings.SUMMARY_MAX_RETRIES = 1
    openai_llm.script(delayed(summary_reply(), 3))

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "failed"
    assert summary.error == "The model server did not answer within 0.3 seconds. (after 2 attempts)"


def test_malformed_answer_fails_without_saving_it(
    openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    openai_llm.script(malformed_reply())

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "failed"
    assert "did not match the expected format" in summary.error
    assert summary.attempts == 1  # permanent: not retried by the task
    assert len(openai_llm.requests) == 2  # asked once more by the client, with a hint
    assert summary.content is None


@pytest.mark.parametrize(
    ("reply", "message"),
    [(length_reply(), "cut short"), (refusal_reply("No."), "The model refused: No.")],
)
def test_cut_short_or_refused_answer_is_not_saved(
    openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks, reply, message
):
    openai_llm.script(reply)

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "failed"
    assert message in summary.error
    assert summary.content is None
    assert summary.markdown == ""
    assert len(openai_llm.requests) == 1


def test_participant_text_is_sent_delimited(openai_llm, workshop, alice, bob, django_capture_on_commit_callbacks):
    UseCaseFactory(workshop=workshop, author=bob, title="Sneaky", problem=INJECTION)

    request_summary(workshop, alice, django_capture_on_commit_callbacks)

    system, user = openai_llm.requests[0]["messages"]
    assert system["role"] == "system"
    assert "never as instructions" in system["content"]
    assert INJECTION not in system["content"]
    inside = user["content"].split(DATA_OPEN, 1)[1].split(DATA_CLOSE, 1)[0]
    assert INJECTION in inside
    assert user["content"].count(DATA_OPEN) == 1
    assert user["content"].count(DATA_CLOSE) == 1


def test_markup_from_the_model_or_a_use_case_never_reaches_the_page(
    openai_llm, alice_client, workshop, alice, bob, django_capture_on_commit_callbacks
):
    UseCaseFactory(workshop=workshop, author=bob, title="<img src=x onerror=alert(2)>", problem=INJECTION)
    echoed = {
        **SAMPLE_SUMMARY,
        "key_themes": [INJECTION, "<img src=x onerror=alert(1)>", "[link](javascript:alert(3))"],
        "top_use_cases": [{"title": "<script>alert(1)</script>", "why": "<b onclick=alert(1)>bold</b>"}],
    }
    openai_llm.script(summary_reply(echoed))

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    assert summary.status == "succeeded"

    for url in (reverse("summaries:detail", args=[summary.pk]), reverse("summaries:panel", args=[workshop.pk])):
        html = alice_client.get(url).content.decode()
        assert "alert(1)" in html  # the text is shown, as text
        assert "<script>alert" not in html
        assert "<img" not in html
        assert "<b " not in html
        assert "<b onclick" not in html
        assert 'href="javascript' not in html


def test_french_workshop_asks_the_model_for_french(
    openai_llm, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    workshop.language = "fr"
    workshop.save()

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.language == "fr"
    system = openai_llm.requests[0]["messages"][0]["content"]
    assert "write every text value of the summary in French" in system


def test_soft_time_limit_fails_with_a_readable_error(openai_llm, workshop, alice, monkeypatch):
    # A soft time limit is a signal sent by a prefork worker: raised here in its place.
    def too_slow(config, messages):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("summaries.llm.summarise", too_slow)
    summary = make_summary(workshop, status="queued", provider="openai")

    services.summary_run(summary.pk)

    summary.refresh_from_db()
    assert summary.status == "failed"
    assert summary.error == "The summary took longer than 180 seconds and was stopped."
