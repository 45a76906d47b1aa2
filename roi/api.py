"""REST API for ROI estimates and the portfolio. Rules live in roi.services and roi.selectors."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from roi import services
from roi.calculator import scenarios
from roi.selectors import roi_estimate_for, roi_inputs, roi_use_case_access
from roi.serializers import RoiEstimateSerializer, RoiInputsSerializer, estimate_data
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


urlpatterns = [
    path("use-cases/<int:pk>/roi/", RoiEstimateView.as_view(), name="roi-estimate"),
]
