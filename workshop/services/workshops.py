"""Workshops: creation, settings, phases, timebox, join code, reveal, and purging closed ones."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import Refused
from core.formatting import format_duration
from workshop.models import (
    OBJECTIVE_MAX_LENGTH,
    PHASE_ORDER,
    Client,
    Event,
    EventKind,
    Language,
    Phase,
    Workshop,
    new_join_code,
)
from workshop.selectors import Access, clients_for_facilitator, user_can_facilitate
from workshop.signals import phase_changed, workshop_created

if TYPE_CHECKING:
    from django.contrib.auth.models import User
from workshop.services.clients import _label
from workshop.services.participants import _erase


def _validate_objective(objective: str) -> None:
    if len(objective.strip()) > OBJECTIVE_MAX_LENGTH:
        raise ValidationError({"objective": _("Keep this under %(max)s characters.") % {"max": OBJECTIVE_MAX_LENGTH}})


def _clean_currency(currency: str) -> str:
    """An ISO 4217-like code, upper case: the forms and the API send what a person typed."""
    code = currency.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValidationError({"currency": _("Give a three-letter currency code, such as EUR.")})
    return code


def _validate_vote_settings(votes_per_participant: int, max_votes_per_use_case: int) -> None:
    errors = {}
    if not 1 <= votes_per_participant <= 50:
        errors["votes_per_participant"] = _("Give each participant between 1 and 50 votes.")
    if max_votes_per_use_case < 1:
        errors["max_votes_per_use_case"] = _("Allow at least one vote on a use case.")
    elif max_votes_per_use_case > votes_per_participant:
        errors["max_votes_per_use_case"] = _("Cannot be more than the votes per participant.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workshop_create(
    *,
    user: User | AnonymousUser,
    client: Client,
    title: str,
    objective: str = "",
    language: str = Language.EN,
    currency: str = "EUR",
    votes_per_participant: int = 5,
    max_votes_per_use_case: int = 3,
    anonymous_ideas: bool = False,
    hide_vote_totals: bool = False,
) -> Workshop:
    """Create a workshop in Draft with the default criteria; its creator facilitates it."""
    if not user_can_facilitate(user):
        raise PermissionDenied(_("Only facilitators can create workshops."))
    if not clients_for_facilitator(user).filter(pk=client.pk).exists():
        raise ValidationError({"client": _("Choose one of your clients.")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the workshop a title.")})
    _validate_objective(objective)
    _validate_vote_settings(votes_per_participant, max_votes_per_use_case)
    workshop = Workshop(
        client=client,
        title=title,
        objective=objective.strip(),
        language=language,
        currency=_clean_currency(currency),
        votes_per_participant=votes_per_participant,
        max_votes_per_use_case=max_votes_per_use_case,
        anonymous_ideas=bool(anonymous_ideas),
        hide_vote_totals=bool(hide_vote_totals),
        join_code=unused_join_code(),
    )
    workshop.full_clean(exclude=["join_code"])
    workshop.save()
    workshop.facilitators.add(user)
    # The default criteria are the use-case app's business: it listens.
    workshop_created.send(sender=Workshop, workshop=workshop, user=user)
    Event.record(workshop, EventKind.CREATED, _label(user))
    return workshop


def unused_join_code() -> str:
    """A join code no workshop has (the workshop's own, an imported one's when its code is taken)."""
    # 26^8 codes: a collision is rare, but the unique index has the last word.
    for _attempt in range(20):
        code = new_join_code()
        if not Workshop.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("Could not find an unused join code.")


@transaction.atomic
def workshop_update(
    *,
    access: Access,
    title: str,
    objective: str,
    language: str,
    currency: str,
    votes_per_participant: int,
    max_votes_per_use_case: int,
    anonymous_ideas: bool | None = None,
    hide_vote_totals: bool | None = None,
) -> Workshop:
    """Edit the workshop's settings (None leaves a flag as it is). The vote budget never drops below dots cast."""
    access.require_facilitator()
    access.require_open()
    workshop = access.workshop
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the workshop a title.")})
    _validate_objective(objective)
    _validate_vote_settings(votes_per_participant, max_votes_per_use_case)
    budget_changed = (votes_per_participant, max_votes_per_use_case) != (
        workshop.votes_per_participant,
        workshop.max_votes_per_use_case,
    )
    if budget_changed:
        _check_budget_covers_cast_votes(workshop, votes_per_participant, max_votes_per_use_case)
    new_values = {
        "title": title,
        "objective": objective.strip(),
        "language": language,
        "currency": _clean_currency(currency),
        "votes_per_participant": votes_per_participant,
        "max_votes_per_use_case": max_votes_per_use_case,
        **({"anonymous_ideas": bool(anonymous_ideas)} if anonymous_ideas is not None else {}),
        **({"hide_vote_totals": bool(hide_vote_totals)} if hide_vote_totals is not None else {}),
    }
    changed = sorted(field for field, value in new_values.items() if getattr(workshop, field) != value)
    for field, value in new_values.items():
        setattr(workshop, field, value)
    workshop.full_clean(exclude=["join_code", "client"])
    if not changed:
        return workshop  # nothing to save, and no board to refresh
    workshop.save()
    Event.record(workshop, EventKind.SETTINGS_CHANGED, access.actor.label, fields=changed)
    workshop.touch()
    return workshop


