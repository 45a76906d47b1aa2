"""The bench's workshop, written straight into the database with bulk inserts (never over HTTP).

Runs in the bench's own process, with Django set up on the same database the
served app uses. Everything it creates hangs off one client, one workshop and
one user, so `remove` takes it all away again.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client as BrowserClient
from rest_framework.authtoken.models import Token

from roi.models import RoiEstimate
from usecases.models import Category, Score, Status, UseCase, Vote
from usecases.services import criteria_copy_defaults
from workshop.models import Client, Participant, Phase, Workshop, hash_token
from workshop.selectors import Access, Actor, workshop_access
from workshop.services import facilitators_group, workshop_reveal, workshop_set_phase

SHORTLISTED = 5
# Dots each participant has already spent: one short of the default budget (5), so a vote write fits.
SEEDED_DOTS = 4


@dataclass
class Board:
    """One participant as the bench drives it: its cookie, its token and a use case it may vote on."""

    participant_id: int
    token: str
    free_use_case_id: int


@dataclass
class Seeded:
    workshop_id: int
    client_id: int
    user_id: int
    api_token: str
    session_cookie: str
    criteria: list[int]
    use_cases: list[int]
    boards: list[Board] = field(default_factory=list)
    scores: int = 0


def build(participants: int, use_cases: int, *, seed: int = 15) -> Seeded:
    """A workshop in the Score phase, every participant having scored every use case on every criterion."""
    rng = random.Random(seed)
    tag = secrets.token_hex(4)
    user = get_user_model().objects.create_user(username=f"bench-{tag}", password=secrets.token_urlsafe(16))
    user.groups.add(facilitators_group())
    client = Client.objects.create(name=f"Bench client {tag}", created_by=user)
    workshop = Workshop.objects.create(
        client=client,
        title=f"Bench workshop {participants}x{use_cases}",
        objective="A company-wide workshop, as the bench builds it.",
        phase=Phase.SCORE,
    )
    workshop.facilitators.add(user)
    criteria = [c.pk for c in criteria_copy_defaults(workshop=workshop)]
    categories = list(Category.values)
    cases = UseCase.objects.bulk_create(
        UseCase(
            workshop=workshop,
            title=f"Use case {i:03d}: automate step {i}",
            problem="Manual work that takes the team hours every week. " * 3,
            solution="A model that drafts the answer for a person to check.",
            benefits="Hours saved, fewer errors.",
            category=categories[i % len(categories)],
            status=Status.SHORTLISTED if i < SHORTLISTED else Status.PROPOSED,
        )
        for i in range(use_cases)
    )
    case_ids = [uc.pk for uc in cases]
    RoiEstimate.objects.bulk_create(
        RoiEstimate(
            use_case_id=pk, effort_days=20 + i, daily_rate=800, hours_saved_per_month=40 + 9 * i, hourly_cost=55
        )
        for i, pk in enumerate(case_ids[:SHORTLISTED])
    )
    tokens = [secrets.token_urlsafe(32) for _ in range(participants)]
    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, display_name=f"Participant {i:03d}", token_hash=hash_token(token))
        for i, token in enumerate(tokens)
    )
    Score.objects.bulk_create(
        (
            Score(participant_id=p.pk, use_case_id=uc, criterion_id=c, value=rng.randint(1, 5))
            for p in people
            for uc in case_ids
            for c in criteria
        ),
        batch_size=5000,
    )
    boards = []
    votes = []
    for i, p in enumerate(people):
        voted = [case_ids[(i + j) % len(case_ids)] for j in range(min(SEEDED_DOTS, len(case_ids) - 1))]
        votes.extend(Vote(participant_id=p.pk, use_case_id=uc, dots=1) for uc in voted)
        free = case_ids[(i + len(voted)) % len(case_ids)]
        boards.append(Board(participant_id=p.pk, token=tokens[i], free_use_case_id=free))
    Vote.objects.bulk_create(votes, batch_size=5000)
    # Statistics as the database keeps them a minute into a real workshop (auto-analyze), not none at all.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    browser = BrowserClient()
    browser.force_login(user)
    return Seeded(
        workshop_id=workshop.pk,
        client_id=client.pk,
        user_id=user.pk,
        api_token=Token.objects.create(user=user).key,
        session_cookie=browser.cookies["sessionid"].value,
        criteria=criteria,
        use_cases=case_ids,
        boards=boards,
        scores=len(people) * len(case_ids) * len(criteria),
    )


def _facilitator(seeded: Seeded) -> Access:
    user = get_user_model().objects.get(pk=seeded.user_id)
    return workshop_access(actor=Actor(user=user), pk=seeded.workshop_id)


def set_phase(seeded: Seeded, phase: str) -> None:
    """The facilitator moves the workshop on, through the service the phase view calls: every board reloads."""
    workshop_set_phase(access=_facilitator(seeded), phase=phase)


def reveal(seeded: Seeded) -> None:
    """The facilitator reveals the results, through the service the reveal view calls."""
    workshop_reveal(access=_facilitator(seeded), revealed=True)


def remove(seeded: Seeded) -> None:
    Session.objects.filter(session_key=seeded.session_cookie).delete()
    Workshop.objects.filter(pk=seeded.workshop_id).delete()
    Client.objects.filter(pk=seeded.client_id).delete()
    get_user_model().objects.filter(pk=seeded.user_id).delete()
