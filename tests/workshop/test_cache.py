"""The cache: built once per state and reader, never served to a reader who may see less, also through Redis."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation

from core.cache import Since, cache_key, cached
from tests.conftest import TEST_REDIS_URL, require_service
from tests.factories import ParticipantFactory, UseCaseFactory
from usecases.models import Score
from usecases.ranking import rank_workshop
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role, workshop_access

pytestmark = pytest.mark.django_db
REDIS = "django.core.cache.backends.redis.RedisCache"


def _facilitator(alice: object, workshop: Workshop) -> Access:
    """Alice as she reads this very instance of the workshop (its version and stamps as they are here)."""
    return Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))  # type: ignore[arg-type]


def _participant(workshop: Workshop) -> Access:
    participant = ParticipantFactory(workshop=workshop)
    return workshop_access(actor=Actor(participant=participant), pk=workshop.pk)


def test_a_value_is_built_once_per_version_and_again_after_a_change(alice, workshop):
    built: list[int] = []

    def build() -> int:
        built.append(workshop.version)
        return len(built)

    access = _facilitator(alice, workshop)
    assert cached(access, "thing", build) == 1
    assert cached(_facilitator(alice, Workshop.objects.get(pk=workshop.pk)), "thing", build) == 1
    workshop.touch()
    assert cached(_facilitator(alice, workshop), "thing", build) == 2
    assert len(built) == 2


def test_what_a_facilitator_was_shown_is_never_served_to_a_participant(alice, workshop):
    """The reader's visibility is in every key: the participant's own value is built, not the facilitator's."""
    assert cached(_facilitator(alice, workshop), "totals", lambda: "every vote") == "every vote"
    participant = _participant(workshop)
    assert not participant.can_see_results
    assert cached(participant, "totals", lambda: "hidden") == "hidden"
    workshop.results_revealed = True
    workshop.save(update_fields=["results_revealed"])
    workshop.touch()
    revealed = workshop_access(actor=participant.actor, pk=workshop.pk)
    assert cached(revealed, "totals", lambda: "revealed") == "revealed"


def test_every_key_names_the_reader_and_the_language(alice, workshop):
    access = _facilitator(alice, workshop)
    with translation.override("fr"):
        key = cache_key(access, "ranking")
        assert cached(access, "label", lambda: "Noter") == "Noter"
    assert ":facilitator:111:fr:ranking" in key
    assert cached(access, "label", lambda: "Score") == "Score"  # English has its own value
    with pytest.raises(AttributeError):
        cache_key(workshop, "ranking")  # type: ignore[arg-type]  # a workshop is not a reader


def test_a_rolled_back_version_never_serves_another_state(alice, workshop):
    """The same version number after a rollback is another key: updated_at differs."""
    first = cached(_facilitator(alice, workshop), "n", lambda: "before")
    same_number = Workshop.objects.get(pk=workshop.pk)
    same_number.updated_at = same_number.updated_at.replace(
        microsecond=(same_number.updated_at.microsecond + 1) % 10**6
    )
    assert cached(_facilitator(alice, same_number), "n", lambda: "after") == "after"
    assert first == "before"


def test_the_score_totals_outlive_a_vote_but_not_a_score(alice, workshop):
    calls: list[int] = []
    totals = lambda: calls.append(1) or {"sum": len(calls)}  # noqa: E731
    assert cached(_facilitator(alice, workshop), "totals", totals, since=Since.SCORES) == {"sum": 1}
    workshop.touch()  # a vote
    assert cached(_facilitator(alice, workshop), "totals", totals, since=Since.SCORES) == {"sum": 1}
    workshop.touch(scores=True)  # a score
    assert cached(_facilitator(alice, workshop), "totals", totals, since=Since.SCORES) == {"sum": 2}


def test_the_ranking_comes_back_whole_from_redis(alice, workshop):
    require_service("Redis", TEST_REDIS_URL)
    use_case = UseCaseFactory(workshop=workshop)
    participant = ParticipantFactory(workshop=workshop)
    Score.objects.bulk_create(
        Score(participant=participant, use_case=use_case, criterion=c, value=4) for c in workshop.criteria.all()
    )
    workshop.touch(scores=True)
    prefix = f"test-{uuid.uuid4().hex}"
    redis = {
        alias: {"BACKEND": REDIS, "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix}
        for alias in ("default", "derived", "scores")
    }
    with override_settings(CACHES=redis):
        built = rank_workshop(workshop, reader=_facilitator(alice, workshop))
        kept = list(caches["scores"]._cache.get_client().keys(f"{prefix}:*"))  # type: ignore[attr-defined]
        from_redis = rank_workshop(workshop, reader=_facilitator(alice, Workshop.objects.get(pk=workshop.pk)))
        caches["scores"].clear()
    assert len(kept) == 1
    assert from_redis == built
    assert from_redis.rows[0].impact == 4.0


def test_pages_still_answer_when_the_cache_server_is_down(alice, workshop, alice_client):
    down = {
        alias: {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0"} for alias in ("default", "derived", "scores")
    }
    with override_settings(CACHES=down):
        assert cached(_facilitator(alice, workshop), "thing", lambda: 42) == 42
        response = alice_client.get(f"/api/v1/workshops/{workshop.pk}/ranking/")
    assert response.status_code == 200


def test_the_kept_score_totals_are_shared_by_every_process_even_without_redis(alice, workshop):
    """A laptop's server runs several processes: each would add every score up again after a change."""
    workshop.touch(scores=True)
    calls = []
    access = _facilitator(alice, workshop)
    assert cached(access, "totals", lambda: calls.append(1) or {"sum": 42}, since=Since.SCORES) == {"sum": 42}
    # What another process finds: the database's cache table, not this process's memory.
    keys = [key for key in _scores_keys() if key.endswith(":totals")]
    assert len(keys) == 1
    assert caches["scores"].get(keys[0]) == {"sum": 42}
    assert cached(access, "totals", lambda: calls.append(1) or {}, since=Since.SCORES) == {"sum": 42}
    assert calls == [1]


def _scores_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM atelier_cache")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]
