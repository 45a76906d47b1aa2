"""Pre-assessments of the demo workshop, through the service: a high-risk credit-scoring case, a prohibited one.

The credit-scoring case reads as answered before the 2026 amendment (under Regulation (EU) 2024/1689 as
published), so that a new user sees what a change of the law shows: its dates moved, and a re-confirm.
"""

from __future__ import annotations

from typing import Any

from compliance import law
from compliance.models import Assessment
from compliance.services import assessment_save
from usecases.models import UseCase
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role

_PRIVATE_DEPLOYER = {
    "is_ai_system": "yes",
    "role": "deployer",
    "excluded_purpose": "none",
    "annex_i_safety_component": "no",
    "own_brand": "no",
    "substantial_modification": "no",
    "purpose_changed_to_high_risk": "no",
    "public_authority": "no",  # a private company (Art. 26(8), 49(3))
    "employer": "no",  # the people it decides about are customers, not its workers (Art. 26(7))
    "interacts_with_people": "no",
    "generates_content": "no",
    "emotion_or_biometric_categorisation": "no",
    "deepfake": "no",
    "public_interest_text": "no",
    "personal_data": "yes",
    "large_scale_sensitive": "no",
    "public_monitoring": "no",
}
# (title in usecases/demo.py, answers, tier the facilitator confirms or None)
ASSESSMENTS: list[tuple[str, dict[str, str], str | None]] = [
    (
        "Automated credit decisions for B2B accounts",
        {
            **_PRIVATE_DEPLOYER,
            "prohibited_practice": "none",
            "annex_iii_area": "essential_services",
            "annex_iii_use": "credit_scoring",  # sole traders are natural persons: Annex III 5(b)
            "art6_3_condition": "none",
            "special_category": "no",
            "automated_decision": "yes",
            "systematic_evaluation": "yes",
            "data_location": "eu_cloud",
            "model_location": "eu_cloud",
        },
        "high",
    ),
    (
        "Agent emotion monitoring on calls",
        {
            **_PRIVATE_DEPLOYER,
            "prohibited_practice": "emotion_recognition_work_education",
            "special_category": "yes",
            "automated_decision": "no",
            "systematic_evaluation": "no",
            "systematic_monitoring": "yes",
            "vulnerable_subjects": "yes",
            "data_location": "on_premises",
            "model_location": "unknown",
        },
        "prohibited",
    ),
    (
        "Multilingual customer chatbot",
        {
            **_PRIVATE_DEPLOYER,
            "prohibited_practice": "none",
            "annex_iii_area": "none",
            "interacts_with_people": "yes",
            "generates_content": "yes",
            "special_category": "no",
            "automated_decision": "no",
            "systematic_evaluation": "no",
            "evaluation_scoring": "no",
            "significant_decisions": "no",
            "systematic_monitoring": "no",
            "highly_personal": "no",
            "large_scale": "yes",
            "matching_datasets": "no",
            "vulnerable_subjects": "no",
            "innovative_technology": "yes",
            "prevents_right": "no",
            "data_location": "eu_cloud",
            "model_location": "eu_cloud",
        },
        None,  # suggested, not confirmed yet
    ),
]


def seed_assessments(workshop: Workshop) -> list[Any]:
    facilitator = workshop.facilitators.first()
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=facilitator))
    saved = []
    for title, answers, confirmed in ASSESSMENTS:
        use_case = UseCase.objects.filter(workshop=workshop, title=title).first()
        if use_case is not None:
            saved.append(assessment_save(access=access, use_case=use_case, answers=answers, confirmed_tier=confirmed))
    if saved and saved[0].use_case.title == ASSESSMENTS[0][0]:
        Assessment.objects.filter(pk=saved[0].pk).update(edition=law.AI_ACT_2024.code)
        saved[0].edition = law.AI_ACT_2024.code
    return saved


def on_demo_seeded(sender: object, workshop: Workshop, **kwargs: object) -> None:
    seed_assessments(workshop)
