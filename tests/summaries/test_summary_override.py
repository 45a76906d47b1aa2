"""Both summary providers read a facilitator's override as the tier in force: the built-in summary says
"overridden (suggested: …)", and the data sent to the LLM carries the basis, the suggestion, the reason
and the obligations of the tier set. A use case answered under an older edition of the law says so."""

from __future__ import annotations

import json

import pytest

from compliance.models import Assessment
from compliance.services import assessment_save
from summaries.prompt import DATA_CLOSE, DATA_OPEN
from tests.compliance.conftest import CHATBOT
from tests.factories import UseCaseFactory
from tests.llm_server import summary_reply
from tests.summaries.support import alice_access, request_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

REASON = "Legal review: it steers claimants away from benefits they are entitled to."


@pytest.fixture
def chatbot(workshop, alice):
    use_case = UseCaseFactory(workshop=workshop, title="Benefits chatbot", status="shortlisted")
    assessment_save(
        access=alice_access(workshop, alice),
        use_case=use_case,
        answers=CHATBOT,
        confirmed_tier="high",
        override_reason=REASON,
    )
    return use_case


def _ai_act(snapshot: dict, title: str) -> dict:
    (row,) = [uc for uc in snapshot["use_cases"] if uc["title"] == title]
    return row["ai_act"]


def assert_overridden_to_high(ai_act: dict) -> None:
    assert (ai_act["tier"], ai_act["basis"], ai_act["suggested_tier"]) == ("high", "overridden", "limited")
    assert ai_act["override_reason"] == REASON
    assert {"article": "Art. 26", "role": "deployer", "applies_from": "2027-12-02"} in ai_act["obligations"]
    assert {"article": "Art. 27", "role": "deployer", "applies_from": "2027-12-02"} in ai_act["obligations"]
    assert ai_act["fria_required"] is True
    assert ai_act["law"] == "2024/1689+2026/1744"


def test_the_builtin_summary_says_the_tier_was_overridden(
    builtin, workshop, alice, chatbot, django_capture_on_commit_callbacks
):
    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert (summary.status, summary.provider) == ("succeeded", "builtin")
    assert_overridden_to_high(_ai_act(summary.snapshot, "Benefits chatbot"))
    (risk,) = [line for line in summary.content["risks_and_compliance"] if "Benefits chatbot" in line]
    assert "High risk under the EU AI Act" in risk
    assert "overridden (suggested: Limited risk) (Art. 6(2), Art. 50(1))" in risk
    assert "Fundamental rights impact assessment required (AI Act Art. 27)" in risk
    assert "overridden (suggested: Limited risk)" in summary.markdown


def test_the_llm_is_sent_the_override_its_reason_and_its_tiers_duties(
    openai_llm, workshop, alice, chatbot, django_capture_on_commit_callbacks
):
    openai_llm.script(summary_reply())

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert (summary.status, summary.provider) == ("succeeded", "openai")
    assert_overridden_to_high(_ai_act(summary.snapshot, "Benefits chatbot"))
    (body,) = openai_llm.requests
    (user,) = [m["content"] for m in body["messages"] if m["role"] == "user"]
    block = user[user.index(DATA_OPEN) + len(DATA_OPEN) : user.index(DATA_CLOSE)]
    (sent,) = [json.loads(line) for line in block.strip().splitlines()[1:]]
    assert sent["title"] == "Benefits chatbot"
    assert_overridden_to_high(sent["ai_act"])


def test_a_use_case_under_an_older_edition_says_the_law_changed(
    builtin, workshop, alice, chatbot, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(use_case=chatbot).update(edition="2024/1689")

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    ai_act = _ai_act(summary.snapshot, "Benefits chatbot")
    assert ai_act["law"] == "2024/1689"
    assert {"article": "Art. 26", "role": "deployer", "applies_from": "2026-08-02"} in ai_act["obligations"]
    assert {
        "kind": "date_moved",
        "article": "Art. 26",
        "before": "2026-08-02",
        "after": "2027-12-02",
    } in ai_act["law_changed"]
    (risk,) = [line for line in summary.content["risks_and_compliance"] if "Benefits chatbot" in line]
    assert "the law changed since this was assessed: re-confirm it under the law in force" in risk
