"""Triage in every phase but Closed: shortlist, reject, merge (side by side) and edit, from the board and the results.

None of it moves the workshop to another phase.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from summaries.models import Summary
from tests.factories import UseCaseFactory, VoteFactory
from tests.usecases.conftest import set_phase
from usecases.models import Status, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(workshop, bob):
    return {
        "eta": UseCaseFactory(workshop=workshop, author=bob, title="Parcel ETA prediction", problem="Where is it?"),
        "chat": UseCaseFactory(workshop=workshop, title="Customer chatbot", problem="Questions at night."),
        "bot": UseCaseFactory(workshop=workshop, title="Chatbot for questions", problem="Nobody answers at 2 am."),
    }


def _board(client, workshop) -> str:
    return client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()


@pytest.mark.parametrize("phase", ["draft", "collect", "score", "vote", "roi"])
def test_facilitator_board_offers_triage_in_every_open_phase(alice_client, workshop, ideas, phase):
    set_phase(workshop, phase)
    page = _board(alice_client, workshop)
    assert 'aria-label="Shortlist Parcel ETA prediction"' in page
    assert 'aria-label="Reject Parcel ETA prediction"' in page
    assert reverse("usecases:merge", args=[ideas["eta"].pk]) in page
    assert reverse("usecases:edit", args=[ideas["eta"].pk]) in page


def test_closed_board_offers_no_triage(alice_client, workshop, ideas):
    set_phase(workshop, "closed")
    page = _board(alice_client, workshop)
    assert "Shortlist Parcel ETA prediction" not in page
    assert reverse("usecases:merge", args=[ideas["eta"].pk]) not in page


def test_participants_and_managers_never_get_triage_buttons(bob_client, victor_client, workshop, ideas):
    set_phase(workshop, "vote", revealed=True)
    for client in (bob_client, victor_client):
        assert "Shortlist Parcel ETA prediction" not in _board(client, workshop)
        results = client.get(reverse("reports:results", args=[workshop.pk])).content.decode()
        assert reverse("usecases:status", args=[ideas["eta"].pk]) not in results


def test_shortlisting_in_vote_keeps_the_phase_and_writes_no_summary(alice_client, workshop, ideas):
    set_phase(workshop, "vote")
    url = reverse("usecases:status", args=[ideas["eta"].pk])

    response = alice_client.post(url, {"status": "shortlisted"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'id="board-poll"' in response.content.decode()
    ideas["eta"].refresh_from_db()
    workshop.refresh_from_db()
    assert ideas["eta"].status == Status.SHORTLISTED
    assert workshop.phase == "vote"
    assert not Summary.objects.filter(workshop=workshop).exists()


def test_results_page_offers_triage_to_facilitators_and_comes_back_to_it(alice_client, workshop, ideas):
    set_phase(workshop, "roi")
    results = reverse("reports:results", args=[workshop.pk])
    page = alice_client.get(results).content.decode()
    assert f'action="{reverse("usecases:status", args=[ideas["chat"].pk])}"' in page
    assert 'aria-label="Shortlist Customer chatbot"' in page
    assert f'name="next" value="{results}"' in page

    response = alice_client.post(
        reverse("usecases:status", args=[ideas["chat"].pk]), {"status": "shortlisted", "next": results}
    )

    assert response.status_code == 302
    assert response["Location"] == results
    ideas["chat"].refresh_from_db()
    assert ideas["chat"].status == Status.SHORTLISTED
    workshop.refresh_from_db()
    assert workshop.phase == "roi"


def test_a_next_address_off_the_site_is_ignored(alice_client, workshop, ideas):
    response = alice_client.post(
        reverse("usecases:status", args=[ideas["chat"].pk]), {"status": "rejected", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("workshop:board", args=[workshop.pk])


def test_rejecting_in_vote_gives_the_dots_back_to_their_owners(alice_client, workshop, bob, ideas):
    set_phase(workshop, "vote")
    VoteFactory(participant=bob, use_case=ideas["bot"], dots=2)

    alice_client.post(reverse("usecases:status", args=[ideas["bot"].pk]), {"status": "rejected"})

    ideas["bot"].refresh_from_db()
    assert ideas["bot"].status == Status.REJECTED
    assert not Vote.objects.filter(participant=bob).exists()


def test_merge_page_shows_both_use_cases_side_by_side_before_merging(alice_client, workshop, ideas):
    set_phase(workshop, "vote")
    url = reverse("usecases:merge", args=[ideas["bot"].pk])

    page = alice_client.get(url, {"into": ideas["chat"].pk}).content.decode()

    assert 'class="merge-compare"' in page
    assert "Nobody answers at 2 am." in page
    assert "Questions at night." in page
    assert f'name="into" value="{ideas["chat"].pk}"' in page
    ideas["bot"].refresh_from_db()
    assert ideas["bot"].status == Status.PROPOSED  # looking changes nothing


def test_merge_from_the_results_page_returns_there(alice_client, workshop, ideas):
    set_phase(workshop, "vote")
    results = reverse("reports:results", args=[workshop.pk])
    url = reverse("usecases:merge", args=[ideas["bot"].pk])

    response = alice_client.post(url, {"into": ideas["chat"].pk, "next": results})

    assert response.status_code == 302
    assert response["Location"] == results
    ideas["bot"].refresh_from_db()
    assert (ideas["bot"].status, ideas["bot"].merged_into_id) == (Status.MERGED, ideas["chat"].pk)
    workshop.refresh_from_db()
    assert workshop.phase == "vote"


def test_edit_in_vote_from_the_results_page_returns_there(alice_client, workshop, ideas):
    set_phase(workshop, "vote")
    results = reverse("reports:results", args=[workshop.pk])
    url = reverse("usecases:edit", args=[ideas["eta"].pk])
    assert f'name="next" value="{results}"' in alice_client.get(url, {"next": results}).content.decode()

    response = alice_client.post(url, {"title": "Parcel ETA", "category": "prediction", "next": results})

    assert response.status_code == 302
    assert response["Location"] == results
    ideas["eta"].refresh_from_db()
    assert ideas["eta"].title == "Parcel ETA"


def test_merge_page_needs_get_or_post_and_hides_from_outsiders(alice_client, charlie_client, ideas):
    url = reverse("usecases:merge", args=[ideas["bot"].pk])
    assert alice_client.put(url).status_code == 405
    assert charlie_client.get(url).status_code == 404
