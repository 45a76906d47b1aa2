"""Pages answer a service's refusal in one place: a message with the API's status, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from workshop.exceptions import Refused
from workshop.forms import JoinForm
from workshop.pages import PageErrorMiddleware, attempt

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
