"""Answers the page, API and service tests share, and the participant's own idea."""

from __future__ import annotations

import pytest

from tests.factories import UseCaseFactory
from usecases.models import UseCase
from workshop.models import Participant, Workshop

# A private lender deploying a vendor's credit-scoring model: high risk (Annex III 5(b)), Art. 26 and 27.
CREDIT_SCORING = {
    "is_ai_system": "yes",
    "role": "deployer",
    "excluded_purpose": "none",
    "prohibited_practice": "none",
    "annex_i_safety_component": "no",
    "annex_iii_area": "essential_services",
    "annex_iii_use": "credit_scoring",
    "art6_3_condition": "none",
    "own_brand": "no",
    "substantial_modification": "no",
    "purpose_changed_to_high_risk": "no",
    "public_authority": "no",
    "employer": "no",
    "interacts_with_people": "no",
    "generates_content": "no",
    "emotion_or_biometric_categorisation": "no",
    "deepfake": "no",
    "public_interest_text": "no",
    "personal_data": "yes",
    "special_category": "no",
    "automated_decision": "yes",
    "systematic_evaluation": "yes",
    "large_scale_sensitive": "no",
    "public_monitoring": "no",
    "data_location": "eu_cloud",
    "model_location": "non_eu_cloud",
}
# The same lender's FAQ search: minimal risk, no personal data.
FAQ_SEARCH = {
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
EMOTION_AT_WORK = {**FAQ_SEARCH, "prohibited_practice": "emotion_recognition_work_education"}
# A private employer deploying a vendor's CV-ranking tool: high risk (Annex III 4(a)), Art. 26, no FRIA.
CV_RANKING = {
    "is_ai_system": "yes",
    "role": "deployer",
    "excluded_purpose": "none",
    "prohibited_practice": "none",
    "annex_i_safety_component": "no",
    "annex_iii_area": "employment",
    "annex_iii_use": "employment_recruitment",
    "art6_3_condition": "none",
    "own_brand": "no",
    "substantial_modification": "no",
    "purpose_changed_to_high_risk": "no",
    "public_service": "no",
    "public_authority": "no",
    "employer": "no",
    "interacts_with_people": "no",
    "generates_content": "no",
    "emotion_or_biometric_categorisation": "no",
    "deepfake": "no",
    "public_interest_text": "no",
    "personal_data": "yes",
    "special_category": "no",
    "automated_decision": "no",
    "systematic_evaluation": "yes",
    "large_scale_sensitive": "no",
    "public_monitoring": "no",
    "data_location": "eu_cloud",
    "model_location": "eu_cloud",
}
# A public body's chatbot: limited risk by the answers (Art. 50(1)), no Annex III area. The roles and the
# public-service answers matter only once a facilitator sets it high: then Art. 26, and a FRIA (Art. 27(1)).
CHATBOT = {
    "is_ai_system": "yes",
    "role": "deployer",
    "excluded_purpose": "none",
    "prohibited_practice": "none",
    "annex_i_safety_component": "no",
    "annex_iii_area": "none",
    "own_brand": "no",
    "substantial_modification": "no",
    "purpose_changed_to_high_risk": "no",
    "public_authority": "yes",
    "employer": "no",
    "interacts_with_people": "yes",
    "generates_content": "no",
    "emotion_or_biometric_categorisation": "no",
    "deepfake": "no",
    "public_interest_text": "no",
    "personal_data": "no",
}


def set_phase(workshop: Workshop, phase: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()


@pytest.fixture
def bobs_idea(workshop: Workshop, bob: Participant) -> UseCase:
    return UseCaseFactory(workshop=workshop, author=bob, title="Credit limits for sole traders")


@pytest.fixture
def others_idea(workshop: Workshop) -> UseCase:
    return UseCaseFactory(workshop=workshop, title="Someone else's idea")
