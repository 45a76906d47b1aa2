"""Participants' own data: what the join page promises, normalised names, erasure, purging closed workshops."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import assert_sent_to_join
from tests.factories import ParticipantFactory, UseCaseFactory, VoteFactory, WorkshopFactory
from usecases.models import Score, UseCase, Vote
from workshop.models import Event, EventKind, Participant, Workshop
from workshop.selectors import participant_cookie_name

pytestmark = pytest.mark.django_db


# --- The join page ------------------------------------------------------------------------------


def test_the_join_page_says_what_is_kept_and_for_how_long(client, settings):
    settings.PARTICIPANT_COOKIE_MAX_AGE = 30 * 86400
    settings.CLOSED_WORKSHOP_RETENTION_DAYS = 90

    page = client.get("/join/").content.decode()

    assert "What Atelier keeps about you" in page
    assert "the name you type" in page
    assert "a cookie in this browser that remembers you in this workshop for 30 days" in page
    assert "90 days after it closes" in page
    assert "The facilitator can erase it at any time" in page


def test_the_join_page_in_french_says_it_too(client):
    page = client.get("/join/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Ce qu'Atelier conserve sur vous" in page


# --- Names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lookalike",
    [
        "Bob\u200b",  # zero-width space
        "B\u200dob",  # zero-width joiner
        "\ufeffBob",  # byte-order mark
        "Ｂｏｂ",  # full-width letters
        "Bob\u2060",  # word joiner
        "B\u00adob",  # soft hyphen
        "  bob  ",
    ],
)
def test_names_that_only_look_alike_are_the_same_name(client, workshop, bob, lookalike):
    response = client.post("/join/", {"join_code": workshop.join_code, "display_name": lookalike})

    assert response.status_code == 200
    assert "already uses this name" in response.content.decode()
    assert workshop.participants.count() == 1


def test_a_name_is_stored_normalised(client, workshop):
    client.post("/join/", {"join_code": workshop.join_code, "display_name": "Ｄａｎａ\u200b  Ｍ."})

    assert Participant.objects.get(workshop=workshop).display_name == "Dana M."


def test_the_api_normalises_names_too(workshop, bob):
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/v1/join/", {"join_code": workshop.join_code, "display_name": "Bob\u200b"}, format="json"
    )

    assert response.status_code == 400
    assert "display_name" in response.json()


# --- Erasure ----------------------------------------------------------------------------------------


@pytest.fixture
def scored(workshop, bob):
    """Bob's idea, his score on it and one dot on another idea."""
    mine = UseCaseFactory(workshop=workshop, author=bob, title="Bob's idea")
    other = UseCaseFactory(workshop=workshop, title="Another idea")
    Score.objects.create(participant=bob, use_case=mine, criterion=workshop.criteria.first(), value=4)
    VoteFactory(participant=bob, use_case=other, dots=2)
    return mine, other


def test_a_facilitator_erases_a_participant_keeping_their_scores_and_votes_anonymous(
    alice_client, bob_client, workshop, bob, scored
):
    mine, _other = scored
    page = alice_client.get(f"/workshops/{workshop.pk}/participants/{bob.pk}/erase/")
    assert page.status_code == 200
    assert "Keep them, anonymous" in page.content.decode()

    response = alice_client.post(f"/workshops/{workshop.pk}/participants/{bob.pk}/erase/", {"contributions": "keep"})

    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.display_name == "Erased participant 1"
    assert bob.erased_at is not None
    assert Score.objects.filter(participant=bob).count() == 1
    assert Vote.objects.get(participant=bob).dots == 2
    assert UseCase.objects.get(pk=mine.pk).author == bob
    # The cookie Bob's phone holds no longer opens anything: the join page, which says he was removed.
    assert_sent_to_join(bob_client.get(f"/workshops/{workshop.pk}/"), workshop.pk)
    assert "You were removed from this workshop." in bob_client.get(f"/join/?workshop={workshop.pk}").content.decode()
    board = alice_client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert "Bob" not in board.replace("Bob's idea", "")
    erased = Event.objects.get(workshop=workshop, kind=EventKind.PARTICIPANT_ERASED)
    assert erased.actor == "alice" or erased.actor == workshop.facilitators.get().get_full_name()


def test_a_facilitator_erases_a_participant_removing_their_scores_and_votes(alice_api, workshop, bob, scored):
    mine, _other = scored

    response = alice_api.post(f"/api/v1/participants/{bob.pk}/erase/", {"keep_contributions": False}, format="json")

    assert response.status_code == 200
    assert response.json()["display_name"] == "Erased participant 1"
    assert not Score.objects.filter(participant=bob).exists()
    assert not Vote.objects.filter(participant=bob).exists()
    mine.refresh_from_db()
    assert mine.author is None
    assert mine.title == "Bob's idea"


def test_the_erased_name_leaves_the_timeline(alice_client, workshop):
    client = alice_client.__class__()
    client.post("/join/", {"join_code": workshop.join_code, "display_name": "Zoé Secret"})
    participant = Participant.objects.get(display_name="Zoé Secret")
    # A timeline row from before events linked participants.
    Event.objects.create(workshop=workshop, kind=EventKind.JOINED, actor="Zoé Secret")

    alice_client.post(f"/workshops/{workshop.pk}/participants/{participant.pk}/erase/", {"contributions": "keep"})

    assert not Event.objects.filter(actor__icontains="Zoé").exists()
    assert "Zoé" not in alice_client.get(f"/workshops/{workshop.pk}/").content.decode()


