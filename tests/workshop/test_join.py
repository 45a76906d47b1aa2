import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from workshop.models import Event, EventKind, Participant
from workshop.selectors import participant_cookie_name

pytestmark = pytest.mark.django_db


def _join(client, code, name):
    return client.post(reverse("workshop:join"), {"join_code": code, "display_name": name})


def _lands_on_the_board_as(client, response, workshop, name):
    """The join answered with the workshop's board, and the board greets this browser by `name`."""
    assert response.status_code == 302
    assert response.url == reverse("workshop:board", args=[workshop.pk])
    board = client.get(response.url)
    assert board.status_code == 200
    assert board.context["access"].participant.display_name == name
    page = board.content.decode()
    assert f"You are <strong>{name}</strong>" in page
    assert f"<h1>{workshop.title}</h1>" in page


def test_join_with_good_code_creates_participant_and_sets_cookie(client, workshop):
    response = _join(client, workshop.join_code, "Dana")

    assert response.status_code == 302
    assert response.url == reverse("workshop:board", args=[workshop.pk])
    participant = Participant.objects.get(workshop=workshop)
    assert participant.display_name == "Dana"
    assert client.cookies[participant_cookie_name(workshop.pk)]["httponly"]
    joined = Event.objects.get(workshop=workshop, kind=EventKind.JOINED)
    # The timeline links the participant and shows their current name; it never stores the name itself.
    assert (joined.participant, joined.actor, joined.actor_label) == (participant, "", "Dana")
    assert client.get(response.url).status_code == 200


def test_join_code_is_forgiving_about_case_spaces_and_dashes(client, workshop):
    code = workshop.join_code
    response = _join(client, f" {code[:4].lower()}-{code[4:].lower()} ", "Dana")
    _lands_on_the_board_as(client, response, workshop, "Dana")


def test_wrong_code_says_so_and_keeps_what_was_typed(client, workshop):
    response = _join(client, "ZZZZZZZZ", "Dana")

    assert response.status_code == 200
    page = response.content.decode()
    assert "No workshop has this code" in page
    assert 'value="ZZZZZZZZ"' in page
    assert 'value="Dana"' in page
    assert not Participant.objects.exists()


def test_closed_workshop_refuses_new_participants(client, workshop):
    workshop.phase = "closed"
    workshop.save()
    response = _join(client, workshop.join_code, "Dana")

    assert response.status_code == 200
    assert "This workshop is closed" in response.content.decode()
    assert not Participant.objects.exists()


def test_duplicate_display_name_is_refused_case_insensitively(client, workshop):
    ParticipantFactory(workshop=workshop, display_name="Dana")
    response = _join(client, workshop.join_code, "dana")

    assert response.status_code == 200
    assert "already uses this name" in response.content.decode()
    assert Participant.objects.filter(workshop=workshop).count() == 1


def test_same_name_is_fine_in_another_workshop(client, workshop, other_workshop):
    ParticipantFactory(workshop=other_workshop, display_name="Dana")
    _lands_on_the_board_as(client, _join(client, workshop.join_code, "Dana"), workshop, "Dana")
    assert Participant.objects.filter(display_name="Dana").count() == 2


def test_same_browser_rejoining_keeps_its_participant(client, workshop):
    _join(client, workshop.join_code, "Dana")
    first = Participant.objects.get()
    response = _join(client, workshop.join_code, "Dana B.")

    _lands_on_the_board_as(client, response, workshop, "Dana B.")
    assert Participant.objects.count() == 1
    first.refresh_from_db()
    assert first.display_name == "Dana B."


def test_empty_fields_get_messages(client, workshop):
    response = _join(client, "", "")
    assert response.status_code == 200
    assert response.content.decode().count('class="error"') == 2


def test_join_page_has_labelled_fields_and_join_button(client):
    page = client.get(reverse("workshop:join")).content.decode()
    assert ">Join code</label>" in page
    assert ">Your name</label>" in page
    assert ">Join</button>" in page


def test_join_link_prefills_the_code(client, workshop):
    page = client.get(reverse("workshop:join-code", args=[workshop.join_code])).content.decode()
    assert f'value="{workshop.join_code}"' in page


def test_join_rejects_get_with_wrong_method(client):
    assert client.put(reverse("workshop:join")).status_code == 405