def _check_budget_covers_cast_votes(workshop: Workshop, budget: int, cap: int) -> None:
    """Refuse a budget or per-use-case cap lower than what a participant has already cast."""
    # Two queries: one aggregate over both would group the sums by vote row.
    spent = workshop.participants.annotate(total=Sum("votes__dots")).aggregate(most=Max("total"))
    spent.update(workshop.participants.aggregate(cap=Max("votes__dots")))
    errors = {}
    if spent["most"] and budget < spent["most"]:
        errors["votes_per_participant"] = _(
            "A participant has already cast %(n)s votes: the budget cannot be lower."
        ) % {"n": spent["most"]}
    if spent["cap"] and cap < spent["cap"]:
        errors["max_votes_per_use_case"] = _(
            "A participant already has %(n)s votes on one use case: the limit cannot be lower."
        ) % {"n": spent["cap"]}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workshop_set_phase(*, access: Access, phase: str, seconds: int | None = None) -> Workshop:
    """Move the workshop to `phase` (forwards or back), optionally with a timebox of `seconds`."""
    access.require_facilitator()
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Unknown phase.")})
    workshop = Workshop.objects.select_for_update().get(pk=access.workshop.pk)
    old_phase = workshop.phase
    if phase == old_phase:
        return workshop
    workshop.phase = phase
    workshop.phase_ends_at = _timebox_end(seconds)
    workshop.save(update_fields=["phase", "phase_ends_at", "updated_at"])
    Event.record(workshop, EventKind.PHASE_CHANGED, access.actor.label, old=old_phase, new=phase)
    workshop.touch()
    # A phase that ends queues a summary: the summaries app listens and keeps that rule.
    phase_changed.send(sender=Workshop, workshop=workshop, old_phase=old_phase, new_phase=phase, actor=access.actor)
    access.workshop.__dict__.update(workshop.__dict__)
    return workshop


def workshop_step_phase(*, access: Access, step: int) -> Workshop:
    """Next phase (step=1) or previous phase (step=-1)."""
    index = access.workshop.phase_index + step
    if not 0 <= index < len(PHASE_ORDER):
        raise Refused(_("There is no phase in that direction."), code="no_phase")
    return workshop_set_phase(access=access, phase=PHASE_ORDER[index])


