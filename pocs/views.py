"""POC pages: start one from the shortlist, follow it (planned against actual, metrics, definition of
done, check-ins, verdict), the workshop's POCs and backlog, a client's portfolio. Thin: one service each."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.htmx import HtmxHttpRequest
from core.pages import attempt, submit
from pocs import policy, services
from pocs.charts import poc_cash_chart, sparkline
from pocs.downloads import backlog_response
from pocs.forms import CheckInForm, DodItemForm, MetricForm, MetricTargetForm, StartPocForm, VerdictForm
from pocs.models import DodItem, Metric, Poc
from pocs.selectors import (
    client_for_user,
    client_portfolio_workshops,
    poc_for,
    poc_portfolio,
    poc_report,
    poc_workshop_id,
    workshop_pocs,
)
from roi.calculator import scenarios
from roi.models import RoiEstimate
from roi.selectors import roi_inputs, roi_use_case
from usecases.models import UseCase
from usecases.selectors import use_case_workshop_id
from workshop.selectors import Access, actor_from_request, workshop_access

DEFAULT_POC_WEEKS = 12


def _workshop_access(request: HttpRequest, pk: int) -> Access:
    return workshop_access(actor=actor_from_request(request, pk), pk=pk)


def _poc_access(request: HttpRequest, pk: int) -> tuple[Access, Poc]:
    """The POC and its workshop as this request's user or participant may see them, or 404."""
    workshop_id = poc_workshop_id(pk)
    access = _workshop_access(request, workshop_id)
    return access, poc_for(access, pk)


def _require_facilitator(access: Access) -> None:
    if not policy.may_change(access):
        raise PermissionDenied(_("Only a facilitator of this workshop can change this POC."))


def _require_recorder(access: Access) -> None:
    # Refused before any form is read; the service checks the same rule.
    if not policy.may_record(access):
        raise PermissionDenied(_("You cannot record check-ins or verdicts for this POC."))


def _detail_url(poc: Poc, anchor: str = "") -> str:
    return reverse("pocs:detail", args=[poc.pk]) + (f"#{anchor}" if anchor else "")


# The workshop's POCs and backlog -------------------------------------------


@require_GET
def workshop_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The shortlist with each POC's status; Start POC for facilitators; the backlog downloads."""
    access = _workshop_access(request, pk)
    context = {"access": access, "workshop": access.workshop, "rows": workshop_pocs(access)}
    return render(request, "pocs/workshop_list.html", context)


@require_GET
def backlog_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return backlog_response(_workshop_access(request, pk), "csv", request)


@require_GET
def backlog_md(request: HttpRequest, pk: int) -> HttpResponse:
    return backlog_response(_workshop_access(request, pk), "md", request)


# Start ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start POC: owner, dates, success criteria and targets; the ROI estimate becomes the baseline."""
    workshop_id = use_case_workshop_id(pk)
    access = _workshop_access(request, workshop_id)
    use_case: UseCase = roi_use_case(access=access, pk=pk)
    _require_facilitator(access)
    existing = Poc.objects.filter(use_case=use_case).first()
    if existing is not None:
        return redirect(existing)
    today = timezone.localdate()
    initial = {
        "owner": access.actor.label,
        "started_on": today,
        "planned_end_on": today + timedelta(weeks=DEFAULT_POC_WEEKS),
    }
    form = StartPocForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        started = submit(form, lambda: services.poc_start(access=access, use_case=use_case, **data))
        if (poc := started.value) is not None:
            messages.success(request, _("POC started. Record its first check-in after the first sprint review."))
            return redirect(poc)
        status = 409 if started.status == 409 else 200
    estimate = RoiEstimate.objects.filter(use_case=use_case).first()
    context = {
        "access": access,
        "workshop": access.workshop,
        "use_case": use_case,
        "form": form,
        "baseline": scenarios(roi_inputs(estimate))["base"] if estimate else None,
    }
    return render(request, "pocs/start.html", context, status=status)


# One POC --------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    access: Access,
    poc: Poc,
    *,
    status: int = 200,
    check_in_form: CheckInForm | None = None,
    verdict_form: VerdictForm | None = None,
    metric_form: MetricForm | None = None,
    target_form: tuple[int, MetricTargetForm] | None = None,
    needs_confirmation: bool = False,
) -> HttpResponse:
    if access.is_participant:
        context = {"access": access, "workshop": access.workshop, "poc": poc}
        return render(request, "pocs/status.html", context, status=status)
    poc = poc_for(access, poc.pk)  # fresh, with everything the report reads
    report = poc_report(poc)
    metrics = list(poc.metrics.all())
    context = {
        "access": access,
        "workshop": access.workshop,
        "poc": poc,
        "report": report,
        "outcomes": [
            ("baseline", _("Baseline"), report.baseline.outcome),
            ("actual", _("Actual to date"), report.actual),
            ("reprojected", _("Re-projected"), report.reprojected),
        ],
        "to_date": report.reprojection.to_date if report.reprojection else None,
        "chart": poc_cash_chart(report),
        "metric_rows": [(m, sparkline(m), _target_form(m.metric, target_form)) for m in report.metrics],
        "can_edit": policy.may_change(access),
        "can_record": policy.may_record_on(access, poc),
        "check_in_form": check_in_form or CheckInForm(metrics=metrics),
        "verdict_form": verdict_form or VerdictForm(),
        "metric_form": metric_form or MetricForm(),
        "needs_confirmation": needs_confirmation,
        "open_items_at_verdict": [_(label) for label in poc.open_items_at_verdict],
    }
    return render(request, "pocs/detail.html", context, status=status)


