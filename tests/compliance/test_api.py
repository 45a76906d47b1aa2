"""GET/PUT /api/v1/use-cases/{id}/assessment/ and GET /api/v1/assessment/questions/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from compliance.models import Assessment
from tests.compliance.conftest import CREDIT_SCORING, EMOTION_AT_WORK, FAQ_SEARCH, set_phase
from tests.factories import UseCaseFactory

pytestmark = pytest.mark.django_db


def url(use_case: object) -> str:
    return f"/api/v1/use-cases/{use_case.pk}/assessment/"  # type: ignore[attr-defined]


def test_a_use_case_never_assessed_answers_with_its_declared_tier(bob_api, workshop):
    legacy = UseCaseFactory(workshop=workshop, ai_act_tier="high")

    body = bob_api.get(url(legacy)).json()

    assert body["assessed"] is False
    assert body["basis"] == "declared"
    assert (body["tier"], body["tier_in_force"]) == (None, "high")
    assert body["obligations"] == []
    assert (body["dpia"], body["fria_required"], body["answered_under"]) == (None, None, None)
    assert (body["suggested_tier"], body["basis_label"], body["reassess"], body["changes"]) == (
        None,
        "declared, not assessed",
        False,
        [],
    )
    # Not assessed: it reads the law in force today.
    assert body["law"]["code"] == "2024/1689+2026/1744"
    assert body["visible_questions"][0] == "is_ai_system"


def test_the_author_puts_answers_and_gets_the_outcome(bob_api, bobs_idea):
    response = bob_api.put(url(bobs_idea), {"answers": CREDIT_SCORING}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["tier"] == "high"
    assert body["articles"] == ["Art. 6(2)", "Annex III 5(b)"]
    assert [(o["article"], o["applies_from"], o["role"]) for o in body["obligations"]] == [
        ("Art. 4", "2025-02-02", "any"),
        ("Art. 26", "2027-12-02", "deployer"),
        ("Art. 26(11)", "2027-12-02", "deployer"),  # Annex III decisions: inform the people concerned (issue 21)
        ("Art. 27", "2027-12-02", "deployer"),
        ("Art. 86", "2027-12-02", "deployer"),  # their right to an explanation (issue 21)
    ]
    # The date of Annex III comes from Art. 113 as amended in 2026.
    assert body["obligations"][1]["date_article"] == "Art. 113, as amended by Regulation (EU) 2026/1744"
    assert body["fria_required"] is True
    assert body["dpia"] == "required"
    assert body["transfer"] is True
    assert body["needs_legal_review"] is False
    assert (body["confirmed_tier"], body["override_reason"]) == (None, "")
    # Answered under the law in force today, and read under it: nothing to re-assess.
    assert body["answered_under"]["code"] == body["law"]["code"] == "2024/1689+2026/1744"
    assert body["answered_under"]["applies_from"] == "2026-07-27"
    assert (body["reassess"], body["changes"]) == (False, [])
    assert (body["basis"], body["basis_label"], body["suggested_tier"]) == (
        "suggested",
        "assessed, not confirmed",
        "high",
    )
    assert Assessment.objects.get(use_case=bobs_idea).edition == "2024/1689+2026/1744"
    assert body["disclaimer"] == "An aid to prepare the legal review, not legal advice."
    assert Assessment.objects.get(use_case=bobs_idea).answers == CREDIT_SCORING
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "high"


def test_unknown_answers_are_reported_with_the_cautious_branch(bob_api, bobs_idea):
    body = bob_api.put(url(bobs_idea), {"answers": {**FAQ_SEARCH, "is_ai_system": "unknown"}}, format="json").json()

    assert body["needs_legal_review"] is True
    assert body["assumptions"] == [
        {"code": "is_ai_system", "text": "Not known whether it is an AI system: assessed as one."}
    ]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"bogus": "yes"}, "bogus"),
        ({"role": "owner"}, "role"),
        ({"annex_iii_area": "employment", "annex_iii_use": "credit_scoring"}, "annex_iii_use"),
    ],
)
def test_an_unknown_code_or_value_is_a_400_with_field_errors(bob_api, bobs_idea, answers, field):
    response = bob_api.put(url(bobs_idea), {"answers": answers}, format="json")

    assert response.status_code == 400
    assert field in response.json()["answers"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("body", [{}, {"answers": ["yes"]}, {"answers": "yes"}, {"answers": {"role": None}}])
def test_malformed_bodies_are_400_never_500(bob_api, bobs_idea, body):
    response = bob_api.put(url(bobs_idea), body, format="json")
    assert response.status_code == 400
    assert "answers" in response.json()


def test_outsider_and_unknown_ids_get_404(charlie_api, bobs_idea):
    assert charlie_api.get(url(bobs_idea)).status_code == 404
    assert charlie_api.put(url(bobs_idea), {"answers": FAQ_SEARCH}, format="json").status_code == 404
    assert charlie_api.get("/api/v1/use-cases/999999/assessment/").status_code == 404


def test_manager_reads_but_gets_403_on_put_whatever_the_body(victor_api, bobs_idea):
    assert victor_api.get(url(bobs_idea)).status_code == 200
    assert victor_api.put(url(bobs_idea), {"answers": {"bogus": 1}}, format="json").status_code == 403
    assert not Assessment.objects.exists()


def test_participant_cannot_send_a_confirmed_tier(bob_api, bobs_idea):
    response = bob_api.put(url(bobs_idea), {"answers": CREDIT_SCORING, "confirmed_tier": "minimal"}, format="json")
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_participant_cannot_assess_someone_elses_idea(bob_api, others_idea):
    assert bob_api.put(url(others_idea), {"answers": FAQ_SEARCH}, format="json").status_code == 403


def test_participant_outside_collect_ideas_gets_409(bob_api, bobs_idea, workshop):
    set_phase(workshop, "score")
    response = bob_api.put(url(bobs_idea), {"answers": FAQ_SEARCH}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_phase"


def test_closed_workshop_is_409_even_for_the_facilitator(alice_api, bobs_idea, workshop):
    set_phase(workshop, "closed")
    assert alice_api.put(url(bobs_idea), {"answers": FAQ_SEARCH}, format="json").status_code == 409


def test_facilitator_overrides_with_a_reason_and_withdraws_with_null(alice_api, bobs_idea):
    refused = alice_api.put(url(bobs_idea), {"answers": CREDIT_SCORING, "confirmed_tier": "limited"}, format="json")
    assert refused.status_code == 400
    assert "override_reason" in refused.json()

    reason = "Legal review: only legal entities are scored."
    body = alice_api.put(
        url(bobs_idea),
        {"answers": CREDIT_SCORING, "confirmed_tier": "limited", "override_reason": reason},
        format="json",
    ).json()
    assert (body["tier"], body["confirmed_tier"], body["tier_in_force"]) == ("high", "limited", "limited")
    assert body["override_reason"] == reason
    assert (body["basis"], body["basis_label"]) == ("overridden", "overridden (suggested: High risk)")
    assert (body["suggested_tier"], body["fria_required"]) == ("high", False)
    # The articles and obligations are those of the tier in force (limited), not of the suggestion.
    assert "Art. 26" not in [o["article"] for o in body["obligations"]]

    # Omitting confirmed_tier keeps the decision; null withdraws it.
    kept = alice_api.put(url(bobs_idea), {"answers": CREDIT_SCORING}, format="json").json()
    assert kept["confirmed_tier"] == "limited"
    confirmed = alice_api.put(url(bobs_idea), {"answers": CREDIT_SCORING, "confirmed_tier": "high"}, format="json")
    assert (confirmed.json()["basis"], confirmed.json()["basis_label"]) == ("confirmed", "confirmed")
    assert confirmed.json()["override_reason"] == ""
    withdrawn = alice_api.put(url(bobs_idea), {"answers": CREDIT_SCORING, "confirmed_tier": None}, format="json").json()
    assert (withdrawn["confirmed_tier"], withdrawn["tier_in_force"]) == (None, "high")


def test_unknown_confirmed_tier_is_400(alice_api, bobs_idea):
    response = alice_api.put(url(bobs_idea), {"answers": FAQ_SEARCH, "confirmed_tier": "extreme"}, format="json")
    assert response.status_code == 400
    assert "confirmed_tier" in response.json()


def test_a_prohibited_use_case_cannot_be_shortlisted_through_the_api(alice_api, bobs_idea):
    alice_api.put(url(bobs_idea), {"answers": EMOTION_AT_WORK, "confirmed_tier": "prohibited"}, format="json")

    response = alice_api.patch(f"/api/v1/use-cases/{bobs_idea.pk}/", {"status": "shortlisted"}, format="json")

    assert response.status_code == 409
    bobs_idea.refresh_from_db()
    assert bobs_idea.status == "proposed"


def test_the_tier_is_no_longer_written_through_the_use_case_api(alice_api, bobs_idea):
    response = alice_api.patch(f"/api/v1/use-cases/{bobs_idea.pk}/", {"ai_act_tier": "minimal"}, format="json")

    assert response.status_code == 400
    assert "assessment" in response.json()["ai_act_tier"][0]
    bobs_idea.refresh_from_db()
    assert bobs_idea.ai_act_tier == "unknown"
    assert alice_api.get(f"/api/v1/use-cases/{bobs_idea.pk}/").json()["ai_act_tier"] == "unknown"


# --- Questions ---------------------------------------------------------------------------------


def test_questions_list_codes_options_help_and_articles(bob_api):
    body = bob_api.get("/api/v1/assessment/questions/").json()

    assert body["law"] == {
        "code": "2024/1689+2026/1744",
        "title": "Regulation (EU) 2024/1689 (the AI Act), as amended by Regulation (EU) 2026/1744 "
        "(Digital Omnibus on AI)",
        "applies_from": "2026-07-27",
    }
    assert "rules_date" not in body
    # Written out, not read back from compliance.questions: the API's order is the questionnaire's.
    assert [q["code"] for q in body["questions"]] == [
        "is_ai_system",
        "role",
        "excluded_purpose",
        "prohibited_practice",
        "annex_i_safety_component",
        "annex_i_section",
        "annex_iii_area",
        "annex_iii_use",
        "art6_3_condition",
        "profiling",
        "own_brand",
        "substantial_modification",
        "purpose_changed_to_high_risk",
        "public_authority",
        "public_service",
        "employer",
        "non_eu_provider",
        "interacts_with_people",
        "generates_content",
        "emotion_or_biometric_categorisation",
        "biometric_kind",
        "deepfake",
        "public_interest_text",
        "personal_data",
        "special_category",
        "bias_detection",
        "automated_decision",
        "systematic_evaluation",
        "large_scale_sensitive",
        "public_monitoring",
        "evaluation_scoring",
        "significant_decisions",
        "systematic_monitoring",
        "highly_personal",
        "large_scale",
        "matching_datasets",
        "vulnerable_subjects",
        "innovative_technology",
        "prevents_right",
        "data_location",
        "model_location",
    ]
    use = next(q for q in body["questions"] if q["code"] == "annex_iii_use")
    credit = next(o for o in use["options"] if o["code"] == "credit_scoring")
    assert credit == {
        "code": "credit_scoring",
        "label": "Creditworthiness or credit score of natural persons, other than detecting financial fraud",
        "article": "Annex III 5(b)",
        "area": "essential_services",
        "since": "2024/1689",
    }
    # What the 2026 amendment brought says so.
    bias = next(q for q in body["questions"] if q["code"] == "bias_detection")
    assert bias["since"] == "2024/1689+2026/1744"
    practice = next(q for q in body["questions"] if q["code"] == "prohibited_practice")
    intimate = next(o for o in practice["options"] if o["code"] == "intimate_imagery")
    assert (practice["since"], intimate["since"]) == ("2024/1689", "2024/1689+2026/1744")
    first = body["questions"][0]
    assert (first["article"], first["section"]) == ("Art. 3(1)", "ai_act")
    assert first["help"]
    assert all(q["options"][-1]["code"] == "unknown" for q in body["questions"])


def test_questions_come_in_french_with_their_help(bob_api):
    body = bob_api.get("/api/v1/assessment/questions/", HTTP_ACCEPT_LANGUAGE="fr").json()
    first = body["questions"][0]
    assert first["text"] == "Est-ce un système d'IA\u00a0?"
    assert first["options"][-1]["label"] == "Je ne sais pas"


def test_questions_need_an_identity(client):
    assert client.get("/api/v1/assessment/questions/").status_code in {401, 403}


def test_the_schema_documents_both_endpoints_without_warnings(alice_client):
    paths = alice_client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert set(paths["/api/v1/use-cases/{id}/assessment/"]) >= {"get", "put"}
    assert "get" in paths["/api/v1/assessment/questions/"]

    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
