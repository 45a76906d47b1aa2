"""Votes: a participant's dots per use case, within the budget, under concurrent requests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.exceptions import Refused
from usecases import policy
from usecases.models import UseCase, Vote
from usecases.services.guards import _refuse_phase, _require_own_workshop, _require_participant
from workshop.models import Participant
from workshop.selectors import Access


def _lock_participant(participant: Participant) -> Participant:
    # Serialises one participant's concurrent vote requests, so the budget check below
    # reads a sum nobody else is changing. (On SQLite, IMMEDIATE transactions serialise writers.)
    locked = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if locked is None:  # removed by a facilitator while this request was on its way
        raise PermissionDenied(_("You are no longer a participant of this workshop."))
    return locked


def _check_may_vote(access: Access, use_case: UseCase) -> Participant:
    _require_own_workshop(access, use_case)
    if access.is_facilitator:
        raise PermissionDenied(_("Facilitators do not vote."))
    participant = _require_participant(access, _("Only participants vote."))
    if not policy.may_vote(access):
        raise _refuse_phase(access, _("Votes can only be cast in the Vote phase."))
    return participant


def _set_dots(access: Access, participant: Participant, use_case: UseCase, dots: int) -> int:
    workshop = access.workshop
    if dots > 0 and not policy.may_vote(access, use_case):  # the role and the phase are checked: set aside
        raise Refused(_("This use case was merged or rejected: it takes no votes."), code="inactive")
    if dots > workshop.max_votes_per_use_case:
        raise Refused(
            _("At most %(max)s votes on one use case.") % {"max": workshop.max_votes_per_use_case},
            code="use_case_cap",
        )
    spent_elsewhere = (
        Vote.objects.filter(participant=participant).exclude(use_case=use_case).aggregate(total=Sum("dots"))["total"]
        or 0
    )
    if spent_elsewhere + dots > workshop.votes_per_participant:
        left = max(workshop.votes_per_participant - spent_elsewhere, 0)
        raise Refused(
            _("You have no votes left: take one back from another use case first.")
            if left == 0
            else _("Not enough votes left: you can put at most %(left)s on this use case.") % {"left": left},
            code="over_budget",
        )
    current = Vote.objects.filter(participant=participant, use_case=use_case).first()
    if dots == 0:
        if current is not None:
            current.delete()
    elif current is None:
        Vote.objects.create(participant=participant, use_case=use_case, dots=dots)
    elif current.dots != dots:
        current.dots = dots
        current.save(update_fields=["dots", "updated_at"])
    # Totals show on the facilitator's board and in the results, not on a participant's polled board.
    workshop.touch(room=False)
    return dots


@transaction.atomic
def vote_set(*, access: Access, use_case: UseCase, dots: int) -> int:
    """Set the participant's dots on a use case (0 takes them all back). The vote budget lives here."""
    participant = _check_may_vote(access, use_case)
    if isinstance(dots, bool) or not isinstance(dots, int) or dots < 0:
        raise ValidationError({"dots": _("Dots are a whole number from 0.")})
    participant = _lock_participant(participant)
    return _set_dots(access, participant, use_case, dots)


@transaction.atomic
def vote_change(*, access: Access, use_case: UseCase, delta: int) -> int:
    """Add (delta=1) or take back (delta=-1) dots; computed under the lock, so clicks never get lost."""
    participant = _check_may_vote(access, use_case)
    participant = _lock_participant(participant)
    current = Vote.objects.filter(participant=participant, use_case=use_case).values_list("dots", flat=True).first()
    dots = (current or 0) + delta
    if dots < 0:
        raise Refused(_("You have no vote on this use case to take back."), code="no_vote")
    return _set_dots(access, participant, use_case, dots)
