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
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from core.conditional import not_modified, with_etag
from core.htmx import HtmxHttpRequest
from core.pages import Attempt, attempt
from usecases import policy, selectors, services
from usecases.forms import CriteriaTemplateForm, CriterionDescriptionForm, CriterionForm, MergeForm, UseCaseForm
from usecases.models import ACTIVE_STATUSES, UseCase
from usecases.ranking import rank_workshop
from workshop.conditional import board_etag, participant_not_modified
from workshop.models import Workshop
from workshop.selectors import Access, actor_from_request, audience_access, workshop_access


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


def _next_url(request: HttpRequest) -> str:
    """Where the user came from (`next`, e.g. the results page), when it is on this site; else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if safe else ""


def _poll_or_back(request: HtmxHttpRequest, access: Access, error: str) -> HttpResponse:
    """After a facilitator's action from the board: its polled list again (htmx), else back with the error."""
    if request.htmx:
        context = _poll_context(access)
        context["error"] = error
        return render(request, "usecases/_board.html#poll", context)
    if error:
        messages.error(request, error)
    return _back(request, access.workshop.pk)


def _back(request: HtmxHttpRequest, workshop_id: int) -> HttpResponse:
    url = _next_url(request) or _board_url(workshop_id)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


# --- The live board ----------------------------------------------------------------------


def _is_preview(request: HttpRequest, access: Access) -> bool:
    return access.is_facilitator and request.GET.get("preview") == "participant"


def _reader(access: Access, *, preview: bool) -> Access:
    """Whose eyes the page is for: the facilitator's preview shows what a participant would see."""
    return audience_access(access) if preview else access


def _with_bylines(use_cases: list[UseCase], reader: Access) -> list[UseCase]:
    """Each use case's byline as `reader` may see it (anonymous ideas show none)."""
    for uc in use_cases:
        uc.byline = selectors.author_label(uc, reader)  # type: ignore[attr-defined]
        uc.by_facilitator = reader.can_see_authors and uc.author_id is None and not uc.author_removed  # type: ignore[attr-defined]
    return use_cases


def _with_actions(use_cases: list[UseCase], access: Access) -> list[UseCase]:
    """What the board's list shows of each use case: the policy's answers, so the template compares nothing."""
    for uc in use_cases:
        uc.prohibited = policy.is_prohibited(uc.ai_act_tier)  # type: ignore[attr-defined]
        uc.may_edit = policy.may_edit(access, uc)  # type: ignore[attr-defined]
        uc.triage = policy.triage(access, uc)  # type: ignore[attr-defined]
        uc.may_spotlight = policy.may_spotlight(access, uc)  # type: ignore[attr-defined]
    return use_cases


def _phase_flags(workshop: Workshop) -> dict[str, bool]:
    """Which parts of the board this phase shows, as booleans for the template."""
    return {
        "drafting": policy.criteria_open(workshop),
        "collecting": policy.collecting(workshop),
        "scoring": policy.scoring(workshop),
        "voting": policy.voting(workshop),
        "ranking_shown": policy.ranking_shown(workshop),
    }


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
        **_phase_flags(workshop),
        "may_spotlight": policy.may_spotlight(access) and not preview,
    }
    # Facilitators triage in every phase but Closed (shortlist, reject, merge, edit), without a phase change.
    context["triage"] = policy.may_triage(access) and not preview
    if context["collecting"] or context["triage"]:
        context["show_list"] = True
        reader = _reader(access, preview=preview)
        context["use_cases"] = _with_actions(_with_bylines(list(selectors.use_cases(workshop)), reader), reader)
    # What is on the projector: from the list when it is loaded (no query more), else asked.
    context["spotlight"] = (
        next((uc for uc in context["use_cases"] if uc.spotlight and uc.status in ACTIVE_STATUSES), None)
        if "use_cases" in context
        else selectors.spotlit(workshop)
    )
    if not as_participant and (context["scoring"] or context["voting"]):
        context["progress"] = selectors.progress_by_participant(access)
    if not as_participant and context["voting"]:
        totals = selectors.vote_totals(access)
        # Triage has the use cases loaded already: the ones in the running, in the same order.
        active = (
            [uc for uc in context["use_cases"] if uc.status in ACTIVE_STATUSES]
            if "use_cases" in context
            else selectors.active_use_cases(workshop)
        )
        context["vote_rows"] = [(uc, totals.get(uc.pk, 0)) for uc in active]
    return context


