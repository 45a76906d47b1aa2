"""The pre-assessment rules, path by path: the tier, the articles behind it, the obligations and their dates.

Pure: no database. Each case starts from BASE (an AI system, deployed, nothing special, no personal
data: minimal risk) and changes only what it tests.

Every case reads the AI Act as published (`law.AI_ACT_2024`), whose dates it asserts: Annex III from
2 August 2026, Annex I from 2 August 2027. The 2026 amendment and its dates are in test_law.py; the
properties at the end hold under every edition.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance import law, rules
from compliance.questions import AREAS, BY_CODE, CONDITIONS, EXCLUSIONS, PRACTICES, QUESTIONS, options_for

FEB_2025, AUG_2026, AUG_2027 = date(2025, 2, 2), date(2026, 8, 2), date(2027, 8, 2)
# The rules under the text as published, whatever the edition in force today.
assess = functools.partial(rules.assess, edition=law.AI_ACT_2024)
validate = functools.partial(rules.validate, edition=law.AI_ACT_2024)
prune = functools.partial(rules.prune, edition=law.AI_ACT_2024)
visible_questions = functools.partial(rules.visible_questions, edition=law.AI_ACT_2024)
BASE = {
    "is_ai_system": "yes",
    "role": "deployer",
    "excluded_purpose": "none",
    "prohibited_practice": "none",
    "annex_i_safety_component": "no",
    "annex_iii_area": "none",
    "interacts_with_people": "no",
    "generates_content": "no",
    "emotion_or_biometric_categorisation": "no",
    "deepfake": "no",
    "public_interest_text": "no",
    "personal_data": "no",
}
# The provider's duties for an Annex III system (issue 21: Art. 16(b), (d)-(e), (j)-(l) and Art. 73 added),
# in catalogue order; Art. 49(1) registration is not for Annex I (Art. 49(1): "listed in Annex III").
HIGH_RISK_PROVIDER = [
    "risk_management",
    "data_governance",
    "technical_documentation",
    "record_keeping",
    "instructions_for_use",
    "human_oversight",
    "accuracy_robustness",
    "provider_identification",
    "accessibility",
    "quality_management",
    "keep_documentation",
    "keep_logs",
    "corrective_actions",
    "demonstrate_conformity",
    "conformity_assessment",
    "declaration_of_conformity",
    "ce_marking",
    "registration",
    "post_market_monitoring",
    "serious_incidents",
]
PROVIDER_ARTICLES = [
    "Art. 9",
    "Art. 10",
    "Art. 11",
    "Art. 12",
    "Art. 13",
    "Art. 14",
    "Art. 15",
    "Art. 16(b)",
    "Art. 16(l)",
    "Art. 17",
    "Art. 18",
    "Art. 19",
    "Art. 20",
    "Art. 21",
    "Art. 43",
    "Art. 47",
    "Art. 48",
    "Art. 49(1)",
    "Art. 72",
    "Art. 73",
]
ANNEX_I_PROVIDER = [c for c in HIGH_RISK_PROVIDER if c != "registration"]
SPLIT = HIGH_RISK_PROVIDER.index("conformity_assessment")  # the deployer's Art. 26 and 27 come before Art. 43
# The deployer's duties for an Annex III system (other than point 2): Art. 26, 26(11) and 86.
ANNEX_III_DEPLOYER = ["deployer_duties", "inform_affected_persons"]
ART_86 = ["explain_decisions"]
# An organisation established in the EU, not a public authority, not using it on its own workers.
EU_PRIVATE = {"non_eu_provider": "no", "public_authority": "no", "employer": "no"}
# Recruitment (Annex III 4(a)) with no Art. 6(3) exception: high-risk through Art. 6(2).
RECRUITMENT = {
    "annex_iii_area": "employment",
    "annex_iii_use": "employment_recruitment",
    "art6_3_condition": "none",
    **EU_PRIVATE,
}
CREDIT = {
    "annex_iii_area": "essential_services",
    "annex_iii_use": "credit_scoring",
    "art6_3_condition": "none",
    **EU_PRIVATE,
}
NO_ROLE_CHANGE = {"own_brand": "no", "substantial_modification": "no", "purpose_changed_to_high_risk": "no"}
DEPLOYED = {**NO_ROLE_CHANGE, "public_service": "no", **EU_PRIVATE}  # a private deployer, as is
GDPR_BASE = {
    "personal_data": "yes",
    "special_category": "no",
    "automated_decision": "no",
    "significant_decisions": "no",
    "systematic_evaluation": "no",
    "large_scale_sensitive": "no",
    "public_monitoring": "no",
    "evaluation_scoring": "no",
    "systematic_monitoring": "no",
    "highly_personal": "no",
    "large_scale": "no",
    "matching_datasets": "no",
    "vulnerable_subjects": "no",
    "innovative_technology": "no",
    "prevents_right": "no",
    "data_location": "eu_cloud",
    "model_location": "on_premises",
}


def answers(**changes: str | None) -> dict[str, str]:
    """BASE with `changes` (None removes an answer)."""
    merged = {**BASE, **changes}
    return {code: value for code, value in merged.items() if value is not None}


def codes(outcome: rules.Outcome) -> list[str]:
    return [o.code for o in outcome.obligations]


def dated(outcome: rules.Outcome) -> list[tuple[str, str, date]]:
    return [(o.code, o.article, o.applies_from) for o in outcome.obligations]


def assumed(outcome: rules.Outcome) -> list[str]:
    return [a.code for a in outcome.assumptions]


# --- Out of scope -----------------------------------------------------------------------------


def test_not_an_ai_system_is_out_of_scope_with_no_obligation():
    outcome = assess(answers(is_ai_system="no"))

    assert outcome.tier == "out_of_scope"
    assert outcome.articles == ("Art. 3(1)",)
    assert outcome.obligations == ()
    assert outcome.roles == ()
    assert not outcome.needs_legal_review


@pytest.mark.parametrize(
    ("purpose", "article"),
    [("military_defence", "Art. 2(3)"), ("research_only", "Art. 2(6)"), ("personal_use", "Art. 2(10)")],
)
def test_each_excluded_purpose_is_out_of_scope_under_its_article(purpose, article):
    outcome = assess(answers(excluded_purpose=purpose))

    assert outcome.tier == "out_of_scope"
    assert outcome.articles == (article,)
    assert outcome.obligations == ()
    assert set(EXCLUSIONS) == {"military_defence", "research_only", "personal_use"}


# --- Prohibited ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("practice", "article"),
    [
        ("manipulation", "Art. 5(1)(a)"),
        ("exploits_vulnerabilities", "Art. 5(1)(b)"),
        ("social_scoring", "Art. 5(1)(c)"),
        ("crime_prediction_by_profiling", "Art. 5(1)(d)"),
        ("facial_scraping", "Art. 5(1)(e)"),
        ("emotion_recognition_work_education", "Art. 5(1)(f)"),
        ("biometric_categorisation_sensitive", "Art. 5(1)(g)"),
        ("realtime_remote_biometric_id_law_enforcement", "Art. 5(1)(h)"),
    ],
)
def test_each_prohibited_practice_is_prohibited_from_february_2025(practice, article):
    # Even a high-risk purpose does not soften a prohibited practice.
    outcome = assess(answers(prohibited_practice=practice, **CREDIT))

    assert outcome.tier == "prohibited"
    assert outcome.articles == (article,)
    assert dated(outcome) == [("ai_literacy", "Art. 4", FEB_2025), ("stop_prohibited", "Art. 5", FEB_2025)]
    assert not outcome.fria_required
    assert practice in PRACTICES


# --- High risk ------------------------------------------------------------------------------------


def test_annex_i_product_is_high_risk_from_august_2027_for_its_provider():
    given = answers(role="provider", annex_i_safety_component="yes", annex_i_section="section_a", non_eu_provider="no")
    outcome = assess(given)

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(1)", "Annex I")
    # Art. 49(1) registers Annex III systems only: not an Annex I product (issue 21).
    assert codes(outcome) == ["ai_literacy", *ANNEX_I_PROVIDER]
    assert [o.article for o in outcome.obligations] == ["Art. 4", *(a for a in PROVIDER_ARTICLES if a != "Art. 49(1)")]
    assert {o.applies_from for o in outcome.obligations[1:]} == {AUG_2027}
    assert outcome.roles == ("provider",)
    assert not outcome.fria_required


def test_annex_i_product_deployed_carries_art_26_but_no_fundamental_rights_assessment():
    outcome = assess(
        answers(annex_i_safety_component="yes", annex_i_section="section_a", employer="no", **NO_ROLE_CHANGE)
    )

    assert outcome.tier == "high"
    assert dated(outcome) == [("ai_literacy", "Art. 4", FEB_2025), ("deployer_duties", "Art. 26", AUG_2027)]
    assert not outcome.fria_required


# The uses a point leaves out (biometric verification, fraud detection: issue 21) are in test_articles.py.
USES = [o for o in BY_CODE["annex_iii_use"].options if o.area and not o.not_high_risk]


@pytest.mark.parametrize("use", USES, ids=[o.code for o in USES])
def test_each_annex_iii_use_is_high_risk_under_art_6_2_from_august_2026(use):
    outcome = assess(
        answers(role="provider", annex_iii_area=use.area, annex_iii_use=use.code, art6_3_condition="none", **EU_PRIVATE)
    )

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(2)", use.article)
    assert use.article.startswith(AREAS[use.area])
    # Point 2 registers nationally (Art. 49(5)), every other point in the EU database (Art. 49(1)).
    registration = "register_nationally" if use.area == "critical_infrastructure" else "registration"
    assert codes(outcome) == ["ai_literacy", *(registration if c == "registration" else c for c in HIGH_RISK_PROVIDER)]
    assert {o.applies_from for o in outcome.obligations[1:]} == {AUG_2026}


def test_annex_iii_area_without_a_listed_use_is_not_high_risk():
    outcome = assess(answers(annex_iii_area="employment", annex_iii_use="none"))

    assert outcome.tier == "minimal"
    assert outcome.articles == ()
    assert "art6_3_condition" not in outcome.visible


def test_annex_i_and_annex_iii_together_apply_from_the_earlier_annex_iii_date():
    outcome = assess(answers(role="provider", annex_i_safety_component="yes", **RECRUITMENT))

    assert outcome.articles == ("Art. 6(1)", "Annex I", "Art. 6(2)", "Annex III 4(a)")
    assert {o.applies_from for o in outcome.obligations[1:]} == {AUG_2026}


# --- Art. 6(3): the exceptions, and profiling ----------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "article"),
    [
        ("narrow_procedural", "Art. 6(3)(a)"),
        ("improves_human_work", "Art. 6(3)(b)"),
        ("detects_patterns", "Art. 6(3)(c)"),
        ("preparatory", "Art. 6(3)(d)"),
    ],
)
def test_each_art_6_3_condition_without_profiling_is_not_high_risk_but_documented_and_registered(condition, article):
    outcome = assess(answers(role="provider", **{**RECRUITMENT, "art6_3_condition": condition}, profiling="no"))

    assert outcome.tier == "minimal"
    assert outcome.articles == ("Annex III 4(a)", article)
    assert dated(outcome) == [
        ("ai_literacy", "Art. 4", FEB_2025),
        ("document_not_high_risk", "Art. 6(4)", AUG_2026),
        ("register_not_high_risk", "Art. 49(2)", AUG_2026),
    ]
    assert condition in CONDITIONS


@pytest.mark.parametrize("condition", CONDITIONS)
def test_each_art_6_3_condition_with_profiling_stays_high_risk(condition):
    outcome = assess(answers(role="provider", **{**RECRUITMENT, "art6_3_condition": condition}, profiling="yes"))

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)", "Art. 6(3)")
    assert codes(outcome) == ["ai_literacy", *HIGH_RISK_PROVIDER]
    assert not outcome.needs_legal_review


def test_art_6_3_exception_for_a_deployer_leaves_the_documentation_to_the_provider():
    outcome = assess(answers(**{**RECRUITMENT, "art6_3_condition": "preparatory"}, profiling="no"))

    assert outcome.tier == "minimal"
    assert codes(outcome) == ["ai_literacy"]


def test_profiling_is_not_asked_when_no_exception_is_claimed():
    assert "profiling" not in assess(answers(**RECRUITMENT)).visible


# --- Art. 25: a deployer becomes a provider ------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "article"),
    [
        ("own_brand", "Art. 25(1)(a)"),
        ("substantial_modification", "Art. 25(1)(b)"),
        ("purpose_changed_to_high_risk", "Art. 25(1)(c)"),
    ],
)
def test_each_role_change_makes_the_deployer_a_provider_too(change, article):
    outcome = assess(answers(**RECRUITMENT, **{**NO_ROLE_CHANGE, change: "yes"}, public_service="no"))

    assert outcome.tier == "high"
    assert outcome.roles == ("provider", "deployer")
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)", article)
    assert codes(outcome) == [
        "ai_literacy",
        *HIGH_RISK_PROVIDER[:SPLIT],
        *ANNEX_III_DEPLOYER,
        *HIGH_RISK_PROVIDER[SPLIT:],
        *ART_86,
    ]


def test_without_a_role_change_the_deployer_keeps_the_deployer_duties_only():
    outcome = assess(answers(**RECRUITMENT, **NO_ROLE_CHANGE, public_service="no"))

    assert outcome.roles == ("deployer",)
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)")
    assert dated(outcome) == [
        ("ai_literacy", "Art. 4", FEB_2025),
        ("deployer_duties", "Art. 26", AUG_2026),
        ("inform_affected_persons", "Art. 26(11)", AUG_2026),  # issue 21: Annex III deployers
        ("explain_decisions", "Art. 86", AUG_2026),
    ]


def test_the_first_role_change_decides_and_hides_the_others():
    visible = assess(answers(**RECRUITMENT, own_brand="yes")).visible

    assert "own_brand" in visible
    assert "substantial_modification" not in visible
    assert "purpose_changed_to_high_risk" not in visible


def test_role_changes_are_asked_of_deployers_of_high_risk_systems_only():
    assert "own_brand" not in assess(answers(role="provider", **RECRUITMENT)).visible
    assert "own_brand" not in assess(answers()).visible
    assert "own_brand" in assess(answers(**RECRUITMENT)).visible


# --- Art. 27: the fundamental rights impact assessment -------------------------------------------


@pytest.mark.parametrize(
    ("extra", "fria"),
    [
        (CREDIT, True),  # Annex III 5(b): always
        ({**CREDIT, "annex_iii_use": "life_health_insurance"}, True),  # 5(c): always
        ({**RECRUITMENT, "public_service": "yes"}, True),  # a public body or a public service
        ({**RECRUITMENT, "public_service": "no"}, False),
        ({**CREDIT, "annex_iii_use": "emergency_triage", "public_service": "no"}, False),
        ({"annex_i_safety_component": "yes"}, False),  # Art. 27 covers Art. 6(2) systems only
    ],
    ids=["credit-scoring", "life-insurance", "public-body", "private-recruiter", "private-triage", "annex-i"],
)
def test_fundamental_rights_impact_assessment_on_and_off(extra, fria):
    outcome = assess(answers(**NO_ROLE_CHANGE, **extra))

    assert outcome.tier == "high"
    assert outcome.fria_required is fria
    assert ("fria" in codes(outcome)) is fria


def test_credit_scoring_deployer_carries_art_26_and_art_27_from_august_2026():
    outcome = assess(answers(**CREDIT, **NO_ROLE_CHANGE))

    assert outcome.articles == ("Art. 6(2)", "Annex III 5(b)")
    assert dated(outcome) == [
        ("ai_literacy", "Art. 4", FEB_2025),
        ("deployer_duties", "Art. 26", AUG_2026),
        ("inform_affected_persons", "Art. 26(11)", AUG_2026),  # issue 21: Annex III deployers
        ("fria", "Art. 27", AUG_2026),
        ("explain_decisions", "Art. 86", AUG_2026),
    ]
    assert "public_service" not in outcome.visible  # 5(b) decides it without asking


def test_critical_infrastructure_never_needs_the_assessment_of_art_27():
    extra = {"annex_iii_area": "critical_infrastructure", "annex_iii_use": "critical_infrastructure_safety"}
    outcome = assess(answers(**extra, art6_3_condition="none", **NO_ROLE_CHANGE))

    assert outcome.tier == "high"
    assert not outcome.fria_required
    assert "public_service" not in outcome.visible


def test_a_provider_does_not_assess_fundamental_rights():
    outcome = assess(answers(role="provider", **CREDIT))

    assert not outcome.fria_required
    assert "deployer_duties" not in codes(outcome)


# --- Transparency (Art. 50), limited and minimal -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "article", "provider_duty", "deployer_duty"),
    [
        ("interacts_with_people", "Art. 50(1)", "inform_interaction", None),
        ("generates_content", "Art. 50(2)", "mark_generated_content", None),
        ("emotion_or_biometric_categorisation", "Art. 50(3)", None, "inform_emotion_biometric"),
        ("deepfake", "Art. 50(4)", None, "disclose_deepfake"),
        ("public_interest_text", "Art. 50(4)", None, "disclose_public_text"),
    ],
)
def test_each_transparency_duty_makes_it_limited_with_the_duty_of_its_role(
    question, article, provider_duty, deployer_duty
):
    # Issue 21 (Art. 50(6)): emotion recognition and categorisation by sensitive attributes are Annex III 1;
    # only a categorisation by other traits stays limited.
    extra = {"biometric_kind": "other_categorisation"} if question == "emotion_or_biometric_categorisation" else {}
    as_provider = assess(answers(role="provider", **{question: "yes"}, **extra))
    as_deployer = assess(answers(role="deployer", **{question: "yes"}, **extra))

    for outcome in (as_provider, as_deployer):
        assert outcome.tier == "limited"
        assert outcome.articles == (article,)
    assert codes(as_provider) == ["ai_literacy", *([provider_duty] if provider_duty else [])]
    assert codes(as_deployer) == ["ai_literacy", *([deployer_duty] if deployer_duty else [])]
    assert {o.applies_from for o in as_provider.obligations + as_deployer.obligations if o.code != "ai_literacy"} <= {
        AUG_2026
    }


def test_a_high_risk_system_keeps_its_tier_and_adds_the_transparency_duties():
    outcome = assess(answers(role="provider", **RECRUITMENT, interacts_with_people="yes"))

    assert outcome.tier == "high"
    assert outcome.articles == ("Art. 6(2)", "Annex III 4(a)", "Art. 50(1)")
    assert "inform_interaction" in codes(outcome)


def test_nothing_special_is_minimal_with_ai_literacy_only():
    outcome = assess(answers())

    assert outcome.tier == "minimal"
    assert outcome.articles == ()
    assert dated(outcome) == [("ai_literacy", "Art. 4", FEB_2025)]
    assert not outcome.needs_legal_review
    assert outcome.unanswered == ()


def test_an_amended_date_of_art_113_is_a_one_line_change():
    amended = dataclasses.replace(
        law.AI_ACT_2024,
        applies_from={**law.AI_ACT_2024.applies_from, law.ANNEX_III: law.When(date(2027, 12, 2), "Art. 113")},
    )

    outcome = rules.assess(answers(**CREDIT, **NO_ROLE_CHANGE), edition=amended)

    assert [o.applies_from for o in outcome.obligations] == [FEB_2025, *[date(2027, 12, 2)] * 4]


# --- GDPR: DPIA and transfers ----------------------------------------------------------------------


def gdpr(**changes: str | None) -> rules.Outcome:
    return assess(answers(**{**GDPR_BASE, **changes}))


def test_no_personal_data_needs_no_dpia_and_asks_nothing_more():
    outcome = assess(answers(personal_data="no", data_location="non_eu_cloud"))

    assert outcome.dpia == "not_indicated"
    assert outcome.gdpr_articles == ()
    assert not outcome.transfer
    assert [c for c in outcome.visible if BY_CODE[c].section == "gdpr"] == ["personal_data"]


@pytest.mark.parametrize(
    ("case", "article"),
    [
        ("systematic_evaluation", "GDPR Art. 35(3)(a)"),
        ("large_scale_sensitive", "GDPR Art. 35(3)(b)"),
        ("public_monitoring", "GDPR Art. 35(3)(c)"),
    ],
)
def test_each_case_of_art_35_3_requires_a_dpia(case, article):
    outcome = gdpr(**{case: "yes"})

    assert outcome.dpia == "required"
    assert outcome.gdpr_articles == (article,)
    assert "evaluation_scoring" not in outcome.visible  # the WP248 criteria no longer matter


def test_two_wp248_criteria_make_a_dpia_likely():
    outcome = gdpr(evaluation_scoring="yes", large_scale="yes")

    assert outcome.dpia == "likely"
    assert outcome.gdpr_articles == ("WP248 criteria 1, 5",)
    assert not outcome.needs_legal_review


def test_one_wp248_criterion_does_not_indicate_a_dpia():
    outcome = gdpr(innovative_technology="yes")

    assert outcome.dpia == "not_indicated"
    assert outcome.gdpr_articles == ()


def test_special_categories_and_automated_decisions_count_as_wp248_criteria():
    outcome = gdpr(special_category="yes", automated_decision="yes")

    assert outcome.dpia == "likely"
    # Issue 21: GDPR Art. 22(4), an automated decision based on special categories, is flagged.
    assert outcome.gdpr_articles == ("GDPR Art. 9", "GDPR Art. 22", "GDPR Art. 22(4)", "WP248 criteria 2, 4")
    assert "highly_personal" not in outcome.visible  # criterion 4 is already met


@pytest.mark.parametrize(
    ("data", "model", "transfer"),
    [("non_eu_cloud", "eu_cloud", True), ("on_premises", "non_eu_cloud", True), ("eu_cloud", "on_premises", False)],
)
def test_data_or_model_outside_the_eea_flags_a_chapter_v_transfer(data, model, transfer):
    outcome = gdpr(data_location=data, model_location=model)

    assert outcome.transfer is transfer
    assert ("GDPR Chapter V" in outcome.gdpr_articles) is transfer


# --- Unknown answers: the cautious branch, said -----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "tier", "assumption"),
    [
        ({"is_ai_system": "unknown"}, "minimal", "is_ai_system"),
        ({"excluded_purpose": "unknown"}, "minimal", "excluded_purpose"),
        ({"prohibited_practice": "unknown"}, "prohibited", "prohibited_practice"),
        ({"annex_i_safety_component": "unknown", **DEPLOYED}, "high", "annex_i_safety_component"),
        ({"annex_iii_area": "unknown", "art6_3_condition": "none", **DEPLOYED}, "high", "annex_iii_area"),
        ({**RECRUITMENT, "annex_iii_use": "unknown", **DEPLOYED}, "high", "annex_iii_use"),
        (
            {**RECRUITMENT, "art6_3_condition": "unknown", "profiling": "no", **DEPLOYED},
            "high",
            "art6_3_condition",
        ),
        (
            {**RECRUITMENT, "art6_3_condition": "preparatory", "profiling": "unknown", **DEPLOYED},
            "high",
            "profiling",
        ),
        ({**RECRUITMENT, **DEPLOYED, "own_brand": "unknown"}, "high", "own_brand"),
        ({**RECRUITMENT, **NO_ROLE_CHANGE, "public_service": "unknown"}, "high", "public_service"),
        ({"interacts_with_people": "unknown"}, "limited", "interacts_with_people"),
        ({"deepfake": "unknown"}, "limited", "deepfake"),
    ],
)
def test_an_unknown_deciding_answer_takes_the_cautious_tier_and_needs_legal_review(changes, tier, assumption):
    outcome = assess(answers(**changes))

    assert outcome.tier == tier
    assert outcome.needs_legal_review
    assert assumed(outcome) == [assumption]
    assert outcome.assumptions[0].text == BY_CODE[assumption].cautious


def test_unknown_prohibited_practice_lists_the_ban_and_still_asks_the_rest_for_the_review():
    outcome = assess(answers(prohibited_practice="unknown", **CREDIT))

    assert outcome.tier == "prohibited"
    assert outcome.articles == ("Art. 5(1)",)
    assert codes(outcome) == ["ai_literacy", "stop_prohibited"]
    assert "annex_iii_use" in outcome.visible


def test_unknown_role_lists_the_obligations_of_both_roles():
    outcome = assess(answers(role="unknown", **CREDIT))

    assert outcome.roles == ("provider", "deployer")
    assert "deployer_duties" in codes(outcome)
    assert "risk_management" in codes(outcome)
    assert outcome.fria_required
    assert assumed(outcome) == ["role"]


def test_unknown_role_change_adds_the_provider_obligations():
    outcome = assess(answers(**CREDIT, **{**NO_ROLE_CHANGE, "substantial_modification": "unknown"}))

    assert outcome.roles == ("provider", "deployer")
    assert outcome.articles == ("Art. 6(2)", "Annex III 5(b)", "Art. 25(1)")


def test_profiling_keeps_it_high_risk_so_an_unknown_exception_does_not_decide():
    outcome = assess(answers(**{**RECRUITMENT, "art6_3_condition": "unknown"}, profiling="yes", **NO_ROLE_CHANGE))

    assert outcome.tier == "high"
    assert "art6_3_condition" not in assumed(outcome)


@pytest.mark.parametrize(
    ("changes", "dpia", "assumptions"),
    [
        ({"systematic_evaluation": "unknown"}, "required", ["systematic_evaluation"]),
        ({"evaluation_scoring": "yes", "large_scale": "unknown"}, "likely", ["large_scale"]),
        ({"personal_data": "unknown", "public_monitoring": "yes"}, "required", ["personal_data"]),
        # Not deciding: two criteria are met anyway.
        ({"evaluation_scoring": "yes", "large_scale": "yes", "vulnerable_subjects": "unknown"}, "likely", []),
        ({"evaluation_scoring": "unknown"}, "not_indicated", []),
    ],
)
def test_each_dpia_outcome_under_unknown_criteria(changes, dpia, assumptions):
    outcome = gdpr(**changes)

    assert outcome.dpia == dpia
    assert assumed(outcome) == assumptions
    assert outcome.needs_legal_review is bool(assumptions)


def test_unknown_hosting_assumes_a_transfer_outside_the_eea():
    outcome = gdpr(model_location="unknown")

    assert outcome.transfer
    assert assumed(outcome) == ["model_location"]


def test_missing_answers_count_as_unknown_and_are_listed():
    outcome = assess({"is_ai_system": "yes", "role": "provider"})

    assert outcome.tier == "prohibited"  # the cautious branch until the practices are answered
    assert "prohibited_practice" in outcome.unanswered
    assert "is_ai_system" not in outcome.unanswered
    assert outcome.needs_legal_review


# --- Questions that matter, validation, pruning ----------------------------------------------------


def test_out_of_scope_asks_nothing_more_of_the_ai_act():
    visible = assess(answers(is_ai_system="no")).visible

    assert [c for c in visible if BY_CODE[c].section == "ai_act"] == ["is_ai_system"]
    assert "personal_data" in visible  # the GDPR still applies


def test_visible_questions_follow_the_table_order():
    order = [q.code for q in QUESTIONS]
    visible = [q.code for q in visible_questions(answers(**CREDIT, **GDPR_BASE))]

    assert visible == sorted(visible, key=order.index)
    assert visible[:4] == ["is_ai_system", "role", "excluded_purpose", "prohibited_practice"]


def test_the_uses_offered_are_those_of_the_area_chosen():
    offered = {o.code for o in options_for("annex_iii_use", {"annex_iii_area": "essential_services"})}

    assert offered == {
        "public_benefits",
        "credit_scoring",
        "fraud_detection",  # issue 21: Annex III 5(b) "with the exception of [...] detecting financial fraud"
        "life_health_insurance",
        "emergency_triage",
        "none",
        "unknown",
    }


@pytest.mark.parametrize(
    ("given_answers", "errors"),
    [
        ({"bogus": "yes"}, {"bogus": rules.ERROR_UNKNOWN_QUESTION}),
        ({"role": "owner"}, {"role": rules.ERROR_NOT_AN_OPTION}),
        ({"role": 3}, {"role": rules.ERROR_NOT_AN_OPTION}),
        (
            {"annex_iii_area": "employment", "annex_iii_use": "credit_scoring"},
            {"annex_iii_use": rules.ERROR_NOT_IN_AREA},
        ),
        (["role", "provider"], {"answers": rules.ERROR_NOT_A_MAPPING}),
        (answers(**CREDIT), {}),
    ],
)
def test_validate_names_each_unknown_code_or_value(given_answers, errors):
    assert validate(given_answers) == errors


def test_prune_drops_answers_a_changed_branch_left_behind():
    stale = answers(**{**RECRUITMENT, "annex_iii_area": "none"}, own_brand="yes")

    assert prune(stale) == answers()


# --- Properties ----------------------------------------------------------------------------------


EDITIONS = pytest.mark.parametrize("edition", law.EDITIONS, ids=[e.short_title for e in law.EDITIONS])


@st.composite
def valid_answers(draw: st.DrawFn, edition: law.Edition) -> dict[str, str]:
    """Answers valid under `edition`: its questions only, each with one of its options."""
    chosen = draw(st.lists(st.sampled_from([q.code for q in QUESTIONS if law.has(edition, q.since)]), unique=True))
    result: dict[str, str] = {}
    for code in sorted(chosen, key=lambda c: c != "annex_iii_area"):  # the area first: it limits the uses
        result[code] = draw(st.sampled_from([o.code for o in options_for(code, result, edition)]))
    return result


@EDITIONS
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_assess_never_raises_and_stays_consistent_on_any_valid_answers(edition, data):
    given_answers = data.draw(valid_answers(edition))
    assert rules.validate(given_answers, edition=edition) == {}
    outcome = rules.assess(given_answers, edition=edition)

    assert outcome.edition is edition
    assert outcome.tier in rules.TIERS
    assert outcome.suggested_tier == outcome.tier
    assert not outcome.overridden
    assert outcome.dpia in rules.DPIA_LEVELS
    assert outcome.needs_legal_review is bool(outcome.assumptions)
    assert set(outcome.unanswered) <= set(outcome.visible)
    assert {o.applies_from for o in outcome.obligations} <= {when.day for when in edition.applies_from.values()}
    assert outcome.fria_required <= (outcome.tier == "high")
    if outcome.tier == "out_of_scope":
        assert outcome.obligations == ()
    else:
        assert "ai_literacy" in codes(outcome)
    assert ("stop_prohibited" in codes(outcome)) is (outcome.tier == "prohibited")
    # Answers to questions that no longer matter change nothing.
    assert rules.assess(rules.prune(given_answers, edition=edition), edition=edition) == outcome


@EDITIONS
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_tier_set_by_a_facilitator_stays_consistent_on_any_valid_answers(edition, data):
    given_answers = data.draw(valid_answers(edition))
    tier = data.draw(st.sampled_from(rules.TIERS))
    suggested = rules.assess(given_answers, edition=edition)
    outcome = rules.assess(given_answers, edition=edition, tier=tier)

    assert outcome.tier == tier
    assert outcome.suggested_tier == suggested.tier
    assert outcome.overridden is (tier != suggested.tier)
    assert outcome.fria_required <= (outcome.tier == "high")
    if outcome.tier == "out_of_scope":
        assert outcome.obligations == ()
    else:
        assert "ai_literacy" in codes(outcome)
    assert ("stop_prohibited" in codes(outcome)) is (outcome.tier == "prohibited")
    assert {o.applies_from for o in outcome.obligations} <= {when.day for when in edition.applies_from.values()}
    # Setting the tier leaves the GDPR screening as it was (Art. 4a of the AI Act aside: out of scope drops it).
    gdpr_only = [a for a in suggested.gdpr_articles if a != "AI Act Art. 4a"]
    assert (outcome.dpia, outcome.transfer) == (suggested.dpia, suggested.transfer)
    assert [a for a in outcome.gdpr_articles if a != "AI Act Art. 4a"] == gdpr_only
    assert rules.assess(rules.prune(given_answers, edition=edition, tier=tier), edition=edition, tier=tier) == outcome


@EDITIONS
@settings(max_examples=200, deadline=None)
@given(junk=st.dictionaries(st.text(max_size=30), st.one_of(st.text(max_size=30), st.integers(), st.none())))
def test_assess_never_raises_on_junk(edition, junk):
    assert rules.assess(junk, edition=edition).tier in rules.TIERS
