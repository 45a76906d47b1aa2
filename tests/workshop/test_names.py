"""Look-alike names (Unicode's confusables) cannot join beside each other; different names still can."""

from __future__ import annotations

import threading

import pytest
from django.test import Client as BrowserClient
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory, WorkshopFactory
from workshop.names import clashes, fold

pytestmark = pytest.mark.django_db

# Each reads as "Zoe" on a phone; U+043E and U+0435 are Cyrillic, U+0396 and U+039F Greek.
ZOE_LOOKALIKES = [
    "Z\u043ee",  # Cyrillic small o
    "Zo\u0435",  # Cyrillic small ie
    "\u0396oe",  # Greek capital zeta
    "Z\u041eE",  # Cyrillic capital O, in capitals
    "Z\u03bfe",  # Greek small omicron
    "\u0396\u043e\u0435",  # every letter another script's
]


@pytest.mark.parametrize("lookalike", ZOE_LOOKALIKES)
def test_a_lookalike_of_zoe_folds_like_zoe(lookalike):
    assert lookalike != "Zoe"
    assert fold(lookalike) == fold("Zoe")


@pytest.mark.parametrize(
    ("name", "lookalike"),
    [
        ("Anna", "\u0410nna"),  # Cyrillic capital A
        ("Paul", "\u0420aul"),  # Cyrillic capital ER
        ("Bob", "\u0412ob"),  # Cyrillic capital VE
        ("lan", "Ian"),  # a small L and a capital i
        ("Ali", "A\u217c\u0456"),  # small roman numeral fifty, Ukrainian i
    ],
)
def test_other_lookalikes_clash(name, lookalike):
    assert clashes(lookalike, [name])


@pytest.mark.parametrize(("name", "other"), [("Zoe", "Zoé"), ("Ann", "Anna"), ("Jean", "Joan"), ("Zoe", "Zo")])
def test_different_names_do_not_clash(name, other):
    assert not clashes(other, [name])


@pytest.mark.parametrize("lookalike", ZOE_LOOKALIKES)
def test_a_lookalike_cannot_join_beside_zoe(workshop, lookalike):
    ParticipantFactory(workshop=workshop, display_name="Zoe")

    page = BrowserClient().post("/join/", {"join_code": workshop.join_code, "display_name": lookalike})
    api = APIClient().post("/api/v1/join/", {"join_code": workshop.join_code, "display_name": lookalike}, format="json")

    assert page.status_code == 200
    assert "already uses this name" in page.content.decode()
    assert api.status_code == 400
    assert "display_name" in api.json()
    assert list(workshop.participants.values_list("display_name", flat=True)) == ["Zoe"]


def test_zoe_cannot_join_beside_a_lookalike_either(workshop):
    ParticipantFactory(workshop=workshop, display_name="Z\u043ee")

    page = BrowserClient().post("/join/", {"join_code": workshop.join_code, "display_name": "Zoe"})

    assert "already uses this name" in page.content.decode()
    assert workshop.participants.count() == 1


def test_a_participant_cannot_rename_themselves_into_a_lookalike(workshop):
    ParticipantFactory(workshop=workshop, display_name="Zoe")
    browser = BrowserClient()
    assert browser.post("/join/", {"join_code": workshop.join_code, "display_name": "Zed"}).status_code == 302

    again = browser.post("/join/", {"join_code": workshop.join_code, "display_name": "Z\u043ee"})

    assert "already uses this name" in again.content.decode()
    assert sorted(workshop.participants.values_list("display_name", flat=True)) == ["Zed", "Zoe"]


def test_a_different_name_still_joins(workshop):
    ParticipantFactory(workshop=workshop, display_name="Zoe")

    response = BrowserClient().post("/join/", {"join_code": workshop.join_code, "display_name": "Zoé"})

    assert response.status_code == 302
    assert workshop.participants.count() == 2


@pytest.mark.django_db(transaction=True)
def test_lookalikes_joining_at_the_same_moment_let_one_in():
    from django.db import connections

    workshop = WorkshopFactory(phase="collect")
    names = ["Zoe", *ZOE_LOOKALIKES, "zoe", "ZOE"]
    barrier = threading.Barrier(len(names))
    statuses: list[int] = []
    lock = threading.Lock()

    def join(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            response = APIClient().post(
                "/api/v1/join/",
                {"join_code": workshop.join_code, "display_name": name},
                format="json",
                REMOTE_ADDR=f"198.51.100.{len(name)}",
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [201] + [400] * (len(names) - 1)
    assert workshop.participants.count() == 1
