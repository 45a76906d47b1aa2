"""The summary panel, a summary's page and the API: who sees what, polling, methods."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from summaries.models import Summary
from summaries.snapshot import snapshot_hash, summary_snapshot
from tests.factories import UserFactory
from tests.summaries.support import make_summary, request_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def test_board_loads_the_summary_panel(alice_client, workshop):
    html = alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert 'id="summary-panel"' in html
    assert reverse("summaries:panel", args=[workshop.pk]) in html


def test_panel_shows_generate_button_to_facilitator_only(builtin, alice_client, dora_client, workshop):
    url = reverse("summaries:panel", args=[workshop.pk])
    assert "Generate summary" in alice_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Generate summary" not in dora_client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_panel_polls_while_queued_and_stops_when_finished(alice_client, workshop):
    summary = make_summary(workshop, status="queued")
    url = reverse("summaries:panel", args=[workshop.pk])

    waiting = alice_client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="summary-poller")
    assert waiting.status_code == 200
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert "<html" not in waiting.content.decode()

    Summary.objects.filter(pk=summary.pk).update(status="succeeded", markdown="## Key themes\n\n- Done\n")
    done = alice_client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="summary-poller")
    assert done.status_code == 286
    assert "every 2s" not in done.content.decode()
    assert "<h2>Key themes</h2>" in done.content.decode()


def test_panel_unchanged_costs_a_204(alice_client, workshop):
    make_summary(workshop)
    url = reverse("summaries:panel", args=[workshop.pk])
    etag = alice_client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    assert alice_client.get(url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=etag).status_code == 204


def test_generate_without_htmx_redirects_to_the_board(
    builtin, alice_client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("summaries:generate", args=[workshop.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workshop:board", args=[workshop.pk]))
    assert Summary.objects.get().status == "succeeded"


def test_history_lists_earlier_summaries(alice_client, workshop):
    old = make_summary(workshop, markdown="old")
    make_summary(workshop, markdown="new")
    html = alice_client.get(reverse("summaries:panel", args=[workshop.pk])).content.decode()
    assert "Earlier summaries" in html
    assert reverse("summaries:detail", args=[old.pk]) in html


def test_participant_sees_no_summary_before_reveal(bob_client, bob_api, workshop):
    summary = make_summary(workshop, markdown="## Key themes\n\n- Secret ranking\n")

    panel = bob_client.get(reverse("summaries:panel", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    assert "Secret ranking" not in panel.content.decode()
    assert bob_client.get(reverse("summaries:detail", args=[summary.pk])).status_code == 404
    assert bob_api.get(f"/api/v1/workshops/{workshop.pk}/summaries/").json() == []
    assert bob_api.get(f"/api/v1/summaries/{summary.pk}/").status_code == 404


def test_participant_sees_the_latest_succeeded_summary_after_reveal(bob_client, bob_api, workshop):
    done = make_summary(workshop, markdown="## Key themes\n\n- Shared with all\n")
    failed = make_summary(workshop, status="failed", error="HTTP 500")
    workshop.results_revealed = True
    workshop.save()

    panel = bob_client.get(reverse("summaries:panel", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert "Shared with all" in panel.content.decode()
    assert "Generate summary" not in panel.content.decode()
    assert bob_client.get(reverse("summaries:detail", args=[done.pk])).status_code == 200
    assert bob_client.get(reverse("summaries:detail", args=[failed.pk])).status_code == 404
    assert [s["id"] for s in bob_api.get(f"/api/v1/workshops/{workshop.pk}/summaries/").json()] == [done.pk]


def test_participant_cannot_generate(bob_client, bob_api, workshop):
    assert bob_client.post(reverse("summaries:generate", args=[workshop.pk])).status_code == 403
    assert bob_api.post(f"/api/v1/workshops/{workshop.pk}/summaries/").status_code == 403
    assert not Summary.objects.exists()


def test_outsider_sees_nothing(charlie_client, charlie_api, workshop):
    summary = make_summary(workshop)
    assert charlie_client.get(reverse("summaries:detail", args=[summary.pk])).status_code == 404
    assert charlie_client.get(reverse("summaries:panel", args=[workshop.pk])).status_code == 404
    assert charlie_client.post(reverse("summaries:generate", args=[workshop.pk])).status_code == 404
    assert charlie_api.get(f"/api/v1/workshops/{workshop.pk}/summaries/").status_code == 404
    assert charlie_api.post(f"/api/v1/workshops/{workshop.pk}/summaries/").status_code == 404
    assert charlie_api.get(f"/api/v1/summaries/{summary.pk}/").status_code == 404
    assert not Summary.objects.exclude(pk=summary.pk).exists()


def test_viewer_reads_every_summary_but_cannot_generate(dora_client, workshop):
    failed = make_summary(workshop, status="failed", error="The model server returned an error (HTTP 500).")
    assert dora_client.get(reverse("summaries:detail", args=[failed.pk])).status_code == 200
    assert "HTTP 500" in dora_client.get(reverse("summaries:panel", args=[workshop.pk])).content.decode()
    assert dora_client.post(reverse("summaries:generate", args=[workshop.pk])).status_code == 403

    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(UserFactory(username="dora"))
    assert [s["id"] for s in api.get(f"/api/v1/workshops/{workshop.pk}/summaries/").json()] == [failed.pk]
    assert api.get(f"/api/v1/summaries/{failed.pk}/").status_code == 200
    assert api.post(f"/api/v1/workshops/{workshop.pk}/summaries/").status_code == 403
    assert Summary.objects.count() == 1


def test_wrong_methods_are_405(alice_client, alice_api, workshop):
    summary = make_summary(workshop)
    assert alice_client.get(reverse("summaries:generate", args=[workshop.pk])).status_code == 405
    assert alice_client.post(reverse("summaries:panel", args=[workshop.pk])).status_code == 405
    assert alice_client.post(reverse("summaries:detail", args=[summary.pk])).status_code == 405
    assert alice_api.delete(f"/api/v1/workshops/{workshop.pk}/summaries/").status_code == 405
    assert alice_api.post(f"/api/v1/summaries/{summary.pk}/").status_code == 405


def test_api_post_queues_a_summary_and_answers_202(
    builtin, alice_api, workshop, use_cases, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/summaries/")

    assert response.status_code == 202
    body = response.json()
    assert body["workshop"] == workshop.pk
    assert body["provider"] == "builtin"
    assert body["provider_reason"] == "No API key is configured"
    assert set(body) == {
        "id",
        "workshop",
        "status",
        "trigger",
        "provider",
        "provider_reason",
        "model",
        "language",
        "content",
        "markdown",
        "left_out",
        "prompt_tokens",
        "completion_tokens",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    }
    detail = alice_api.get(f"/api/v1/summaries/{body['id']}/").json()
    assert detail["status"] == "succeeded"
    assert detail["content"]["top_use_cases"][0]["title"] == "Invoice extraction"


def test_asking_again_while_a_summary_is_stuck_sends_that_one_again(
    builtin, settings, alice_client, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    """A summary whose message was lost is not doubled by a new request: the same row runs, once."""
    digest = snapshot_hash(summary_snapshot(workshop), provider="builtin", model="", language="en")
    lost = make_summary(workshop, status="queued", input_hash=digest)
    long_ago = timezone.now() - timedelta(seconds=settings.SUMMARY_QUEUED_LIMIT_SECONDS + 1)
    Summary.objects.filter(pk=lost.pk).update(queued_at=long_ago)

    panel = alice_client.get(reverse("summaries:panel", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert "stopped without finishing" in panel.content.decode()
    assert "Generate summary sends it again now." in panel.content.decode()
    assert "every 2s" in panel.content.decode()  # the sweep sends it again: the panel follows

    again = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert again.pk == lost.pk
    assert again.status == "succeeded"
    assert again.attempts == 1
    assert Summary.objects.count() == 1


def test_llm_errors_read_in_the_workshops_language():
    from django.utils import translation

    from summaries.errors import llm_error_text
    from summaries.llm import LlmTransientError

    error = LlmTransientError("The model server returned an error (HTTP 500).", status_code=500, code="server_error")
    assert llm_error_text(error) == "The model server returned an error (HTTP 500)."
    with translation.override("fr"):
        assert llm_error_text(error) == "Le serveur du modèle a renvoyé une erreur (HTTP 500)."
    timeout = LlmTransientError("…", code="timeout", params={"seconds": 30.0})
    assert llm_error_text(timeout) == "The model server did not answer within 30 seconds."
