"""People in the room: presence marked cheaply by the polls, removing a participant, rejoin links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import assert_sent_to_join
from tests.factories import ParticipantFactory, UseCaseFactory, VoteFactory, score_on_axes
from tests.usecases.conftest import set_phase
from usecases.models import Score, UseCase, Vote
from workshop.models import Event, EventKind, Participant, RejoinLink, hash_token
from workshop.selectors import PollState, participant_cookie_name, participant_poll_state
from workshop.services import participant_mark_seen

pytestmark = pytest.mark.django_db


# --- Presence -----------------------------------------------------------------------------


def test_a_poll_marks_the_participant_seen_at_most_once_a_minute(bob, django_assert_num_queries):
    now = timezone.now()
    assert participant_mark_seen(participant=bob, now=now)
    with django_assert_num_queries(0):
        assert not participant_mark_seen(participant=bob, now=now + timedelta(seconds=59))
    assert participant_mark_seen(participant=bob, now=now + timedelta(seconds=61))
    bob.refresh_from_db()
    assert bob.last_seen_at == now + timedelta(seconds=61)


def test_the_poll_state_reads_what_the_orm_reads(bob_and_token, workshop, other_workshop):
    bob, token = bob_and_token
    seen = timezone.now().replace(microsecond=123456)
    Participant.objects.filter(pk=bob.pk).update(last_seen_at=seen)
    workshop.results_revealed = True
    workshop.save()
    workshop.touch()
    workshop.refresh_from_db()

    state = participant_poll_state(token, workshop.pk)

    assert state == PollState(bob.pk, workshop.room_version, True, seen)
    assert state is not None
    assert state.last_seen_at is not None
    assert state.last_seen_at.tzinfo is not None
    assert participant_poll_state(token, other_workshop.pk) is None  # a cookie is for one workshop
    assert participant_poll_state("not-a-token", workshop.pk) is None
    assert participant_poll_state("", workshop.pk) is None


def test_the_write_is_conditional_so_a_stale_copy_does_not_write_twice(bob):
    now = timezone.now()
    stale_copy = Participant.objects.get(pk=bob.pk)
    assert participant_mark_seen(participant=bob, now=now)
    # Another poll loaded the row before the first wrote: its UPDATE matches nothing.
    assert not participant_mark_seen(participant=stale_copy, now=now + timedelta(seconds=1))
    bob.refresh_from_db()
    assert bob.last_seen_at == now


def test_live_poll_marks_presence_without_changing_the_board(bob_client, bob, workshop, django_assert_num_queries):
    url = reverse("workshop:live", args=[workshop.pk])
    version = workshop.version
    first = bob_client.get(url, HTTP_HX_REQUEST="true")
    bob.refresh_from_db()
    workshop.refresh_from_db()
    assert bob.last_seen_at is not None
    assert workshop.version == version
    # Seen a moment ago: an unchanged poll is the token lookup alone.
    with django_assert_num_queries(1):
        assert bob_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_HX_REQUEST="true").status_code == 204


def test_an_unchanged_poll_a_minute_later_costs_one_conditional_update_more(
    bob_client, bob, workshop, django_assert_num_queries
):
    url = reverse("workshop:live", args=[workshop.pk])
    etag = bob_client.get(url)["ETag"]
    Participant.objects.filter(pk=bob.pk).update(last_seen_at=timezone.now() - timedelta(minutes=2))
    with django_assert_num_queries(2):
        assert bob_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    bob.refresh_from_db()
    assert timezone.now() - bob.last_seen_at < timedelta(seconds=5)


def test_facilitator_sees_who_is_in_the_room(alice_client, workshop, bob, dana):
    Participant.objects.filter(pk=bob.pk).update(last_seen_at=timezone.now())
    Participant.objects.filter(pk=dana.pk).update(last_seen_at=timezone.now() - timedelta(minutes=5))
    response = alice_client.get(reverse("workshop:people", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "1 in the room now" in page
    bob_row = page[page.index(f'data-testid="person-{bob.pk}"') :].split("</li>")[0]
    dana_row = page[page.index(f'data-testid="person-{dana.pk}"') :].split("</li>")[0]
    assert "in the room" in bob_row
    assert "away" in dana_row
    assert "Rejoin link for Bob" in bob_row
    # The board carries the same list, polling on its own.
    board = alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert 'id="people"' in board
    assert reverse("workshop:people", args=[workshop.pk]) in board


def test_people_list_changes_when_someone_leaves_the_room(alice_client, workshop, bob):
    url = reverse("workshop:people", args=[workshop.pk])
    Participant.objects.filter(pk=bob.pk).update(last_seen_at=timezone.now())
    etag = alice_client.get(url)["ETag"]
    assert alice_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true").status_code == 204
    Participant.objects.filter(pk=bob.pk).update(last_seen_at=timezone.now() - timedelta(minutes=3))
    changed = alice_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true")
    assert changed.status_code == 200
    assert "0 in the room now" in changed.content.decode()


def test_people_list_is_for_facilitators(bob_client, victor_client, charlie_client, alice_client, workshop):
    url = reverse("workshop:people", args=[workshop.pk])
    assert bob_client.get(url).status_code == 403
    assert victor_client.get(url).status_code == 403
    assert charlie_client.get(url).status_code == 404
    assert alice_client.post(url).status_code == 405


def test_participants_api_says_who_is_present(alice_api, workshop, bob, dana):
    Participant.objects.filter(pk=bob.pk).update(last_seen_at=timezone.now())
    rows = {r["display_name"]: r for r in alice_api.get(f"/api/v1/workshops/{workshop.pk}/participants/").json()}
    assert rows["Bob"]["present"] is True
    assert rows["Dana"]["present"] is False
    assert rows["Dana"]["last_seen_at"] is None


# --- Removing a participant ---------------------------------------------------------------


@pytest.fixture
def voting(workshop, bob, dana):
    idea = UseCaseFactory(workshop=workshop, author=dana, title="Invoice matching")
    other = UseCaseFactory(workshop=workshop, title="Email triage")
    score_on_axes(dana, idea, impact=5, feasibility=5)
    VoteFactory(participant=dana, use_case=idea, dots=3)
    VoteFactory(participant=bob, use_case=idea, dots=1)
    VoteFactory(participant=dana, use_case=other, dots=1)
    set_phase(workshop, "vote")
    return idea


def test_removing_a_participant_returns_their_votes_and_keeps_their_ideas(
    alice_client, workshop, dana, dana_client, voting
):
    page = alice_client.get(reverse("workshop:participant-remove", args=[workshop.pk, dana.pk]))
    assert page.status_code == 200
    assert "Their votes go back" in page.content.decode()
    assert Participant.objects.filter(pk=dana.pk).exists()

    response = alice_client.post(reverse("workshop:participant-remove", args=[workshop.pk, dana.pk]))

    assert response.status_code == 302
    assert not Participant.objects.filter(pk=dana.pk).exists()
    assert list(Vote.objects.filter(use_case=voting).values_list("dots", flat=True)) == [1]
    assert not Score.objects.filter(use_case=voting).exists()
    voting.refresh_from_db()
    assert (voting.title, voting.author_id, voting.author_removed) == ("Invoice matching", None, True)
    # On the timeline, without their name: the event linked the row, which is gone ("a former participant").
    removal = Event.objects.get(workshop=workshop, kind=EventKind.PARTICIPANT_REMOVED)
    assert removal.participant_id is None
    assert "Dana" not in str(removal.data)
    # Their cookie no longer opens the workshop: the join page tells them they were removed.
    assert_sent_to_join(dana_client.get(reverse("workshop:board", args=[workshop.pk])), workshop.pk)
    assert 'data-notice="removed"' in dana_client.get(f"/join/?workshop={workshop.pk}").content.decode()


def test_removal_over_htmx_redirects_the_whole_page(alice_client, workshop, dana):
    response = alice_client.post(
        reverse("workshop:participant-remove", args=[workshop.pk, dana.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("workshop:board", args=[workshop.pk])


def test_only_a_facilitator_removes_and_only_in_their_workshop(
    bob_client, victor_client, charlie_client, workshop, dana, other_workshop
):
    url = reverse("workshop:participant-remove", args=[workshop.pk, dana.pk])
    assert bob_client.post(url).status_code == 403
    assert victor_client.post(url).status_code == 403
    assert charlie_client.post(url).status_code == 404
    stranger = ParticipantFactory(workshop=other_workshop)
    assert (
        charlie_client.post(reverse("workshop:participant-remove", args=[other_workshop.pk, dana.pk])).status_code
        == 404
    )
    assert Participant.objects.filter(pk__in=[dana.pk, stranger.pk]).count() == 2


def test_remove_page_answers_get_and_post_only(alice_client, workshop, dana):
    assert alice_client.put(reverse("workshop:participant-remove", args=[workshop.pk, dana.pk])).status_code == 405


def test_api_removes_a_participant_and_their_token_stops_working(alice_api, workshop, dana, dana_api, voting):
    response = alice_api.delete(f"/api/v1/workshops/{workshop.pk}/participants/{dana.pk}/")
    assert response.status_code == 204
    assert not Participant.objects.filter(pk=dana.pk).exists()
    assert Vote.objects.filter(use_case=voting).count() == 1
    assert dana_api.get(f"/api/v1/workshops/{workshop.pk}/").status_code == 401
    assert alice_api.delete(f"/api/v1/workshops/{workshop.pk}/participants/{dana.pk}/").status_code == 404


def test_api_removal_is_refused_to_others_and_when_closed(bob_api, victor_api, charlie_api, alice_api, workshop, dana):
    url = f"/api/v1/workshops/{workshop.pk}/participants/{dana.pk}/"
    assert bob_api.delete(url).status_code == 403
    assert victor_api.delete(url).status_code == 403
    assert charlie_api.delete(url).status_code == 404
    set_phase(workshop, "closed")
    assert alice_api.delete(url).status_code == 409
    assert alice_api.get(url).status_code == 405
    assert Participant.objects.filter(pk=dana.pk).exists()


# --- Rejoin links -------------------------------------------------------------------------


def _rejoin_link(alice_api, workshop, participant) -> str:
    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/participants/{participant.pk}/rejoin-link/")
    assert response.status_code == 201
    return response.json()["url"]


def test_rejoin_link_gives_a_new_device_the_same_participant_once(alice_api, workshop, dana, dana_client, voting):
    url = _rejoin_link(alice_api, workshop, dana)
    assert url.startswith("http://testserver/rejoin/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = RejoinLink.objects.get(participant=dana)
    assert link.token_hash == hash_token(token)
    assert token not in str(RejoinLink.objects.values_list().get())

    phone = BrowserClient()
    asked = phone.get(url)
    assert asked.status_code == 200
    assert "Continue as Dana" in asked.content.decode()
    link.refresh_from_db()
    assert link.used_at is None  # opening the link spends nothing

    entered = phone.post(url)
    assert entered.status_code == 302
    assert entered["Location"] == reverse("workshop:board", args=[workshop.pk])
    board = phone.get(reverse("workshop:board", args=[workshop.pk]))
    assert board.status_code == 200
    assert board.context["access"].participant.pk == dana.pk
    assert Event.objects.filter(workshop=workshop, kind=EventKind.PARTICIPANT_REJOINED).exists()
    # Same ideas and votes: nothing was copied, the identity moved.
    assert UseCase.objects.get(pk=voting.pk).author_id == dana.pk
    assert Vote.objects.filter(participant=dana).count() == 2
    # The old device is signed out (the join page, which says so), and the link is spent.
    assert_sent_to_join(dana_client.get(reverse("workshop:board", args=[workshop.pk])), workshop.pk)
    assert 'data-notice="removed"' in dana_client.get(f"/join/?workshop={workshop.pk}").content.decode()
    again = BrowserClient().post(url)
    assert again.status_code == 410
    assert "expired or was already used" in again.content.decode()


def test_rejoin_link_expires(alice_api, workshop, dana):
    url = _rejoin_link(alice_api, workshop, dana)
    RejoinLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    phone = BrowserClient()
    assert phone.get(url).status_code == 410
    assert phone.post(url).status_code == 410
    assert participant_cookie_name(workshop.pk) not in phone.cookies


def test_a_new_rejoin_link_replaces_the_unused_one(alice_api, workshop, dana):
    first = _rejoin_link(alice_api, workshop, dana)
    second = _rejoin_link(alice_api, workshop, dana)
    assert RejoinLink.objects.filter(participant=dana).count() == 1
    assert BrowserClient().post(first).status_code == 410
    assert BrowserClient().post(second).status_code == 302


def test_an_unknown_rejoin_link_says_so(client):
    response = client.get(reverse("workshop:rejoin", args=["nope"]))
    assert response.status_code == 410
    assert "Ask your facilitator for a new one" in response.content.decode()


def test_a_rejoin_link_gives_a_participant_api_token_holder_a_new_token_too(
    alice_api, workshop, dana_and_token, dana_api
):
    dana, old_token = dana_and_token
    url = _rejoin_link(alice_api, workshop, dana)
    device = BrowserClient()

    device.post(url)

    # The new device holds a new token; it is a participant token like any other, good on the API as Dana.
    new_token = device.cookies[participant_cookie_name(workshop.pk)].value
    assert new_token
    assert new_token != old_token
    Participant.objects.get(pk=dana.pk, token_hash=hash_token(new_token))
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Participant {new_token}")
    answer = fresh.get(f"/api/v1/workshops/{workshop.pk}/")
    assert answer.status_code == 200
    assert answer.json()["id"] == workshop.pk
    # The old token, in the old API client, stops working.
    assert dana_api.get(f"/api/v1/workshops/{workshop.pk}/").status_code == 401


def test_rejoin_link_page_shows_the_link_and_its_qr_code(alice_client, workshop, dana):
    response = alice_client.post(reverse("workshop:participant-rejoin-link", args=[workshop.pk, dana.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "/rejoin/" in page
    assert "<svg" in page
    assert RejoinLink.objects.filter(participant=dana, created_by__username="alice").exists()
    assert alice_client.get(reverse("workshop:participant-rejoin-link", args=[workshop.pk, dana.pk])).status_code == 405


def test_rejoin_links_are_for_facilitators_only(bob_api, victor_api, charlie_api, bob_client, workshop, dana):
    url = f"/api/v1/workshops/{workshop.pk}/participants/{dana.pk}/rejoin-link/"
    assert bob_api.post(url).status_code == 403
    assert victor_api.post(url).status_code == 403
    assert charlie_api.post(url).status_code == 404
    assert bob_client.post(reverse("workshop:participant-rejoin-link", args=[workshop.pk, dana.pk])).status_code == 403
    assert not RejoinLink.objects.exists()


def test_no_rejoin_into_a_closed_workshop(alice_api, workshop, dana):
    url = _rejoin_link(alice_api, workshop, dana)
    set_phase(workshop, "closed")
    assert BrowserClient().post(url).status_code == 410
    assert alice_api.post(f"/api/v1/workshops/{workshop.pk}/participants/{dana.pk}/rejoin-link/").status_code == 409


def test_an_api_client_with_no_session_cannot_use_the_endpoints(workshop, dana):
    anonymous = APIClient()
    assert anonymous.delete(f"/api/v1/workshops/{workshop.pk}/participants/{dana.pk}/").status_code == 401


def test_a_removed_participants_board_is_sent_to_the_join_page(alice_client, workshop, dana, dana_client):
    alice_client.post(reverse("workshop:participant-remove", args=[workshop.pk, dana.pk]))
    cookie = participant_cookie_name(workshop.pk)
    # The next poll takes the whole page to the join page; the cookie stays until that page has read it.
    response = dana_client.get(reverse("workshop:live", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    assert_sent_to_join(response, workshop.pk)
    assert dana_client.cookies[cookie].value
    # Without htmx (the board reloaded, a bookmark), the same place.
    assert_sent_to_join(dana_client.get(reverse("workshop:board", args=[workshop.pk])), workshop.pk)

    page = dana_client.get(response["HX-Redirect"])

    assert page.status_code == 200
    text = page.content.decode()
    assert "You were removed from this workshop." in text
    assert 'name="join_code"' in text
    assert 'name="display_name"' in text
    assert workshop.join_code not in text
    # The stale cookie is forgotten now that the page has said why.
    assert dana_client.cookies[cookie].value == ""
    # A browser that never joined is told it is not in the workshop, not that it was removed.
    stranger = BrowserClient().get(f"/join/?workshop={workshop.pk}").content.decode()
    assert "This browser is not in that workshop." in stranger
    assert "You were removed" not in stranger


def test_a_removed_participants_idea_is_never_credited_to_the_facilitator(alice_client, workshop, bob):
    idea = UseCaseFactory(workshop=workshop, author=bob, title="Parcel ETA prediction")
    other = UseCaseFactory(workshop=workshop, title="Route planning")
    UseCase.objects.filter(pk=idea.pk).update(author=None, author_removed=True)

    for url in (
        reverse("usecases:merge", args=[idea.pk]) + f"?into={other.pk}",
        reverse("usecases:delete", args=[idea.pk]),
    ):
        page = alice_client.get(url).content.decode()
        section = page[page.index("<h3>Parcel ETA prediction</h3>") :].split("</p>")[0]
        assert "by removed participant" in section
        assert "by the facilitator" not in section
    merge = alice_client.get(reverse("usecases:merge", args=[idea.pk]) + f"?into={other.pk}").content.decode()
    assert "by the facilitator" in merge[merge.index("<h3>Route planning</h3>") :].split("</p>")[0]
