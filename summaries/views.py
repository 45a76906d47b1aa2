"""The summary panel of the board, the Generate summary button, and one summary's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HTMX_STOP_POLLING

from core.conditional import not_modified, with_etag
from core.htmx import HtmxHttpRequest
from summaries import selectors, services
from summaries.models import SummaryStatus
from summaries.providers import provider_for
from workshop.conditional import board_etag
from workshop.selectors import Access, actor_from_request, workshop_access


def _access(request: HttpRequest, pk: int) -> Access:
    """The workshop as this request's user or participant may see it, or 404."""
    return workshop_access(actor=actor_from_request(request, pk), pk=pk)


def _panel_context(access: Access, note: str = "") -> dict[str, object]:
    visible = selectors.summaries_for(access)
    latest = visible.first()
    return {
        "access": access,
        "workshop": access.workshop,
        "latest": latest,
        "history": visible[:20],
        "note": note,
        # A stuck summary is still polled: the sweep sends it again and the panel follows.
        "polling": latest is not None and not latest.is_finished,
        "stuck": latest is not None and selectors.is_stuck(latest),
        # What the next summary would use, so the facilitator knows before clicking.
        "next_provider": provider_for(access.workshop) if access.is_facilitator else None,
    }


def _render_panel(request: HtmxHttpRequest, access: Access, note: str = "", *, poll: bool = False) -> HttpResponse:
    context = _panel_context(access, note)
    response = render(request, "summaries/_summary_panel.html", context)
    if poll and request.htmx and request.htmx.trigger == "summary-poller" and not context["polling"]:
        # Nothing left to wait for: htmx stops the 2 s polling (and still swaps this answer in).
        response.status_code = HTMX_STOP_POLLING
    return response


@require_GET
def summary_panel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The board's summary panel; polled every 2 s while a summary is being written, then 286."""
    access = _access(request, pk)
    latest = selectors.summaries_for(access).only("id", "status", "queued_at", "started_at").first()
    state = (latest.pk, latest.status, int(selectors.is_stuck(latest))) if latest else (0,)
    # A participant's panel changes with the summaries and the reveal, not with each score or vote.
    etag = board_etag(access, "summary", *state, room=access.is_participant)
    if (short := not_modified(request, etag)) is not None:
        return short
    return with_etag(_render_panel(request, access, poll=True), etag)


@require_POST
def summary_generate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Generate summary: queue one, or show the last one when nothing changed since."""
    access = _access(request, pk)
    summary = services.summary_request(access=access)
    if getattr(summary, "sent", True) is False:
        # The broker is down: the request still succeeds, and the sweep sends the summary later.
        note = _("The task queue cannot be reached right now: the summary waits and is written once it is back.")
    elif getattr(summary, "reused", False):
        if summary.status == SummaryStatus.SUCCEEDED:
            note = _("Nothing changed since the last summary: showing it.")
        else:
            note = _("A summary of the same data is already being written.")
    else:
        note = _("Summary requested. It appears here when it is ready.")
    if request.htmx:
        return _render_panel(request, access, note)
    messages.info(request, note)
    return redirect(f"{reverse('workshop:board', args=[pk])}#summary-panel")


@require_GET
def summary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One summary on its own page; 404 for anyone who may not read it."""
    workshop_id = selectors.summary_workshop_id(pk)
    if workshop_id is None:
        raise Http404
    access, summary = selectors.summary_for_actor(actor=actor_from_request(request, workshop_id), pk=pk)
    context = {"access": access, "workshop": access.workshop, "summary": summary}
    return render(request, "summaries/summary_detail.html", context)
