"""Use-case pages and board fragments."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workshop.conditional import board_etag, not_modified, with_etag
from workshop.selectors import actor_from_request, workshop_access


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The main region of the live board, loaded and refreshed by htmx."""
    access = workshop_access(actor=actor_from_request(request, pk), pk=pk)
    etag = board_etag(access, "usecases")
    if (short := not_modified(request, etag)) is not None:
        return short
    response = render(request, "usecases/_board.html", {"access": access, "workshop": access.workshop})
    return with_etag(response, etag)
