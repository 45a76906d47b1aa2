"""What derives from a workshop's version is built once per version, also through the real Redis."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from core.cache import cached_for_version
from tests.conftest import TEST_REDIS_URL, require_service
from tests.factories import ParticipantFactory, UseCaseFactory
from usecases.models import Score
from usecases.ranking import rank_workshop
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


def test_a_value_is_built_once_per_version_and_again_after_a_change(workshop):
    built: list[int] = []

    def build() -> int:
        built.append(workshop.version)
        return len(built)

    assert cached_for_version(workshop, "thing", build) == 1
    assert cached_for_version(Workshop.objects.get(pk=workshop.pk), "thing", build) == 1
    workshop.touch()
    assert cached_for_version(workshop, "thing", build) == 2
    assert len(built) == 2


def test_vary_keeps_one_value_per_language(workshop):
    english = cached_for_version(workshop, "label", lambda: "Score", vary=["en"])
    french = cached_for_version(workshop, "label", lambda: "Noter", vary=["fr"])
    assert (english, french) == ("Score", "Noter")
    assert cached_for_version(workshop, "label", lambda: "rebuilt", vary=["fr"]) == "Noter"


def test_a_rolled_back_version_never_serves_another_state(workshop):
    """The same version number after a rollback is another key: updated_at differs."""
    first = cached_for_version(workshop, "n", lambda: "before")
    same_number = Workshop.objects.get(pk=workshop.pk)
    same_number.updated_at = same_number.updated_at.replace(
        microsecond=(same_number.updated_at.microsecond + 1) % 10**6
    )
    assert cached_for_version(same_number, "n", lambda: "after") == "after"
    assert first == "before"


def test_the_ranking_comes_back_whole_from_redis(workshop):
    require_service("Redis", TEST_REDIS_URL)
    use_case = UseCaseFactory(workshop=workshop)
    participant = ParticipantFactory(workshop=workshop)
    Score.objects.bulk_create(
        Score(participant=participant, use_case=use_case, criterion=c, value=4) for c in workshop.criteria.all()
    )
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=redis):
        built = rank_workshop(workshop)
        from_redis = rank_workshop(Workshop.objects.get(pk=workshop.pk))
        from django.core.cache import cache

        cache.clear()
    assert from_redis == built
    assert from_redis.rows[0].impact == 4.0
    assert from_redis is not built


def test_pages_still_answer_when_the_cache_server_is_down(workshop, alice_client):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    with override_settings(CACHES=down):
        assert cached_for_version(workshop, "thing", lambda: 42) == 42
        response = alice_client.get(f"/api/v1/workshops/{workshop.pk}/ranking/")
    assert response.status_code == 200


def test_readers_arriving_together_build_a_value_once(workshop):
    import threading
    import time

    built: list[int] = []

    def build() -> str:
        built.append(1)
        time.sleep(0.05)  # long enough for every reader to arrive while it is being built
        return "ranking"

    start = threading.Barrier(8)
    results: list[str] = []

    def read() -> None:
        start.wait()
        results.append(cached_for_version(workshop, "slow", build))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == ["ranking"] * 8
    assert built == [1]


def test_the_kept_score_totals_are_shared_by_every_process_even_without_redis(workshop):
    """A laptop's server runs several processes: each would add every score up again after a change."""
    from django.core.cache import caches

    from core.cache import cached_for_scores

    workshop.touch(scores=True)
    calls = []
    assert cached_for_scores(workshop, "totals", lambda: calls.append(1) or {"sum": 42}) == {"sum": 42}
    # What another process finds: the database's cache table, not this process's memory.
    keys = [key for key in _scores_keys() if key.endswith(":totals")]
    assert len(keys) == 1
    assert caches["scores"].get(keys[0]) == {"sum": 42}
    assert cached_for_scores(workshop, "totals", lambda: calls.append(1) or {}) == {"sum": 42}
    assert calls == [1]


def _scores_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM atelier_cache")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]
