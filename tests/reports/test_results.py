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


# --- Rendered once per version, rows once per content -------------------------------------


def _csrf_of(client, url):  # type: ignore[no-untyped-def]
    page = client.get(url).content.decode()
    marker = 'name="csrfmiddlewaretoken" value="'
    return page, {page[i + len(marker) : page.index('"', i + len(marker))] for i in _all(page, marker)}


def _all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def test_a_shared_results_page_carries_each_facilitators_own_csrf_token(alice, workshop, scored):
    from django.test import Client

    from tests.factories import UserFactory

    carla = UserFactory(username="carla", facilitator=True)
    workshop.facilitators.add(carla)
    url = reverse("reports:results", args=[workshop.pk])
    clients = []
    for user in (alice, carla):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        clients.append(client)
    page_a, tokens_a = _csrf_of(clients[0], url)
    page_b, tokens_b = _csrf_of(clients[1], url)

    assert "atelier-csrf-token-placeholder" not in page_a + page_b
    assert tokens_a.isdisjoint(tokens_b)
    # The second reader was served the shared rendering, and triages with every token its page holds.
    for status, token in zip(["rejected", "proposed"], sorted(tokens_b) * 2, strict=False):
        answer = clients[1].post(
            reverse("usecases:status", args=[scored["bet"].pk]), {"status": status, "csrfmiddlewaretoken": token}
        )
        assert answer.status_code == 302
        scored["bet"].refresh_from_db()
        assert scored["bet"].status == status


def test_a_vote_reaches_the_results_page_though_its_rows_were_rendered_before(alice_client, workshop, scored, dana):
    from usecases.models import Vote

    url = reverse("reports:results", args=[workshop.pk])
    before = alice_client.get(url).content.decode()
    assert "2 votes" in before
    Vote.objects.create(participant=dana, use_case=scored["bet"], dots=3)
    workshop.touch(room=False)  # as vote_change does

    after = alice_client.get(url).content.decode()
    assert "5 votes" in after
    assert "3 votes" not in before
    assert "3 votes" in after  # the bet's legend entry and its point on the matrix


def test_the_same_results_in_french_are_rendered_in_french(alice_client, workshop, scored):
    url = reverse("reports:results", args=[workshop.pk])
    english = alice_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    alice_client.cookies["django_language"] = "fr"
    french = alice_client.get(url).content.decode()
    assert "Quick win" in english
    assert "Quick win" not in french
    assert "Gain rapide" in french or "gain rapide" in french.lower()


def test_an_unchanged_results_page_costs_a_few_queries_and_no_ranking(alice_client, workshop, scored):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("reports:results", args=[workshop.pk])
    with CaptureQueriesContext(connection) as first:
        alice_client.get(url)
    with CaptureQueriesContext(connection) as again:
        alice_client.get(url)
    assert len(again.captured_queries) < len(first.captured_queries)
    assert not [q for q in again.captured_queries if "usecases_score" in q["sql"]]
