"""Project-wide error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.utils.translation import gettext as _

from core.exceptions import ResultsHidden


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 with the reason; results asked for before the reveal say so, with a way back to the board."""
    context: dict[str, object] = {"exception": str(exception)}
    if isinstance(exception, ResultsHidden):
        context["heading"] = _("Results are not revealed yet")
        match = request.resolver_match
        workshop_id = match.kwargs.get("pk") if match is not None else None
        if workshop_id is not None:
            context["workshop_id"] = workshop_id
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request))
