"""Over MCP, a facilitator's override is the tier in force with its basis, its reason and the duties of the
tier set, as through the REST API; a use case answered under an older edition of the law says so."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from rest_framework.authtoken.models import Token

from assistant.server import build_server
from compliance.models import Assessment
from compliance.services import assessment_save
from tests.assistant.conftest import inprocess_connect, rest, rest_api, run_session, tool
from tests.compliance.conftest import CHATBOT
from tests.factories import RoiEstimateFactory, UseCaseFactory
from workshop.selectors import Actor, workshop_access

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Legal review: it steers claimants away from benefits they are entitled to."


@pytest.fixture
def chatbot(workshop, alice):
    use_case = UseCaseFactory(workshop=workshop, title="Benefits chatbot", status="shortlisted")
    RoiEstimateFactory(use_case=use_case)
    assessment_save(
        access=workshop_access(actor=Actor(user=alice), pk=workshop.pk),
        use_case=use_case,
        answers=CHATBOT,
        confirmed_tier="high",
        override_reason=REASON,
    )
    return use_case


def read(token: str, workshop_id: int, use_case_id: int) -> dict[str, Any]:
    async def calls(client: Client) -> dict[str, Any]:
        return {
            "use_case": await tool(client, "get_use_case", use_case_id=use_case_id),
            "plan": await tool(client, "poc_plan", workshop_id=workshop_id),
        }

    return run_session(inprocess_connect(build_server(token)), calls)


def plan_row(answers: dict[str, Any], use_case_id: int) -> dict[str, Any]:
    (part,) = answers["plan"]["workshops"]
    (row,) = [r for r in part["shortlist"]["rows"] if r["use_case"] == use_case_id]
    return row


def test_the_override_reaches_the_assistant_with_its_tiers_duties(alice, workshop, chatbot):
    token = Token.objects.create(user=alice).key

    answers = read(token, workshop.pk, chatbot.pk)

    assessment = answers["use_case"]["assessment"]
    assert assessment == rest(rest_api(token), f"/api/v1/use-cases/{chatbot.pk}/assessment/")
    assert (assessment["tier_in_force"], assessment["suggested_tier"]) == ("high", "limited")
    assert (assessment["basis"], assessment["basis_label"]) == ("overridden", "overridden (suggested: Limited risk)")
    assert assessment["override_reason"] == REASON
    assert ("Art. 26", "deployer", "2027-12-02") in [
        (o["article"], o["role"], o["applies_from"]) for o in assessment["obligations"]
    ]
    assert assessment["fria_required"] is True
    assert "Art. 6(2)" in assessment["articles"]

    row = plan_row(answers, chatbot.pk)
    assert (row["ai_act_tier"], row["ai_act_basis"]) == ("high", "overridden")
    assert row["ai_act_basis_label"] == "overridden (suggested: Limited risk)"
    assert (row["ai_act_suggested_tier"], row["override_reason"], row["law_changed"]) == ("limited", REASON, False)


def test_the_assistant_says_when_the_law_changed_since(alice, workshop, chatbot):
    Assessment.objects.filter(use_case=chatbot).update(edition="2024/1689")
    token = Token.objects.create(user=alice).key

    answers = read(token, workshop.pk, chatbot.pk)

    assessment = answers["use_case"]["assessment"]
    assert (assessment["answered_under"]["code"], assessment["reassess"]) == ("2024/1689", True)
    assert ("Art. 26", "2026-08-02") in [(o["article"], o["applies_from"]) for o in assessment["obligations"]]
    (moved,) = [c for c in assessment["changes"] if c["kind"] == "date_moved" and c["article"] == "Art. 26"]
    assert (moved["before"], moved["after"], moved["by"]) == ("2026-08-02", "2027-12-02", "Regulation (EU) 2026/1744")
    assert plan_row(answers, chatbot.pk)["law_changed"] is True
