"""Use-case pages and the live board's fragments: thin, scoped, one service each.

The board's main region (`board`) is loaded once per phase; inside it only the
lists and counters poll (`board_poll`, conditional GET). Forms, the scoring grid
and the vote buttons stay outside the polled part so a poll never swaps away
what someone is typing or clicking; after their own POST they get the fresh
fragment back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from usecases import selectors, services
from usecases.forms import CriterionForm, MergeForm, UseCaseForm
from usecases.models import RiskTier, Status, UseCase
from usecases.ranking import (
    DEPRIORITISE,
    INCREMENTAL,
    MIDLINE,
    QUADRANT_LABELS,
    QUICK_WIN,
    STRATEGIC_BET,
    rank_workshop,
)
from workshop.cache import cached_for_version
from workshop.conditional import board_etag, not_modified, participant_not_modified, with_etag
from workshop.exceptions import Refused
from workshop.forms import add_service_errors
from workshop.models import Phase
from workshop.selectors import Access, actor_from_request, workshop_access


def _access(request: HttpRequest, pk: int) -> Access:
    """The workshop as this request's user or participant may see it, or 404."""
    access = workshop_access(actor=actor_from_request(request, pk), pk=pk)
    # Managers read and never write: refuse them before any form is read (the services refuse too).
    if request.method == "POST" and access.is_viewer:
        raise PermissionDenied(_("Managers can read this workshop but not change it."))
    return access


def _use_case_access(request: HttpRequest, use_case_pk: int) -> tuple[Access, UseCase]:
    """The use case and its workshop's access; 404 for outsiders and unknown ids alike."""
    access = _access(request, selectors.use_case_workshop_id(use_case_pk))
    return access, selectors.use_case_for(access, use_case_pk)


def _board_url(workshop_id: int) -> str:
    return reverse("workshop:board", args=[workshop_id])


def _back(request: HttpRequest, workshop_id: int) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(_board_url(workshop_id))
    return HttpResponseRedirect(_board_url(workshop_id))


def _error_text(exc: ValidationError | Refused | PermissionDenied) -> str:
    if isinstance(exc, Refused):
        return exc.message
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("You are not allowed to do this.")
    return " ".join(exc.messages)


# --- The live board ----------------------------------------------------------------------


def _is_preview(request: HttpRequest, access: Access) -> bool:
    return access.is_facilitator and request.GET.get("preview") == "participant"


def _poll_context(access: Access, *, preview: bool = False) -> dict[str, Any]:
    """What the polled part shows: lists and counters, never a form being filled in."""
    workshop = access.workshop
    as_participant = access.is_participant or preview
    context: dict[str, Any] = {
        "access": access,
        "workshop": workshop,
        "preview": preview,
        "as_participant": as_participant,
        "counts": selectors.counts(workshop),
        "poll_url": reverse("usecases:board-poll", args=[workshop.pk]) + ("?preview=participant" if preview else ""),
    }
    if workshop.phase in {Phase.DRAFT, Phase.COLLECT}:
        context["show_list"] = True
        context["use_cases"] = list(selectors.use_cases(workshop))
    if not as_participant and workshop.phase in {Phase.SCORE, Phase.VOTE}:
        context["progress"] = selectors.progress_by_participant(access)
    if not as_participant and workshop.phase == Phase.VOTE:
        totals = selectors.vote_totals(access)
        context["vote_rows"] = [(uc, totals.get(uc.pk, 0)) for uc in selectors.active_use_cases(workshop)]
    return context


def _vote_context(access: Access, *, preview: bool = False) -> dict[str, Any]:
    workshop = access.workshop
    participant = access.participant
    dots = selectors.own_dots(participant)
    totals = selectors.vote_totals(access)
    hidden = preview and not workshop.results_revealed
    return {
        "access": access,
        "workshop": workshop,
        "preview": preview,
        "votes_left": selectors.votes_left(workshop, participant),
        "vote_items": [
            {
                "use_case": uc,
                "dots": dots.get(uc.pk, 0),
                "marks": "●" * dots.get(uc.pk, 0),
                # The preview shows what participants see: no totals before the reveal.
                "total": totals.get(uc.pk, 0) if access.can_see_results and not hidden else None,
            }
            for uc in selectors.active_use_cases(workshop)
        ],
        "can_vote": participant is not None and workshop.phase == Phase.VOTE and not preview,
    }


