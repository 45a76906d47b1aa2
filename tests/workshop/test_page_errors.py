"""Pages answer a service's refusal in one place: a message with the API's status, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from core.exceptions import Refused
from core.pages import PageErrorMiddleware, attempt, submit
from core.throttle import RateLimited
from workshop.forms import JoinForm

pytestmark = pytest.mark.django_db


def _middleware() -> PageErrorMiddleware:
    return PageErrorMiddleware(lambda request: HttpResponse("ok"))


def test_a_refusal_no_view_caught_is_a_409_page_with_its_message():
    request = RequestFactory().post("/workshops/1/phase/")
    response = _middleware().process_exception(request, Refused("This workshop is closed: nothing can be changed."))
    assert response is not None
    assert response.status_code == 409
    assert "This workshop is closed: nothing can be changed." in response.content.decode()
    assert "<html" in response.content.decode()


def test_to_htmx_it_is_a_fragment_and_bad_input_is_a_400():
    request = RequestFactory().post("/workshops/1/phase/", HTTP_HX_REQUEST="true")
    response = _middleware().process_exception(request, ValidationError({"minutes": ["Give minutes from 1 to 240."]}))
    assert response is not None
    assert response.status_code == 400
    assert (
        response.content.decode().strip() == '<div class="errors" role="alert"><p>Give minutes from 1 to 240.</p></div>'
    )


def test_the_api_keeps_its_own_handler():
    request = RequestFactory().post("/api/v1/workshops/1/phase/")
    assert _middleware().process_exception(request, Refused("No.")) is None


def test_attempt_puts_field_errors_on_the_form_and_keeps_what_was_typed():
    form = JoinForm({"join_code": "ABCD2345", "display_name": "Zoé"})
    assert form.is_valid()

    def refuse() -> None:
        raise ValidationError({"display_name": ["Someone already uses this name here."]})

    result = attempt(refuse, form=form)
    assert (result.ok, result.status) == (False, 400)
    assert form.errors["display_name"] == ["Someone already uses this name here."]
    assert form.data["display_name"] == "Zoé"
    refused = attempt(lambda: (_ for _ in ()).throw(Refused("Voting is closed.")))
    assert (refused.error, refused.status) == ("Voting is closed.", 409)
    assert attempt(lambda: 42).value == 42


def _raise(exc: Exception):
    def call() -> None:
        raise exc

    return call


def test_submit_puts_every_error_on_the_form_and_attempt_keeps_the_others_for_the_page():
    form = JoinForm({"join_code": "ABCD2345", "display_name": "Zoé"})
    assert form.is_valid()
    refused = submit(form, _raise(Refused("This workshop is closed: nothing can be changed.", code="closed")))
    assert (refused.status, refused.code) == (409, "closed")
    assert form.non_field_errors() == ["This workshop is closed: nothing can be changed."]
    assert form.data["display_name"] == "Zoé"

    bare = attempt(_raise(ValidationError({"minutes": ["Give minutes from 1 to 240."]})))
    assert (bare.status, bare.error) == (400, "Give minutes from 1 to 240.")
    assert bare.field_errors == {"minutes": ["Give minutes from 1 to 240."]}


def test_a_rate_limit_is_a_429_with_retry_after():
    limited = attempt(_raise(RateLimited(30)))
    assert (limited.ok, limited.status, limited.retry_after) == (False, 429, 30)
    assert "30" in limited.error
    response = limited.answer(HttpResponse(status=limited.status))
    assert response["Retry-After"] == "30"
    assert "Retry-After" not in attempt(lambda: 1).answer(HttpResponse())


def test_a_denied_role_reaches_the_403_page_unless_the_page_explains_it_in_place():
    with pytest.raises(PermissionDenied):
        attempt(_raise(PermissionDenied("Only facilitators can do this.")))
    explained = attempt(_raise(PermissionDenied("Only facilitators can do this.")), denied=True)
    assert (explained.status, explained.error) == (403, "Only facilitators can do this.")
