"""The actors every permission test needs, and access to the real services.

alice facilitates the workshop, bob takes part in it, victor is a manager who
views the workshop's client (reads everything, changes nothing), charlie is an
outsider (a facilitator of another workshop) who should see nothing of it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

import pytest
from django.test import Client as BrowserClient
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory, UserFactory, WorkshopFactory
from workshop.models import Participant, Workshop
from workshop.selectors import participant_cookie_name

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


# --- The one CI switch: every skip in the suite goes through `skip_or_fail` (tests/test_skips.py checks) ---


def in_ci() -> bool:
    """CI is set (`CI=true`, `1`, `yes` or `on`, as CI services set it): nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def skip_or_fail(reason: str) -> NoReturn:
    """What this machine lacks: a skip on a laptop, with the reason; a failure in CI, which must run every test."""
    if in_ci():
        pytest.fail(f"{reason}; CI must run this test.")
    pytest.skip(reason)


def require_service(name: str, url: str) -> None:
    """A service that must answer (PostgreSQL, Redis): skip when it is down on a laptop; fail in CI."""
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), timeout=1).close()
    except OSError as exc:
        skip_or_fail(f"{name} is not reachable at {parsed.hostname}:{parsed.port} ({exc}); start it to run this test")


def require_program(path: Path, package: str) -> None:
    """A program the test drives (Chromium, LibreOffice): skip when it is not installed on a laptop; fail in CI."""
    if not path.exists():
        skip_or_fail(f"{path} is missing: install Debian's {package} package to run this test")


def assert_sent_to_join(response: object, workshop_id: int) -> None:
    """A page of a workshop this browser is not in (no account): the join page, told the id the URL gave.

    Nothing more of the workshop: the same answer whether it exists or not (workshop/middleware.py).
    A poll or click over htmx gets the same address as an HX-Redirect, for the whole page.
    """
    expected = f"/join/?workshop={workshop_id}"
    headers = response.headers  # type: ignore[attr-defined]
    if "HX-Redirect" in headers:
        assert (response.status_code, headers["HX-Redirect"]) == (200, expected)  # type: ignore[attr-defined]
    else:
        assert (response.status_code, headers.get("Location")) == (302, expected)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def alice(db: None) -> object:
    return UserFactory(username="alice", facilitator=True)


@pytest.fixture
def charlie(db: None) -> object:
    return UserFactory(username="charlie", facilitator=True)


@pytest.fixture
def victor(workshop: Workshop) -> object:
    """A manager: viewer of the workshop's client, not a facilitator."""
    user = UserFactory(username="victor", email="victor@example.com")
    workshop.client.viewers.add(user)
    return user


@pytest.fixture
def workshop(alice: object) -> Workshop:
    return WorkshopFactory(facilitators=[alice], title="Claims triage", phase="collect")


@pytest.fixture
def other_workshop(charlie: object) -> Workshop:
    return WorkshopFactory(facilitators=[charlie], title="Other client's workshop", phase="collect")


@pytest.fixture
def bob_and_token(workshop: Workshop) -> tuple[Participant, str]:
    return ParticipantFactory.with_token(workshop=workshop, display_name="Bob")


@pytest.fixture
def bob(bob_and_token: tuple[Participant, str]) -> Participant:
    return bob_and_token[0]


@pytest.fixture
def alice_client(alice: object) -> BrowserClient:
    client = BrowserClient()
    client.force_login(alice)
    return client


@pytest.fixture
def charlie_client(charlie: object) -> BrowserClient:
    client = BrowserClient()
    client.force_login(charlie)
    return client


@pytest.fixture
def bob_client(bob_and_token: tuple[Participant, str]) -> BrowserClient:
    """A browser that joined the workshop as bob (holds his cookie)."""
    participant, token = bob_and_token
    client = BrowserClient()
    client.cookies[participant_cookie_name(participant.workshop_id)] = token
    return client


@pytest.fixture
def victor_client(victor: object) -> BrowserClient:
    client = BrowserClient()
    client.force_login(victor)
    return client


@pytest.fixture
def victor_api(victor: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(victor)
    return client


@pytest.fixture
def alice_api(alice: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(alice)
    return client


@pytest.fixture
def charlie_api(charlie: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(charlie)
    return client


@pytest.fixture
def bob_api(bob_and_token: tuple[Participant, str]) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Participant {bob_and_token[1]}")
    return client


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with empty caches: ids and versions repeat from one test's database to the next.

    The database cache (the laptop default for rate limits) empties with each test's rollback.
    """
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    for alias in caches.settings:
        if not isinstance(caches[alias], DatabaseCache):
            caches[alias].clear()