def _score_context(access: Access, *, preview: bool = False) -> dict[str, Any]:
    workshop = access.workshop
    participant = access.participant
    mine = selectors.own_scores(participant, workshop)
    criteria = selectors.criteria(workshop)
    scored, total = selectors.own_progress(workshop, participant)
    rows = [
        {
            "use_case": uc,
            "groups": [{"criterion": c, "value": mine.get((uc.pk, c.pk))} for c in criteria],
        }
        for uc in selectors.active_use_cases(workshop)
    ]
    return {
        "access": access,
        "workshop": workshop,
        "preview": preview,
        "score_rows": rows,
        "scored": scored,
        "total": total,
        "can_score": participant is not None and workshop.phase == Phase.SCORE and not preview,
        "scale": range(1, 6),
    }


def _board_context(request: HttpRequest, access: Access) -> dict[str, Any]:
    preview = _is_preview(request, access)
    workshop = access.workshop
    context = _poll_context(access, preview=preview)
    context["can_add"] = access.is_facilitator and not workshop.is_closed and not preview
    context["can_add"] |= access.is_participant and workshop.phase == Phase.COLLECT
    if context["can_add"] or (preview and workshop.phase == Phase.COLLECT):
        context["form"] = UseCaseForm(prefix_id="new")
    if workshop.phase == Phase.SCORE and context["as_participant"]:
        context.update(_score_context(access, preview=preview))
    if workshop.phase == Phase.VOTE and context["as_participant"]:
        context.update(_vote_context(access, preview=preview))
    if workshop.phase in {Phase.ROI, Phase.CLOSED} and access.can_see_results and not preview:
        context["ranking"] = rank_workshop(workshop)
    context["criteria"] = selectors.criteria(workshop) if workshop.phase == Phase.DRAFT else []
    return context


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The main region of the live board, loaded on page load and when the phase changes.

    `?preview=participant` lets a facilitator see the participants' layout, read-only.
    """
    access = _access(request, pk)
    etag = board_etag(access, "usecases", int(_is_preview(request, access)))
    if (short := not_modified(request, etag)) is not None:
        return short
    template = "usecases/_board.html" if request.htmx else "usecases/board_page.html"
    response = with_etag(render(request, template, _board_context(request, access)), etag)
    # Loaded into an empty region: the browser must never revalidate it into a 204.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def board_poll(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled lists and counters. Unchanged: 304 (204 to htmx), nothing computed or rendered."""
    # A participant never previews: the same ETag parts as below with preview off.
    if (short := participant_not_modified(request, pk, "usecases-poll", 0)) is not None:
        return short
    access = _access(request, pk)
    preview = _is_preview(request, access)
    etag = board_etag(access, "usecases-poll", int(preview))
    if (short := not_modified(request, etag)) is not None:
        return short
    if access.is_participant and access.workshop.phase not in {Phase.DRAFT, Phase.COLLECT}:
        # Past Collect ideas a participant's polled part is counters only, the same for all: rendered once.
        html = cached_for_version(
            access.workshop,
            "poll-html",
            lambda: render_to_string("usecases/_board.html#poll", _poll_context(access), request=request),
            vary=[get_language()],
        )
        return with_etag(HttpResponse(html), etag)
    response = render(request, "usecases/_board.html#poll", _poll_context(access, preview=preview))
    return with_etag(response, etag)


# --- Use cases ----------------------------------------------------------------------------


