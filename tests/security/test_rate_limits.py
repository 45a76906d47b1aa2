"""Guessing is bounded: sign-ins, API tokens, join codes and participants' writes answer 429 with Retry-After."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client as BrowserClient
from rest_framework.test import APIClient

from core.throttle import client_ip
from tests.conftest import TEST_REDIS_URL, require_service
from tests.factories import UserFactory
from tests.security.hashers import CountingHasher
from workshop.models import Participant

pytestmark = pytest.mark.django_db

WRONG_CODE = "XXXXXXXX"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATE_LIMITS = {
        "join_failures_per_address": "5/10m",
        "join_failures_per_name": "3/10m",
        "joins_per_address": "50/10m",
        "participant_writes": "8/10m",
        "use_cases_per_participant": "3/10m",
    }
    settings.AXES_FAILURE_LIMIT = 3


def _join(client, code, name, ip="203.0.113.7", **extra):
    return client.post("/join/", {"join_code": code, "display_name": name}, REMOTE_ADDR=ip, **extra)


def _assert_429(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 15 * 60


# --- Join codes --------------------------------------------------------------------------------


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings):
    """The rate-limit counters in the laptop's database cache, then in Redis as in production."""
    if request.param == "redis":
        require_service("Redis", TEST_REDIS_URL)
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TEST_REDIS_URL}
        }
        caches["default"].clear()
        yield request.param
        caches["default"].clear()
    else:
        yield request.param


def test_wrong_join_codes_from_one_address_are_refused_with_429(shared_cache, workshop):
    browser = BrowserClient()
    for attempt in range(5):
        assert _join(browser, WRONG_CODE, f"Guesser {attempt}").status_code == 200

    response = _join(browser, WRONG_CODE, "Guesser 6")
    _assert_429(response)
    assert "Too many attempts" in response.content.decode()
    assert "Guesser 6" in response.content.decode()  # the form keeps what was typed
    # While limited even the right code waits: guessing it stays pointless.
    _assert_429(_join(browser, workshop.join_code, "Guesser 7"))
    # Another address is not affected.
    assert _join(BrowserClient(), workshop.join_code, "Someone else", ip="198.51.100.1").status_code == 302


def test_the_counts_live_in_the_cache_every_process_shares(shared_cache, workshop):
    for attempt in range(5):
        _join(BrowserClient(), WRONG_CODE, f"Guesser {attempt}")

    # A fresh client (another phone, another server process) meets the same count.
    _assert_429(_join(BrowserClient(), WRONG_CODE, "Fresh"))
    if shared_cache == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM atelier_cache")
            assert cursor.fetchone()[0] > 0


def test_wrong_join_codes_under_one_name_are_refused_from_that_address(workshop):
    for _attempt in range(3):
        assert _join(BrowserClient(), WRONG_CODE, "Mallory", ip="198.51.100.1").status_code == 200

    # The same name in another case, or spelt with a Cyrillic o, counts as the same name.
    _assert_429(_join(BrowserClient(), WRONG_CODE, "mallory", ip="198.51.100.1"))
    _assert_429(_join(BrowserClient(), workshop.join_code, "Mall\u043ery", ip="198.51.100.1"))


def test_wrong_codes_typed_under_a_name_never_lock_that_name_out_for_others(workshop):
    # Ten wrong codes (more than the limit) under "Zoe", spread over addresses as an attacker would.
    for attempt in range(10):
        _join(BrowserClient(), WRONG_CODE, "Zoe", ip=f"203.0.113.{attempt + 1}")

    zoe = _join(BrowserClient(), workshop.join_code, "Zoe", ip="198.51.100.42")

    assert zoe.status_code == 302
    assert workshop.participants.filter(display_name="Zoe").exists()


def test_wrong_join_codes_from_one_account_are_refused_whatever_the_name(workshop):
    user = UserFactory(username="guesser")
    browser = BrowserClient()
    browser.force_login(user)
    for attempt in range(3):
        _join(browser, WRONG_CODE, f"Name {attempt}", ip=f"198.51.100.{attempt + 1}")

    _assert_429(_join(browser, WRONG_CODE, "Yet another", ip="198.51.100.50"))


