"""Shared Playwright fixtures: Debian's Chromium (never `playwright install`), one per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as DjangoClient

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
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: object) -> Iterator[object]:
    """A factory of isolated browser contexts (one per person), closed after the test."""
    contexts = []

    violations: list[str] = []
    errors: list[str] = []

    def on_console(message: object) -> None:
        text = message.text  # type: ignore[attr-defined]
        # The strict Content-Security-Policy must never block anything the pages use.
        if "Content Security Policy" in text:
            violations.append(text)
        elif message.type == "error":  # type: ignore[attr-defined]
            errors.append(f"{text} ({message.location.get('url', '')})")  # type: ignore[attr-defined]

    def make(**options: object) -> object:
        options.setdefault("viewport", {"width": 1100, "height": 900})
        context = browser.new_context(**options)  # type: ignore[attr-defined]
        context.set_default_timeout(10_000)
        context.on("console", on_console)
        context.on("weberror", lambda error: errors.append(str(error.error)))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
    # Any console error or uncaught exception fails the test.
    assert not errors, f"Console errors: {errors}"


def logged_in_context(new_context: object, live_server: object, user: object) -> object:
    """A browser context carrying `user`'s session cookie (as if they had used the login form)."""
    client = DjangoClient()
    client.force_login(user)
    context = new_context()  # type: ignore[operator]
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
