"""A manager reads and never writes: no join code in their answers or pages, no joining as a participant."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory
from workshop.models import Participant
from workshop.selectors import participant_cookie_name

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_join_code_to_facilitators_only(alice_api, victor_api, bob_api, workshop):
    assert alice_api.get(f"/api/v1/workshops/{workshop.pk}/").json()["join_code"] == workshop.join_code
    assert [w["join_code"] for w in alice_api.get("/api/v1/workshops/").json()] == [workshop.join_code]

    assert victor_api.get(f"/api/v1/workshops/{workshop.pk}/").json()["join_code"] is None
    assert [w["join_code"] for w in victor_api.get("/api/v1/workshops/").json()] == [None]
    assert bob_api.get(f"/api/v1/workshops/{workshop.pk}/").json()["join_code"] is None


def test_no_api_answer_to_a_manager_contains_the_join_code(victor_api, workshop):
    for url in [
        "/api/v1/workshops/",
        f"/api/v1/workshops/{workshop.pk}/",
        "/api/v1/clients/",
        f"/api/v1/clients/{workshop.client_id}/",
        f"/api/v1/workshops/{workshop.pk}/participants/",
        f"/api/v1/workshops/{workshop.pk}/use-cases/",
    ]:
        response = victor_api.get(url)
        assert response.status_code == 200, url
        assert workshop.join_code not in response.content.decode(), url


def test_the_dashboard_shows_the_join_code_to_facilitators_only(alice_client, victor_client, workshop):
    assert workshop.join_code in alice_client.get("/dashboard/").content.decode()

    for url in ["/dashboard/", f"/workshops/{workshop.pk}/", f"/clients/{workshop.client_id}/"]:
        page = victor_client.get(url)
        assert page.status_code == 200, url
        assert workshop.join_code not in page.content.decode(), url


def test_the_join_screen_is_not_for_managers(victor_client, workshop):
    assert victor_client.get(f"/workshops/{workshop.pk}/join-screen/").status_code == 403


def test_a_signed_in_manager_cannot_join_as_a_participant_on_the_page(victor_client, workshop):
    response = victor_client.post("/join/", {"join_code": workshop.join_code, "display_name": "Victor"})

    assert response.status_code == 403
    assert "cannot join it as participants" in response.content.decode()
    assert "Victor" in response.content.decode()  # the form keeps what was typed
    assert not Participant.objects.filter(workshop=workshop).exists()


def test_a_manager_with_an_api_token_cannot_join(victor, workshop):
    from rest_framework.authtoken.models import Token

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=victor).key}")

    response = api.post("/api/v1/join/", {"join_code": workshop.join_code, "display_name": "Victor"}, format="json")

    assert response.status_code == 403
    assert not Participant.objects.filter(workshop=workshop).exists()


def test_a_manager_holding_a_participant_cookie_still_only_reads(victor_client, workshop):
    _participant, token = ParticipantFactory.with_token(workshop=workshop, display_name="Vic")
    victor_client.cookies[participant_cookie_name(workshop.pk)] = token

    board = victor_client.get(f"/workshops/{workshop.pk}/")
    assert "Read-only view" in board.content.decode()
    response = victor_client.post(f"/workshops/{workshop.pk}/use-cases/new/", {"title": "Manager idea"})

    assert response.status_code == 403
    assert not workshop.use_cases.exists()


def test_a_facilitator_of_the_workshop_who_also_manages_the_client_may_join_to_try_it(alice_client, alice, workshop):
    workshop.client.viewers.add(alice)

    response = alice_client.post("/join/", {"join_code": workshop.join_code, "display_name": "Alice tries"})

    assert response.status_code == 302
    assert response["Location"] == f"/workshops/{workshop.pk}/"
    assert workshop.participants.filter(display_name="Alice tries").exists()
    # Her board: a facilitator's still (her account comes first), with the participant cookie beside it.
    board = alice_client.get(response["Location"])
    assert board.status_code == 200
    assert board.context["access"].is_facilitator
    assert alice_client.cookies[participant_cookie_name(workshop.pk)].value
