"""Scores and votes leave the participants' polled boards alone: their ETags hold, the facilitator's move.

With a hundred boards polling through a round of scoring, every score used to
turn every board's next poll into a full answer. What a participant's board
polls (the live banner, the counters, the summary panel) shows no score and no
vote, so it follows `Workshop.room_version`; the facilitator's progress and the
ranking follow `Workshop.version`.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory
from tests.usecases.conftest import set_phase
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


def _polled(workshop: Workshop) -> list[str]:
    return [
        reverse("workshop:live", args=[workshop.pk]),
        reverse("usecases:board-poll", args=[workshop.pk]),
        reverse("summaries:panel", args=[workshop.pk]),
    ]


def _etags(client, urls: list[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {url: client.get(url, HTTP_HX_REQUEST="true")["ETag"] for url in urls}


def _still(client, etags: dict[str, str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        url: client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true").status_code for url, etag in etags.items()
    }


def _carol(workshop: Workshop) -> APIClient:
    _, token = ParticipantFactory.with_token(workshop=workshop, display_name="Carol")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Participant {token}")
    return client


def test_a_score_keeps_every_participant_poll_unchanged_and_moves_the_facilitators_progress(
    bob_client, alice_client, workshop, bobs_idea
):
    set_phase(workshop, "score")
    carol = _carol(workshop)
    bobs = _etags(bob_client, _polled(workshop))
    facilitator_poll = reverse("usecases:board-poll", args=[workshop.pk])
    before = alice_client.get(facilitator_poll, HTTP_HX_REQUEST="true")
    assert "Carol:" in before.content.decode()
    assert "0 of 7 scored" in before.content.decode()  # 7 criteria x 1 use case

    body = {"scores": {str(c.pk): 4 for c in workshop.criteria.all()}}
    assert carol.put(f"/api/v1/use-cases/{bobs_idea.pk}/scores/", body, format="json").status_code == 200

    assert set(_still(bob_client, bobs).values()) == {204}
    after = alice_client.get(facilitator_poll, HTTP_IF_NONE_MATCH=before["ETag"], HTTP_HX_REQUEST="true")
    assert after.status_code == 200
    assert "finished" in after.content.decode()


def test_a_vote_keeps_every_participant_poll_unchanged_and_moves_the_facilitators_totals(
    bob_client, alice_client, workshop, bobs_idea
):
    set_phase(workshop, "vote")
    carol = _carol(workshop)
    bobs = _etags(bob_client, _polled(workshop))
    facilitator_poll = reverse("usecases:board-poll", args=[workshop.pk])
    before = alice_client.get(facilitator_poll, HTTP_HX_REQUEST="true")

    assert carol.post(f"/api/v1/use-cases/{bobs_idea.pk}/vote/", {"dots": 2}, format="json").status_code == 200

    assert set(_still(bob_client, bobs).values()) == {204}
    after = alice_client.get(facilitator_poll, HTTP_IF_NONE_MATCH=before["ETag"], HTTP_HX_REQUEST="true")
    assert after.status_code == 200
    assert "Parcel ETA prediction: <strong>2</strong>" in after.content.decode()


def test_what_a_participant_sees_change_still_reaches_every_board(bob_client, alice_client, workshop, bobs_idea):
    set_phase(workshop, "score")
    urls = _polled(workshop)
    bobs = _etags(bob_client, urls)

    alice_client.post(reverse("usecases:status", args=[bobs_idea.pk]), {"status": "rejected"})  # off the grid

    changed = _still(bob_client, bobs)
    assert changed[urls[0]] == 200  # the banner tells the board to reload its grid
    assert changed[urls[1]] == 200


def test_the_ranking_a_participant_reads_after_the_reveal_follows_every_score(workshop, bobs_idea, bob_api):
    set_phase(workshop, "score", revealed=True)
    carol = _carol(workshop)
    url = f"/api/v1/workshops/{workshop.pk}/ranking/"
    etag = bob_api.get(url)["ETag"]

    body = {"scores": {str(c.pk): 5 for c in workshop.criteria.all()}}
    assert carol.put(f"/api/v1/use-cases/{bobs_idea.pk}/scores/", body, format="json").status_code == 200

    assert bob_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
