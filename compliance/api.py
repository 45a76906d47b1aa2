"""REST API of the pre-assessment: one per use case, and the list of questions.

Same rules as the page: reads are scoped like the use case (outsiders 404), writes go through
compliance.services (managers 403, a closed workshop or the wrong phase 409, bad answers 400).
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance import display, law, selectors, services
from compliance.serializers import (
    AssessmentSerializer,
    AssessmentWriteSerializer,
    ChangesSerializer,
    ClientLawChangesSerializer,
    QuestionsSerializer,
    assessment_data,
    changes_data,
    law_data,
)
from usecases import selectors as usecase_selectors
from usecases.models import UseCase
from workshop.api import access_for
from workshop.models import Client
from workshop.selectors import Access


def _use_case_access(request: Request, pk: int) -> tuple[Access, UseCase]:
    """The use case and the caller's access to its workshop; 404 for outsiders and unknown ids alike."""
    access = access_for(request, usecase_selectors.use_case_workshop_id(pk))
    return access, usecase_selectors.use_case_for(access, pk)


def _day(request: Request, name: str) -> date | None:
    """A YYYY-MM-DD query parameter, or 400 with the field's error."""
    try:
        return selectors.parse_day(request.query_params.get(name))
    except ValueError:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from None


def _day_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, OpenApiParameter.QUERY, required=False, description=description)


_AS_OF = _day_parameter("as_of", "Read the answers under the edition of the law in force that day (400 if malformed).")
_SINCE = _day_parameter("since", "Compare from the edition of the law in force that day (400 if malformed).")


class AssessmentView(APIView):
    """The EU AI Act and GDPR pre-assessment of a use case. An aid to prepare the legal review, not legal advice."""

    @extend_schema(responses=AssessmentSerializer, parameters=[_AS_OF])
    def get(self, request: Request, pk: int) -> Response:
        as_of = _day(request, "as_of") if request.method == "GET" else None
        _access, use_case = _use_case_access(request, pk)
        read_under = law.edition_on(as_of) if as_of else None
        body = assessment_data(use_case, selectors.assessment_for(use_case), read_under=read_under)
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


class AssessmentChangesView(APIView):
    """What the law changed for this use case: from the edition in force on `since` (default: the one its answers
    were given under) to the edition in force today. Each change has a kind and its before and after values."""

    @extend_schema(responses=ChangesSerializer, parameters=[_SINCE])
    def get(self, request: Request, pk: int) -> Response:
        _access, use_case = _use_case_access(request, pk)
        since = _day(request, "since")
        assessment = selectors.assessment_for(use_case)
        until = law.edition_on(timezone.localdate())
        before = law.edition_on(since) if since else (assessment.law_edition if assessment else until)
        return Response(ChangesSerializer(changes_data(use_case, assessment, before, until)).data)


class ClientLawChangesView(APIView):
    """Every use case of a client whose outcome differs between the edition of the law in force on `since`
    (default: the edition before today's) and today's. For the client's facilitators and managers; others 404."""

    @extend_schema(responses=ClientLawChangesSerializer, parameters=[_SINCE])
    def get(self, request: Request, pk: int) -> Response:
        since = _day(request, "since")
        try:
            client = selectors.client_for_reader(request.user, pk)
        except Client.DoesNotExist:
            raise Http404 from None
        today = timezone.localdate()
        before = law.edition_on(since) if since else selectors.previous_edition(today)
        until = law.edition_on(today)
        rows = [
            changes_data(uc, uc.assessment, before, until)
            for uc in selectors.assessed_use_cases_of_client(request.user, client)
        ]
        body = {
            "client": client.pk,
            "since": law_data(before),
            "law": law_data(until),
            "use_cases": [row for row in rows if row["changes"]],
        }
        return Response(ClientLawChangesSerializer(body).data)


class QuestionsView(APIView):
    """Every question of the pre-assessment: stable codes, options, one line of help and the article."""

    @extend_schema(responses=QuestionsSerializer)
    def get(self, request: Request) -> Response:
        body = {"law": law_data(services.law_in_force()), "questions": display.catalogue()}
        return Response(QuestionsSerializer(body).data)


urlpatterns: list[URLPattern] = [
    path("use-cases/<int:pk>/assessment/", AssessmentView.as_view(), name="use-case-assessment"),
    path("use-cases/<int:pk>/assessment/changes/", AssessmentChangesView.as_view(), name="use-case-assessment-changes"),
    path("clients/<int:pk>/law-changes/", ClientLawChangesView.as_view(), name="client-law-changes"),
    path("assessment/questions/", QuestionsView.as_view(), name="assessment-questions"),
]
