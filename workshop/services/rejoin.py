"""Rejoin links: a single-use way back in for a participant locked out of their device."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Refused
from workshop import policy
from workshop.models import Event, EventKind, Participant, RejoinLink, hash_token
from workshop.selectors import Access, rejoin_link_by_token

if TYPE_CHECKING:
    pass
from workshop.services.participants import _require_in_workshop


@transaction.atomic
def participant_rejoin_link(*, access: Access, participant: Participant) -> tuple[RejoinLink, str]:
    """A single-use link that lets a locked-out participant back in on another device (facilitators).

    Returns the link and its secret, shown once: only the hash is stored. A new
    link replaces any unused one, so at most one is ever live per participant.
    """
    access.require_facilitator()
    access.require_open()
    _require_in_workshop(access, participant)
    participant.rejoin_links.filter(used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    link = RejoinLink.objects.create(
        participant=participant,
        token_hash=hash_token(token),
        created_by=access.actor.user if isinstance(access.actor.user, get_user_model()) else None,
        expires_at=timezone.now() + timedelta(seconds=settings.REJOIN_LINK_MAX_AGE_SECONDS),
    )
    Event.record(access.workshop, EventKind.REJOIN_LINK_CREATED, access.actor.label, participant=participant)
    return link, token


def _unusable_link() -> Refused:
    return Refused(
        _("This rejoin link has expired or was already used. Ask your facilitator for a new one."),
        code="rejoin_link_unusable",
    )


def rejoin_link_refusal(link: RejoinLink | None, now: datetime | None = None) -> Refused | None:
    """Why a rejoin link cannot be used now, or None when it can."""
    now = now or timezone.now()
    if link is None or not link.is_usable(now):
        return _unusable_link()
    if not policy.takes_participants(link.participant.workshop):
        return Refused(_("This workshop is closed and no longer takes participants."), code="closed")
    return None


@transaction.atomic
def participant_rejoin(*, token: str) -> tuple[Participant, str]:
    """Use a rejoin link: this device becomes the participant again, with a fresh token.

    The participant keeps their id, ideas, scores and votes. The link is claimed
    by a conditional update, so two devices racing with one link get one
    participant between them; the old token stops working, so a lost phone keeps no access.
    """
    now = timezone.now()
    link = rejoin_link_by_token(token)
    if (refusal := rejoin_link_refusal(link, now)) is not None:
        raise refusal
    assert link is not None
    if not RejoinLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        raise _unusable_link()
    participant = link.participant
    secret = participant.set_new_token()
    participant.save(update_fields=["token_hash"])
    Event.record(participant.workshop, EventKind.PARTICIPANT_REJOINED, participant=participant)
    return participant, secret
