"""Pages turn the services' refusals into words in one place, as the API does in config/exceptions.py.

Services raise ``ValidationError`` (bad input), ``Refused`` (a workshop rule says
no right now), ``RateLimited`` (too many tries) and ``PermissionDenied`` (the
role may not act). A page view that shows the error next to what the user was
doing calls :func:`attempt` (or :func:`submit`, for a form that shows every
error); one that does not catch them lets :class:`PageErrorMiddleware` answer: a
page (or, to htmx, a fragment) with the message and the status the API would
give (400, 409; a RateLimited is answered 429 by core.throttle's
middleware, and 403 stays Django's own handler).

No page view writes its own ``except`` ladder for these: the layer test in
tests/test_project.py fails on one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.exceptions import Refused
from core.forms import add_service_errors
from core.throttle import RateLimited

T = TypeVar("T")


def error_text(exc: ValidationError | Refused | RateLimited | PermissionDenied) -> str:
    """The message a person reads for a service's refusal."""
    if isinstance(exc, Refused | RateLimited):
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
    #: A ValidationError's messages by field, when no form took them.
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    #: The Refused's code, for the page that answers one refusal differently.
    code: str = ""
    #: Seconds to wait, after a RateLimited (the response's Retry-After).
    retry_after: int = 0

    @property
    def ok(self) -> bool:
        return self.status < 400

    def answer(self, response: HttpResponse) -> HttpResponse:
        """The response, with Retry-After when the call was rate-limited."""
        if self.retry_after:
            response["Retry-After"] = str(self.retry_after)
        return response


def attempt(call: Callable[[], T], *, form: forms.BaseForm | None = None, denied: bool = False) -> Attempt[T]:
    """Call a service; its ValidationError, Refused or RateLimited become an Attempt to show, never a 500.

    PermissionDenied is not caught unless ``denied``: the role may not act at all,
    and the 403 page says so. A page that explains the refusal in place (the join
    form, a read-only reason) passes ``denied=True`` and gets status 403.

    With ``form``, field errors go onto the form's fields (so it re-renders with the user's data).
    """
    try:
        return Attempt(value=call())
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            if form is not None:
                add_service_errors(form, exc)
                return Attempt(status=400)
            return Attempt(error=error_text(exc), status=400, field_errors=exc.message_dict)
        return Attempt(error=error_text(exc), status=400)
    except Refused as exc:
        return Attempt(error=error_text(exc), status=409, code=exc.code)
    except RateLimited as exc:
        return Attempt(error=error_text(exc), status=429, retry_after=exc.retry_after)
    except PermissionDenied as exc:
        if not denied:
            raise
        return Attempt(error=error_text(exc), status=403)


def submit(form: forms.BaseForm, call: Callable[[], T], *, denied: bool = False) -> Attempt[T]:
    """:func:`attempt` for a form that shows every error: those of no field go above its fields."""
    result = attempt(call, form=form, denied=denied)
    if result.error:
        form.add_error(None, result.error)
    return result


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