def test_a_deleted_participant_leaves_no_name_on_the_timeline(alice_client, client, workshop):
    client.post("/join/", {"join_code": workshop.join_code, "display_name": "Yann Gone"})

    Participant.objects.get(display_name="Yann Gone").delete()

    assert not Event.objects.filter(actor__icontains="Yann").exists()
    joined = Event.objects.get(workshop=workshop, kind=EventKind.JOINED)
    assert joined.actor_label == "a former participant"
    assert "Yann" not in alice_client.get(f"/workshops/{workshop.pk}/").content.decode()


def test_only_the_workshops_facilitators_erase(bob_client, victor_client, charlie_client, bob_api, workshop, bob):
    url = f"/workshops/{workshop.pk}/participants/{bob.pk}/erase/"
    assert bob_client.post(url, {"contributions": "keep"}).status_code == 403
    assert victor_client.post(url, {"contributions": "keep"}).status_code == 403
    assert charlie_client.post(url, {"contributions": "keep"}).status_code == 404
    assert bob_api.post(f"/api/v1/participants/{bob.pk}/erase/", {"keep_contributions": True}).status_code == 403
    bob.refresh_from_db()
    assert bob.erased_at is None


def test_erasing_twice_is_refused_with_409(alice_api, bob):
    alice_api.post(f"/api/v1/participants/{bob.pk}/erase/", {"keep_contributions": True}, format="json")

    response = alice_api.post(f"/api/v1/participants/{bob.pk}/erase/", {"keep_contributions": True}, format="json")

    assert response.status_code == 409


def test_erase_needs_a_choice_and_answers_405_to_other_methods(alice_client, alice_api, workshop, bob):
    assert alice_client.post(f"/workshops/{workshop.pk}/participants/{bob.pk}/erase/", {}).status_code == 400
    assert alice_client.delete(f"/workshops/{workshop.pk}/participants/{bob.pk}/erase/").status_code == 405
    assert alice_api.post(f"/api/v1/participants/{bob.pk}/erase/", {}, format="json").status_code == 400


def test_a_closed_workshop_still_lets_a_facilitator_erase(alice_api, workshop, bob):
    workshop.phase = "closed"
    workshop.save()

    response = alice_api.post(f"/api/v1/participants/{bob.pk}/erase/", {"keep_contributions": True}, format="json")

    assert response.status_code == 200
    bob.refresh_from_db()
    assert bob.erased_at is not None
    assert bob.display_name == "Erased participant 1"
    assert Event.objects.filter(workshop=workshop, kind=EventKind.PARTICIPANT_ERASED).count() == 1
    # Still closed: erasing is not a change of the workshop's content that reopens it.
    assert Workshop.objects.get(pk=workshop.pk).phase == "closed"


def test_a_participant_token_stops_working_on_the_api_once_erased(alice_api, bob_api, workshop, bob):
    assert bob_api.get(f"/api/v1/workshops/{workshop.pk}/").status_code == 200

    alice_api.post(f"/api/v1/participants/{bob.pk}/erase/", {"keep_contributions": True}, format="json")

    assert bob_api.get(f"/api/v1/workshops/{workshop.pk}/").status_code == 401


# --- Purging closed workshops ------------------------------------------------------------------------


def _closed_workshop(days_ago: int, **kwargs: object) -> Workshop:
    workshop = WorkshopFactory(phase="closed", **kwargs)
    ParticipantFactory(workshop=workshop, display_name="Old Name")
    Workshop.objects.filter(pk=workshop.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return workshop


def test_purge_closed_deletes_closed_workshops_past_the_age_and_nothing_else(workshop, capsys):
    old = _closed_workshop(100)
    recent = _closed_workshop(10)

    call_command("purge_closed", "--older-than", "30")

    assert not Workshop.objects.filter(pk=old.pk).exists()
    assert not Participant.objects.filter(workshop_id=old.pk).exists()
    assert Workshop.objects.filter(pk=recent.pk).exists()
    assert Workshop.objects.filter(pk=workshop.pk).exists()  # open, however old


def test_purge_closed_can_anonymise_instead_and_is_idempotent(capsys):
    old = _closed_workshop(100)
    UseCaseFactory(workshop=old, title="Kept result")

    call_command("purge_closed", "--older-than", "30", "--anonymise")
    call_command("purge_closed", "--older-than", "30", "--anonymise")

    old.refresh_from_db()
    assert list(old.participants.values_list("display_name", flat=True)) == ["Erased participant 1"]
    assert old.use_cases.get().title == "Kept result"
    assert old.events.filter(kind=EventKind.PARTICIPANT_ERASED).count() == 1
    assert "anonymised" in capsys.readouterr().out


def test_purge_closed_dry_run_changes_nothing(capsys):
    old = _closed_workshop(100)

    call_command("purge_closed", "--older-than", "30", "--dry-run")

    assert Workshop.objects.filter(pk=old.pk).exists()
    assert f"would be deleted: {old.pk}" in capsys.readouterr().out


def test_purge_closed_needs_an_age():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_closed")


def test_the_participant_cookie_is_http_only_and_lasts_the_promised_time(client, workshop, settings):
    response = client.post("/join/", {"join_code": workshop.join_code, "display_name": "Dana"})

    cookie = response.cookies[participant_cookie_name(workshop.pk)]
    assert cookie["httponly"]
    assert int(cookie["max-age"]) == settings.PARTICIPANT_COOKIE_MAX_AGE
