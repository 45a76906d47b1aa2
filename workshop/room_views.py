"""The people in the room: who is present, removing a participant, rejoin links for a locked-out one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.conditional import not_modified, with_etag
from core.htmx import HtmxHttpRequest
from core.pages import attempt
from workshop import services
from workshop.conditional import board_etag
from workshop.selectors import participant_for, present_since, rejoin_link_by_token
from workshop.views import _back_to_board, _facilitator_access, enter_board, people_context


@require_GET
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is in the room (seen in the last minute), polled on the facilitator's board.

    Presence changes without the workshop's version moving, so the ETag also
    carries who is present now: one small query, for facilitators only.
    """
    access = _facilitator_access(request, pk)
    present = access.workshop.participants.filter(last_seen_at__gte=present_since()).values_list("pk", flat=True)
    etag = board_etag(access, "people", ".".join(str(p) for p in sorted(present)))
    if (short := not_modified(request, etag)) is not None:
        return short
    return with_etag(render(request, "workshop/_people.html", people_context(access)), etag)


@require_http_methods(["GET", "POST"])
def participant_remove(request: HtmxHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """Remove a participant (facilitators): a confirmation page, then the removal."""
    access = _facilitator_access(request, pk)
    participant = participant_for(access, participant_pk)
    error = ""
    if request.method == "POST":
        removed = attempt(lambda: services.participant_remove(access=access, participant=participant))
        if removed.ok:
            messages.success(request, _("%(name)s was removed from the workshop.") % {"name": participant.display_name})
            return _back_to_board(request, pk)
        error = removed.error
    context = {"access": access, "workshop": access.workshop, "participant": participant, "error": error}
    return render(request, "workshop/participant_remove.html", context, status=409 if error else 200)


@require_POST
def participant_rejoin_link(request: HtmxHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """A fresh single-use rejoin link for a locked-out participant, shown once with its QR code."""
    access = _facilitator_access(request, pk)
    participant = participant_for(access, participant_pk)
    made = attempt(lambda: services.participant_rejoin_link(access=access, participant=participant))
    if made.value is None:
        messages.error(request, made.error)
        return _back_to_board(request, pk)
    link, token = made.value
    context = {
        "access": access,
        "workshop": access.workshop,
        "participant": participant,
        "link": link,
        "url": request.build_absolute_uri(reverse("workshop:rejoin", args=[token])),
        "minutes": max(settings.REJOIN_LINK_MAX_AGE_SECONDS // 60, 1),
    }
    response = render(request, "workshop/rejoin_link.html", context)
    # The page holds a secret: never keep it in a cache or the back-forward history.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def rejoin(request: HttpRequest, token: str) -> HttpResponse:
    """A participant opens their rejoin link on a new device: one click, and the board knows them again.

    GET only asks: link previews and QR scanners open links by themselves, and
    must not use up a single-use link.
    """
    link = rejoin_link_by_token(token)
    refusal = services.rejoin_link_refusal(link)
    error = refusal.message if refusal else ""
    if not error and request.method == "POST":
        rejoined = attempt(lambda: services.participant_rejoin(token=token))
        if rejoined.value is not None:
            participant, secret = rejoined.value
            messages.success(request, _("Welcome back, %(name)s.") % {"name": participant.display_name})
            return enter_board(request, participant, secret)
        error = rejoined.error
    context = {"link": None if error else link, "error": error}
    response = render(request, "workshop/rejoin.html", context, status=410 if error else 200)
    response["Cache-Control"] = "no-store"
    return response
