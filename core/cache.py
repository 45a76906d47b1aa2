"""What derives from a workshop's version, computed once per version and shared through Django's cache.

Every change to a workshop bumps `Workshop.version` (Workshop.touch), so a
value keyed on the version never needs invalidating: a hundred readers of an
unchanged workshop pay for it once, and the first reader after a change builds
it anew. The key also holds `updated_at` (set by the same bump): a version
number seen in a transaction that was rolled back, or in a database that was
recreated, never finds another state's value.

Callers pass in `vary` whatever else the value depends on: the language when it
holds translated text, a sort order, who may see it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Protocol, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


class Versioned(Protocol):
    """What a cached value derives from: a workshop, by its versions and stamps (Workshop.touch)."""

    @property
    def pk(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def room_version(self) -> int: ...
    @property
    def updated_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def scores_changed_at(self) -> datetime | None: ...
    @property
    def room_changed_at(self) -> datetime | None: ...


_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()


def _stamp(moment: datetime | None, missing: str = "-") -> str:
    return f"{moment.timestamp():.6f}" if moment else missing


def version_key(workshop: Versioned, name: str, vary: Iterable[object] = ()) -> str:
    stamp = _stamp(workshop.updated_at)
    return ":".join(["workshop", str(workshop.pk), str(workshop.version), stamp, name, *(str(v) for v in vary)])


def cached_for_scores(workshop: Versioned, name: str, build: Callable[[], T]) -> T:
    """`build()` for the workshop's current scores and criteria (Workshop.scores_changed_at), whatever else changed.

    For what derives from the scores alone (the ranking's totals): a vote, a
    status change or the reveal bumps the version, not this. `created_at` keeps
    workshops of two databases apart that were never scored.
    """
    stamp, created = _stamp(workshop.scores_changed_at, "never"), _stamp(workshop.created_at)
    key = ":".join(["workshop", str(workshop.pk), created, "scores", stamp, name])
    return _cached(key, name, build, alias="scores")


def cached_for_room(workshop: Versioned, name: str, build: Callable[[], T], *, vary: Iterable[object] = ()) -> T:
    """`build()` for this room version of `workshop` (Workshop.room_version): what scores and votes do not change.

    For what every participant's polled board shows; the same caution as below.
    """
    stamp, created = _stamp(workshop.room_changed_at), _stamp(workshop.created_at)
    parts = ["workshop", str(workshop.pk), created, "room", str(workshop.room_version), stamp, name]
    return _cached(":".join([*parts, *(str(v) for v in vary)]), name, build)


def cached_for_version(workshop: Versioned, name: str, build: Callable[[], T], *, vary: Iterable[object] = ()) -> T:
    """`build()` for this version of `workshop`, from the cache when someone already built it.

    No visibility check here: cache only what every caller allowed to ask may
    see, or put who is asking in `vary`.
    """
    return _cached(version_key(workshop, name, vary), name, build)


class ProcessLRU:
    """A bounded, thread-safe LRU of rendered HTML in this process, for keys that name their content.

    A key holds everything the value depends on (a version, a stamp, the values shown), so an
    entry is never stale, only old: nothing is invalidated, the oldest go past `limit()`.
    """

    def __init__(self, limit: Callable[[], int]) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        with self._lock:
            html = self._entries.get(key)
            if html is not None:
                self._entries.move_to_end(key)
            return html

    def put(self, key: str, html: str) -> None:
        with self._lock:
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self._limit():
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


# The last few shared renderings, kept in this process too: a reread costs no fetch from Redis.
RECENT_PAGES = ProcessLRU(lambda: 8)

# Stands for the reader's CSRF token in HTML shared between readers; each response gets its own.
CSRF_PLACEHOLDER = "atelier-csrf-token-placeholder"


def with_csrf_token(html: str, token: object) -> SafeString:
    """Shared HTML for one reader: the placeholder replaced by their token."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(token))
    return mark_safe(html)


def rendered_for_version(
    request: HttpRequest,
    workshop: Versioned,
    template: str,
    context: Callable[[], Mapping[str, object]],
    *,
    vary: Iterable[object],
) -> SafeString:
    """`template` rendered once for this version of `workshop` and `vary`, then shared by every such reader.

    `context()` is only called to render, on a miss. `vary` holds all it depends on
    beyond the version: the language, the role, the sort, the path. The forms'
    CSRF token is the one thing shared HTML must not hold: it is rendered as a
    placeholder and filled in per response.
    """

    def build() -> str:
        return render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request)

    key = version_key(workshop, template, vary)
    html = RECENT_PAGES.get(key)
    if html is None:
        html = _cached(key, template, build)
        RECENT_PAGES.put(key, html)
    return with_csrf_token(html, get_token(request))


def _cached(key: str, name: str, build: Callable[[], T], *, alias: str = "derived") -> T:
    value = _get(key, name, alias)
    if value is not _MISSING:
        return cast(T, value)
    # The reveal sends a hundred readers at once: one thread per process builds, the others wait for it.
    with _locks_guard:
        lock = _locks.setdefault(key, threading.RLock())
    try:
        with lock:
            value = _get(key, name, alias)
            if value is _MISSING:
                value = build()
                try:
                    caches[alias].set(key, value, settings.VERSION_CACHE_SECONDS)
                except Exception:
                    logger.warning("cache unavailable, %s not kept", name, exc_info=True)
    finally:
        with _locks_guard:
            _locks.pop(key, None)
    return cast(T, value)


def _get(key: str, name: str, alias: str) -> object:
    try:
        return caches[alias].get(key, _MISSING)
    except Exception:  # the cache only saves work: a cache server down must not take the pages with it
        logger.warning("cache unavailable, building %s without it", name, exc_info=True)
        return _MISSING
