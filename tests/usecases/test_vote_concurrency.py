"""The vote budget holds when one participant fires many requests at once (usecases.services.vote_set)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory, UseCaseFactory, WorkshopFactory
from usecases.models import Vote

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 20


def test_twenty_simultaneous_votes_never_spend_more_than_the_budget():
    workshop = WorkshopFactory(phase="vote", votes_per_participant=5, max_votes_per_use_case=3)
    participant, token = ParticipantFactory.with_token(workshop=workshop, display_name="Racer")
    use_cases = [UseCaseFactory(workshop=workshop, title=f"Idea {i}") for i in range(REQUESTS)]
    barrier = threading.Barrier(REQUESTS)
    statuses: list[int] = []
    bodies: list[dict] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def vote(use_case_id: int) -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Participant {token}")
            barrier.wait(timeout=10)
            response = client.post(f"/api/v1/use-cases/{use_case_id}/vote/", {"dots": 1}, format="json")
            with lock:
                statuses.append(response.status_code)
                bodies.append(response.json())
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(uc.pk,)) for uc in use_cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert len(statuses) == REQUESTS
    assert set(statuses) <= {200, 409}, statuses
    assert statuses.count(200) == workshop.votes_per_participant
    refusals = [b for b, s in zip(bodies, statuses, strict=True) if s == 409]
    assert all(b["code"] == "over_budget" and b["detail"] for b in refusals)
    spent = sum(Vote.objects.filter(participant=participant).values_list("dots", flat=True))
    assert spent == workshop.votes_per_participant
    assert connection.vendor in {"sqlite", "postgresql"}
