"""Conditional GET: weak ETags, the short answer to an unchanged request, and the headers that go with them.

An htmx poll gets 204 instead of 304: browsers hand a 304 to XHR as the cached
200, which htmx would swap again (losing focus and half-typed input); htmx
ignores 204. What a board's ETag is made of lives with the board
(workshop.conditional).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def etag(version: str, who: object, revealed: bool, parts: tuple[object, ...]) -> str:
    extra = "-".join(str(p) for p in parts)
    return f'W/"{version}-{who}-{int(revealed)}-{extra}"'


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
