"""Results page and ranking API: hidden from participants until revealed, ETag-cached."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, UseCaseFactory, VoteFactory, score_on_axes
from tests.usecases.conftest import set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(workshop, bob, dana):
    set_phase(workshop, "vote")
    quick = UseCaseFactory(workshop=workshop, title="Parcel ETA prediction")
    bet = UseCaseFactory(workshop=workshop, title="Autonomous claims decisions")
    score_on_axes(bob, quick, impact=5, feasibility=4)
    score_on_axes(dana, quick, impact=4, feasibility=4)
    score_on_axes(bob, bet, impact=5, feasibility=1)
    score_on_axes(dana, bet, impact=2, feasibility=2)
    VoteFactory(participant=bob, use_case=quick, dots=2)
    rejected = UseCaseFactory(workshop=workshop, title="Social scoring", status="rejected", ai_act_tier="unacceptable")
    return {"quick": quick, "bet": bet, "rejected": rejected}


def test_results_page_shows_table_matrix_flags_and_counts(alice_client, workshop, scored):
    page = alice_client.get(reverse("reports:results", args=[workshop.pk])).content.decode()
    assert "Parcel ETA prediction" in page
    for label in ("Quick win", "Strategic bet", "Incremental", "Deprioritise"):
        assert label in page
    assert "<svg" in page
    assert "<title>Parcel ETA prediction" in page
    assert "needs discussion" in page
    assert "2 participants" in page
    assert "2 votes" in page
    assert "Merged and rejected" in page
    assert "Social scoring" in page
    assert 'href="?sort=-priority"' in page  # scores sort largest first on the first click


def test_results_sort_by_column(alice_client, workshop, scored):
    page = alice_client.get(reverse("reports:results", args=[workshop.pk]) + "?sort=title").content.decode()
    assert page.index("Autonomous claims decisions") < page.index("Parcel ETA prediction</td>") or page.index(
        "Autonomous claims decisions"
    ) < page.index("Parcel ETA prediction")
    assert 'aria-sort="ascending"' in page


def test_participant_sees_results_only_once_revealed(bob_client, workshop, scored):
    url = reverse("reports:results", args=[workshop.pk])
    response = bob_client.get(url)
    hidden = response.content.decode()
    assert response.status_code == 403  # the one answer of every page, endpoint and export before the reveal
    assert "Results are hidden until the facilitator reveals them." in hidden
    assert "Parcel ETA prediction" not in hidden
    set_phase(workshop, "vote", revealed=True)
    assert "Parcel ETA prediction" in bob_client.get(url).content.decode()


def test_viewer_always_sees_results(workshop, scored, client):
    from tests.factories import UserFactory

    manager = UserFactory(username="manager")
    workshop.client.viewers.add(manager)
    client.force_login(manager)
    assert "Parcel ETA prediction" in client.get(reverse("reports:results", args=[workshop.pk])).content.decode()


def test_results_outsider_404(charlie_client, workshop):
    assert charlie_client.get(reverse("reports:results", args=[workshop.pk])).status_code == 404


def test_ranking_api_rows_and_etag(alice_api, workshop, scored):
    url = f"/api/v1/workshops/{workshop.pk}/ranking/"
    response = alice_api.get(url)
    assert response.status_code == 200
    first = response.json()["rows"][0]
    assert first["title"] == "Parcel ETA prediction"
    for key in ("use_case_id", "impact", "feasibility", "priority", "votes", "spread", "quadrant", "rank"):
        assert key in first
    assert first["quadrant"] == "quick_win"
    assert first["rank"] == 1
    assert first["votes"] == 2
    assert response.json()["set_aside"][0]["status"] == "rejected"

    again = alice_api.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_ranking_api_is_403_for_participants_before_reveal(bob_api, workshop, scored):
    url = f"/api/v1/workshops/{workshop.pk}/ranking/"
    assert bob_api.get(url).status_code == 403
    set_phase(workshop, "vote", revealed=True)
    assert bob_api.get(url).status_code == 200


def test_use_case_api_list_create_and_read(bob_api, workshop):
    created = bob_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", {"title": "Invoice OCR"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["is_mine"] is True
    assert body["votes"] is None
    assert bob_api.get(f"/api/v1/use-cases/{body['id']}/").json()["title"] == "Invoice OCR"
    blank = bob_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", {"title": ""}, format="json")
    assert blank.status_code == 400
    assert blank.json()["title"] == ["Give the use case a title."]


def test_use_case_api_outsider_404(charlie_api, workshop):
    idea = UseCaseFactory(workshop=workshop)
    assert charlie_api.get(f"/api/v1/use-cases/{idea.pk}/").status_code == 404
    assert charlie_api.get(f"/api/v1/workshops/{workshop.pk}/use-cases/").status_code == 404
    other = ParticipantFactory(workshop=workshop)
    assert other.pk


def test_use_case_api_wrong_method_is_405(alice_api, workshop):
    idea = UseCaseFactory(workshop=workshop)
    assert alice_api.get(f"/api/v1/use-cases/{idea.pk}/merge/").status_code == 405
    assert alice_api.delete(f"/api/v1/workshops/{workshop.pk}/ranking/").status_code == 405
