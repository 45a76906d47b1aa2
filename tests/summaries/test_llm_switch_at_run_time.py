"""A client's "no LLM" holds when the work runs, not only when it was queued (issue 24, defect 1).

The real openai client and the scripted server of tests/llm_server.py: a summary
queued for the LLM, then refused by the client (or the installation) before it
ran, is written by the built-in provider and nothing reaches the server.
Restored backups never bring back work for the sweep to send.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from summaries import services
from summaries.models import Summary
from tests.llm_server import summary_reply
from tests.summaries.support import make_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def _queued_for_the_llm(workshop, settings) -> Summary:
    """A summary queued while the LLM was allowed, then left in the queue (the broker was down)."""
    long_ago = timezone.now() - timedelta(seconds=settings.SUMMARY_QUEUED_LIMIT_SECONDS + 1)
    return make_summary(workshop, status="queued", provider="openai", queued_at=long_ago, snapshot={})


def test_a_summary_queued_for_the_llm_then_refused_by_the_client_never_reaches_the_llm(
    openai_llm, settings, workshop, use_cases, django_capture_on_commit_callbacks
):
    openai_llm.script(summary_reply())
    summary = _queued_for_the_llm(workshop, settings)
    workshop.client.llm_allowed = False
    workshop.client.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.summary_sweep() == [summary.pk]

    summary.refresh_from_db()
    assert openai_llm.requests == []
    assert summary.status == "succeeded"
    assert summary.provider == "builtin"
    assert summary.provider_reason == "This client does not allow sending its data to a language model"
    assert summary.model == ""
    assert "without an LLM" in summary.markdown


def test_an_installation_that_switched_the_llm_off_runs_the_builtin_provider(openai_llm, settings, workshop, use_cases):
    openai_llm.script(summary_reply())
    summary = _queued_for_the_llm(workshop, settings)
    settings.LLM_ENABLED = False

    services.summary_run(summary.pk)

    summary.refresh_from_db()
    assert openai_llm.requests == []
    assert (summary.status, summary.provider) == ("succeeded", "builtin")
    assert summary.provider_reason == "LLM use is switched off for this installation"


def test_a_summary_still_allowed_goes_to_the_llm(openai_llm, settings, workshop, use_cases):
    """The check refuses what is refused, nothing more."""
    openai_llm.script(summary_reply(model="served-model"))
    summary = _queued_for_the_llm(workshop, settings)

    services.summary_run(summary.pk)

    summary.refresh_from_db()
    assert len(openai_llm.requests) == 1
    assert (summary.status, summary.provider, summary.model) == ("succeeded", "openai", "served-model")


def test_a_restored_backup_brings_back_no_work_for_the_llm(
    openai_llm, settings, workshop, use_cases, tmp_path, django_capture_on_commit_callbacks
):
    openai_llm.script(summary_reply())
    running = make_summary(workshop, status="running", provider="openai", started_at=timezone.now(), attempts=1)
    queued = _queued_for_the_llm(workshop, settings)
    done = make_summary(workshop, status="succeeded", provider="builtin")
    out = io.StringIO()
    call_command("export_workshop", str(workshop.pk), stdout=out)
    document = json.loads(out.getvalue())
    assert {row["status"] for row in document["sections"]["summaries"]} == {"running", "queued", "succeeded"}
    Summary.objects.filter(pk__in=[running.pk, queued.pk, done.pk]).delete()
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document))

    call_command("import_workshop", str(path), stdout=io.StringIO())

    restored = Summary.objects.exclude(workshop=workshop).order_by("pk")
    statuses = [s.status for s in restored]
    assert statuses == ["failed", "failed", "succeeded"]
    assert {s.error for s in restored if s.status == "failed"} == {
        "The summary had not finished when this workshop was exported; request a new one."
    }
    assert all(s.finished_at for s in restored if s.status == "failed")

    # Even with every limit passed, the sweep finds nothing to send.
    Summary.objects.update(queued_at=timezone.now() - timedelta(days=1), started_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.summary_sweep() == []
    assert openai_llm.requests == []