def _target_form(metric: Metric, posted: tuple[int, MetricTargetForm] | None) -> MetricTargetForm:
    """The metric's inline target form: the one just posted (with what was typed and its error), or a fresh one."""
    if posted is not None and posted[0] == metric.pk:
        return posted[1]
    return MetricTargetForm(initial={"target": metric.target}, auto_id=f"metric-{metric.pk}-%s")


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Planned against actual, the chart, the metrics, the definition of done, check-ins and the verdict."""
    access, poc = _poc_access(request, pk)
    return _detail(request, access, poc)


@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    access, poc = _poc_access(request, pk)
    _require_recorder(access)
    form = CheckInForm(request.POST, metrics=list(poc.metrics.all()))
    status = 200
    if form.is_valid():
        data = form.service_data()
        recorded = submit(form, lambda: services.poc_check_in_add(access=access, poc=poc, **data))
        if recorded.ok:
            messages.success(request, _("Check-in recorded."))
            return redirect(_detail_url(poc, "planned-vs-actual"))
        status = 409 if recorded.status == 409 else 200
    return _detail(request, access, poc, status=status, check_in_form=form)


@require_POST
def verdict(request: HttpRequest, pk: int) -> HttpResponse:
    access, poc = _poc_access(request, pk)
    _require_recorder(access)
    form = VerdictForm(request.POST)
    status, needs_confirmation = 200, False
    if form.is_valid():
        data = form.cleaned_data
        recorded = submit(form, lambda: services.poc_verdict_record(access=access, poc=poc, **data))
        if recorded.ok:
            messages.success(request, _("Verdict recorded."))
            return redirect(_detail_url(poc, "verdict"))
        # Open items: the page asks for the confirmation, nothing is wrong yet.
        needs_confirmation = recorded.code == "open_dod_items"
        status = 409 if recorded.status == 409 and not needs_confirmation else 200
    return _detail(request, access, poc, status=status, verdict_form=form, needs_confirmation=needs_confirmation)


@require_POST
def dod_item(request: HtmxHttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Save one definition-of-done item; htmx gets the item back, other browsers the page."""
    access, poc = _poc_access(request, pk)
    _require_facilitator(access)
    item: DodItem = get_object_or_404(poc.dod_items.all(), pk=item_id)
    form = DodItemForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        saved = attempt(lambda: services.poc_dod_item_set(access=access, poc=poc, item=item, **data))
        if saved.value is not None:
            item = saved.value
        errors = [saved.error] if saved.error else []
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if request.htmx:
        context = {"poc": poc, "item": item, "can_edit": True, "item_errors": errors, "saved": not errors}
        return render(request, "pocs/detail.html#dod-item", context, status=200 if not errors else 400)
    if errors:
        messages.error(request, " ".join(errors))
    return redirect(_detail_url(poc, "definition-of-done"))


@require_POST
def metric_add(request: HttpRequest, pk: int) -> HttpResponse:
    access, poc = _poc_access(request, pk)
    _require_facilitator(access)
    form = MetricForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if submit(form, lambda: services.poc_metric_add(access=access, poc=poc, **data)).ok:
            messages.success(request, _("Metric added."))
            return redirect(_detail_url(poc, "metrics"))
    return _detail(request, access, poc, metric_form=form)


@require_POST
def metric_target(request: HttpRequest, pk: int, metric_id: int) -> HttpResponse:
    access, poc = _poc_access(request, pk)
    _require_facilitator(access)
    metric = get_object_or_404(poc.metrics.all(), pk=metric_id)
    form = MetricTargetForm(request.POST, auto_id=f"metric-{metric.pk}-%s")
    if form.is_valid():
        target = form.cleaned_data["target"]
        saved = submit(
            form, lambda: services.poc_metric_set_target(access=access, poc=poc, metric=metric, target=target)
        )
        if saved.ok:
            messages.success(request, _("Target saved."))
            return redirect(_detail_url(poc, "metrics"))
        if saved.status == 409:
            messages.error(request, saved.error)
            return redirect(_detail_url(poc, "metrics"))
    # What was typed stays in the metric's field, with the reason beside it.
    return _detail(request, access, poc, target_form=(metric.pk, form))


# A client's portfolio -------------------------------------------------------


@require_GET
@login_required
def client_portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    """Every POC of the client's workshops the user reads, side by side."""
    client = client_for_user(request.user, pk)
    rows = poc_portfolio(client_portfolio_workshops(request.user, pk))
    return render(request, "pocs/client_portfolio.html", {"client": client, "rows": rows})
