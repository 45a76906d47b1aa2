"""REST API of the read side: the portfolio and the plan downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_files import AnyAccept
from reports.exports import CONTENT_TYPES, FORMATS
from reports.portfolio import PORTFOLIO_SORTS, portfolio
from reports.selectors import client_plan_response, workshop_plan_response
from reports.serializers import PortfolioSerializer, portfolio_data
from workshop.permissions import api_actor
from workshop.selectors import workshop_access

# Shared by the page and API URLs: /workshops/<pk>/plan.<fmt>, /clients/<pk>/plan.<fmt>.
WORKSHOP_PLAN_ROUTE = r"^workshops/(?P<pk>\d+)/plan\.(?P<fmt>csv|xlsx|md|pdf)$"
CLIENT_PLAN_ROUTE = r"^clients/(?P<pk>\d+)/plan\.(?P<fmt>csv|xlsx|md|pdf)$"


class PortfolioView(APIView):
    """The shortlisted use cases of a workshop with their base-scenario figures and the total POC budget."""

    @extend_schema(
        responses=PortfolioSerializer,
        description=(
            "Every shortlisted use case, in rank order (or `?sort=` one of "
            + ", ".join(PORTFOLIO_SORTS)
            + ", with `-` for descending), with its base-scenario figures (null when not estimated) "
            "and the shortlist's total POC cost (estimated use cases only). "
            "`?legal_review=hide` leaves out the use cases whose pre-assessment needs a legal review "
            "(`held_for_legal_review` counts them; the total then covers the others). "
            "Participants only once results are revealed (403 before)."
        ),
        parameters=[
            OpenApiParameter("sort", str, OpenApiParameter.QUERY, required=False),
            OpenApiParameter("legal_review", str, OpenApiParameter.QUERY, enum=["hide"], required=False),
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        access = workshop_access(actor=api_actor(request), pk=pk)
        access.require_results()
        legal_review = request.query_params.get("legal_review")
        if legal_review not in (None, "hide"):
            raise ValidationError({"legal_review": [_("Use legal_review=hide, or leave it out.")]})
        result = portfolio(
            access.workshop,
            sort=request.query_params.get("sort", "rank"),
            without_legal_review=legal_review == "hide",
            show_votes=access.can_see_vote_totals,
        )
        return Response(portfolio_data(result, workshop=access.workshop, show_votes=access.can_see_vote_totals))


_FILE_RESPONSES = {(200, media.split(";")[0]): OpenApiTypes.BINARY for media in CONTENT_TYPES.values()}
_PARAMETERS = [
    OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(FORMATS), description="csv, xlsx, md or pdf"),
    OpenApiParameter(
        "lang", str, OpenApiParameter.QUERY, enum=["en", "fr"], required=False, description="default: the reader's"
    ),
]


class WorkshopPlanExport(APIView):
    """The workshop's prioritised POC plan as a file (facilitators and viewers)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="workshops_plan_retrieve", parameters=_PARAMETERS, responses=_FILE_RESPONSES)
    def get(self, request: Request, pk: str, fmt: str) -> HttpResponse:
        return workshop_plan_response(api_actor(request), pk, fmt, request.query_params.get("lang"))


class ClientPlanExport(APIView):
    """The plan of every workshop of a client the caller may see, as a file (facilitators and viewers)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="clients_plan_retrieve", parameters=_PARAMETERS, responses=_FILE_RESPONSES)
    def get(self, request: Request, pk: str, fmt: str) -> HttpResponse:
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Only facilitators and managers can export the plan."))
        return client_plan_response(request.user, pk, fmt, request.query_params.get("lang"))


urlpatterns = [
    path("workshops/<int:pk>/portfolio/", PortfolioView.as_view(), name="workshop-portfolio"),
    re_path(WORKSHOP_PLAN_ROUTE, WorkshopPlanExport.as_view(), name="workshop-plan"),
    re_path(CLIENT_PLAN_ROUTE, ClientPlanExport.as_view(), name="client-plan"),
]
