"""Shared Playwright fixtures: Debian's Chromium (never `playwright install`), one per session."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as DjangoClient

from tests.conftest import require_program

# Playwright's sync API runs an event loop in this thread; Django would refuse DB access otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_program(CHROMIUM, "chromium")  # a failure, not a skip, when CI is set
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ContextFactory:
    """Makes isolated browser contexts (one per person) and collects every console error they log.

    Any console error fails the test (the strict CSP's reports, a rejected SVG
    attribute, a script error, a failed request), unless the test declared it
    with `allow(pattern)` — e.g. a page it opens on purpose to see a 403.
    """

    def __init__(self, browser: object) -> None:
        self.browser = browser
        self.contexts: list[object] = []
        self.errors: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def __call__(self, **options: object) -> object:
        options.setdefault("viewport", {"width": 1100, "height": 900})
        context = self.browser.new_context(**options)  # type: ignore[attr-defined]
        context.set_default_timeout(10_000)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))
        self.contexts.append(context)
        return context

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def _console(self, message: object) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:  # type: ignore[attr-defined]
            self.errors.append(f"{message.text} at {message.location.get('url', '')}")  # type: ignore[attr-defined]

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


@pytest.fixture
def new_context(browser: object) -> Iterator[ContextFactory]:
    """A factory of isolated browser contexts, closed after the test; fails on any console error."""
    factory = ContextFactory(browser)
    yield factory
    for context in factory.contexts:
        context.close()  # type: ignore[attr-defined]
    assert not factory.unexpected_errors(), f"Console errors: {factory.unexpected_errors()}"


def logged_in_context(new_context: object, live_server: object, user: object, **options: object) -> object:
    """A browser context carrying `user`'s session cookie (as if they had used the login form)."""
    client = DjangoClient()
    client.force_login(user)
    context = new_context(base_url=live_server.url, **options)  # type: ignore[operator, attr-defined]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,  # type: ignore[attr-defined]
            }
        ]
    )
    return context


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def demo(transactional_db: None) -> object:
    """The seed_demo workshop: Vote phase, results revealed, a shortlist, a merge and a rejection."""
    from django.core.management import call_command

    from workshop.models import Workshop

    call_command("seed_demo", "--quiet")
    return Workshop.objects.get(join_code="DEMXAT26")


def in_language(context: object, live_server: object, language: str) -> object:
    """The context reads the site in `language`, as after choosing it in the switcher."""
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}  # type: ignore[attr-defined]
    context.add_cookies([cookie])  # type: ignore[attr-defined]
    return context


def assert_fits_the_screen(page: object) -> None:
    """Never wider than the viewport asked for (a phone's window.innerWidth grows to fit what overflows)."""
    width = page.viewport_size["width"]  # type: ignore[attr-defined]
    overflow = page.evaluate("document.documentElement.scrollWidth") - width  # type: ignore[attr-defined]
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"  # type: ignore[attr-defined]
