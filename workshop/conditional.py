"""Conditional GET for live fragments and the API, from Workshop.version.

An unchanged board must cost almost nothing: compare the ETag before any
ranking is computed or template rendered. A plain client gets 304. An htmx
poll gets 204 instead: browsers hand a 304 to XHR as the cached 200, which
htmx would swap again (losing focus and half-typed input); htmx ignores 204.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from workshop.selectors import Access


def board_etag(access: Access, *parts: object) -> str:
    """A weak ETag for what `access` sees of the workshop now, plus any view-specific parts."""
    who = access.participant.pk if access.participant else access.role.value
    extra = "-".join(str(p) for p in parts)
    return f'W/"{access.workshop.version}-{who}-{int(access.workshop.results_revealed)}-{extra}"'


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """The short answer when the client already has `etag`, else None."""
    sent = request.headers.get("If-None-Match", "")
    if not sent or etag not in {tag.strip() for tag in sent.split(",")}:
        return None
    response = HttpResponse(status=204 if getattr(request, "htmx", False) else 304)
    return with_etag(response, etag)


def with_etag(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Revalidate on every poll; never share a participant's board with another.
    response["Cache-Control"] = "no-cache, private"
    response["Vary"] = "Cookie, Authorization, HX-Request"
    return response