def test_right_codes_do_not_count_as_wrong_ones(workshop):
    browser = BrowserClient()
    for attempt in range(8):
        assert _join(BrowserClient(), workshop.join_code, f"Person {attempt}").status_code == 302
    assert _join(browser, WRONG_CODE, "Typo").status_code == 200


def test_wrong_join_codes_on_the_api_are_refused_with_429_and_retry_after(workshop):
    api = APIClient()
    for attempt in range(5):
        response = api.post(
            "/api/v1/join/", {"join_code": WRONG_CODE, "display_name": f"Bot {attempt}"}, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 400

    response = api.post("/api/v1/join/", {"join_code": WRONG_CODE, "display_name": "Bot"}, REMOTE_ADDR="203.0.113.9")

    _assert_429(response)
    assert response.json()["code"] == "throttled"


def test_joins_per_address_bound_how_many_participants_one_address_creates(settings, workshop):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "joins_per_address": "4/10m"}
    for attempt in range(4):
        assert _join(BrowserClient(), workshop.join_code, f"Person {attempt}").status_code == 302

    _assert_429(_join(BrowserClient(), workshop.join_code, "Person 5"))
    assert Participant.objects.filter(workshop=workshop).count() == 4


# --- Sign-in and API tokens ----------------------------------------------------------------------


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.security.hashers.CountingHasher"]
    return CountingHasher


def test_wrong_passwords_lock_the_login_page_with_429_and_hash_nothing_more(counting_hasher, alice):
    alice.set_password("right-password-123")
    alice.save()
    browser = BrowserClient()
    for _ in range(2):
        response = browser.post(
            "/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.5"
        )
        assert response.status_code == 200

    locked = browser.post("/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
    _assert_429(locked)
    assert int(locked["Retry-After"]) == 15 * 60
    assert "Too many failed sign-ins" in locked.content.decode()

    hashed = CountingHasher.calls
    for _ in range(20):
        _assert_429(
            browser.post("/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
        )
    # Even the right password waits for the cool-off, and not one of those tries ran the hasher.
    _assert_429(
        browser.post(
            "/accounts/login/", {"username": "alice", "password": "right-password-123"}, REMOTE_ADDR="203.0.113.5"
        )
    )
    assert CountingHasher.calls == hashed


def test_an_account_is_locked_whatever_address_the_guesses_come_from(alice):
    for attempt in range(3):
        BrowserClient().post(
            "/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{attempt + 1}"
        )

    response = BrowserClient().post(
        "/accounts/login/", {"username": "alice", "password": "pass-word-123"}, REMOTE_ADDR="198.51.100.77"
    )

    _assert_429(response)


def test_a_failed_try_then_the_right_password_signs_in(alice):
    browser = BrowserClient()
    browser.post("/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="198.51.100.1")

    response = browser.post(
        "/accounts/login/", {"username": "alice", "password": "pass-word-123"}, REMOTE_ADDR="198.51.100.1"
    )

    assert response.status_code == 302


def test_the_token_endpoint_locks_out_with_429_and_retry_after(counting_hasher, alice):
    alice.set_password("right-password-123")
    alice.save()
    api = APIClient()
    for _ in range(2):
        response = api.post(
            "/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.6"
        )
        assert response.status_code == 400

    _assert_429(api.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.6"))
    hashed = CountingHasher.calls
    response = api.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "right-password-123"}, REMOTE_ADDR="203.0.113.6"
    )
    _assert_429(response)
    assert response.json()["code"] == "throttled"
    assert CountingHasher.calls == hashed


def test_the_token_endpoint_still_gives_a_token_for_the_right_password(alice):
    response = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "pass-word-123"})

    assert response.status_code == 200
    assert response.json()["token"]


# --- Participants' writes --------------------------------------------------------------------------


