"""The ROI page of a use case (with its live preview) and the portfolio of a workshop."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.pages import Attempt, attempt, submit
from roi import services
from roi.calculator import SCENARIOS, scenarios
from roi.charts import SCENARIO_LABELS, cashflow_chart
from roi.forms import RoiEstimateForm
from roi.models import RoiEstimate
from roi.selectors import roi_estimate_for, roi_inputs, roi_use_case
from usecases.models import UseCase
from usecases.selectors import use_case_workshop_id
from workshop.selectors import Access, actor_from_request, workshop_access


def _use_case_access(request: HttpRequest, pk: int) -> tuple[Access, UseCase]:
    """The use case and its workshop as this request's user or participant may see them, or 404."""
    workshop_id = use_case_workshop_id(pk)
    access = workshop_access(actor=actor_from_request(request, workshop_id), pk=workshop_id)
    # Managers read and never write: refuse them before any form is read (the service refuses too).
    if request.method == "POST" and access.is_viewer:
        raise PermissionDenied(_("Managers can read this workshop but not change it."))
    return access, roi_use_case(access=access, pk=pk)


def _figures_context(estimate: RoiEstimate | None) -> dict[str, object]:
    """The figures and the chart of a checked estimate; none when the inputs have errors."""
    if estimate is None:
        return {"figures": None, "chart": None}
    figures = scenarios(roi_inputs(estimate))
    return {
        "figures": [(name, SCENARIO_LABELS[name], figures[name]) for name in SCENARIOS],
        "chart": cashflow_chart(figures),
    }


def _posted(form: RoiEstimateForm) -> dict[str, object]:
    """The inputs the request sent, read in the reader's language; those it left out keep their value.

    A field the form could not read (a decimal comma in English, say) is left out
    here and carries its error on the form: callers check `form.errors` first.
    """
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name in form.data}


def _checked(form: RoiEstimateForm, use_case: UseCase) -> RoiEstimate | None:
    """An unsaved estimate holding the form's inputs, or None (errors added to the form)."""
    data = _posted(form)
    applied = submit(form, lambda: services.roi_estimate_apply(estimate=RoiEstimate(use_case=use_case), data=data))
    return None if form.errors else applied.value


def _read_only_reason(access: Access, use_case: UseCase) -> str:
    return attempt(lambda: services.roi_check_can_edit(access=access, use_case=use_case), denied=True).error


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The inputs, grouped; low/base/high figures and the cash-flow chart; Save."""
    access, use_case = _use_case_access(request, pk)
    read_only_reason = _read_only_reason(access, use_case)
    status = 200
    if request.method == "POST":
        form = RoiEstimateForm(request.POST)
        data = _posted(form)
        saved: Attempt[object]
        if form.errors:
            # A field the reader's language could not read: nothing is saved, not even the other
            # fields; the same who-and-when checks as the save say whether it is a 409 first.
            saved = submit(form, lambda: services.roi_check_can_edit(access=access, use_case=use_case))
        else:
            saved = submit(form, lambda: services.roi_estimate_save(access=access, use_case=use_case, data=data))
        if saved.ok and not form.errors:
            messages.success(request, _("ROI estimate saved."))
            return redirect("roi:edit", pk=use_case.pk)
        if saved.status == 409:
            status = 409
            estimate = _checked(RoiEstimateForm(request.POST), use_case)
        else:
            _checked(form, use_case)  # the other fields' range errors too
            estimate = None
    else:
        estimate = roi_estimate_for(use_case)
        form = RoiEstimateForm.for_estimate(estimate, read_only=bool(read_only_reason))
    has_estimate = RoiEstimate.objects.filter(use_case=use_case).exists()
    if request.method == "GET" and not has_estimate:
        estimate = None  # the defaults are no estimate: no 0,00 € and no "payback 0 months" until one is typed
    context = {
        "access": access,
        "workshop": access.workshop,
        "use_case": use_case,
        "form": form,
        "can_edit": not read_only_reason,
        "read_only_reason": read_only_reason,
        "has_estimate": has_estimate,
        "not_estimated": request.method == "GET" and not has_estimate,
        **_figures_context(estimate),
    }
    return render(request, "roi/edit.html", context, status=status)


@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures for what is typed now, saving nothing. Errors come back in the fragment
    (and beside each field, out of band) with a 200, so that htmx swaps them in."""
    access, use_case = _use_case_access(request, pk)
    form = RoiEstimateForm(request.POST)
    estimate = _checked(form, use_case)
    context = {
        "access": access,
        "workshop": access.workshop,
        "use_case": use_case,
        "form": form,
        "oob": True,
        **_figures_context(estimate),
    }
    return render(request, "roi/edit.html#figures", context)
