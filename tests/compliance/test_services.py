"""assessment_save: who may answer and when, the facilitator's decision, and the tier it puts in force."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from compliance import law
from compliance.models import Assessment
from compliance.selectors import assessments_for
from compliance.services import assessment_save
from core.exceptions import Refused
from tests.compliance.conftest import CHATBOT, CREDIT_SCORING, EMOTION_AT_WORK, FAQ_SEARCH, set_phase
from tests.factories import UseCaseFactory
from usecases.models import UseCase
from usecases.services import use_case_set_status
from workshop.selectors import Access, Actor, workshop_access

pytestmark = pytest.mark.django_db


def as_user(user: object, workshop: object) -> Access:
    return workshop_access(actor=Actor(user=user), pk=workshop.pk)  # type: ignore[attr-defined]


def as_participant(participant: object) -> Access:
    return workshop_access(actor=Actor(participant=participant), pk=participant.workshop_id)  # type: ignore[attr-defined]


# --- Who answers, and when ----------------------------------------------------------------------


def test_participant_assesses_their_own_idea_in_collect(bob, bobs_idea, workshop):
    version = workshop.version

    assessment = assessment_save(access=as_participant(bob), use_case=bobs_idea, answers=CREDIT_SCORING)

    assessment.refresh_from_db()
    assert assessment.answers == CREDIT_SCORING
    assert assessment.edition == "2024/1689+2026/1744"
    assert assessment.law_edition is law.AI_ACT_2026
    assert assessment.answered_by == "Bob"
    assert assessment.confirmed_tier == ""
    bobs_idea.refresh_from_db()
    # The suggestion is in force until a facilitator decides; the answers settle the declared fields.
    assert bobs_idea.ai_act_tier == "high"
    assert bobs_idea.client_role == "deployer"
    assert bobs_idea.personal_data == "yes"
    assert bobs_idea.automated_decisions is True
    assert bobs_idea.model_location == "non_eu_cloud"
    workshop.refresh_from_db()
    assert workshop.version > version


def test_participant_cannot_assess_someone_elses_idea(bob, others_idea):
    with pytest.raises(PermissionDenied):
        assessment_save(access=as_participant(bob), use_case=others_idea, answers=FAQ_SEARCH)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("phase", ["draft", "score", "vote", "roi"])
def test_participant_assesses_only_in_collect_ideas(bob, bobs_idea, workshop, phase):
    set_phase(workshop, phase)
    with pytest.raises(Refused):
        assessment_save(access=as_participant(bob), use_case=bobs_idea, answers=FAQ_SEARCH)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("phase", ["draft", "collect", "score", "vote", "roi"])
def test_facilitator_assesses_in_any_phase_but_closed(alice, bobs_idea, workshop, phase):
    set_phase(workshop, phase)
    assessment_save(access=as_user(alice, workshop), use_case=bobs_idea, answers=FAQ_SEARCH)
    assert Assessment.objects.get().use_case == bobs_idea


def test_nobody_assesses_in_a_closed_workshop(alice, bobs_idea, workshop):
    set_phase(workshop, "closed")
    with pytest.raises(Refused):
        assessment_save(access=as_user(alice, workshop), use_case=bobs_idea, answers=FAQ_SEARCH)


def test_manager_never_assesses(victor, bobs_idea, workshop):
    with pytest.raises(PermissionDenied):
        assessment_save(access=as_user(victor, workshop), use_case=bobs_idea, answers=FAQ_SEARCH)


def test_unknown_code_or_value_saves_nothing_and_names_the_question(bob, bobs_idea):
    with pytest.raises(ValidationError) as caught:
        assessment_save(
            access=as_participant(bob), use_case=bobs_idea, answers={**FAQ_SEARCH, "bogus": "yes", "role": "owner"}
        )
    assert set(caught.value.message_dict) == {"bogus", "role"}
    assert not Assessment.objects.exists()


def test_answers_that_no_longer_matter_are_not_kept(bob, bobs_idea):
    stale = {**FAQ_SEARCH, "annex_iii_use": "credit_scoring", "special_category": "yes"}
    assessment = assessment_save(access=as_participant(bob), use_case=bobs_idea, answers=stale)
    assert assessment.answers == FAQ_SEARCH


# --- The facilitator's decision ----------------------------------------------------------------


def test_only_a_facilitator_confirms_the_tier(bob, bobs_idea):
    with pytest.raises(PermissionDenied):
        assessment_save(access=as_participant(bob), use_case=bobs_idea, answers=CREDIT_SCORING, confirmed_tier="high")
    assert not Assessment.objects.exists()


def test_facilitator_confirms_the_suggestion(alice, bobs_idea, workshop):
    assessment = assessment_save(
        access=as_user(alice, workshop), use_case=bobs_idea, answers=CREDIT_SCORING, confirmed_tier="high"
    )
    assessment.refresh_from_db()
    assert assessment.confirmed_tier == "high"
    assert assessment.override_reason == ""
    assert assessment.confirmed_by == alice
    assert assessment.confirmed_at is not None


def test_an_override_needs_a_written_reason(alice, bobs_idea, workshop):
    access = as_user(alice, workshop)
    with pytest.raises(ValidationError) as caught:
        assessment_save(access=access, use_case=bobs_idea, answers=CREDIT_SCORING, confirmed_tier="limited")
    assert "override_reason" in caught.value.message_dict
    assert not Assessment.objects.exists()

    reason = "Only legal entities are scored: Annex III 5(b) covers natural persons."
    assessment = assessment_save(
        access=access, use_case=bobs_idea, answers=CREDIT_SCORING, confirmed_tier="limited", override_reason=reason
    )
    assessment.refresh_from_db()
    assert (assessment.confirmed_tier, assessment.override_reason) == ("limited", reason)
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "limited"


def test_an_unknown_tier_is_refused(alice, bobs_idea, workshop):
    with pytest.raises(ValidationError) as caught:
        assessment_save(
            access=as_user(alice, workshop), use_case=bobs_idea, answers=FAQ_SEARCH, confirmed_tier="catastrophic"
        )
    assert "confirmed_tier" in caught.value.message_dict


def test_a_confirmation_lapses_when_new_answers_change_the_suggestion(alice, bob, bobs_idea, workshop):
    assessment_save(access=as_user(alice, workshop), use_case=bobs_idea, answers=FAQ_SEARCH, confirmed_tier="minimal")

    assessment = assessment_save(access=as_participant(bob), use_case=bobs_idea, answers=CREDIT_SCORING)

    assert assessment.confirmed_tier == ""
    assert assessment.confirmed_by is None
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "high"


def test_an_override_with_its_reason_stands_when_answers_change(alice, bob, bobs_idea, workshop):
    assessment_save(
        access=as_user(alice, workshop),
        use_case=bobs_idea,
        answers=FAQ_SEARCH,
        confirmed_tier="high",
        override_reason="The client's legal team classes it high-risk.",
    )

    assessment = assessment_save(
        access=as_participant(bob), use_case=bobs_idea, answers={**FAQ_SEARCH, "interacts_with_people": "yes"}
    )

    assert assessment.confirmed_tier == "high"


RAISED = "Legal review: it steers claimants away from benefits they are entitled to."


def test_an_override_lists_the_duties_and_the_fria_of_the_tier_set(alice, bobs_idea, workshop):
    access = as_user(alice, workshop)
    assessment_save(access=access, use_case=bobs_idea, answers=CHATBOT)
    suggested = assessments_for([bobs_idea.pk])[bobs_idea.pk]
    assert (suggested.tier, suggested.basis, suggested.fria_required) == ("limited", "suggested", False)
    assert "Art. 26" not in [o.article for o in suggested.obligations]

    assessment_save(access=access, use_case=bobs_idea, answers=CHATBOT, confirmed_tier="high", override_reason=RAISED)

    view = assessments_for([bobs_idea.pk])[bobs_idea.pk]
    assert (view.tier, view.suggested_tier, view.basis, view.override_reason) == (
        "high",
        "limited",
        "overridden",
        RAISED,
    )
    assert [(o.article, o.role) for o in view.obligations] == [
        ("Art. 4", "any"),
        ("Art. 26", "deployer"),
        ("Art. 26(8), 49(3)", "deployer"),  # a public authority registers its use (issue 21)
        ("Art. 26(11)", "deployer"),
        ("Art. 27", "deployer"),
        ("Art. 86", "deployer"),
    ]
    assert view.fria_required is True  # Art. 27(1): a public body deploying what is now high-risk
    assert (view.roles, view.needs_legal_review) == (("deployer",), False)
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "high"


def test_an_override_keeps_the_answers_its_tier_asks_for_when_the_answers_are_saved_again(
    alice, bob, bobs_idea, workshop
):
    assessment_save(
        access=as_user(alice, workshop),
        use_case=bobs_idea,
        answers=CHATBOT,
        confirmed_tier="high",
        override_reason=RAISED,
    )

    # The author saves the same answers again (no decision: they may not send one).
    assessment = assessment_save(access=as_participant(bob), use_case=bobs_idea, answers=CHATBOT)

    assert (assessment.confirmed_tier, assessment.override_reason) == ("high", RAISED)
    assert assessment.answers == CHATBOT  # the roles and public service the high tier reads are kept
    view = assessments_for([bobs_idea.pk])[bobs_idea.pk]
    assert [o.article for o in view.obligations] == [
        "Art. 4",
        "Art. 26",
        "Art. 26(8), 49(3)",
        "Art. 26(11)",
        "Art. 27",
        "Art. 86",
    ]
    assert (view.roles, view.fria_required, view.needs_legal_review) == (("deployer",), True, False)


def test_an_empty_tier_withdraws_the_decision(alice, bobs_idea, workshop):
    access = as_user(alice, workshop)
    assessment_save(access=access, use_case=bobs_idea, answers=FAQ_SEARCH, confirmed_tier="minimal")
    assessment = assessment_save(access=access, use_case=bobs_idea, answers=FAQ_SEARCH, confirmed_tier="")
    assert assessment.confirmed_tier == ""


# --- The tier in force drives the shortlist rule ------------------------------------------------


def test_a_prohibited_tier_in_force_blocks_the_shortlist(alice, bobs_idea, workshop):
    access = as_user(alice, workshop)
    assessment_save(access=access, use_case=bobs_idea, answers=EMOTION_AT_WORK, confirmed_tier="prohibited")
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "unacceptable"

    with pytest.raises(Refused):
        use_case_set_status(access=access, use_case=bobs_idea, status="shortlisted")


def test_a_shortlisted_use_case_cannot_become_prohibited(alice, workshop):
    shortlisted = UseCaseFactory(workshop=workshop, status="shortlisted")
    with pytest.raises(Refused):
        assessment_save(access=as_user(alice, workshop), use_case=shortlisted, answers=EMOTION_AT_WORK)
    assert not Assessment.objects.exists()
    shortlisted.refresh_from_db()
    assert (shortlisted.status, shortlisted.ai_act_tier) == ("shortlisted", "unknown")


def test_an_override_lets_a_shortlisted_use_case_keep_its_place(alice, workshop):
    shortlisted = UseCaseFactory(workshop=workshop, status="shortlisted")
    assessment_save(
        access=as_user(alice, workshop),
        use_case=shortlisted,
        answers={**FAQ_SEARCH, "prohibited_practice": "unknown"},
        confirmed_tier="minimal",
        override_reason="Legal review on 3 March: no prohibited practice.",
    )
    shortlisted.refresh_from_db()
    assert shortlisted.ai_act_tier == "minimal"


# --- Declared, assessed, re-assess --------------------------------------------------------------


def test_existing_use_cases_keep_their_tier_as_declared_until_assessed(workshop):
    legacy = UseCaseFactory(workshop=workshop, ai_act_tier="unacceptable")
    view = assessments_for([legacy.pk])[legacy.pk]
    assert (view.assessed, view.basis, view.tier) == (False, "declared", "prohibited")
    assert view.obligations == ()
    assert view.dpia is None


def test_an_assessment_under_older_rules_says_re_assess_until_saved_again(alice, bobs_idea, workshop):
    access = as_user(alice, workshop)
    assessment_save(access=access, use_case=bobs_idea, answers=FAQ_SEARCH)
    Assessment.objects.update(edition="2024/1689")
    assert assessments_for([bobs_idea.pk])[bobs_idea.pk].reassess
    assert Assessment.objects.get().needs_reassessment(date(2026, 12, 5))
    # On a day the 2024 text was still the law, nothing to re-assess.
    assert not Assessment.objects.get().needs_reassessment(date(2026, 7, 26))

    assessment_save(access=access, use_case=bobs_idea, answers=FAQ_SEARCH)
    assert not assessments_for([bobs_idea.pk])[bobs_idea.pk].reassess
    assert Assessment.objects.get().edition == "2024/1689+2026/1744"


def test_the_use_case_keeps_its_row_when_the_assessment_is_saved_twice(alice, bobs_idea, workshop):
    access = as_user(alice, workshop)
    assessment_save(access=access, use_case=bobs_idea, answers=FAQ_SEARCH)
    assessment_save(access=access, use_case=bobs_idea, answers=CREDIT_SCORING)
    assert Assessment.objects.count() == 1
    assert UseCase.objects.get().assessment.answers == CREDIT_SCORING
