"""The bad-credential lockout holds when the tries arrive at once, in the shared cache, and with that cache down."""

from __future__ import annotations

import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.db import connection

from core import lockout
from core.throttle import RateLimited
from tests.celery_process import RedisServer
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "mcp_token_failures_per_address"
LIMIT = 10


@pytest.fixture(params=["database", "redis", "redis-stopped"])
def shared_cache(request, settings, tmp_path):
    """The laptop's database cache; a real Redis as in production; the same Redis, stopped."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, NAME: f"{LIMIT}/10m"}
    if request.param == "database":
        yield request.param
        return
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed (Debian: redis-server)")
    redis = RedisServer(tmp_path).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.FailSafeRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    try:
        if request.param == "redis-stopped":
            redis.stop()
        yield request.param
    finally:
        redis.stop()


def bad_try(address: str) -> str:
    """One try with a bad credential: refused before the lookup, or looked up (a while) and failed."""
    try:
        slot = lockout.reserve(NAME, address)
    except RateLimited:
        return "refused"
    finally:
        connection.close()
    time.sleep(0.05)  # the lookup
    lockout.fail(slot)
    connection.close()
    return "looked up"


def test_exactly_n_of_48_bad_tries_at_once_are_looked_up(shared_cache):
    address = f"attacker-{uuid.uuid4()}"

    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(lambda _n: bad_try(address), range(48)))

    assert outcomes.count("looked up") == LIMIT
    assert outcomes.count("refused") == 48 - LIMIT
    with pytest.raises(RateLimited) as refused:
        lockout.reserve(NAME, address)
    assert 1 <= refused.value.retry_after <= 600
    # Someone else's address still has every try.
    lockout.release(lockout.reserve(NAME, f"bystander-{uuid.uuid4()}"))


def test_good_tries_give_their_slot_back(shared_cache):
    address = f"office-{uuid.uuid4()}"
    for _n in range(LIMIT - 1):
        lockout.fail(lockout.reserve(NAME, address))

    for _n in range(3 * LIMIT):
        lockout.release(lockout.reserve(NAME, address))

    lockout.fail(lockout.reserve(NAME, address))  # the tenth failure is still allowed
    with pytest.raises(RateLimited):
        lockout.reserve(NAME, address)


def test_the_slots_live_in_the_shared_cache(shared_cache):
    address = f"shared-{uuid.uuid4()}"
    slot = lockout.reserve(NAME, address)

    if shared_cache == "redis-stopped":
        assert slot.cache is not caches["default"]  # counted in this process while Redis is away
    else:
        assert slot.cache is caches["default"]
        assert caches["default"].get(slot.key) == lockout.PENDING


def test_an_empty_rate_switches_the_lockout_off(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, NAME: ""}

    assert lockout.reserve(NAME, "anyone") is None
    assert lockout.parse_rate("10/10m") == (10, 600)
    assert lockout.parse_rate("5/h") == (5, 3600)


def test_tries_still_running_make_the_next_one_wait_a_moment_not_a_window(shared_cache):
    address = f"busy-{uuid.uuid4()}"
    running = [lockout.reserve(NAME, address) for _n in range(LIMIT)]

    with pytest.raises(RateLimited) as refused:
        lockout.reserve(NAME, address)
    assert refused.value.retry_after == 1

    lockout.release(running[0])
    lockout.release(lockout.reserve(NAME, address))
