from __future__ import annotations

import pytest
from django.test import Client as BrowserClient
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory, UseCaseFactory
from usecases.models import UseCase
from workshop.models import Participant, Workshop
from workshop.selectors import participant_cookie_name


@pytest.fixture
def dana_and_token(workshop: Workshop) -> tuple[Participant, str]:
    """A second participant of alice's workshop."""
    return ParticipantFactory.with_token(workshop=workshop, display_name="Dana")


@pytest.fixture
def dana(dana_and_token: tuple[Participant, str]) -> Participant:
    return dana_and_token[0]


@pytest.fixture
def dana_client(dana_and_token: tuple[Participant, str]) -> BrowserClient:
    participant, token = dana_and_token
    client = BrowserClient()
    client.cookies[participant_cookie_name(participant.workshop_id)] = token
    return client


@pytest.fixture
def dana_api(dana_and_token: tuple[Participant, str]) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Participant {dana_and_token[1]}")
    return client


@pytest.fixture
def bobs_idea(workshop: Workshop, bob: Participant) -> UseCase:
    return UseCaseFactory(workshop=workshop, author=bob, title="Parcel ETA prediction")


def set_phase(workshop: Workshop, phase: str, *, revealed: bool | None = None) -> Workshop:
    workshop.phase = phase
    if revealed is not None:
        workshop.results_revealed = revealed
    workshop.save()
    return workshop


@pytest.fixture
def totals_off_the_database(settings):
    """Count the ranking's own queries: its kept score totals live in Redis in production.

    On a laptop they are in the database's cache table (shared by the server's processes),
    whose reads and writes would blur the count.
    """
    settings.CACHES = {
        **settings.CACHES,
        "scores": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ranking-queries"},
    }
