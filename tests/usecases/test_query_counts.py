"""What a poll, a ranking and a score write cost in queries: pinned, and the same whatever the workshop's size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipantFactory, UseCaseFactory
from tests.usecases.conftest import set_phase
from usecases.models import Score
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rate_limits_off_the_database(settings):
    """Count the app's own queries: the rate-limit counters live in Redis in production, not in SQL.

    On a laptop they use the database cache, whose reads, writes and culls would blur these counts.
    """
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "query-counts"},
        # The ranking's kept totals too: Redis in production, the database's cache table on a laptop.
        "scores": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "query-counts-scores"},
    }


def _grow(workshop: Workshop, use_cases: int, participants: int) -> None:
    """Everyone scores everything: the rows that must not cost a query each."""
    cases = [UseCaseFactory(workshop=workshop) for _ in range(use_cases)]
    people = [ParticipantFactory(workshop=workshop) for _ in range(participants)]
    criteria = list(workshop.criteria.all())
    Score.objects.bulk_create(
        Score(participant=p, use_case=uc, criterion=c, value=3) for p in people for uc in cases for c in criteria
    )


def _count(action) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries.captured_queries)


def test_unchanged_board_poll_is_one_query(bob_client, workshop, bobs_idea, django_assert_num_queries):
    url = reverse("usecases:board-poll", args=[workshop.pk])
    etag = bob_client.get(url, HTTP_HX_REQUEST="true")["ETag"]
    with django_assert_num_queries(1):
        assert bob_client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_HX_REQUEST="true").status_code == 204


def test_score_put_of_every_criterion_costs_the_same_few_queries_in_a_large_workshop(bob_api, workshop, bobs_idea):
    set_phase(workshop, "score")
    body = {"scores": {str(c.pk): 4 for c in workshop.criteria.all()}}
    url = f"/api/v1/use-cases/{bobs_idea.pk}/scores/"
    small = _count(lambda: bob_api.put(url, body, format="json"))

    _grow(workshop, use_cases=30, participants=20)
    body = {"scores": {str(c.pk): 2 for c in workshop.criteria.all()}}
    large = _count(lambda: bob_api.put(url, body, format="json"))

    # The participant, the use case (its workshop and status only), the criteria, one upsert, the version
    # bump (UPDATE … RETURNING), the scores answered; plus the savepoint pair of the test's own transaction.
    assert small == large == 8
    assert sorted(Score.objects.filter(use_case=bobs_idea).values_list("value", flat=True)) == [2] * 7


def test_score_click_on_the_board_costs_the_same_few_queries_in_a_large_workshop(bob_client, workshop, bobs_idea):
    set_phase(workshop, "score")
    criterion = workshop.criteria.first()
    url = reverse("usecases:score", args=[bobs_idea.pk])
    small = _count(lambda: bob_client.post(url, {f"criterion-{criterion.pk}": "4"}, HTTP_HX_REQUEST="true"))

    _grow(workshop, use_cases=30, participants=20)
    large = _count(lambda: bob_client.post(url, {f"criterion-{criterion.pk}": "5"}, HTTP_HX_REQUEST="true"))

    assert small == large == 11
    assert Score.objects.get(participant__display_name="Bob", criterion=criterion).value == 5


def test_ranking_api_costs_the_same_queries_at_any_size_and_none_for_the_ranking_when_unchanged(
    alice_api, workshop, bobs_idea
):
    url = f"/api/v1/workshops/{workshop.pk}/ranking/"
    small = _count(lambda: alice_api.get(url))
    _grow(workshop, use_cases=30, participants=20)
    workshop.touch(scores=True)  # as scores_set does
    large = _count(lambda: alice_api.get(url))
    after_a_vote = _count(lambda: alice_api.get(url))
    etag = alice_api.get(url)["ETag"]
    unchanged = _count(lambda: alice_api.get(url, HTTP_IF_NONE_MATCH=etag))

    # The workshop and the facilitator check, then the ranking's five queries (the criteria and the scores' totals
    # among them); the scores unchanged, their side of the ranking comes from the cache (use cases, votes and
    # participants only); the ranking unchanged (its ETag), only the first two.
    assert small == large == 7
    assert after_a_vote == 5
    assert unchanged == 2
    assert alice_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(alice_api.get(url).json()["rows"]) == 31


@pytest.mark.parametrize("phase", ["collect", "vote"])
def test_the_facilitators_changed_poll_loads_the_use_cases_once(alice_client, workshop, bobs_idea, phase):
    """Triage, the pre-assessment chips and the vote totals read the one list of use cases."""
    set_phase(workshop, phase)
    url = reverse("usecases:board-poll", args=[workshop.pk])
    with CaptureQueriesContext(connection) as captured:
        assert alice_client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    rows = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "usecases_usecase"."id"')]
    assert len(rows) == 1
