"""Participants: joining, erasure (GDPR), presence in the room, removal."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import Refused
from workshop import names, policy
from workshop.models import JOIN_CODE_LENGTH, Event, EventKind, Participant, Workshop
from workshop.names import normalise_display_name
from workshop.selectors import (
    Access,
    PollState,
    facilitated_workshop_ids,
    is_client_viewer,
    normalise_join_code,
    workshop_by_code,
)
from workshop.signals import participant_erased

if TYPE_CHECKING:
    from django.contrib.auth.models import User


MAX_NAME_LENGTH = 60


@transaction.atomic
def participant_join(
    *,
    join_code: str,
    display_name: str,
    current: Participant | None = None,
    rotate_token: bool = False,
    user: User | AnonymousUser | None = None,
) -> tuple[Participant, str | None]:
    """Join a workshop by its code under a display name unique in that workshop.

    `current` is the participant this browser (or API client) already is in
    that workshop, if any: rejoining keeps it. Returns the participant and its
    new secret token, or None when the existing token stays valid. `user` is
    the signed-in account making the request, if any: a manager of the
    workshop's client is refused (managers read, they never write).
    """
    code = normalise_join_code(join_code)
    name = normalise_display_name(display_name)
    errors: dict[str, str] = {}
    workshop = None
    if not code:
        errors["join_code"] = _("Enter the join code your facilitator gave you.")
    elif len(code) != JOIN_CODE_LENGTH or not (workshop := workshop_by_code(code)):
        errors["join_code"] = _("No workshop has this code. Check it with your facilitator.")
    elif not policy.takes_participants(workshop):
        errors["join_code"] = _("This workshop is closed and no longer takes participants.")
    if not name:
        errors["display_name"] = _("Enter the name others will see.")
    elif len(name) > MAX_NAME_LENGTH:
        errors["display_name"] = _("Keep your name under %(max)s characters.") % {"max": MAX_NAME_LENGTH}
    if errors:
        raise ValidationError(errors)
    assert workshop is not None
    if is_client_viewer(user, workshop.client_id) and workshop.pk not in facilitated_workshop_ids(user, [workshop.pk]):
        raise PermissionDenied(_("Managers read this workshop; they cannot join it as participants."))

    # Joins of one workshop take its row's lock first, so two look-alike names cannot both pass the check.
    Workshop.objects.select_for_update().filter(pk=workshop.pk).values_list("pk").get()
    others = Participant.objects.filter(workshop=workshop)
    if current is not None and current.workshop_id == workshop.pk:
        if current.display_name != name:
            if names.clashes(name, others.exclude(pk=current.pk).values_list("display_name", flat=True)):
                raise ValidationError({"display_name": _name_taken_message()})
            current.display_name = name
            current.save(update_fields=["display_name"])
            workshop.touch()
        token = None
        if rotate_token:
            token = current.set_new_token()
            current.save(update_fields=["token_hash"])
        return current, token

    if names.clashes(name, others.values_list("display_name", flat=True)):
        raise ValidationError({"display_name": _name_taken_message()})
    participant = Participant(workshop=workshop, display_name=name)
    token = participant.set_new_token()
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        # Two people typed the same name at the same moment.
        raise ValidationError({"display_name": _name_taken_message()}) from None
    Event.record(workshop, EventKind.JOINED, participant=participant)
    workshop.touch()
    return participant, token


@transaction.atomic
def participant_erase(*, access: Access, participant: Participant, keep_contributions: bool) -> Participant:
    """Erase a participant (GDPR): their name is replaced and their token revoked, at once.

    With `keep_contributions` their use cases, scores and votes stay, now
    anonymous; without, their scores and votes are removed (the dots go back)
    and their use cases stay with no author. The timeline links the
    participant rather than naming them, so their name leaves it too.
    """
    access.require_facilitator()
    if participant.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This participant belongs to another workshop."))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.erased_at is not None:
        raise Refused(_("This participant was already erased."), code="erased")
    _erase(participant, access.workshop, keep_contributions=keep_contributions, actor=access.actor.label)
    access.workshop.touch()
    return participant


def _erase(participant: Participant, workshop: Workshop, *, keep_contributions: bool, actor: str) -> None:
    old_name = participant.display_name
    participant.display_name = _erased_label(workshop)
    participant.set_new_token()  # the old token stops working; the new one is given to nobody
    participant.erased_at = timezone.now()
    participant.save(update_fields=["display_name", "token_hash", "erased_at"])
    # Timelines written before events linked participants named them as the actor.
    Event.objects.filter(workshop=workshop, actor__iexact=old_name, participant__isnull=True).update(actor="")
    participant_erased.send(sender=Participant, participant=participant, keep_contributions=keep_contributions)
    Event.record(workshop, EventKind.PARTICIPANT_ERASED, actor, participant=participant, kept=keep_contributions)


def _erased_label(workshop: Workshop) -> str:
    with translation.override(workshop.language):
        for number in range(workshop.participants.filter(erased_at__isnull=False).count() + 1, 10_000):
            label = _("Erased participant %(n)s") % {"n": number}
            if not workshop.participants.filter(display_name__iexact=label).exists():
                return label
    raise RuntimeError("No free label for an erased participant.")


def participant_mark_seen(*, participant: Participant, now: datetime | None = None) -> bool:
    """Note that `participant` is in the room; True when the mark was written.

    Every live poll calls this, so it writes at most once a minute: the row was
    just loaded with the token, so a fresh mark costs no query at all, and an old
    one costs a single conditional UPDATE whose WHERE also keeps two polls at the
    same moment from both writing. One statement needs no transaction, and the
    workshop's version is left alone: presence must not make every board reload.
    """
    now = now or timezone.now()
    written = _mark_seen(participant.pk, participant.last_seen_at, now)
    if written is not None:
        participant.last_seen_at = now
    return bool(written)


def participant_seen_at_poll(state: PollState, now: datetime | None = None) -> bool:
    """The presence mark for an unchanged poll, which loaded no participant: the same once-a-minute rule."""
    return bool(_mark_seen(state.participant_id, state.last_seen_at, now or timezone.now()))


def _mark_seen(participant_id: int, last_seen_at: datetime | None, now: datetime) -> int | None:
    """The once-a-minute presence rule: None when the mark is fresh, else how many rows the UPDATE wrote."""
    stale = now - timedelta(seconds=settings.PRESENCE_SECONDS)
    if last_seen_at is not None and last_seen_at >= stale:
        return None
    return (
        Participant.objects.filter(pk=participant_id)
        .filter(Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=stale))
        .update(last_seen_at=now)
    )


def _require_in_workshop(access: Access, participant: Participant) -> None:
    # Callers fetch participants through the workshop; this guards against a mismatched pair.
    if participant.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This participant belongs to another workshop."))


@transaction.atomic
def participant_remove(*, access: Access, participant: Participant) -> None:
    """Take a participant out of the workshop (facilitators).

    Their votes go back (the totals drop) and their scores go with them; their
    ideas stay, credited to "removed participant"; their token, in a cookie or
    the API, stops working at once. Erasing their data for GDPR is another service.
    """
    access.require_facilitator()
    access.require_open()
    _require_in_workshop(access, participant)
    # The same lock a vote takes: a vote in flight lands before the removal or not at all.
    locked = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if locked is None:
        return
    # Linked, not named: the link goes with the row, so the timeline keeps no name (a former participant).
    Event.record(access.workshop, EventKind.PARTICIPANT_REMOVED, access.actor.label, participant=locked)
    locked.delete()
    access.workshop.touch()


def _name_taken_message() -> str:
    return _("Someone in this workshop already uses this name. Add an initial or choose another.")
