"""REST API for POCs, their check-ins, metrics, definition of done, verdict, portfolio and backlog.

Rules live in pocs.services and pocs.selectors; this module parses and answers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_files import AnyAccept
from pocs import services
from pocs.downloads import BACKLOG_CONTENT_TYPES, backlog_response
from pocs.models import Poc
from pocs.selectors import client_portfolio_workshops, poc_access, poc_for, poc_portfolio, poc_report
from pocs.serializers import (
    CheckInSerializer,
    CheckInWriteSerializer,
    DodItemSerializer,
    DodItemWriteSerializer,
    MetricSerializer,
    MetricTargetWriteSerializer,
    MetricWriteSerializer,
    PocPortfolioRowSerializer,
    PocSerializer,
    PocStartSerializer,
    PocStatusSerializer,
    VerdictWriteSerializer,
    bare_metric_data,
    check_in_data,
    dod_item_data,
    poc_data,
    poc_status_data,
    portfolio_row_data,
)
from roi.selectors import roi_use_case_access
from workshop.api import access_for
from workshop.permissions import api_actor
from workshop.selectors import Access

_POC_OR_STATUS = PolymorphicProxySerializer(
    component_name="PocOrStatus",
    serializers=[PocSerializer, PocStatusSerializer],
    resource_type_field_name=None,
)
_DEFINITIONS = (
    " M = the months the check-ins cover; actual POC cost = Σ effort days × the baseline's daily rate + its "
    "setup cost; observed monthly benefit = (Σ hours saved × the baseline's hourly cost + Σ other gains) / M; "
    "observed monthly run cost = (Σ run cost + Σ inference cost) / M; months 1..M flow as recorded (each "
    "check-in's net spread evenly over its months), later months at the observed monthly net; NPV, "
    "risk-adjusted NPV and payback over the baseline's horizon and discount rate by roi/calculator.py."
)


def _answer(access: Access, poc: Poc) -> dict[str, object]:
    """A participant reads the status only; facilitators and managers read everything."""
    if access.is_participant:
        return poc_status_data(poc)
    return poc_data(poc_report(poc_for(access, poc.pk)))


class UseCasePocView(APIView):
    """The POC of a use case: GET it, POST to start it."""

    @extend_schema(responses=_POC_OR_STATUS, description="404 when the use case has no POC.")
    def get(self, request: Request, pk: int) -> Response:
        access, use_case = roi_use_case_access(actor=api_actor(request), pk=pk)
        poc = Poc.objects.filter(use_case=use_case).select_related("use_case").first()
        if poc is None:
            raise Http404
        return Response(_answer(access, poc))

    @extend_schema(
        request=PocStartSerializer,
        responses={201: PocSerializer},
        description=(
            "Start the POC of a shortlisted use case (facilitators only). Its ROI estimate, inputs and base "
            "figures, is frozen as the baseline. 400 with field errors (owner, dates, metrics); 403 for other "
            "roles; 409 when the use case is not shortlisted, has no ROI estimate or already has a POC."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        access, use_case = roi_use_case_access(actor=api_actor(request), pk=pk)
        if not access.is_facilitator:
            raise PermissionDenied(_("Only a facilitator of this workshop can start a POC."))
        form = PocStartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        poc = services.poc_start(access=access, use_case=use_case, **data)
        return Response(_answer(access, poc), status=status.HTTP_201_CREATED)


class PocDetailView(APIView):
    @extend_schema(
        responses=_POC_OR_STATUS,
        description=(
            "A POC with `baseline` (the frozen estimate), `actual` (months recorded so far) and `reprojected` "
            "(over the baseline's horizon), each with poc_cost, npv, risk_adjusted_npv (money as strings with "
            "two decimals) and payback_months; `actual` and `reprojected` are null before the first check-in. "
            "Participants get the id, use case, title and status only." + _DEFINITIONS
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        access, poc = poc_access(actor=api_actor(request), pk=pk)
        return Response(_answer(access, poc))


def _reader_access(request: Request, pk: int) -> tuple[Access, Poc]:
    """The POC for those who read it in full: facilitators and managers (participants read its status only)."""
    access, poc = poc_access(actor=api_actor(request), pk=pk)
    if access.is_participant:
        raise PermissionDenied(_("Participants see a POC's status only."))
    return access, poc


class PocCheckInsView(APIView):
    @extend_schema(responses=CheckInSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        _access, poc = _reader_access(request, pk)
        return Response([check_in_data(c) for c in poc.check_ins.all()])

    @extend_schema(
        request=CheckInWriteSerializer,
        responses={201: CheckInSerializer},
        description=(
            "Record a check-in (facilitators; managers when the client lets them). `metrics` gives values by "
            "metric id; the cost per 1,000 requests left out is derived from inference cost and requests "
            "served. 400 with field errors (a date before the start, negative amounts, unknown metrics); 403 "
            "for other roles; 409 once the POC has a go or no-go verdict."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        access, poc = poc_access(actor=api_actor(request), pk=pk)
        form = CheckInWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        check_in = services.poc_check_in_add(access=access, poc=poc, **form.service_data())
        return Response(check_in_data(check_in), status=status.HTTP_201_CREATED)


class PocVerdictView(APIView):
    @extend_schema(
        request=VerdictWriteSerializer,
        responses=PocSerializer,
        description=(
            "Record go (scale up), no_go or extend with a reason (facilitators; managers when the client lets "
            "them); an event on the workshop's timeline. go with open definition-of-done items answers 409 "
            "(code open_dod_items) unless confirm_open_items is true; the open items are then recorded with "
            "the verdict. go and no_go are final (409 afterwards)."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        access, poc = poc_access(actor=api_actor(request), pk=pk)
        form = VerdictWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.poc_verdict_record(access=access, poc=poc, **form.validated_data)
        return Response(_answer(access, poc))


class PocDodItemView(APIView):
    @extend_schema(
        request=DodItemWriteSerializer,
        responses=DodItemSerializer,
        description="Mark a definition-of-done item done, not_done or not_applicable, with a note (facilitators).",
    )
    def patch(self, request: Request, pk: int, item_id: int) -> Response:
        access, poc = poc_access(actor=api_actor(request), pk=pk)
        item = get_object_or_404(poc.dod_items.all(), pk=item_id)
        form = DodItemWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        item = services.poc_dod_item_set(access=access, poc=poc, item=item, **form.validated_data)
        return Response(dod_item_data(item))


class PocMetricsView(APIView):
    @extend_schema(
        request=MetricWriteSerializer,
        responses={201: MetricSerializer},
        description="Add a metric the team names, with its unit, target and direction (facilitators).",
    )
    def post(self, request: Request, pk: int) -> Response:
        access, poc = poc_access(actor=api_actor(request), pk=pk)
        form = MetricWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        metric = services.poc_metric_add(access=access, poc=poc, **form.validated_data)
        return Response(bare_metric_data(metric), status=status.HTTP_201_CREATED)


class PocMetricView(APIView):
    @extend_schema(
        request=MetricTargetWriteSerializer,
        responses=MetricSerializer,
        description="Change a metric's target (facilitators); a built-in metric's may be null.",
    )
    def patch(self, request: Request, pk: int, metric_id: int) -> Response:
        access, poc = poc_access(actor=api_actor(request), pk=pk)
        metric = get_object_or_404(poc.metrics.all(), pk=metric_id)
        form = MetricTargetWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        metric = services.poc_metric_set_target(access=access, poc=poc, metric=metric, **form.validated_data)
        return Response(bare_metric_data(metric))


class ClientPocPortfolioView(APIView):
    @extend_schema(
        responses=PocPortfolioRowSerializer(many=True),
        description=(
            "Every POC of the client's workshops the caller reads (facilitators and managers), with baseline and "
            "re-projected figures, metrics on target, definition-of-done progress and status."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        if not request.user.is_authenticated:
            # A participant's token is not an account: the portfolio spans workshops it never joined.
            raise PermissionDenied(_("Only facilitators and managers can read the POC portfolio."))
        workshops = client_portfolio_workshops(request.user, pk)
        return Response([portfolio_row_data(row) for row in poc_portfolio(workshops)])


class _BacklogExport(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AnyAccept
    fmt = "csv"

    def get(self, request: Request, pk: int) -> HttpResponse:
        return backlog_response(access_for(request, pk), self.fmt, request)


class WorkshopBacklogCsv(_BacklogExport):
    fmt = "csv"

    @extend_schema(
        operation_id="workshops_backlog_csv",
        responses={(200, BACKLOG_CONTENT_TYPES["csv"].split(";")[0]): OpenApiTypes.BINARY},
        description=(
            "The shortlist and its POCs as a Jira CSV import (Issue ID, Parent, Summary, Issue Type, Priority, "
            "Epic Name, Epic Link, Description, Labels…), facilitators and managers only."
        ),
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


class WorkshopBacklogMarkdown(_BacklogExport):
    fmt = "md"

    @extend_schema(
        operation_id="workshops_backlog_md",
        responses={(200, BACKLOG_CONTENT_TYPES["md"].split(";")[0]): OpenApiTypes.BINARY},
        description="The shortlist and its POCs as Markdown issues (GitHub, GitLab), one `##` per issue.",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return super().get(request, pk)


urlpatterns = [
    path("use-cases/<int:pk>/poc/", UseCasePocView.as_view(), name="use-case-poc"),
    path("pocs/<int:pk>/", PocDetailView.as_view(), name="poc-detail"),
    path("pocs/<int:pk>/check-ins/", PocCheckInsView.as_view(), name="poc-check-ins"),
    path("pocs/<int:pk>/verdict/", PocVerdictView.as_view(), name="poc-verdict"),
    path("pocs/<int:pk>/definition-of-done/<int:item_id>/", PocDodItemView.as_view(), name="poc-dod-item"),
    path("pocs/<int:pk>/metrics/", PocMetricsView.as_view(), name="poc-metrics"),
    path("pocs/<int:pk>/metrics/<int:metric_id>/", PocMetricView.as_view(), name="poc-metric"),
    path("clients/<int:pk>/pocs/", ClientPocPortfolioView.as_view(), name="client-pocs"),
    path("workshops/<int:pk>/backlog.csv", WorkshopBacklogCsv.as_view(), name="workshop-backlog-csv"),
    path("workshops/<int:pk>/backlog.md", WorkshopBacklogMarkdown.as_view(), name="workshop-backlog-md"),
]
