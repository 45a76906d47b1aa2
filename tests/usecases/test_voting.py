"""Dot voting in the Vote phase: budget, per-use-case cap, taking votes back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UseCaseFactory, VoteFactory
from tests.usecases.conftest import set_phase
from usecases.models import Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(workshop):
    workshop.votes_per_participant, workshop.max_votes_per_use_case = 3, 2
    return set_phase(workshop, "vote")


@pytest.fixture
def ideas(voting):
    return [UseCaseFactory(workshop=voting, title=t) for t in ("Parcel ETA prediction", "Claims triage", "Chatbot")]


def _dots(participant) -> int:
    return sum(Vote.objects.filter(participant=participant).values_list("dots", flat=True))


def test_add_and_remove_vote_buttons_name_the_use_case_and_show_votes_left(bob_client, voting, ideas):
    page = bob_client.get(reverse("usecases:board", args=[voting.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-label="Add vote — Parcel ETA prediction"' in page
    assert 'aria-label="Remove vote — Parcel ETA prediction"' in page
    assert "Votes left: 3" in page


def test_add_vote_then_remove_it(bob_client, bob, ideas):
    url = reverse("usecases:vote", args=[ideas[0].pk])
    response = bob_client.post(url, {"action": "add"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Votes left: 2" in response.content.decode()
    assert _dots(bob) == 1

    bob_client.post(url, {"action": "remove"}, HTTP_HX_REQUEST="true")
    assert _dots(bob) == 0
    assert not Vote.objects.exists()


def test_vote_past_budget_is_refused_with_a_message_and_keeps_votes(bob_client, bob_api, bob, ideas):
    VoteFactory(participant=bob, use_case=ideas[0], dots=2)
    VoteFactory(participant=bob, use_case=ideas[1], dots=1)

    page = bob_client.post(reverse("usecases:vote", args=[ideas[2].pk]), {"action": "add"}, HTTP_HX_REQUEST="true")
    api = bob_api.post(f"/api/v1/use-cases/{ideas[2].pk}/vote/", {"dots": 1}, format="json")

    assert "no votes left" in page.content.decode()
    assert api.status_code == 409
    assert api.json()["code"] == "over_budget"
    assert _dots(bob) == 3
    assert not Vote.objects.filter(use_case=ideas[2]).exists()


def test_more_than_the_per_use_case_cap_is_refused(bob_api, bob, ideas):
    response = bob_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": 3}, format="json")
    assert response.status_code == 409
    assert "At most 2" in response.json()["detail"]
    assert _dots(bob) == 0


def test_api_sets_dots_and_reports_votes_left(bob_api, bob, ideas):
    response = bob_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": 2}, format="json")
    assert response.status_code == 200
    assert response.json() == {"use_case_id": ideas[0].pk, "dots": 2, "votes_left": 1}
    assert bob_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": 0}, format="json").json()["votes_left"] == 3
    assert bob_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": -1}, format="json").status_code == 400


def test_facilitators_do_not_vote(alice_api, alice_client, ideas):
    assert alice_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": 1}, format="json").status_code == 403
    assert alice_client.post(reverse("usecases:vote", args=[ideas[0].pk]), {"action": "add"}).status_code == 403
    assert not Vote.objects.exists()


@pytest.mark.parametrize("phase", ["collect", "score", "roi", "closed"])
def test_voting_outside_vote_phase_is_refused(bob_api, voting, ideas, phase):
    set_phase(voting, phase)
    response = bob_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": 1}, format="json")
    assert response.status_code == 409
    assert not Vote.objects.exists()


def test_rejected_use_case_takes_no_votes(bob_api, ideas):
    ideas[0].status = "rejected"
    ideas[0].save()
    assert bob_api.post(f"/api/v1/use-cases/{ideas[0].pk}/vote/", {"dots": 1}, format="json").status_code == 409


def test_participant_does_not_see_others_vote_totals_before_reveal(bob_api, bob_client, dana, voting, ideas):
    VoteFactory(participant=dana, use_case=ideas[0], dots=2)
    rows = bob_api.get(f"/api/v1/workshops/{voting.pk}/use-cases/").json()
    assert all(r["votes"] is None for r in rows)
    assert all(r["my_dots"] == 0 for r in rows)
    page = bob_client.get(reverse("usecases:board", args=[voting.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Total:" not in page

    set_phase(voting, "vote", revealed=True)
    rows = bob_api.get(f"/api/v1/workshops/{voting.pk}/use-cases/").json()
    assert next(r for r in rows if r["id"] == ideas[0].pk)["votes"] == 2


def test_facilitator_sees_vote_totals_live(alice_client, dana, voting, ideas):
    VoteFactory(participant=dana, use_case=ideas[0], dots=2)
    page = alice_client.get(reverse("usecases:board-poll", args=[voting.pk])).content.decode()
    assert "Votes so far" in page
    assert "Parcel ETA prediction: <strong>2</strong>" in page
    assert "Dana:" in page