def test_a_flood_of_use_cases_from_one_phone_is_refused(bob_client, bob, workshop):
    for attempt in range(3):
        response = bob_client.post(f"/workshops/{workshop.pk}/use-cases/new/", {"title": f"Idea {attempt}"})
        assert response.status_code == 302

    response = bob_client.post(f"/workshops/{workshop.pk}/use-cases/new/", {"title": "One too many"})

    _assert_429(response)
    assert "One too many" in response.content.decode()
    assert workshop.use_cases.count() == 3


def test_a_flood_of_use_cases_on_the_api_is_refused(bob_api, bob, workshop):
    for attempt in range(3):
        assert (
            bob_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", {"title": f"Idea {attempt}"}).status_code == 201
        )

    _assert_429(bob_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", {"title": "Flood"}))
    assert workshop.use_cases.count() == 3


def test_every_participant_write_counts_and_other_participants_are_not_affected(bob_api, bob, workshop):
    from tests.factories import ParticipantFactory, UseCaseFactory

    workshop.phase = "vote"
    workshop.save()
    use_case = UseCaseFactory(workshop=workshop)
    for _ in range(8):
        assert bob_api.post(f"/api/v1/use-cases/{use_case.pk}/vote/", {"dots": 1}).status_code == 200

    _assert_429(bob_api.post(f"/api/v1/use-cases/{use_case.pk}/vote/", {"dots": 0}))
    _other, token = ParticipantFactory.with_token(workshop=workshop, display_name="Other")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Participant {token}")
    assert other.post(f"/api/v1/use-cases/{use_case.pk}/vote/", {"dots": 1}).status_code == 200


def test_facilitators_are_not_counted_as_participants(alice_client, workshop):
    for attempt in range(10):
        assert (
            alice_client.post(f"/workshops/{workshop.pk}/use-cases/new/", {"title": f"Seed {attempt}"}).status_code
            == 302
        )


# --- The client's address -----------------------------------------------------------------------


class _Request:
    def __init__(self, remote: str, forwarded: str | None = None) -> None:
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(_Request("203.0.113.1", "1.2.3.4")) == "203.0.113.1"


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["172.31.240.0/24"]

    assert client_ip(_Request("172.31.240.5", "198.51.100.9")) == "198.51.100.9"
    # A client forging the header only adds entries to the left of the one the proxy appended.
    assert client_ip(_Request("172.31.240.5", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    # A chain of trusted proxies is walked from the right.
    assert client_ip(_Request("172.31.240.5", "198.51.100.9, 172.31.240.7")) == "198.51.100.9"
    # Garbage stops the walk at the last address a trusted proxy vouched for.
    assert client_ip(_Request("172.31.240.5", "not-an-ip")) == "172.31.240.5"
    assert client_ip(_Request("::ffff:198.51.100.3")) == "198.51.100.3"


def test_an_untrusted_peer_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["172.31.240.0/24"]

    assert client_ip(_Request("203.0.113.50", "172.31.240.5")) == "203.0.113.50"


def test_a_guesser_forging_forwarded_addresses_is_still_counted_under_its_own(settings, workshop):
    settings.TRUSTED_PROXIES = ["172.31.240.0/24"]
    for attempt in range(5):
        _join(
            BrowserClient(),
            WRONG_CODE,
            f"Guesser {attempt}",
            ip="172.31.240.5",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 203.0.113.8",
        )

    forged = _join(
        BrowserClient(), WRONG_CODE, "Guesser", ip="172.31.240.5", HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.8"
    )
    _assert_429(forged)
    # Someone else behind the same proxy still joins.
    other = _join(
        BrowserClient(), workshop.join_code, "Colleague", ip="172.31.240.5", HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert other.status_code == 302


def test_an_operator_lifts_an_account_lockout_at_once(alice):
    from django.core.management import call_command

    for attempt in range(3):
        BrowserClient().post(
            "/accounts/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{attempt + 1}"
        )
    call_command("axes_reset_username", "alice", stdout=open(os.devnull, "w"))  # noqa: SIM115

    response = BrowserClient().post(
        "/accounts/login/", {"username": "alice", "password": "pass-word-123"}, REMOTE_ADDR="198.51.100.77"
    )

    assert response.status_code == 302
