"""Redis is a cache, not a point of failure (issue 24, defect 2).

A real ``redis-server`` of the test's own is the cache; then it is stopped. Pages,
sign-in, token requests, the API and joining keep answering; sign-in lockouts
still count (they live in the database); /healthz/ says what is degraded; and
when Redis is back, so is the cache.
"""

from __future__ import annotations

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.celery_process import RedisServer

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"


@pytest.fixture
def redis_cache(settings, tmp_path):
    redis = RedisServer(tmp_path).start()
    backend = {
        "BACKEND": "core.cache_backends.FailSafeRedisCache",
        "LOCATION": redis.url,
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
    }
    settings.CACHES = {
        "default": backend,
        "derived": {**backend, "KEY_PREFIX": "derived"},
        "scores": {**backend, "KEY_PREFIX": "scores"},
    }
    try:
        yield redis
    finally:
        redis.stop()


def _sign_in(username: str, password: str = PASSWORD, address: str = "198.51.100.9") -> tuple[BrowserClient, int]:
    browser = BrowserClient()
    response = browser.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)
    return browser, response.status_code


def _walk(browser: BrowserClient, workshop) -> list[int]:
    pages = [
        reverse("workshop:board", args=[workshop.pk]),
        reverse("workshop:client", args=[workshop.client_id]),
        f"/api/v1/workshops/{workshop.pk}/",
        f"/api/v1/workshops/{workshop.pk}/ranking/",
    ]
    return [browser.get(url).status_code for url in pages]


def test_with_redis_stopped_pages_sign_in_tokens_and_joining_keep_answering(redis_cache, alice, workshop):
    browser, status = _sign_in("alice")
    assert status == 302
    assert _walk(browser, workshop) == [200, 200, 200, 200]
    assert BrowserClient().get("/healthz/").content == b"ok"

    redis_cache.stop()

    # The session signed in before the outage still holds (sessions live in the database).
    assert _walk(browser, workshop) == [200, 200, 200, 200]
    again, status = _sign_in("alice")
    assert status == 302
    assert _walk(again, workshop) == [200, 200, 200, 200]
    token = BrowserClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    assert token.status_code == 200
    assert token.json()["token"]
    join = BrowserClient().post(
        reverse("workshop:join"), {"join_code": workshop.join_code, "display_name": "Zoe"}, REMOTE_ADDR="198.51.100.20"
    )
    assert join.status_code == 302
    assert join["Location"] == reverse("workshop:board", args=[workshop.pk])
    assert workshop.participants.filter(display_name="Zoe").exists()
    health = BrowserClient().get("/healthz/")
    assert health.status_code == 200
    assert health.content.decode() == f"degraded: cache redis://127.0.0.1:{redis_cache.port}/0 unreachable"

    redis_cache.start()
    assert _walk(again, workshop) == [200, 200, 200, 200]
    assert BrowserClient().get("/healthz/").content == b"ok"


def test_with_redis_stopped_wrong_passwords_still_lock_the_account(redis_cache, settings, alice):
    redis_cache.stop()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("alice", "wrong", f"198.51.100.{attempt + 1}")[1] == 200

    locked = _sign_in("alice", "wrong", "198.51.100.50")[1]
    right_password = _sign_in("alice", PASSWORD, "198.51.100.51")[1]

    assert (locked, right_password) == (429, 429)