def _vote_context(access: Access, *, preview: bool = False) -> dict[str, Any]:
    workshop = access.workshop
    participant = access.participant
    dots = selectors.own_dots(participant)
    # The preview shows what participants see: no totals while they are hidden from them.
    reader = _reader(access, preview=preview)
    totals = selectors.vote_totals(reader)
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
                "total": selectors.visible_votes(reader, totals.get(uc.pk, 0)),
            }
            for uc in selectors.active_use_cases(workshop)
        ],
        "can_vote": policy.may_vote(access),
    }


def _score_context(access: Access, *, preview: bool = False) -> dict[str, Any]:
    workshop = access.workshop
    participant = access.participant
    mine = selectors.own_scores(participant, workshop)
    criteria = selectors.criteria(workshop)
    scored, total = selectors.own_progress(workshop, participant)
    rows: list[dict[str, Any]] = []
    for position, uc in enumerate(selectors.active_use_cases(workshop), start=1):
        groups = [{"criterion": c, "value": mine.get((uc.pk, c.pk))} for c in criteria]
        rows.append({"use_case": uc, "groups": groups, "position": position, "done": all(g["value"] for g in groups)})
    # On a phone the cards show one at a time (next / previous links, CSS :target); without a
    # chosen card, the first one not fully scored is shown.
    current = next((row for row in rows if not row["done"]), rows[0] if rows else None)
    for index, row in enumerate(rows):
        row["current"] = row is current
        row["previous"] = rows[index - 1]["use_case"] if index > 0 else None
        row["next"] = rows[index + 1]["use_case"] if index + 1 < len(rows) else None
    return {
        "access": access,
        "workshop": workshop,
        "preview": preview,
        "score_rows": rows,
        "scored": scored,
        "total": total,
        "can_score": policy.may_score(access),
        "scale": range(1, 6),
    }


def _board_context(request: HttpRequest, access: Access) -> dict[str, Any]:
    preview = _is_preview(request, access)
    workshop = access.workshop
    context = _poll_context(access, preview=preview)
    context["can_add"] = policy.may_add(access) and not preview
    # The preview shows the form a participant would see, disabled.
    if context["can_add"] or (preview and policy.may_add(_reader(access, preview=True))):
        context["form"] = UseCaseForm(prefix_id="new")
    if context["scoring"] and context["as_participant"]:
        context.update(_score_context(access, preview=preview))
    if context["voting"] and context["as_participant"]:
        context.update(_vote_context(access, preview=preview))
    if policy.estimating(workshop) and context["as_participant"]:
        # The phase asks participants to help estimate: the shortlist's ROI forms (the roi service says who may save).
        context["roi_use_cases"] = list(selectors.shortlisted_use_cases(workshop))
    if context["ranking_shown"] and access.can_see_results and not preview:
        context["ranking"] = rank_workshop(workshop, reader=access)
    context["criteria"] = selectors.criteria(workshop) if context["drafting"] else []
    return context


@require_GET
def board(request: HtmxHttpRequest, pk: int) -> HttpResponse:
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
    # A participant's polled part shows no score or vote; the facilitator's progress and totals do.
    etag = board_etag(access, "usecases-poll", int(preview), room=access.is_participant)
    if (short := not_modified(request, etag)) is not None:
        return short
    response = render(request, "usecases/_board.html#poll", _poll_context(access, preview=preview))
    return with_etag(response, etag)


# --- Use cases ----------------------------------------------------------------------------


@require_POST
def use_case_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    form = UseCaseForm(request.POST, prefix_id="new")
    created: Attempt[UseCase] = Attempt(status=400)
    if form.is_valid():
        data = form.cleaned_data
        created = attempt(lambda: services.use_case_create(access=access, data=data), form=form)
        if (use_case := created.value) is not None:
            if request.htmx:
                context = {"access": access, "workshop": access.workshop, "form": UseCaseForm(prefix_id="new")}
                context["added"] = use_case
                response = render(request, "usecases/_board.html#add_form", context)
                return trigger_client_event(response, "useCasesChanged")
            messages.success(request, _("Use case “%(title)s” added.") % {"title": use_case.title})
            return redirect("workshop:board", pk=pk)
    context = {"access": access, "workshop": access.workshop, "form": form, "error": created.error, "can_add": True}
    if request.htmx:
        return render(request, "usecases/_board.html#add_form", context)
    return created.answer(render(request, "usecases/use_case_form.html", context, status=created.status))


