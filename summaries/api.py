"""REST API for summaries. Rules live in services and selectors."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from summaries import selectors, services
from summaries.serializers import SummarySerializer
from workshop.permissions import api_actor
from workshop.selectors import workshop_access


class WorkshopSummariesView(APIView):
    """A workshop's summaries (participants: succeeded ones, after the reveal); POST asks for a new one."""

    @extend_schema(responses=SummarySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        access = workshop_access(actor=api_actor(request), pk=pk)
        summaries = selectors.summaries_for(access)
        return Response(SummarySerializer(summaries, many=True, context={"access": access}).data)

    @extend_schema(request=None, responses={202: SummarySerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Queue a summary (facilitators only); the same data as a finished one returns that one."""
        summary = services.summary_request(access=workshop_access(actor=api_actor(request), pk=pk))
        summary.refresh_from_db()
        return Response(SummarySerializer(summary).data, status=status.HTTP_202_ACCEPTED)


class SummaryDetailView(APIView):
    @extend_schema(responses=SummarySerializer)
    def get(self, request: Request, pk: int) -> Response:
        access, summary = selectors.summary_for_actor(actor=api_actor(request), pk=pk)
        return Response(SummarySerializer(summary, context={"access": access}).data)


# Plain paths beside the router's, gathered in config/api_router.py.
urlpatterns: list = [
    path("workshops/<int:pk>/summaries/", WorkshopSummariesView.as_view(), name="workshop-summaries"),
    path("summaries/<int:pk>/", SummaryDetailView.as_view(), name="summary-detail"),
]
