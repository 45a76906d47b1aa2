"""The AI definition of done takes the AI Act obligations the pre-assessment found, one item each."""

from __future__ import annotations

import pytest

from compliance.demo import ASSESSMENTS
from compliance.selectors import view_for
from compliance.services import assessment_save
from pocs.dod import dod_templates, dpia_needed, obligation_items
from tests.factories import UseCaseFactory
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db


def test_an_assessed_use_case_brings_its_assessments_obligations(workshop, alice):
    title, answers, _tier = ASSESSMENTS[0]  # credit scoring, a deployer: high risk, Art. 26 and 27
    use_case = UseCaseFactory(workshop=workshop, title=title)
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    assessment_save(access=access, use_case=use_case, answers=answers, confirmed_tier="high")
    use_case.refresh_from_db()

    view = view_for(use_case)
    # Written out, not read back from the code under test: a high-risk deployer's duties (Art. 4, 26, 27, 86).
    expected = [
        "ai_act_ai_literacy",
        "ai_act_deployer_duties",
        "ai_act_inform_affected_persons",
        "ai_act_fria",
        "ai_act_explain_decisions",
    ]
    assert [item.code for item in obligation_items(use_case)] == expected
    assert [f"ai_act_{o.code}" for o in view.obligations] == expected
    assert {o.article for o in view.obligations} >= {"Art. 26", "Art. 27"}
    assert dpia_needed(use_case) is True
    codes = [item.code for item in dod_templates(use_case)]
    assert set(expected) <= set(codes)


def test_a_use_case_only_declared_keeps_the_tiers_obligations(workshop):
    use_case = UseCaseFactory(workshop=workshop, ai_act_tier="limited", client_role="deployer")
    codes = [item.code for item in obligation_items(use_case)]
    assert codes[0] == "ai_act_art_4"
    assert any("50" in code for code in codes)