@require_http_methods(["GET", "POST"])
def use_case_edit(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    access, use_case = _use_case_access(request, use_case_pk)
    form = UseCaseForm(request.POST or None, instance=use_case)
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            saved = attempt(lambda: services.use_case_update(access=access, use_case=use_case, data=data), form=form)
            if saved.ok:
                messages.success(request, _("Use case saved."))
                return _back(request, access.workshop.pk)
            error, status = saved.error, saved.status
        else:
            status = 400
    else:
        error = attempt(lambda: services.require_may_edit(access, use_case)).error
    # Reload from the database: a failed save must not show half-applied values as saved.
    use_case.refresh_from_db()
    context = {
        "access": access,
        "workshop": access.workshop,
        "form": form,
        "use_case": use_case,
        "error": error,
        "next": _next_url(request),
    }
    return render(request, "usecases/use_case_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def use_case_delete(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    """GET asks to confirm (a deletion cannot be undone); POST deletes."""
    access, use_case = _use_case_access(request, use_case_pk)
    if request.method == "GET":
        error = attempt(lambda: services.require_may_edit(access, use_case)).error
        context = {
            "access": access,
            "workshop": access.workshop,
            "use_case": _with_bylines([use_case], access)[0],
            "error": error,
            "next": _next_url(request),
        }
        return render(request, "usecases/delete_confirm.html", context)
    deleted = attempt(lambda: services.use_case_delete(access=access, use_case=use_case))
    if deleted.ok:
        messages.success(request, _("Use case “%(title)s” deleted.") % {"title": use_case.title})
    else:
        messages.error(request, deleted.error)
    return _back(request, access.workshop.pk)


@require_POST
def use_case_status(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    """Shortlist, Reject (or back to proposed): facilitators, from the board's list."""
    access, use_case = _use_case_access(request, use_case_pk)
    status = request.POST.get("status", "")
    error = attempt(lambda: services.use_case_set_status(access=access, use_case=use_case, status=status)).error
    return _poll_or_back(request, access, error)


@require_http_methods(["GET", "POST"])
def use_case_merge(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    """Merge a duplicate into another use case (facilitators), in any phase but Closed.

    GET with `into` shows both use cases side by side, with their texts, before the
    facilitator confirms; POST merges. Its own page, away from the polled list.
    """
    access, use_case = _use_case_access(request, use_case_pk)
    if not access.is_facilitator:
        raise PermissionDenied(_("Only a facilitator of this workshop can do this."))
    targets = selectors.active_use_cases(access.workshop).exclude(pk=use_case.pk)
    data = request.POST if request.method == "POST" else (request.GET if "into" in request.GET else None)
    form = MergeForm(data, targets=targets)
    error = ""
    into = form.cleaned_data["into"] if form.is_bound and form.is_valid() else None
    if request.method == "POST" and into is not None:
        target = into
        merged = attempt(lambda: services.use_case_merge(access=access, use_case=use_case, into=target), form=form)
        if merged.ok:
            done = _("“%(title)s” merged into “%(into)s”.") % {"title": use_case.title, "into": target.title}
            messages.success(request, done)
            return _back(request, access.workshop.pk)
        error = merged.error
        if merged.status == 400:
            into = None
    status = 400 if form.is_bound and (form.errors or error) else 200
    _with_bylines([use_case, *([into] if into is not None else [])], access)
    context = {
        "access": access,
        "workshop": access.workshop,
        "use_case": use_case,
        "into": into,
        "form": form,
        "error": error,
        "next": _next_url(request),
    }
    return render(request, "usecases/merge.html", context, status=status)


@require_POST
def spotlight(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Put a use case on the projector (`use_case`), or take it off (empty): facilitators, from the board."""
    access = _access(request, pk)
    access.require_facilitator()
    chosen = request.POST.get("use_case", "")
    use_case = None
    if chosen:
        use_case = selectors.use_cases(access.workshop).filter(pk=chosen if chosen.isdigit() else 0).first()
        if use_case is None:
            raise Http404
    error = attempt(lambda: services.spotlight_set(access=access, use_case=use_case)).error
    return _poll_or_back(request, access, error)


@require_GET
def possible_duplicates(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The facilitator's possible duplicates: both texts side by side, and a merge in one click."""
    access = _access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied(_("Only a facilitator of this workshop can do this."))
    pairs = selectors.possible_duplicates(access.workshop)
    _with_bylines([case for pair in pairs for case in (pair.keep, pair.merge)], access)
    context = {
        "access": access,
        "workshop": access.workshop,
        "pairs": pairs,
        "can_merge": policy.may_triage(access),
    }
    return render(request, "usecases/duplicates.html", context)


@require_GET
def close_ideas(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """While someone types an idea: the ideas already proposed that look close (titles only, no authors)."""
    access = _access(request, pk)
    if not policy.may_add(access):
        raise PermissionDenied(_("Ideas are added in the Collect phase."))
    title = request.GET.get("title", "")[:200]
    problem = request.GET.get("problem", "")[:2000]
    close = selectors.close_ideas(access.workshop, title, problem)
    return render(request, "usecases/_close_ideas.html", {"close": close})


# --- Scores and votes ---------------------------------------------------------------------


@require_POST
def score(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    """Save the participant's scores on one use case (fields `criterion-<id>`), sent on each click."""
    access, use_case = _use_case_access(request, use_case_pk)
    values = {
        key.removeprefix("criterion-"): value for key, value in request.POST.items() if key.startswith("criterion-")
    }
    error = attempt(lambda: services.scores_set(access=access, use_case=use_case, values=values)).error
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
def vote(request: HtmxHttpRequest, use_case_pk: int) -> HttpResponse:
    """Add vote / Remove vote on one use case, for the participant; the budget is checked by the service."""
    access, use_case = _use_case_access(request, use_case_pk)
    delta = {"add": 1, "remove": -1}.get(request.POST.get("action", ""))
    if delta is None:
        error = _("Choose Add vote or Remove vote.")
    else:
        step = delta
        error = attempt(lambda: services.vote_change(access=access, use_case=use_case, delta=step)).error
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
    workshop = access.workshop
    editable = policy.may_edit_criteria(access)
    scored = selectors.scored_criterion_ids(workshop)
    describing = extra.pop("describing", None)
    # Outside Draft a facilitator may still say what 1 and 5 mean, until the first score.
    describable = policy.may_describe_criteria(access) and not editable
    criteria = selectors.criteria(workshop)
    for c in criteria:
        form = None
        if describable and c.pk not in scored:
            mine = describing is not None and describing.prefix == f"d{c.pk}"
            form = describing if mine else CriterionDescriptionForm(criterion=c)
        c.description_form = form  # type: ignore[attr-defined]
    context = {
        "access": access,
        "workshop": workshop,
        "criteria_forms": [(c, CriterionForm(criterion=c)) for c in criteria],
        "add_form": CriterionForm(prefix="new"),
        "template_form": CriteriaTemplateForm(),
        "can_apply_template": editable and not scored,
        "editable": editable,
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
        data = form.cleaned_data
        added = attempt(lambda: services.criterion_create(access=access, **data), form=form)
        if added.ok:
            messages.success(request, _("Criterion added."))
            return redirect("usecases:criteria", pk=pk)
        if added.error:
            return _criteria_page(request, access, error=added.error, status=added.status)
    return _criteria_page(request, access, add_form=form, status=400)


@require_POST
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Rename, reweight, move up or down, or remove one criterion (facilitators, in Draft)."""
    access = _access(request, pk)
    criterion = selectors.criterion_for(access, criterion_pk)
    action = request.POST.get("action", "save")

    def act() -> HttpResponse | None:
        """The step the button asked for; a page to show instead of the redirect, or None."""
        if action == "describe":
            description_form = CriterionDescriptionForm(request.POST, criterion=criterion)
            if not description_form.is_valid():
                return _criteria_page(request, access, describing=description_form, status=400)
            services.criterion_update(access=access, criterion=criterion, **description_form.cleaned_data)
            messages.success(request, _("Description saved."))
        elif action == "delete":
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
        return None

    # One message and the API's status for whichever step refused.
    acted = attempt(act)
    if not acted.ok:
        return _criteria_page(request, access, error=acted.error, status=acted.status)
    return acted.value or redirect("usecases:criteria", pk=pk)


@require_POST
def criteria_template(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the criteria with a template's: the default set, value vs effort, RICE-like (Draft only)."""
    access = _access(request, pk)
    form = CriteriaTemplateForm(request.POST)
    if not form.is_valid():
        return _criteria_page(request, access, error=_("Choose one of the templates."), status=400)
    template = form.cleaned_data["template"]
    applied = attempt(lambda: services.criteria_apply_template(access=access, template=template))
    if not applied.ok:
        return _criteria_page(request, access, error=applied.error, status=applied.status)
    messages.success(request, _("Criteria replaced by the template. Edit them as you wish."))
    return redirect("usecases:criteria", pk=pk)
