"""Project-wide error pages."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.template import loader
from django.utils import formats
from django.utils.translation import gettext as _
from django.views import defaults

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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 raised before any view ran (an oversize body, a bad Host): JSON under /api/, the page elsewhere."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig):
            size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
            detail = _("The request body is larger than %(size)s MB.") % {"size": formats.number_format(size, 1)}
            return JsonResponse({"detail": detail, "code": "too_large"}, status=400)
        return JsonResponse({"detail": _("Bad request."), "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)
