"""The built-in provider: when it is used and why, and what it writes."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from summaries.builtin import builtin_summary
from summaries.snapshot import summary_snapshot
from tests.factories import UseCaseFactory
from tests.summaries.support import request_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ({}, "No API key is configured"),
        ({"llm_enabled": False}, "LLM use is switched off for this installation"),
        ({"client_forbids": True}, "This client does not allow sending its data to a language model"),
    ],
)
def test_builtin_is_used_and_the_panel_says_why(
    settings, llm_server, alice_client, workshop, alice, use_cases, django_capture_on_commit_callbacks, setup, reason
):
    settings.OPENAI_API_KEY = "" if not setup else "sk-test"
    settings.OPENAI_BASE_URL = None if not setup else llm_server.base_url
    settings.LLM_ENABLED = setup.get("llm_enabled", True)
    if setup.get("client_forbids"):
        workshop.client.llm_allowed = False
        workshop.client.save()

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "succeeded"
    assert summary.provider == "builtin"
    assert summary.provider_reason == reason
    assert summary.model == ""
    assert llm_server.requests == []
    html = alice_client.get(reverse("summaries:panel", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    page = html.content.decode()
    assert reason in page
    assert "Generated without an LLM" in page


def test_a_local_server_needs_no_key(
    settings, llm_server, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = llm_server.base_url
    settings.LLM_ENABLED = True

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.provider == "openai"
    assert summary.status == "succeeded"
    assert llm_server.request_headers[0]["authorization"] == "Bearer no-key"


def test_builtin_summary_is_useful_to_a_facilitator(
    builtin, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    content = summary.content
    text = summary.markdown

    assert text.startswith("# Claims triage")
    assert "_Generated without an LLM._" in text
    assert [uc["title"] for uc in content["top_use_cases"]] == ["Invoice extraction", "Support chatbot"]
    assert content["top_use_cases"][0]["why"] == "priority 4.50 (impact 4.50, feasibility 4.50), 3 votes — Quick win."
    assert any("Quick wins" in t and "Invoice extraction" in t for t in content["key_themes"])
    assert any(t == "POC budget for the shortlist: €16,000.00." for t in content["key_themes"])
    assert any("Support chatbot" in d and "1.50" in d for d in content["disagreements"])
    risks = " ".join(content["risks_and_compliance"])
    for flag in (
        "High risk under the EU AI Act",
        "Automated decisions about people (GDPR Art. 22)",
        "Personal data (GDPR)",
        "non-EU cloud",
    ):
        assert flag in risks
    (poc,) = content["proposed_pocs"]
    assert poc["title"] == "Invoice extraction"
    assert "POC cost €16,000.00" in poc["rationale"]
    assert "payback in 4 months" in poc["rationale"]
    steps = " ".join(content["next_steps"])
    assert "Support chatbot" in steps
    assert "€16,000.00" in steps


def test_builtin_summary_is_deterministic(use_cases, workshop):
    snapshot = summary_snapshot(workshop)
    assert builtin_summary(snapshot, "en") == builtin_summary(snapshot, "en")
    assert json.dumps(snapshot)  # plain JSON


def test_builtin_french_workshop_records_french(
    builtin, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    workshop.language = "fr"
    workshop.save()

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.language == "fr"
    assert summary.provider == "builtin"
    assert "## Thèmes clés" in summary.markdown
    assert "## Key themes" not in summary.markdown


def test_left_out_use_cases_are_mentioned(openai_llm, settings, workshop, alice, django_capture_on_commit_callbacks):
    settings.LLM_PROMPT_TOKEN_BUDGET = 1500
    for n in range(30):
        UseCaseFactory(workshop=workshop, title=f"Idea {n}", problem="x" * 400, solution="y" * 400)

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.left_out > 0
    assert f"{summary.left_out} use cases were left out for length." in summary.markdown
