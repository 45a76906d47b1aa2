"""REST API of the pre-assessment: one per use case, and the list of questions.

Same rules as the page: reads are scoped like the use case (outsiders 404), writes go through
compliance.services (managers 403, a closed workshop or the wrong phase 409, bad answers 400).
"""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance import display, rules, selectors, services
from compliance.serializers import (
    AssessmentSerializer,
    AssessmentWriteSerializer,
    QuestionsSerializer,
    assessment_data,
)
from usecases import selectors as usecase_selectors
from usecases.models import UseCase
from workshop.api import access_for
from workshop.selectors import Access


def _use_case_access(request: Request, pk: int) -> tuple[Access, UseCase]:
    """The use case and the caller's access to its workshop; 404 for outsiders and unknown ids alike."""
    access = access_for(request, usecase_selectors.use_case_workshop_id(pk))
    return access, usecase_selectors.use_case_for(access, pk)


class AssessmentView(APIView):
    """The EU AI Act and GDPR pre-assessment of a use case. An aid to prepare the legal review, not legal advice."""

    @extend_schema(responses=AssessmentSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _access, use_case = _use_case_access(request, pk)
        body = assessment_data(use_case, selectors.assessment_for(use_case))
        return Response(AssessmentSerializer(body).data)

    @extend_schema(
        request=AssessmentWriteSerializer,
        responses=AssessmentSerializer,
        description="The author in Collect ideas, a facilitator in any phase but Closed (else 409); managers 403. "
        "An unknown question code or option answers 400 with the errors under `answers`. Only a facilitator "
        "sends `confirmed_tier` (403 otherwise); `override_reason` is required when it differs from the "
        "suggestion. Omitting `confirmed_tier` keeps the facilitator's decision.",
    )
    def put(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        confirming = "confirmed_tier" in request.data if hasattr(request.data, "__contains__") else False
        # Who may act is answered before what was sent: a manager gets 403 whatever the body.
        services.require_may_assess(access, use_case, confirming=confirming)
        form = AssessmentWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        confirmed_tier = (data["confirmed_tier"] or "") if "confirmed_tier" in data else None
        services.assessment_save(
            access=access,
            use_case=use_case,
            answers=data["answers"],
            confirmed_tier=confirmed_tier,
            override_reason=data.get("override_reason", ""),
        )
        return self.get(request, pk)


class QuestionsView(APIView):
    """Every question of the pre-assessment: stable codes, options, one line of help and the article."""

    @extend_schema(responses=QuestionsSerializer)
    def get(self, request: Request) -> Response:
        body = {"rules_date": rules.RULES_DATE, "questions": display.catalogue()}
        return Response(QuestionsSerializer(body).data)


urlpatterns: list[URLPattern] = [
    path("use-cases/<int:pk>/assessment/", AssessmentView.as_view(), name="use-case-assessment"),
    path("assessment/questions/", QuestionsView.as_view(), name="assessment-questions"),
]