def timebox_seconds(amount: Decimal | int | None, *, unit: str = "s", field: str = "seconds") -> int | None:
    """A timebox typed as `amount` seconds (unit "s") or minutes (unit "min"), in whole seconds; None for none.

    0,5 min is 30 s; a timebox that is not a whole number of seconds (0,33 min) is refused, never rounded.
    Errors name `field`, the input the amount came from.
    """
    if amount is None:
        return None
    seconds = Decimal(amount) * (60 if unit == "min" else 1)
    if seconds != seconds.to_integral_value():
        raise ValidationError({field: _("A timebox counts whole seconds: give it in seconds.")})
    return int(seconds)


def timebox_bounds_message() -> str:
    language = translation.get_language()
    return _("A timebox lasts from %(min)s to %(max)s.") % {
        "min": format_duration(settings.TIMEBOX_MIN_SECONDS, language=language),
        "max": format_duration(settings.TIMEBOX_MAX_SECONDS, language=language),
    }


def _timebox_end(seconds: int | None, *, field: str = "seconds") -> datetime | None:
    if seconds is None:
        return None
    if not settings.TIMEBOX_MIN_SECONDS <= seconds <= settings.TIMEBOX_MAX_SECONDS:
        raise ValidationError({field: timebox_bounds_message()})
    return timezone.now() + timedelta(seconds=seconds)


@transaction.atomic
def workshop_set_timebox(*, access: Access, seconds: int | None) -> Workshop:
    """Start (or clear, with None) a countdown of `seconds` for the current phase, shown to everyone."""
    access.require_facilitator()
    access.require_open()
    workshop = access.workshop
    workshop.phase_ends_at = _timebox_end(seconds)
    workshop.save(update_fields=["phase_ends_at", "updated_at"])
    Event.record(workshop, EventKind.TIMEBOX_SET, access.actor.label, seconds=seconds)
    workshop.touch()
    return workshop


@transaction.atomic
def workshop_regenerate_code(*, access: Access) -> Workshop:
    """A new join code; the old one stops working, participants already in stay in."""
    access.require_facilitator()
    access.require_open()
    workshop = access.workshop
    old = workshop.join_code
    workshop.join_code = unused_join_code()
    workshop.save(update_fields=["join_code", "updated_at"])
    Event.record(workshop, EventKind.CODE_REGENERATED, access.actor.label, old=old)
    workshop.touch()
    return workshop


@transaction.atomic
def workshop_reveal(*, access: Access, revealed: bool = True) -> Workshop:
    """Show (or hide again) everyone's scores, the ranking and summaries to participants."""
    access.require_facilitator()
    access.require_open()
    workshop = access.workshop
    if workshop.results_revealed == revealed:
        return workshop
    workshop.results_revealed = revealed
    workshop.save(update_fields=["results_revealed", "updated_at"])
    Event.record(workshop, EventKind.REVEALED if revealed else EventKind.HIDDEN, access.actor.label)
    workshop.touch()
    return workshop


@transaction.atomic
def workshops_purge_closed(*, older_than_days: int, anonymise: bool = False, dry_run: bool = False) -> list[int]:
    """Closed workshops unchanged for `older_than_days` days: deleted, or kept with every participant erased.

    Run by the operator (`manage.py purge_closed`), not by a user: what a
    participant gave is kept no longer than the installation promises.
    Anonymising keeps the results (use cases, anonymous scores and votes,
    ROI, summaries); it is idempotent. Returns the workshops' ids.
    """
    if older_than_days < 0:
        raise ValidationError({"older_than_days": _("Give a number of days, 0 or more.")})
    cutoff = timezone.now() - timedelta(days=older_than_days)
    workshops = list(Workshop.objects.filter(phase=Phase.CLOSED, updated_at__lt=cutoff).order_by("pk"))
    ids = [w.pk for w in workshops]
    if dry_run:
        return ids
    for workshop in workshops:
        if anonymise:
            for participant in workshop.participants.select_for_update().filter(erased_at__isnull=True):
                _erase(participant, workshop, keep_contributions=True, actor="purge_closed")
            # Untouched, so that the next run does not count this as a change.
        else:
            workshop.delete()
    return ids
