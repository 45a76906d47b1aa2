"""The presenter screen: what the facilitator projects in the room, following the workshop live.

It lives here rather than in workshop/ because it shows the ranking and the
matrix, which workshop may not import. Whatever it shows, the whole room reads:
so it shows no more than a participant's own board would (no author, no vote
total while they are hidden, never a score), and speaks the workshop's language.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from core.conditional import not_modified, with_etag
from usecases import policy, selectors
from usecases.matrix import results_matrix
from usecases.models import Status
from usecases.ranking import rank_workshop
from workshop.conditional import board_etag
from workshop.models import PHASE_HELP, PHASE_ORDER, Phase
from workshop.selectors import Access, actor_from_request, audience_access, workshop_access

# The ranking on the screen: enough to discuss, few enough to read from the back of the room.
PRESENTER_RANKING_ROWS = 8


def _presenter_access(request: HttpRequest, pk: int) -> Access:
    """Facilitators only; anyone else gets a 404, as if there were no such screen."""
    access = workshop_access(actor=actor_from_request(request, pk), pk=pk)
    if not access.is_facilitator:
        raise Http404
    return access


def _stage_context(request: HttpRequest, access: Access) -> dict[str, Any]:
    workshop = access.workshop
    room = audience_access(access)
    context: dict[str, Any] = {
        "access": access,
        "workshop": workshop,
        "join_url": request.build_absolute_uri(reverse("workshop:join-code", args=[workshop.join_code])),
        "phase_help": PHASE_HELP[Phase(workshop.phase)],
        "phase_number": workshop.phase_index + 1,
        "phase_count": len(PHASE_ORDER),
        "counts": selectors.counts(workshop),
        "scoring": policy.scoring(workshop),
    }
    if policy.collecting(workshop):
        context["people"] = list(workshop.participants.values_list("display_name", flat=True))
    if policy.scoring(workshop) or policy.voting(workshop):
        # Counts of scores and dots only: never a value.
        progress = selectors.progress_by_participant(access)
        budget = workshop.votes_per_participant
        context["progress"] = [
            {"name": p.participant.label, "done": p.dots >= budget, "n": p.dots, "m": budget}
            if policy.voting(workshop)
            else {"name": p.participant.label, "done": p.finished, "n": p.scored, "m": p.total}
            for p in progress
        ]
        context["finished"] = sum(1 for p in context["progress"] if p["done"])
    if room.can_see_results:
        ranking = rank_workshop(workshop, reader=room)
        show_votes = room.can_see_vote_totals
        context.update(
            ranking=ranking,
            top=[r for r in ranking.rows if r.status != Status.MERGED][:PRESENTER_RANKING_ROWS],
            matrix=results_matrix(ranking.rows, show_votes=show_votes),
            show_votes=show_votes,
        )
    # The use case the room discusses now, large: its scores only once the results are revealed to the room.
    if (spotlight := selectors.spotlit(workshop)) is not None:
        context["spotlight"] = spotlight
        if "ranking" in context:
            rows = context["ranking"].rows
            context["spotlight_row"] = next((r for r in rows if r.use_case_id == spotlight.pk), None)
    return context


@require_GET
def present(request: HttpRequest, pk: int) -> HttpResponse:
    """Full screen, large type, for the projector: join code and QR, what to do now, who has finished,
    the countdown (with a sound at zero once switched on), and the results once revealed."""
    access = _presenter_access(request, pk)
    with translation.override(access.workshop.language):
        return render(request, "usecases/present.html", _stage_context(request, access))


@require_GET
def present_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen's stage, polled. Unchanged: 304 (204 to htmx), nothing computed or rendered."""
    access = _presenter_access(request, pk)
    etag = board_etag(access, "present", access.workshop.language)
    if (short := not_modified(request, etag)) is not None:
        return short
    with translation.override(access.workshop.language):
        response = render(request, "usecases/present.html#stage", _stage_context(request, access))
    return with_etag(response, etag)
