"""GET /api/v1/workshops/{id}/participants/: who joined and how far they got."""

import pytest

from tests.factories import UseCaseFactory
from usecases.models import Score, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(workshop, bob, dana):
    use_case = UseCaseFactory(workshop=workshop)
    criterion = workshop.criteria.first()
    Score.objects.create(participant=bob, use_case=use_case, criterion=criterion, value=4)
    Vote.objects.create(participant=bob, use_case=use_case, dots=2)
    return use_case


def test_facilitator_and_manager_see_everyones_progress(alice_api, victor_api, workshop, progress):
    for api in (alice_api, victor_api):
        response = api.get(f"/api/v1/workshops/{workshop.pk}/participants/")
        assert response.status_code == 200
        rows = {row["display_name"]: row for row in response.json()}
        assert set(rows) == {"Bob", "Dana"}
        assert (rows["Bob"]["scored"], rows["Bob"]["total"], rows["Bob"]["dots"]) == (1, 7, 2)
        assert rows["Dana"]["scored"] == 0
        assert rows["Bob"]["finished"] is False


def test_participant_sees_only_themselves(bob_api, workshop, progress):
    rows = bob_api.get(f"/api/v1/workshops/{workshop.pk}/participants/").json()
    assert [(r["display_name"], r["scored"], r["dots"]) for r in rows] == [("Bob", 1, 2)]


def test_outsider_gets_404(charlie_api, workshop):
    assert charlie_api.get(f"/api/v1/workshops/{workshop.pk}/participants/").status_code == 404
    assert charlie_api.post(f"/api/v1/workshops/{workshop.pk}/participants/").status_code in {404, 405}
