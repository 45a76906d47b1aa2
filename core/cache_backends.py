"""Redis as a cache, never as a point of failure.

``FailSafeRedisCache`` is Django's Redis backend whose every call survives an
unreachable Redis: a read misses, a write is dropped, an increment counts
nothing, and the outage is logged once a minute and shown by ``/healthz/``.
What the app keeps in the cache is derived (rebuilt on a miss) or a rate-limit
count (which counts nothing while Redis is down): nothing is lost, pages keep
answering. Sessions and sign-in lockouts live in the database, not here.

Short socket timeouts (``OPTIONS``, set in settings) keep a Redis that does
not answer from holding a request for long.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
T = TypeVar("T")
LOG_EVERY_SECONDS = 60.0

_state = threading.Lock()
_last_failure: dict[str, float] = {}  # cache alias or location -> monotonic time of its last failure
_last_logged: dict[str, float] = {}


def unreachable_since(seconds: float = LOG_EVERY_SECONDS) -> list[str]:
    """The Redis locations that failed a call within the last `seconds` (for /healthz/)."""
    now = time.monotonic()
    with _state:
        return sorted(loc for loc, at in _last_failure.items() if now - at <= seconds)


def _record_failure(location: str, exc: Exception) -> None:
    now = time.monotonic()
    with _state:
        _last_failure[location] = now
        due = now - _last_logged.get(location, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS
        if due:
            _last_logged[location] = now
    if due:
        log.warning("Cache %s unreachable (%s): pages answer without it.", location, exc)


def _record_success(location: str) -> None:
    if location in _last_failure:
        with _state:
            _last_failure.pop(location, None)


def _fail_safe(default: Callable[..., Any]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Run the backend call; on a Redis error, record it and answer `default(*args, **kwargs)`."""

    def wrap(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def call(self: FailSafeRedisCache, *args: Any, **kwargs: Any) -> T:
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                _record_failure(self.location_label, exc)
                return default(*args, **kwargs)
            _record_success(self.location_label)
            return result

        return call

    return wrap


def _get_default(key: str, default: Any = None, version: int | None = None) -> Any:
    return default


def _incr_default(key: str, delta: int = 1, version: int | None = None) -> int:
    # What a first increment answers: a rate limit counts as if this were the first request.
    return delta


class FailSafeRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        first = server.split(",")[0] if isinstance(server, str) else str(server[0])
        self.location_label = first.rsplit("@", 1)[-1]  # never the password of redis://:pw@host

    add = _fail_safe(lambda *a, **k: False)(RedisCache.add)
    get = _fail_safe(_get_default)(RedisCache.get)
    set = _fail_safe(lambda *a, **k: None)(RedisCache.set)
    touch = _fail_safe(lambda *a, **k: False)(RedisCache.touch)
    delete = _fail_safe(lambda *a, **k: False)(RedisCache.delete)
    get_many = _fail_safe(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _fail_safe(lambda *a, **k: False)(RedisCache.has_key)
    incr = _fail_safe(_incr_default)(RedisCache.incr)
    set_many = _fail_safe(lambda data, *a, **k: list(data))(RedisCache.set_many)
    delete_many = _fail_safe(lambda *a, **k: None)(RedisCache.delete_many)
    clear = _fail_safe(lambda *a, **k: False)(RedisCache.clear)
