"""The guided pre-assessment page: live questions and result (htmx), saving, roles, French, the board's chip."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from compliance.models import Assessment
from compliance.services import assessment_save
from tests.compliance.conftest import CHATBOT, CREDIT_SCORING, EMOTION_AT_WORK, FAQ_SEARCH, set_phase
from workshop.selectors import Actor, workshop_access

pytestmark = pytest.mark.django_db

DISCLAIMER = "An aid to prepare the legal review, not legal advice."


def page(use_case: object) -> str:
    return reverse("compliance:assessment", args=[use_case.pk])  # type: ignore[attr-defined]


def saved_by_alice(alice: object, workshop: object, use_case: object, answers: dict, **kwargs: object) -> Assessment:
    access = workshop_access(actor=Actor(user=alice), pk=workshop.pk)  # type: ignore[attr-defined]
    return assessment_save(access=access, use_case=use_case, answers=answers, **kwargs)  # type: ignore[arg-type]


def test_the_author_sees_the_guided_form_with_its_disclaimer(bob_client, bobs_idea):
    response = bob_client.get(page(bobs_idea))

    assert response.status_code == 200
    html = response.content.decode()
    assert DISCLAIMER in html
    assert "<legend>Is it an AI system?</legend>" in html
    assert 'name="is_ai_system" value="no"' in html
    assert "Art. 3(1)" in html
    assert "declared, not assessed" in html
    assert "Save pre-assessment" in html
    assert "<script>" not in html
    assert re.search(r"\son[a-z]+=", html) is None


def test_a_first_visit_starts_from_what_the_use_case_declares(bob_client, bobs_idea):
    bobs_idea.client_role = "deployer"
    bobs_idea.model_location = "eu_cloud"
    bobs_idea.save()

    html = bob_client.get(page(bobs_idea)).content.decode()

    assert 'id="q-role-deployer" name="role" value="deployer" checked' in html
    assert 'id="q-model_location-eu_cloud" name="model_location" value="eu_cloud" checked' in html


def test_htmx_preview_shows_only_the_questions_that_matter_and_saves_nothing(bob_client, bobs_idea):
    response = bob_client.get(page(bobs_idea), {"is_ai_system": "no", "personal_data": "no"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="assessment-live"' in html
    assert 'data-tier="out_of_scope"' in html
    assert 'name="prohibited_practice"' not in html
    assert 'name="special_category"' not in html
    assert not Assessment.objects.exists()


def test_htmx_preview_of_credit_scoring_lists_art_26_and_27_with_their_dates(bob_client, bobs_idea):
    html = bob_client.get(page(bobs_idea), CREDIT_SCORING, HTTP_HX_REQUEST="true").content.decode()

    assert 'data-tier="high"' in html
    assert "Annex III 5(b)" in html
    assert "<strong>Art. 26</strong>" in html
    assert "<strong>Art. 27</strong>" in html
    # Under the law in force today, Annex III applies from 2 December 2027 (Regulation (EU) 2026/1744).
    assert "from Dec. 2, 2027" in html
    assert "from Aug. 2, 2026" not in html
    assert "Art. 113, as amended by Regulation (EU) 2026/1744" in html
    assert 'data-testid="fria"' in html
    assert 'data-dpia="required"' in html
    # Only the uses of the area chosen are offered.
    assert 'value="employment_recruitment"' not in html


def test_the_author_saves_and_the_database_holds_the_answers(bob_client, bobs_idea):
    response = bob_client.post(page(bobs_idea), CREDIT_SCORING)

    assert response.status_code == 302
    assert response["Location"] == page(bobs_idea)
    assert Assessment.objects.get(use_case=bobs_idea).answers == CREDIT_SCORING
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "high"
    html = bob_client.get(page(bobs_idea)).content.decode()
    assert '<span data-testid="basis">assessed, not confirmed</span>' in html
    assert "Last saved by Bob" in html
    assert "Answered under Regulation (EU) 2024/1689 (the AI Act), as amended by Regulation (EU) 2026/1744" in html
    assert 'data-testid="law-changed"' not in html


def test_a_bad_value_re_renders_with_the_answers_given_and_the_error(bob_client, bobs_idea):
    response = bob_client.post(page(bobs_idea), {**FAQ_SEARCH, "role": "owner"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Not one of the options of this question." in html
    assert 'id="q-is_ai_system-yes" name="is_ai_system" value="yes" checked' in html
    assert not Assessment.objects.exists()


def test_wrong_method_is_405(bob_client, bobs_idea):
    assert bob_client.put(page(bobs_idea)).status_code == 405
    assert bob_client.delete(page(bobs_idea)).status_code == 405


def test_outsider_gets_404(charlie_client, bobs_idea):
    assert charlie_client.get(page(bobs_idea)).status_code == 404
    assert charlie_client.post(page(bobs_idea), FAQ_SEARCH).status_code == 404
    assert charlie_client.get(reverse("compliance:assessment", args=[999999])).status_code == 404


def test_manager_reads_the_assessment_but_cannot_save(victor_client, alice, workshop, bobs_idea):
    saved_by_alice(alice, workshop, bobs_idea, CREDIT_SCORING, confirmed_tier="high")

    html = victor_client.get(page(bobs_idea)).content.decode()
    assert '<span data-testid="basis">confirmed</span>' in html
    assert " disabled" in html
    assert "Save pre-assessment" not in html

    assert victor_client.post(page(bobs_idea), FAQ_SEARCH).status_code == 403
    assert Assessment.objects.get().answers == CREDIT_SCORING


def test_participant_reads_others_ideas_but_cannot_save_them(bob_client, others_idea):
    html = bob_client.get(page(others_idea)).content.decode()
    assert "Save pre-assessment" not in html
    assert bob_client.post(page(others_idea), FAQ_SEARCH).status_code == 403
    assert not Assessment.objects.exists()


def test_participant_after_collect_ideas_is_told_why(bob_client, bobs_idea, workshop):
    set_phase(workshop, "score")
    response = bob_client.post(page(bobs_idea), FAQ_SEARCH)
    assert response.status_code == 409
    assert "Collect ideas" in response.content.decode()
    assert not Assessment.objects.exists()


def test_facilitator_override_without_a_reason_keeps_everything_typed(alice_client, bobs_idea):
    response = alice_client.post(page(bobs_idea), {**CREDIT_SCORING, "confirmed_tier": "minimal"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the tier differs from the suggestion" in html
    assert '<option value="minimal" selected>' in html
    assert 'id="q-annex_iii_use-credit_scoring" name="annex_iii_use" value="credit_scoring" checked' in html
    assert not Assessment.objects.exists()


def test_facilitator_confirms_and_the_board_shows_the_chip(alice_client, bobs_idea, workshop):
    response = alice_client.post(page(bobs_idea), {**CREDIT_SCORING, "confirmed_tier": "high"})
    assert response.status_code == 302
    assert Assessment.objects.get().confirmed_tier == "high"

    board = alice_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "AI Act: High risk · confirmed" in board
    assert f'href="{page(bobs_idea)}"' in board


def test_a_prohibited_use_case_cannot_be_shortlisted_through_the_page(alice_client, alice, workshop, bobs_idea):
    saved_by_alice(alice, workshop, bobs_idea, EMOTION_AT_WORK, confirmed_tier="prohibited")

    board = alice_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "it can never be shortlisted" in board
    response = alice_client.post(
        reverse("usecases:status", args=[bobs_idea.pk]), {"status": "shortlisted"}, follow=True
    )
    assert "can never be shortlisted" in response.content.decode()
    bobs_idea.refresh_from_db()
    assert bobs_idea.status == "proposed"


def test_an_assessment_under_older_rules_shows_re_assess(alice_client, alice, workshop, bobs_idea):
    saved_by_alice(alice, workshop, bobs_idea, FAQ_SEARCH)
    Assessment.objects.update(edition="2024/1689")

    html = alice_client.get(page(bobs_idea)).content.decode()
    assert "The law changed since this was assessed" in html
    assert "Re-confirm under the law in force" in html
    assert "Answered under Regulation (EU) 2024/1689 (the AI Act), as published." in html
    board = alice_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "re-assess" in board


def test_the_use_case_form_no_longer_offers_the_tier(alice_client, bobs_idea):
    html = alice_client.get(reverse("usecases:edit", args=[bobs_idea.pk])).content.decode()
    assert 'name="ai_act_tier"' not in html
    assert page(bobs_idea) in html


def test_the_page_in_french_translates_questions_help_and_disclaimer(bob_client, bobs_idea):
    bob_client.cookies["django_language"] = "fr"

    html = bob_client.get(page(bobs_idea), CREDIT_SCORING, HTTP_HX_REQUEST="true").content.decode()

    assert "Est-ce un système d&#x27;IA\u00a0?" in html
    assert "Une aide pour préparer la revue juridique, pas un avis juridique." in html
    assert "Risque élevé" in html
    assert "à partir du 2 décembre 2027" in html


# --- A facilitator's override --------------------------------------------------------------------

RAISED = "Legal review: it steers claimants away from benefits they are entitled to."


def test_the_page_shows_the_tier_set_by_the_facilitator_with_its_duties(victor_client, alice, workshop, bobs_idea):
    saved_by_alice(alice, workshop, bobs_idea, CHATBOT, confirmed_tier="high", override_reason=RAISED)

    html = victor_client.get(page(bobs_idea)).content.decode()

    assert 'data-basis="overridden"' in html
    assert '<span data-testid="basis">overridden (suggested: Limited risk)</span>' in html
    assert f"Reason for the override:</strong> {RAISED}" in html
    assert "Result of the tier set by the facilitator" in html
    assert 'data-testid="result-tier" data-tier="high"' in html
    assert 'data-testid="suggested-tier" data-tier="limited"' in html
    assert '<li data-code="deployer_duties"><strong>Art. 26</strong>' in html
    assert '<li data-code="fria"><strong>Art. 27</strong>' in html
    assert 'data-testid="fria"' in html  # the FRIA of the tier set, not of the suggestion

    board = victor_client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "AI Act: High risk · overridden" in board


def test_the_suggestion_alone_lists_no_high_risk_duty_and_no_fria(alice, bob_client, workshop, bobs_idea):
    saved_by_alice(alice, workshop, bobs_idea, CHATBOT)

    html = bob_client.get(page(bobs_idea)).content.decode()

    assert '<span data-testid="basis">assessed, not confirmed</span>' in html
    assert "Suggested result" in html
    assert 'data-testid="suggested-tier" data-tier="limited"' in html
    assert 'data-code="deployer_duties"' not in html
    assert 'data-testid="fria"' not in html


def test_the_preview_follows_the_tier_the_facilitator_is_choosing(alice_client, bobs_idea):
    html = alice_client.get(
        page(bobs_idea), {**CHATBOT, "confirmed_tier": "high", "override_reason": RAISED}, HTTP_HX_REQUEST="true"
    ).content.decode()

    assert 'data-testid="result-tier" data-tier="high"' in html
    assert "overridden (suggested: Limited risk)" in html
    assert 'data-code="deployer_duties"' in html
    assert 'data-testid="fria"' in html
    assert 'name="public_authority"' in html  # the question the tier set asks
    assert not Assessment.objects.exists()
