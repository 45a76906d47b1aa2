"""Conditional GET for live fragments and the API, from Workshop.version (or room_version).

An unchanged board must cost almost nothing: compare the ETag before any
ranking is computed or template rendered. A plain client gets 304. An htmx
poll gets 204 instead: browsers hand a 304 to XHR as the cached 200, which
htmx would swap again (losing focus and half-typed input); htmx ignores 204.

Most polls come from participants' boards: `participant_not_modified` answers
them from one narrow query (the participant's workshop room version), before
any model, access or session is loaded. What a participant's board polls (the
live banner, the counters, the summary panel) follows `Workshop.room_version`,
which scores and votes leave alone: through a round of scoring, a hundred boards
keep their 204 while the facilitator's progress (on `version`) moves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.conditional import etag as _etag
from core.conditional import not_modified
from workshop.selectors import Access, PollState, participant_cookie_name, participant_poll_state


def _room(room_version: int) -> str:
    """The version part of a room ETag: never equal to a workshop version's."""
    return f"r{room_version}"


def board_etag(access: Access, *parts: object, room: bool = False) -> str:
    """A weak ETag for what `access` sees of the workshop now, plus any view-specific parts.

    `room`: what is asked for shows nothing a score or a vote changes (see the module's docstring).
    """
    who = access.participant.pk if access.participant else access.role.value
    version = _room(access.workshop.room_version) if room else str(access.workshop.version)
    return _etag(version, who, access.workshop.results_revealed, parts)


def participant_not_modified(
    request: HttpRequest,
    workshop_id: int,
    *parts: object,
    on_unchanged: Callable[[PollState], object] | None = None,
) -> HttpResponse | None:
    """The short answer to a participant's unchanged poll, from one narrow query; None to take the full path.

    Only for a browser with no session: a signed-in user may facilitate or view
    the workshop too, and then sees (and is sent the ETag of) another role.
    The ETag is the one `board_etag(..., room=True)` gives the same participant.
    """
    if not request.headers.get("If-None-Match") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    state = participant_poll_state(request.COOKIES.get(participant_cookie_name(workshop_id)), workshop_id)
    if state is None:
        return None
    short = not_modified(request, _etag(_room(state.room_version), state.participant_id, state.results_revealed, parts))
    if short is not None and on_unchanged is not None:
        on_unchanged(state)  # e.g. the presence mark, which an unchanged poll still refreshes
    return short
