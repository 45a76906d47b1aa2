"""API views that answer a file (exports, backlogs) rather than JSON."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class AnyAccept(BaseContentNegotiation):
    """The file is the answer whatever the Accept header (errors come back as JSON).

    A view that answers an `HttpResponse` (the file) keeps `renderer_classes = [JSONRenderer]`
    for its errors; with DRF's default negotiation a client asking `Accept: text/csv` would get
    406 before the view runs.
    """

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type
