"""REST API for ROI estimates and the portfolio. Rules live in roi.services and roi.selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from roi import services
from roi.calculator import scenarios
from roi.export_views import CLIENT_PLAN_ROUTE, WORKSHOP_PLAN_ROUTE, ClientPlanExport, WorkshopPlanExport
from roi.selectors import PORTFOLIO_SORTS, roi_estimate_for, roi_inputs, roi_portfolio, roi_use_case_access
from roi.serializers import (
    PortfolioSerializer,
    RoiEstimateSerializer,
    RoiInputsSerializer,
    estimate_data,
    portfolio_data,
)
from workshop.api import access_for
from workshop.permissions import api_actor

_ESTIMATE_DESCRIPTION = (
    "The ROI inputs of a use case and the figures of the low, base and high scenarios "
    "(money as strings with two decimals, rates as numbers, null where undefined). "
    "A use case without a saved estimate answers with the default inputs, the figures of "
    "those defaults and `saved: false`. Formulas: see roi/calculator.py or the ROI page's help."
)


class RoiEstimateView(APIView):
    """GET or PUT the ROI inputs of a use case."""

    @extend_schema(responses=RoiEstimateSerializer, description=_ESTIMATE_DESCRIPTION)
    def get(self, request: Request, pk: int) -> Response:
        access, use_case = roi_use_case_access(actor=api_actor(request), pk=pk)
        estimate = roi_estimate_for(use_case)
        return Response(estimate_data(estimate, scenarios(roi_inputs(estimate)), currency=access.workshop.currency))

    @extend_schema(
        request=RoiInputsSerializer,
        responses=RoiEstimateSerializer,
        description=(
            "Save the ROI inputs of a use case (created on first save). Inputs left out keep their "
            "current value (the default for a new estimate). 400 with field errors for negative "
            "amounts, percentages over 100, a horizon outside 1..10 years or a ramp outside 0..36 "
            "months; 403 for viewers; 409 when the phase does not allow it (participants: ROI phase "
            "only; nobody once closed) or the use case was merged or rejected."
        ),
    )
    def put(self, request: Request, pk: int) -> Response:
        access, use_case = roi_use_case_access(actor=api_actor(request), pk=pk)
        services.roi_check_can_edit(access=access, use_case=use_case)
        form = RoiInputsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        estimate = services.roi_estimate_save(access=access, use_case=use_case, data=form.validated_data)
        return Response(estimate_data(estimate, scenarios(roi_inputs(estimate)), currency=access.workshop.currency))


class PortfolioView(APIView):
    """The shortlisted use cases of a workshop with their base-scenario figures and the total POC budget."""

    @extend_schema(
        responses=PortfolioSerializer,
        description=(
            "Every shortlisted use case, in rank order (or `?sort=` one of "
            + ", ".join(PORTFOLIO_SORTS)
            + ", with `-` for descending), with its base-scenario figures (null when not estimated) "
            "and the shortlist's total POC cost. Participants only once results are revealed (403 before)."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        if not access.can_see_results:
            raise PermissionDenied(_("The portfolio is shown once the facilitator reveals the results."))
        sort = request.query_params.get("sort", "rank")
        portfolio = roi_portfolio(access=access, sort=sort)
        return Response(portfolio_data(portfolio, workshop_id=access.workshop.pk, currency=access.workshop.currency))


urlpatterns = [
    path("use-cases/<int:pk>/roi/", RoiEstimateView.as_view(), name="roi-estimate"),
    path("workshops/<int:pk>/portfolio/", PortfolioView.as_view(), name="workshop-portfolio"),
    re_path(WORKSHOP_PLAN_ROUTE, WorkshopPlanExport.as_view(), name="workshop-plan"),
    re_path(CLIENT_PLAN_ROUTE, ClientPlanExport.as_view(), name="client-plan"),
]
