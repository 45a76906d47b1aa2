"""Values every template may read: how often the live screens poll, from settings."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def polling(_request: HttpRequest) -> dict[str, int]:
    """`hx-trigger="every {{ poll_seconds }}s"`: tests and operators tune the intervals, templates never fix them."""
    return {
        "poll_seconds": settings.LIVE_POLL_SECONDS,
        "summary_poll_seconds": settings.SUMMARY_POLL_SECONDS,
        "summary_refresh_seconds": settings.SUMMARY_REFRESH_SECONDS,
    }
