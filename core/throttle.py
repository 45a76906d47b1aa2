"""How often one client may try: wrong join codes, joins, participant writes, new use cases.

Counts live in Django's cache (`CACHES["default"]`: Redis in production, the
database cache on a laptop), so every server process shares them. Rates are
settings (`RATE_LIMITS`, "count/period" as django-ratelimit reads them).
Password guessing is django-axes' job (settings `LOGIN_*`); its lockout
answer is `lockout_response` below.

The client's address comes from `client_ip`: the TCP peer, or, only when that
peer is one of `TRUSTED_PROXIES`, the last address in X-Forwarded-For that is
not a trusted proxy. A client cannot forge its way past: what it writes in
X-Forwarded-For sits to the left of what the proxy appends.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class RateLimited(Exception):
    """Too many tries: answered 429 with Retry-After (seconds) by the API and the pages alike."""

    def __init__(self, retry_after: int, message: str = "") -> None:
        self.retry_after = max(int(retry_after), 1)
        self.message = message or _("Too many attempts. Wait %(seconds)s seconds and try again.") % {
            "seconds": self.retry_after
        }
        super().__init__(self.message)


# --- Who is asking ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    # An IPv4 client seen through a dual-stack socket counts as its IPv4 address.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def client_ip(request: Any) -> str:
    """The client's address, reading X-Forwarded-For only as far as trusted proxies vouch for it."""
    peer = _ip(request.META.get("REMOTE_ADDR", "")) or ipaddress.ip_address("0.0.0.0")
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    if not trusted or not any(peer in net for net in trusted):
        return str(peer)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    address = peer
    # Right to left: each hop was appended by the proxy to its right; stop at the first we do not trust.
    for hop in reversed(hops):
        parsed = _ip(hop)
        if parsed is None:
            break  # garbage from the client: the last trusted hop is the best we know
        address = parsed
        if not any(parsed in net for net in trusted):
            break
    return str(address)


# --- Counting --------------------------------------------------------------------------------


def _usage(name: str, value: str, *, increment: bool) -> dict[str, int] | None:
    rate = settings.RATE_LIMITS.get(name)
    if not rate:
        return None
    key = hashlib.sha256(value.encode()).hexdigest()
    try:
        return get_usage(
            None, group=f"atelier.{name}", key=lambda _group, _request: key, rate=rate, increment=increment
        )
    except Exception:  # a cache outage must not stop the workshop: count nothing, say so
        log.exception("Rate limit %s not counted: the cache is unreachable.", name)
        return None


def check(name: str, value: str) -> None:
    """RateLimited if `value` has already used up limit `name` (counting nothing)."""
    usage = _usage(name, value, increment=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        raise RateLimited(usage["time_left"])


def consume(name: str, value: str) -> None:
    """Count one try of `value` against limit `name`; RateLimited once past it."""
    usage = _usage(name, value, increment=True)
    if usage is not None and usage["should_limit"]:
        raise RateLimited(usage["time_left"])


def count(name: str, value: str) -> None:
    """Count one (failed) try, never refusing: the next `check` refuses."""
    _usage(name, value, increment=True)


def _requester(request: HttpRequest, address: str, name_key: str) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    # Per address and name: guesses typed under "Zoe" elsewhere never keep this Zoe out of her room.
    return f"name:{address}:{name_key}"


@contextmanager
def join_attempt(request: HttpRequest, name_key: str) -> Iterator[None]:
    """Guard one join: refused once this address, or this account or (address, name), typed too many wrong codes.

    `name_key` is the typed name as names are compared (workshop.names.fold), so that
    look-alike spellings count as one name. Only wrong codes count against those two limits;
    every attempt counts against the (higher) joins-per-address limit, which bounds how many
    participants one address can create.
    """
    address = client_ip(request)
    who = _requester(request, address, name_key)
    check("join_failures_per_address", address)
    check("join_failures_per_name", who)
    consume("joins_per_address", address)
    try:
        yield
    except ValidationError as exc:
        if "join_code" in getattr(exc, "error_dict", {}):
            count("join_failures_per_address", address)
            count("join_failures_per_name", who)
        raise


def use_case_added(participant_id: int) -> None:
    """Count one new use case by a participant; RateLimited past `use_cases_per_participant`."""
    consume("use_cases_per_participant", f"participant:{participant_id}")


# --- Answers ---------------------------------------------------------------------------------


def too_many_response(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """429 with Retry-After: JSON under /api/, the page otherwise."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": exc.message, "code": "throttled"}, status=429)
    else:
        response = render(request, "429.html", {"message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def login_cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def login_locked_message() -> str:
    return _("Too many failed sign-ins. Wait %(minutes)s minutes and try again.") % {
        "minutes": max(login_cooloff_seconds() // 60, 1)
    }


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer once an address or an account is locked out of signing in."""
    return too_many_response(request, RateLimited(login_cooloff_seconds(), login_locked_message()))


class RateLimitMiddleware:
    """Counts participants' writes (pages and API) and turns RateLimited from any view into a 429.

    A participant is recognised by their credential (the API header or a
    board cookie) without a database query; signed-in users are not counted
    here (their sign-in is what django-axes limits).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in UNSAFE_METHODS and not request.user.is_authenticated:
            credential = _participant_credential(request)
            if credential:
                try:
                    consume("participant_writes", "token:" + hashlib.sha256(credential.encode()).hexdigest())
                except RateLimited as exc:
                    return too_many_response(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_response(request, exception)
        return None


def _participant_credential(request: HttpRequest) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(header) == 2 and header[0].lower() == "participant":
        return header[1]
    prefix = settings.PARTICIPANT_COOKIE_PREFIX
    return "|".join(sorted(v for k, v in request.COOKIES.items() if k.startswith(prefix)))
