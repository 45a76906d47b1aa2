"""Pages turn the services' refusals into words in one place, as the API does in config/exceptions.py.

Services raise ``ValidationError`` (bad input), ``Refused`` (a workshop rule says
no right now) and ``PermissionDenied`` (the role may not act). A page view that
shows the error next to what the user was doing calls :func:`attempt`; one that
does not catch them lets :class:`PageErrorMiddleware` answer: a page (or, to
htmx, a fragment) with the message and the status the API would give (400,
409; 403 stays Django's own handler).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from workshop.exceptions import Refused

T = TypeVar("T")


def error_text(exc: ValidationError | Refused | PermissionDenied) -> str:
    """The message a person reads for a service's refusal."""
    if isinstance(exc, Refused):
        return exc.message
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("You are not allowed to do this.")
    return " ".join(str(message) for message in exc.messages)


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What a service call gave: its value, or the error to show and the status to answer with."""

    value: T | None = None
    error: str = ""
    status: int = 200

    @property
    def ok(self) -> bool:
        return self.status < 400


def attempt(call: Callable[[], T], *, form: forms.BaseForm | None = None) -> Attempt[T]:
    """Call a service; its ValidationError or Refused become an Attempt to show, never a 500.

    PermissionDenied is not caught: the role may not act at all, and the 403 page says so.

    With ``form``, field errors go onto the form's fields (so it re-renders with the user's data).
    """
    try:
        return Attempt(value=call())
    except ValidationError as exc:
        if form is not None and hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            return Attempt(status=400)
        return Attempt(error=error_text(exc), status=400)
    except Refused as exc:
        return Attempt(error=error_text(exc), status=409)


class PageErrorMiddleware:
    """A refusal no page view caught: the message with the API's status, never a 500 (API views: DRF's handler)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, ValidationError | Refused):
            return None
        status = 409 if isinstance(exception, Refused) else 400
        template = "_error_fragment.html" if request.headers.get("HX-Request") else "error.html"
        return render(request, template, {"error": error_text(exception)}, status=status)