@require_POST
def use_case_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    form = UseCaseForm(request.POST, prefix_id="new")
    error = ""
    if form.is_valid():
        try:
            use_case = services.use_case_create(access=access, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refused as exc:
            error = exc.message
        else:
            if request.htmx:
                context = {"access": access, "workshop": access.workshop, "form": UseCaseForm(prefix_id="new")}
                context["added"] = use_case
                response = render(request, "usecases/_board.html#add_form", context)
                return trigger_client_event(response, "useCasesChanged")
            messages.success(request, _("Use case “%(title)s” added.") % {"title": use_case.title})
            return redirect("workshop:board", pk=pk)
    context = {"access": access, "workshop": access.workshop, "form": form, "error": error, "can_add": True}
    if request.htmx:
        return render(request, "usecases/_board.html#add_form", context)
    return render(request, "usecases/use_case_form.html", context, status=409 if error else 400)


@require_http_methods(["GET", "POST"])
def use_case_edit(request: HttpRequest, use_case_pk: int) -> HttpResponse:
    access, use_case = _use_case_access(request, use_case_pk)
    form = UseCaseForm(request.POST or None, instance=use_case)
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.use_case_update(access=access, use_case=use_case, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except Refused as exc:
                error, status = exc.message, 409
            else:
                messages.success(request, _("Use case saved."))
                return redirect("workshop:board", pk=access.workshop.pk)
        else:
            status = 400
    else:
        try:
            services.require_may_edit(access, use_case)
        except Refused as exc:
            error = exc.message
    # Reload from the database: a failed save must not show half-applied values as saved.
    use_case.refresh_from_db()
    context = {"access": access, "workshop": access.workshop, "form": form, "use_case": use_case, "error": error}
    return render(request, "usecases/use_case_form.html", context, status=status)


@require_POST
def use_case_delete(request: HttpRequest, use_case_pk: int) -> HttpResponse:
    access, use_case = _use_case_access(request, use_case_pk)
    try:
        services.use_case_delete(access=access, use_case=use_case)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Use case “%(title)s” deleted.") % {"title": use_case.title})
    return _back(request, access.workshop.pk)


@require_POST
def use_case_status(request: HttpRequest, use_case_pk: int) -> HttpResponse:
    """Shortlist, Reject (or back to proposed): facilitators, from the board's list."""
    access, use_case = _use_case_access(request, use_case_pk)
    error = ""
    try:
        services.use_case_set_status(access=access, use_case=use_case, status=request.POST.get("status", ""))
    except (ValidationError, Refused) as exc:
        error = _error_text(exc)
    if request.htmx:
        context = _poll_context(access)
        context["error"] = error
        return render(request, "usecases/_board.html#poll", context)
    if error:
        messages.error(request, error)
    return _back(request, access.workshop.pk)


@require_http_methods(["GET", "POST"])
def use_case_merge(request: HttpRequest, use_case_pk: int) -> HttpResponse:
    """Merge a duplicate into another use case (facilitators): its own page, away from the polled list."""
    access, use_case = _use_case_access(request, use_case_pk)
    if not access.is_facilitator:
        raise PermissionDenied(_("Only a facilitator of this workshop can do this."))
    targets = selectors.active_use_cases(access.workshop).exclude(pk=use_case.pk)
    form = MergeForm(request.POST or None, targets=targets)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.use_case_merge(access=access, use_case=use_case, into=form.cleaned_data["into"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refused as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("“%(title)s” merged into “%(into)s”.")
                % {"title": use_case.title, "into": form.cleaned_data["into"].title},
            )
            return redirect("workshop:board", pk=access.workshop.pk)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "workshop": access.workshop, "use_case": use_case, "form": form, "error": error}
    return render(request, "usecases/merge.html", context, status=status)


# --- Scores and votes ---------------------------------------------------------------------


@require_POST
def score(request: HttpRequest, use_case_pk: int) -> HttpResponse:
    """Save the participant's scores on one use case (fields `criterion-<id>`), sent on each click."""
    access, use_case = _use_case_access(request, use_case_pk)
    values = {
        key.removeprefix("criterion-"): value for key, value in request.POST.items() if key.startswith("criterion-")
    }
    error = ""
    try:
        services.scores_set(access=access, use_case=use_case, values=values)
    except (ValidationError, Refused) as exc:
        error = _error_text(exc)
    if request.htmx:
        # Only the progress line is swapped in: no grid to rebuild on every click.
        scored, total = selectors.own_progress(access.workshop, access.participant)
        context = {"scored": scored, "total": total, "error": error, "saved": use_case if not error else None}
        return render(request, "usecases/_board.html#progress", context, status=200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Scores saved."))
    return _back(request, access.workshop.pk)


@require_POST
def vote(request: HttpRequest, use_case_pk: int) -> HttpResponse:
    """Add vote / Remove vote on one use case, for the participant; the budget is checked by the service."""
    access, use_case = _use_case_access(request, use_case_pk)
    delta = {"add": 1, "remove": -1}.get(request.POST.get("action", ""))
    error = ""
    try:
        if delta is None:
            raise ValidationError({"action": _("Choose Add vote or Remove vote.")})
        services.vote_change(access=access, use_case=use_case, delta=delta)
    except (ValidationError, Refused) as exc:
        error = _error_text(exc)
    if request.htmx:
        context = _vote_context(access)
        context["error"] = error
        return render(request, "usecases/_board.html#vote_panel", context)
    if error:
        messages.error(request, error)
    return _back(request, access.workshop.pk)


# --- Criteria -----------------------------------------------------------------------------


def _criteria_page(request: HttpRequest, access: Access, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {
        "access": access,
        "workshop": access.workshop,
        "criteria_forms": [(c, CriterionForm(criterion=c)) for c in selectors.criteria(access.workshop)],
        "add_form": CriterionForm(prefix="new"),
        "editable": access.is_facilitator and access.workshop.phase == Phase.DRAFT,
        **extra,
    }
    return render(request, "usecases/criteria.html", context, status=status)


@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest, pk: int) -> HttpResponse:
    """The criteria list; a facilitator adds one in Draft (POST)."""
    access = _access(request, pk)
    if request.method == "GET":
        return _criteria_page(request, access)
    form = CriterionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.criterion_create(access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refused as exc:
            return _criteria_page(request, access, error=exc.message, status=409)
        else:
            messages.success(request, _("Criterion added."))
            return redirect("usecases:criteria", pk=pk)
    return _criteria_page(request, access, add_form=form, status=400)


@require_POST
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Rename, reweight, move up or down, or remove one criterion (facilitators, in Draft)."""
    access = _access(request, pk)
    criterion = selectors.criterion_for(access, criterion_pk)
    action = request.POST.get("action", "save")
    try:
        if action == "delete":
            services.criterion_delete(access=access, criterion=criterion)
        elif action in {"up", "down"}:
            services.criterion_move(access=access, criterion=criterion, step=-1 if action == "up" else 1)
        else:
            form = CriterionForm(request.POST, criterion=criterion)
            if not form.is_valid():
                forms = [
                    (c, form if c.pk == criterion.pk else CriterionForm(criterion=c))
                    for c in selectors.criteria(access.workshop)
                ]
                return _criteria_page(request, access, criteria_forms=forms, status=400)
            services.criterion_update(access=access, criterion=criterion, **form.cleaned_data)
    except Refused as exc:
        return _criteria_page(request, access, error=exc.message, status=409)
    except ValidationError as exc:
        return _criteria_page(request, access, error=_error_text(exc), status=400)
    return redirect("usecases:criteria", pk=pk)


# --- Results ------------------------------------------------------------------------------

MATRIX_SIZE = 400
MATRIX_PAD = 40
COLUMNS = [
    ("rank", _lazy("Rank")),
    ("title", _lazy("Use case")),
    ("impact", _lazy("Impact")),
    ("feasibility", _lazy("Feasibility")),
    ("priority", _lazy("Priority")),
    ("votes", _lazy("Votes")),
    ("spread", _lazy("Spread")),
]
SORT_KEYS = {key for key, _label in COLUMNS}


def _matrix_xy(value: float) -> float:
    """1..5 onto the plot area."""
    span = MATRIX_SIZE - 2 * MATRIX_PAD
    return MATRIX_PAD + (value - 1) / 4 * span


def _matrix(rows: list[Any]) -> dict[str, Any]:
    max_votes = max((r.votes for r in rows), default=0) or 1
    points = []
    for r in rows:
        if r.impact is None or r.feasibility is None:
            continue
        points.append(
            {
                "row": r,
                "x": round(_matrix_xy(r.feasibility), 1),
                "y": round(MATRIX_SIZE - _matrix_xy(r.impact), 1),
                "r": round(6 + 14 * (r.votes / max_votes), 1),
            }
        )
    mid = _matrix_xy(MIDLINE)
    pad, far = MATRIX_PAD, MATRIX_SIZE - MATRIX_PAD
    # (key, x, y, width, height, label x, label y, anchor): impact runs up, feasibility right.
    boxes = [
        (QUICK_WIN, mid, pad, far - mid, mid - pad, far - 6, pad + 16, "end"),
        (STRATEGIC_BET, pad, pad, mid - pad, mid - pad, pad + 6, pad + 16, "start"),
        (INCREMENTAL, mid, mid, far - mid, far - mid, far - 6, far - 8, "end"),
        (DEPRIORITISE, pad, mid, mid - pad, far - mid, pad + 6, far - 8, "start"),
    ]
    quadrants = [
        {"key": k, "x": x, "y": y, "w": w, "h": h, "lx": lx, "ly": ly, "anchor": a, "label": QUADRANT_LABELS[k]}
        for k, x, y, w, h, lx, ly, a in boxes
    ]
    return {"size": MATRIX_SIZE, "pad": pad, "mid": mid, "far": far, "points": points, "quadrants": quadrants}


def _results_body(access: Access, sort: str) -> str:
    """The ranking table, the matrix and the set-aside list, as HTML: the same for every reader of a version."""
    ranking = rank_workshop(access.workshop)
    rows = list(ranking.rows)
    if sort != "rank":
        key = sort.lstrip("-")
        present = [r for r in rows if getattr(r, key) is not None]
        missing = [r for r in rows if getattr(r, key) is None]
        present.sort(
            key=lambda r: getattr(r, key) if key != "title" else r.title.casefold(), reverse=sort.startswith("-")
        )
        rows = present + missing
    titles = dict(access.workshop.use_cases.values_list("id", "title"))
    high_risk = set(access.workshop.use_cases.filter(ai_act_tier=RiskTier.HIGH).values_list("id", flat=True))
    context = {
        "workshop": access.workshop,
        "ranking": ranking,
        "rows": rows,
        "sort": sort,
        "columns": COLUMNS,
        "matrix": _matrix(ranking.rows),
        "high_risk": high_risk,
        "set_aside": [(r, titles.get(r.merged_into_id)) for r in ranking.set_aside],
        "merged": Status.MERGED,
    }
    return render_to_string("usecases/results.html#body", context)


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranking table, 2×2 matrix and spread flags. Participants only once the results are revealed.

    The body is rendered once per version, language and sort: the hundred
    participants who open it when the facilitator reveals share one rendering.
    """
    access = _access(request, pk)
    if not access.can_see_results:
        return render(request, "usecases/results.html", {"access": access, "workshop": access.workshop})
    sort = request.GET.get("sort", "rank")
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "rank"
    body = cached_for_version(
        access.workshop, "results", lambda: _results_body(access, sort), vary=(get_language(), sort)
    )
    # The body is this template's own rendering, escaped there.
    context = {"access": access, "workshop": access.workshop, "ranking": True, "body": mark_safe(body)}
    return render(request, "usecases/results.html", context)
