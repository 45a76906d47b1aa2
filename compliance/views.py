"""The guided pre-assessment page of a use case: thin, scoped, one service.

GET shows the saved answers (a first visit starts from what the use case declares). As answers
change, htmx asks the same URL with the form's values (GET, nothing saved) and swaps the questions
that now matter and the result. POST saves through compliance.services.assessment_save.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from compliance import display, law, policy, rules, selectors, services
from compliance.forms import DecisionForm, answers_from
from compliance.models import Assessment
from compliance.serializers import changes_data
from core.htmx import HtmxHttpRequest
from core.pages import attempt
from usecases import selectors as usecase_selectors
from usecases.models import UseCase
from workshop.models import Client
from workshop.selectors import Access, actor_from_request, workshop_access


def _use_case_access(request: HttpRequest, use_case_pk: int) -> tuple[Access, UseCase]:
    """The use case and its workshop's access; 404 for outsiders and unknown ids alike."""
    workshop_id = usecase_selectors.use_case_workshop_id(use_case_pk)
    access = workshop_access(actor=actor_from_request(request, workshop_id), pk=workshop_id)
    if request.method == "POST" and access.is_viewer:
        raise PermissionDenied(_("Managers can read this workshop but not change it."))
    return access, usecase_selectors.use_case_for(access, use_case_pk)


def _context(
    access: Access,
    use_case: UseCase,
    saved: Assessment | None,
    answers: dict[str, str],
    *,
    errors: dict[str, Any] | None = None,
    decision: DecisionForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    in_force = services.law_in_force()
    view = selectors.view_of(use_case, saved)
    may_edit = policy.may_assess(access, use_case)
    may_confirm = policy.may_confirm(access, use_case)
    suggested = rules.assess(answers, edition=in_force).tier
    if may_confirm and decision is None:
        initial = {"confirmed_tier": saved.confirmed_tier, "override_reason": saved.override_reason} if saved else {}
        decision = DecisionForm(initial=initial, suggested=suggested)
    # The result shows the tier the facilitator set, if any, with that tier's articles and obligations.
    tier = _decided_tier(decision, saved)
    outcome = rules.assess(answers, edition=in_force, tier=tier)
    return {
        "access": access,
        "workshop": access.workshop,
        "use_case": use_case,
        "saved": saved,
        "view": view,
        "view_tier_label": display.tier_label(view.tier),
        "basis_label": display.basis_label(view),
        "changes": display.change_rows(view.changes, view.edition_in_force),
        "answered_under": display.edition_row(view.edition) if view.edition else None,
        "law": display.edition_row(in_force),
        "questions": display.question_rows(answers, errors, edition=in_force, tier=tier),
        "outcome": outcome,
        "tier_label": display.tier_label(outcome.tier),
        "suggested_label": display.tier_label(outcome.suggested_tier),
        "dpia_label": display.dpia_label(outcome.dpia),
        "obligations": display.obligation_rows(outcome.obligations),
        "assumptions": display.assumption_rows(outcome.assumptions),
        "roles": [display.ROLE_LABELS[r] for r in outcome.roles],
        "may_edit": may_edit,
        "may_confirm": may_confirm,
        "decision": decision,
        "error": error,
        "disclaimer": display.DISCLAIMER,
    }


def _decided_tier(decision: DecisionForm | None, saved: Assessment | None) -> str | None:
    """The tier the facilitator's decision sets (as submitted, else as saved); None when none is set."""
    if decision is not None and decision.is_bound:
        value = decision.data.get("confirmed_tier")
        return value if value in rules.TIERS else None
    return (saved.confirmed_tier or None) if saved else None


@require_http_methods(["GET", "POST"])
def assessment(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    access, use_case = _use_case_access(request, use_case_pk)
    saved = selectors.assessment_for(use_case)
    if request.method == "GET":
        if request.htmx:
            # The live preview: the answers being given, nothing saved.
            answers = answers_from(request.GET)
            suggested = rules.assess(answers, edition=services.law_in_force()).tier
            decision = DecisionForm(request.GET, suggested=suggested) if access.is_facilitator else None
            context = _context(access, use_case, saved, answers, decision=decision)
            return render(request, "compliance/assessment.html#live", context)
        answers = saved.answers if saved else selectors.initial_answers(use_case)
        return render(request, "compliance/assessment.html", _context(access, use_case, saved, answers))

    answers = answers_from(request.POST)
    decision = None
    confirmed_tier = None
    override_reason = ""
    if access.is_facilitator:
        decision = DecisionForm(request.POST, suggested=rules.assess(answers, edition=services.law_in_force()).tier)
        if decision.is_valid():
            confirmed_tier = decision.cleaned_data["confirmed_tier"]
            override_reason = decision.cleaned_data["override_reason"]
    errors: dict[str, Any] = {}
    error = ""
    status = 400

    def save() -> None:
        if decision is not None and not decision.is_valid():
            raise ValidationError(decision.errors)
        services.assessment_save(
            access=access,
            use_case=use_case,
            answers=answers,
            confirmed_tier=confirmed_tier,
            override_reason=override_reason,
        )

    stored = attempt(save)
    if stored.ok:
        messages.success(request, _("Pre-assessment saved."))
        return redirect("compliance:assessment", use_case_pk=use_case.pk)
    if stored.status == 400:
        errors = stored.field_errors or {"__all__": [stored.error]}
        if decision is not None:
            for field in ("confirmed_tier", "override_reason"):
                if field in errors and field not in decision.errors:
                    decision.add_error(field, errors[field])
        error = _("Some answers need another look.")
    else:
        error, status = stored.error, stored.status
    context = _context(access, use_case, saved, answers, errors=errors, decision=decision, error=error)
    return render(request, "compliance/assessment.html", context, status=status)


@require_http_methods(["POST"])
def reconfirm(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    """A facilitator adopts the law in force for this assessment, keeping its answers."""
    access, use_case = _use_case_access(request, use_case_pk)
    done = attempt(lambda: services.assessment_reconfirm(access=access, use_case=use_case))
    if done.ok:
        messages.success(request, _("Pre-assessment re-confirmed under the law in force."))
    else:
        messages.error(request, done.error)
    return redirect("compliance:assessment", use_case_pk=use_case.pk)


@require_http_methods(["GET"])
@login_required
def client_law_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every use case of a client whose outcome a change of the law moved: for its facilitators and managers."""
    try:
        client = selectors.client_for_reader(request.user, pk)
    except Client.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    error, status = "", 200
    try:
        since = selectors.parse_day(request.GET.get("since"))
    except ValueError:
        since, error, status = None, _("Enter a date as YYYY-MM-DD."), 400
    before = law.edition_on(since) if since else selectors.previous_edition(today)
    until = law.edition_on(today)
    rows = [
        changes_data(uc, uc.assessment, before, until)
        for uc in selectors.assessed_use_cases_of_client(request.user, client)
    ]
    context = {
        "client": client,
        "since": since or before.in_force,
        "before": display.edition_row(before),
        "law": display.edition_row(until),
        "rows": [
            {
                **row,
                "tier_before_label": display.tier_label(row["tier_before"]),
                "tier_after_label": display.tier_label(row["tier_after"]),
            }
            for row in rows
            if row["changes"]
        ],
        "checked": len(rows),
        "error": error,
    }
    return render(request, "compliance/client_law_changes.html", context, status=status)
