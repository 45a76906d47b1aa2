"""Every write on clients, workshops and participants, with the rules that guard it.

Services take keyword arguments, check who may act, and raise
ValidationError (bad input, per field), PermissionDenied (not allowed) or
Refused (a rule of the workshop right now). Views and the API call these.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import Refused
from workshop.models import (
    CLIENT_NAME_MAX_LENGTH,
    JOIN_CODE_LENGTH,
    OBJECTIVE_MAX_LENGTH,
    PHASE_ORDER,
    Client,
    Event,
    EventKind,
    Language,
    Participant,
    Phase,
    RejoinLink,
    Workshop,
    hash_token,
    new_join_code,
)
from workshop.selectors import (
    Access,
    PollState,
    clients_for_facilitator,
    facilitated_workshop_ids,
    is_client_viewer,
    normalise_join_code,
    rejoin_link_by_token,
    user_can_facilitate,
    workshop_by_code,
)
from workshop.signals import participant_erased, phase_changed, workshop_created

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_TIMEBOX_MINUTES = 240


FACILITATORS_GROUP = "Facilitators"


def facilitators_group() -> Group:
    """The group whose members may create clients and workshops (made by a migration; remade if flushed)."""
    group, created = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    if created or not group.permissions.exists():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="workshop", codename__in=["add_workshop", "add_client"])
        )
    return group


def _label(user: User | AnonymousUser) -> str:
    if isinstance(user, AnonymousUser):
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def client_create(
    *,
    user: User | AnonymousUser,
    name: str,
    llm_allowed: bool = True,
    managers_record_pocs: bool = False,
) -> Client:
    if not user_can_facilitate(user):
        raise PermissionDenied(_("Only facilitators can create clients."))
    name = _clean_client_name(name)
    return Client.objects.create(
        name=name, llm_allowed=llm_allowed, managers_record_pocs=managers_record_pocs, created_by=user
    )


@transaction.atomic
def client_update(
    *,
    user: User | AnonymousUser,
    client: Client,
    name: str,
    llm_allowed: bool,
    managers_record_pocs: bool | None = None,
) -> Client:
    """Change a client's settings; `managers_record_pocs` left as None keeps its value."""
    if not clients_for_facilitator(user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only a facilitator of this client can change it."))
    name = _clean_client_name(name)
    settings_now = [("name", name), ("llm_allowed", llm_allowed)]
    if managers_record_pocs is not None:
        settings_now.append(("managers_record_pocs", managers_record_pocs))
    changed = [f for f, v in settings_now if getattr(client, f) != v]
    client.name = name
    client.llm_allowed = llm_allowed
    if managers_record_pocs is not None:
        client.managers_record_pocs = managers_record_pocs
    if not changed:
        return client  # nothing to save, and no board to refresh
    client.save(update_fields=["name", "llm_allowed", "managers_record_pocs"])
    for workshop in client.workshops.all():
        Event.record(workshop, EventKind.CLIENT_CHANGED, _label(user), fields=changed, llm_allowed=llm_allowed)
        workshop.touch()
    return client


def _clean_client_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Enter the client's name.")})
    limit = CLIENT_NAME_MAX_LENGTH
    if len(name) > limit:
        raise ValidationError({"name": _("Keep this under %(max)s characters.") % {"max": limit}})
    return name


def _client_facilitator_required(user: User | AnonymousUser, client: Client) -> None:
    if not clients_for_facilitator(user).filter(pk=client.pk).exists():
        raise PermissionDenied(_("Only a facilitator of this client can change who reads it."))


@transaction.atomic
def client_viewer_add(*, user: User | AnonymousUser, client: Client, username: str) -> User:
    """Give a user (found by username or email) read access to every workshop of `client`."""
    _client_facilitator_required(user, client)
    name = username.strip()
    if not name:
        raise ValidationError({"username": _("Enter the username or email of the person to add.")})
    users = get_user_model().objects.filter(is_active=True)
    viewer = users.filter(username__iexact=name).first()
    if viewer is None and "@" in name:
        by_email = list(users.filter(email__iexact=name)[:2])
        if len(by_email) > 1:
            raise ValidationError({"username": _("Several people use this email: enter their username.")})
        viewer = by_email[0] if by_email else None
    if viewer is None:
        raise ValidationError({"username": _("Nobody has this username or email. Check it or create the account.")})
    # A facilitator of the client already reads (and writes) everything of it.
    if viewer.is_superuser or clients_for_facilitator(viewer).filter(pk=client.pk).exists():
        raise ValidationError({"username": _("This person already facilitates this client: nothing to grant.")})
    client.viewers.add(viewer)
    # Read access to every workshop of the client: each timeline says who gave it to whom.
    for workshop in client.workshops.all():
        Event.record(workshop, EventKind.VIEWER_ADDED, _label(user), viewer=viewer.get_username())
    return viewer


@transaction.atomic
def client_viewer_remove(*, user: User | AnonymousUser, client: Client, viewer: User) -> None:
    """Take a viewer's read access to `client` away (a no-op if they had none)."""
    _client_facilitator_required(user, client)
    if not client.viewers.filter(pk=viewer.pk).exists():
        return
    client.viewers.remove(viewer)
    for workshop in client.workshops.all():
        Event.record(workshop, EventKind.VIEWER_REMOVED, _label(user), viewer=viewer.get_username())


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
def workshop_set_phase(*, access: Access, phase: str, minutes: int | None = None) -> Workshop:
    """Move the workshop to `phase` (forwards or back), optionally with a timebox in minutes."""
    access.require_facilitator()
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Unknown phase.")})
    workshop = Workshop.objects.select_for_update().get(pk=access.workshop.pk)
    old_phase = workshop.phase
    if phase == old_phase:
        return workshop
    workshop.phase = phase
    workshop.phase_ends_at = _timebox_end(minutes)
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


def _timebox_end(minutes: int | None) -> datetime | None:
    if minutes is None:
        return None
    if not 1 <= minutes <= MAX_TIMEBOX_MINUTES:
        raise ValidationError(
            {"minutes": _("A timebox lasts between 1 and %(max)s minutes.") % {"max": MAX_TIMEBOX_MINUTES}}
        )
    return timezone.now() + timedelta(minutes=minutes)


@transaction.atomic
def workshop_set_timebox(*, access: Access, minutes: int | None) -> Workshop:
    """Start (or clear, with None) a countdown for the current phase, shown to everyone."""
    access.require_facilitator()
    access.require_open()
    workshop = access.workshop
    workshop.phase_ends_at = _timebox_end(minutes)
    workshop.save(update_fields=["phase_ends_at", "updated_at"])
    Event.record(workshop, EventKind.TIMEBOX_SET, access.actor.label, minutes=minutes)
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


MAX_NAME_LENGTH = 60


def normalise_display_name(name: str) -> str:
    """The name as compared and stored: NFKC, no invisible characters, single spaces.

    Without this, "Bob" and "Bob" followed by a zero-width space (or written with
    full-width letters) would be two people who look the same on every screen.
    """
    name = unicodedata.normalize("NFKC", name)
    # Cf: zero-width spaces and joiners, bidi controls, soft hyphens; Cc: control characters.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in "\t\n")
    return " ".join(name.split())


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
    elif workshop.phase == Phase.CLOSED:
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

    taken = Participant.objects.filter(workshop=workshop, display_name__iexact=name)
    if current is not None and current.workshop_id == workshop.pk:
        if current.display_name != name:
            if taken.exclude(pk=current.pk).exists():
                raise ValidationError({"display_name": _name_taken_message()})
            current.display_name = name
            current.save(update_fields=["display_name"])
            workshop.touch()
        token = None
        if rotate_token:
            token = current.set_new_token()
            current.save(update_fields=["token_hash"])
        return current, token

    if taken.exists():
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


def _erased_label(workshop: Workshop) -> str:
    with translation.override(workshop.language):
        for number in range(workshop.participants.filter(erased_at__isnull=False).count() + 1, 10_000):
            label = _("Erased participant %(n)s") % {"n": number}
            if not workshop.participants.filter(display_name__iexact=label).exists():
                return label
    raise RuntimeError("No free label for an erased participant.")


# --------------------------------------------------------------------------- people in the room


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
    if link.participant.workshop.phase == Phase.CLOSED:
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


def _name_taken_message() -> str:
    return _("Someone in this workshop already uses this name. Add an initial or choose another.")
