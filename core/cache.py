"""Django's cache for what is costly to build: one key function, with the version and the reader in every key.

Every change to a workshop bumps `Workshop.version` (Workshop.touch), and every
change to its scores or criteria stamps `scores_changed_at`, so a value keyed on
them never needs invalidating: the first reader after a change builds it anew.
The key also holds `updated_at` (set by the same bump) or `created_at`: a number
seen in a transaction that was rolled back, or in a database that was recreated,
never finds another state's value.

The key is made by `cache_key(reader, name, …)`, and the reader is not optional:
who reads (their role, and whether they may see results, authors and vote
totals) and the active language are part of every key, so a value built for one
reader is never served to a reader who may see less. A reader is what
`workshop.selectors.Access` is; core imports no app, so it is described here by
what the key needs of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()

# Stands for the reader's CSRF token in HTML shared between readers ({% memo %}); each response gets its own.
CSRF_PLACEHOLDER = "atelier-csrf-token-placeholder"


class Versioned(Protocol):
    """What a cached value derives from: a workshop, by its version and stamps (Workshop.touch)."""

    @property
    def pk(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def updated_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def scores_changed_at(self) -> datetime | None: ...


class Reader(Protocol):
    """Who reads a workshop, as far as what they may see goes (workshop.selectors.Access)."""

    @property
    def workshop(self) -> Versioned: ...
    @property
    def role(self) -> str: ...
    @property
    def can_see_results(self) -> bool: ...
    @property
    def can_see_authors(self) -> bool: ...
    @property
    def can_see_vote_totals(self) -> bool: ...


class Since(StrEnum):
    """What a value derives from: the whole workshop (its version), or its scores and criteria alone."""

    VERSION = "version"
    SCORES = "scores"


def _stamp(moment: datetime | None) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def cache_key(reader: Reader, name: str, *vary: object, since: Since = Since.VERSION) -> str:
    """The key of `name` for this reader of this state of their workshop; `vary`: anything else it depends on."""
    workshop = reader.workshop
    if since is Since.SCORES:
        state = ["scores", _stamp(workshop.created_at), _stamp(workshop.scores_changed_at)]
    else:
        state = ["v", str(workshop.version), _stamp(workshop.updated_at)]
    sees = f"{reader.role}:{int(reader.can_see_results)}{int(reader.can_see_authors)}{int(reader.can_see_vote_totals)}"
    return ":".join(["workshop", str(workshop.pk), *state, sees, get_language() or "-", name, *map(str, vary)])


def cached(reader: Reader, name: str, build: Callable[[], T], *vary: object, since: Since = Since.VERSION) -> T:
    """`build()` for this reader and state (see `cache_key`), from the cache when it was already built.

    `Since.SCORES` values live in the `scores` cache (shared by every process even
    without Redis: the database's cache table); the others in `derived`.
    """
    key = cache_key(reader, name, *vary, since=since)
    alias = "scores" if since is Since.SCORES else "derived"
    try:
        value = caches[alias].get(key, _MISSING)
    except Exception:  # the cache only saves work: a cache server down must not take the pages with it
        logger.warning("cache unavailable, building %s without it", name, exc_info=True)
        value = _MISSING
    if value is not _MISSING:
        return cast(T, value)
    value = build()
    try:
        caches[alias].set(key, value, settings.VERSION_CACHE_SECONDS)
    except Exception:
        logger.warning("cache unavailable, %s not kept", name, exc_info=True)
    return value
