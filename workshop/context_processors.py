"""What the top bar shows a participant: the way back to their own workshop."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from workshop.models import Participant, hash_token

# A browser that joined more workshops than this: the top bar looks at the latest cookies only.
MAX_COOKIES = 5


def participant_workshop_ids(request: HttpRequest) -> dict[int, str]:
    """Workshop id -> the participant token this browser holds for it (from the cookies' names)."""
    prefix = settings.PARTICIPANT_COOKIE_PREFIX
    found: dict[int, str] = {}
    for name, token in request.COOKIES.items():
        suffix = name.removeprefix(prefix)
        if name.startswith(prefix) and suffix.isdigit() and token:
            found[int(suffix)] = token
    return dict(sorted(found.items())[-MAX_COOKIES:])


def my_workshop(request: HttpRequest) -> dict[str, Callable[[], str]]:
    """`my_workshop_url`: the board of the workshop this browser last joined and is still in, or "".

    Lazy: only a page whose top bar shows it runs the one query (the polled fragments never do).
    Signed-in users have their dashboard instead.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {}
    tokens = participant_workshop_ids(request)
    if not tokens:
        return {}

    @cache
    def board_url() -> str:
        hashes = {hash_token(token): workshop_id for workshop_id, token in tokens.items()}
        latest = (
            Participant.objects.filter(token_hash__in=hashes)
            .order_by("-joined_at", "-pk")
            .values_list("token_hash", "workshop_id")
        )
        for token_hash, workshop_id in latest:
            if hashes[token_hash] == workshop_id:
                return reverse("workshop:board", args=[workshop_id])
        return ""

    return {"my_workshop_url": board_url}
