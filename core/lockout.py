"""A lockout on failed credentials that holds under concurrency: N bad tries per window, then refused.

A rate limit counts a try after it ran, so 48 bad tokens arriving at once all pass the check
before the first failure is counted. Here each try first reserves one of the N slots of its
key (``cache.add``: Redis' SET NX, or the database cache's primary-key insert, atomic both) and
a try that finds no free slot is refused before the credential is even looked up. A good
credential gives its slot back; a bad one keeps it until the window ends. Once all N slots hold
failures, a lock marker answers further tries in one read, for a whole period.

The slots live in the cache every process shares (``CACHES["default"]``), so the count holds
across processes. When that cache is unreachable (the fail-safe Redis backend answers without
it, or the database cache errs), each process counts in its own memory instead: the lockout
still holds, per process, and nothing waits on the broken cache.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache

from core import cache_backends
from core.throttle import RateLimited

log = logging.getLogger(__name__)

PENDING, FAILED = "pending", "failed"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Per process, for when the shared cache is down: LocMemCache's add is atomic under its own lock.
_local = LocMemCache("atelier-lockout-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/10m" -> (10, 600): a count and a period in seconds, as RATE_LIMITS writes them."""
    found = _RATE.match(rate)
    if not found:
        raise ValueError(f"Not a rate: {rate!r} (write count/period, e.g. 10/10m).")
    count, number, unit = found.groups()
    return int(count), int(number or 1) * _UNIT_SECONDS[unit]


@dataclass(frozen=True)
class Slot:
    """One reserved try: give it back (``release``) or keep it as a failure (``fail``)."""

    cache: BaseCache
    key: str
    expires_at: float


def reserve(name: str, value: str) -> Slot | None:
    """Reserve one try of ``value`` under limit ``name`` (RATE_LIMITS); RateLimited when none is left.

    None when the limit is switched off (an empty rate).
    """
    rate = settings.RATE_LIMITS.get(name)
    if not rate:
        return None
    limit, period = parse_rate(rate)
    digest = hashlib.sha256(value.encode()).hexdigest()
    shared = caches["default"]
    try:
        return _reserve_in(shared, name, digest, limit, period)
    except RateLimited:
        if not _unreachable(shared):
            raise
    except Exception:  # the database cache's own errors: count here rather than fail the request
        log.exception("Lockout %s counted in this process only: the shared cache failed.", name)
    return _reserve_in(_local, name, digest, limit, period)


def release(slot: Slot | None) -> None:
    """The credential was good: the try does not count."""
    if slot is not None:
        _safely(lambda: slot.cache.delete(slot.key))


def fail(slot: Slot | None) -> None:
    """The credential was bad: the slot stays taken until its window ends."""
    if slot is not None:
        timeout = max(int(slot.expires_at - time.time()), 1)
        _safely(lambda: slot.cache.set(slot.key, FAILED, timeout=timeout))


def _reserve_in(cache: BaseCache, name: str, digest: str, limit: int, period: int) -> Slot:
    now = time.time()
    window = int(now // period)
    window_ends = (window + 1) * period
    base = f"atelier.lockout.{name}.{digest}"
    lock_key = f"{base}.locked"
    slot_keys = [f"{base}.{window}.{number}" for number in range(limit)]
    held = cache.get_many([lock_key, *slot_keys])
    if lock_key in held:
        raise RateLimited(int(float(held[lock_key]) - now) + 1)
    for key in slot_keys:
        if key not in held and cache.add(key, PENDING, timeout=period):
            return Slot(cache=cache, key=key, expires_at=window_ends)
    # No free slot. Once every one holds a failure (not a try still running), lock for a period.
    taken = cache.get_many(slot_keys)
    if len(taken) == limit and all(state == FAILED for state in taken.values()):
        until = now + period
        cache.add(lock_key, until, timeout=period)
        raise RateLimited(period)
    if PENDING in taken.values():
        raise RateLimited(1)  # tries still running may give their slot back in a moment
    raise RateLimited(int(window_ends - now) + 1)


def _unreachable(cache: BaseCache) -> bool:
    label = getattr(cache, "location_label", None)
    return label is not None and label in cache_backends.unreachable_since()


def _safely(call: Callable[[], object]) -> None:
    try:
        call()
    except Exception:
        log.exception("Lockout slot not updated: the cache failed.")
