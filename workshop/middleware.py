"""A page of a workshop this browser is not in: the join page, with a word why, never a bare 404."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from workshop.selectors import NotInWorkshop


def join_again_url(workshop_id: int) -> str:
    """The join page, told which workshop the browser tried to open (it shows nothing of it: see views.join)."""
    return f"{reverse('workshop:join')}?{urlencode({'workshop': workshop_id})}"


class LostParticipantMiddleware:
    """NotInWorkshop on a page, for a visitor without an account: off to the join page.

    A participant whose browser lost its cookie (another browser, cookies cleared) or who was
    removed opens their board or a poll fires: they land on the join page, which says what
    happened. The answer is the same whether the workshop exists or not. Signed-in users and the
    API keep the 404: an account sees what it may, and an API client reads the status.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, NotInWorkshop) or request.path.startswith("/api/"):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        url = join_again_url(exception.workshop_id)
        if request.headers.get("HX-Request"):
            # A poll or a click on the board: the whole page goes, not a fragment swapped into it.
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
