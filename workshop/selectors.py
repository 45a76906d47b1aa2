"""Who may see what. Every read in pages and API is scoped through here.

A request is made by an `Actor`: a Django user, a participant (from the
browser cookie or an API token), or both. `workshop_access` turns an actor and
a workshop id into an `Access` (the workshop and the actor's role in it), or
raises Http404 so that an outsider cannot even tell the workshop exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeGuard

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Refused, ResultsHidden
from workshop import policy
from workshop.models import (
    PHASE_ORDER,
    Client,
    Event,
    EventKind,
    Participant,
    Phase,
    RejoinLink,
    Workshop,
    hash_token,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FACILITATOR_PERMISSION = "workshop.add_workshop"


class NotInWorkshop(Http404):
    """A 404 for workshop `workshop_id`: none by that id, or none this request may see (the same answer).

    A page answers it with the join page, with a word of explanation (workshop/middleware.py):
    a participant whose browser lost its cookie, or who was removed, can join again.
    """

    def __init__(self, workshop_id: int) -> None:
        super().__init__()
        self.workshop_id = workshop_id


class Role(StrEnum):
    FACILITATOR = "facilitator"
    VIEWER = "viewer"
    PARTICIPANT = "participant"


@dataclass(frozen=True)
class Actor:
    user: User | AnonymousUser | None = None
    participant: Participant | None = None

    @property
    def is_user(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def account(self) -> User | None:
        """The signed-in user, for the `…_by` foreign keys; None for a participant or an anonymous request."""
        return None if self.user is None or isinstance(self.user, AnonymousUser) else self.user

    @property
    def label(self) -> str:
        if self.user is not None and self.user.is_authenticated:
            return self.user.get_full_name() or self.user.get_username()
        if self.participant is not None:
            return self.participant.label
        return ""


@dataclass(frozen=True)
class Access:
    workshop: Workshop
    role: Role
    actor: Actor

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR

    @property
    def is_viewer(self) -> bool:
        return self.role == Role.VIEWER

    @property
    def is_participant(self) -> bool:
        return self.role == Role.PARTICIPANT

    @property
    def participant(self) -> Participant | None:
        return self.actor.participant if self.is_participant else None

    @property
    def can_see_results(self) -> bool:
        """Scores of others, the ranking and summaries: hidden from participants until revealed."""
        return self.role != Role.PARTICIPANT or self.workshop.results_revealed

    @property
    def can_see_authors(self) -> bool:
        """Who proposed which idea: hidden from everyone but facilitators when the workshop keeps ideas anonymous."""
        return self.is_facilitator or not self.workshop.anonymous_ideas

    @property
    def can_see_vote_totals(self) -> bool:
        """Everyone's dots on a use case (not one's own): for participants, once results are revealed.

        With `hide_vote_totals`, a reveal made before or during the Vote phase does not count for
        the totals: they stay hidden until the Vote phase is over, so early totals sway no later vote.
        """
        if self.role != Role.PARTICIPANT:
            return True
        workshop = self.workshop
        if not workshop.results_revealed:
            return False
        return not (workshop.hide_vote_totals and workshop.phase_index <= PHASE_ORDER.index(Phase.VOTE))

    def require_facilitator(self) -> None:
        """PermissionDenied unless the actor facilitates this workshop."""
        if not self.is_facilitator:
            raise PermissionDenied(_("Only a facilitator of this workshop can do this."))

    def require_results(self) -> None:
        """ResultsHidden (403) unless the actor may see results: the one answer of every page, endpoint and export."""
        if not self.can_see_results:
            raise ResultsHidden(_("Results are hidden until the facilitator reveals them."))

    def require_open(self) -> None:
        """Refused once the workshop is closed: read-only for everyone."""
        if not policy.is_open(self.workshop):
            raise Refused(_("This workshop is closed: nothing can be changed."), code="closed")


def audience_access(access: Access) -> Access:
    """What anyone in the room may see: a projected screen shows no more than a participant's own board would."""
    return Access(workshop=access.workshop, role=Role.PARTICIPANT, actor=Actor())


def user_can_facilitate(user: User | AnonymousUser | None) -> TypeGuard[User]:
    """Facilitators are users with the right to add workshops (the Facilitators group), or superusers."""
    return bool(user is not None and user.is_authenticated and user.has_perm(FACILITATOR_PERMISSION))


def workshops_for_user(user: User | AnonymousUser) -> QuerySet[Workshop]:
    """Workshops a user facilitates, or belonging to a client they view."""
    qs = Workshop.objects.select_related("client")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs.all()
    return qs.filter(Q(facilitators=user) | Q(client__viewers=user)).distinct()


def clients_for_user(user: User | AnonymousUser) -> QuerySet[Client]:
    """Clients a user may read: created, facilitated in, or viewed."""
    if not user.is_authenticated:
        return Client.objects.none()
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(Q(created_by=user) | Q(workshops__facilitators=user) | Q(viewers=user)).distinct()


def clients_for_facilitator(user: User | AnonymousUser) -> QuerySet[Client]:
    """Clients a facilitator may add workshops to and manage: those they created or facilitate in."""
    if not user_can_facilitate(user):
        return Client.objects.none()
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(Q(created_by=user) | Q(workshops__facilitators=user)).distinct()


def participant_from_token(token: str | None) -> Participant | None:
    if not token:
        return None
    return Participant.objects.select_related("workshop__client").filter(token_hash=hash_token(token)).first()


def rejoin_link_by_token(token: str | None) -> RejoinLink | None:
    """The rejoin link whose secret is `token`, used or not (the caller checks), or None."""
    if not token:
        return None
    return RejoinLink.objects.select_related("participant__workshop").filter(token_hash=hash_token(token)).first()


def present_since(now: datetime | None = None) -> datetime:
    """Seen after this moment means in the room now.

    A mark is refreshed by the first poll after it is a minute old, so a present
    participant's can be a minute plus a poll or two old: the slack keeps them
    from blinking out between two writes.
    """
    now = now or timezone.now()
    return now - timedelta(seconds=settings.PRESENCE_SECONDS + 2 * settings.LIVE_POLL_SECONDS)


@dataclass(frozen=True)
class Presence:
    participant: Participant
    present: bool


def people_in_room(workshop: Workshop) -> list[Presence]:
    """Every participant of `workshop`, in joining order, and whether they are in the room now."""
    since = present_since()
    return [
        Presence(participant=p, present=p.last_seen_at is not None and p.last_seen_at >= since)
        for p in workshop.participants.all()
    ]


def participant_for(access: Access, pk: int | str) -> Participant:
    """A participant of the workshop `access` was scoped to, or 404."""
    try:
        return access.workshop.participants.get(pk=int(pk))
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class PollState:
    """What an unchanged poll compares: whose board, and the workshop's room version and reveal."""

    participant_id: int
    room_version: int
    results_revealed: bool
    last_seen_at: datetime | None = None


_POLL_STATE_SQL: dict[str, tuple[str, tuple[str, ...], tuple[Any, ...]]] = {}
_TOKEN_MARK, _WORKSHOP_MARK = "poll-state-token-mark", -271828


def _poll_state_sql() -> tuple[str, tuple[str, ...], tuple[Any, ...]]:
    """The poll state's query as the ORM writes it, compiled once per database.

    With which param is which, and the selected columns, whose ORM converters turn the raw row
    into what a queryset returns (SQLite hands a raw cursor timestamps as text, booleans as 0/1).
    """
    vendor = connection.vendor
    if vendor not in _POLL_STATE_SQL:
        query = (
            Participant.objects.filter(token_hash=_TOKEN_MARK, workshop_id=_WORKSHOP_MARK)
            .values_list("pk", "workshop__room_version", "workshop__results_revealed", "last_seen_at")
            .order_by()[:1]
            .query
        )
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        columns = tuple(column for column, _sql, _alias in compiler.select)
        _POLL_STATE_SQL[vendor] = (sql, tuple("token" if p == _TOKEN_MARK else "workshop" for p in params), columns)
    return _POLL_STATE_SQL[vendor]


def _converted(value: Any, column: Any) -> Any:
    """`value` as the ORM returns it, converted on this thread's connection."""
    for convert in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
        value = convert(value, column, connection)
    return value


def participant_poll_state(token: str | None, workshop_id: int) -> PollState | None:
    """The poll state of the participant holding `token` in workshop `workshop_id`: one query, no model built.

    The hottest read of all (every board, every 3 s): the ORM compiles its SQL once
    (see `_poll_state_sql`), not on every poll.
    """
    if not token:
        return None
    sql, order, columns = _poll_state_sql()
    values: dict[str, str | int] = {"token": hash_token(token), "workshop": workshop_id}
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[name] for name in order])
        row = cursor.fetchone()
    if row is None:
        return None
    return PollState(*(_converted(value, column) for value, column in zip(row, columns, strict=True)))


def participant_cookie_name(workshop_id: int) -> str:
    return f"{settings.PARTICIPANT_COOKIE_PREFIX}{workshop_id}"


def actor_from_request(request: HttpRequest, workshop_id: int | None = None) -> Actor:
    """The user, plus the participant this browser joined `workshop_id` as (if any)."""
    participant = None
    if workshop_id is not None:
        participant = participant_from_token(request.COOKIES.get(participant_cookie_name(workshop_id)))
        if participant is not None and participant.workshop_id != workshop_id:
            participant = None
    user = getattr(request, "user", None)
    return Actor(user=user, participant=participant)


def workshop_role(*, actor: Actor, workshop: Workshop) -> Role | None:
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    if user is not None and (user.is_superuser or workshop.facilitators.filter(pk=user.pk).exists()):
        return Role.FACILITATOR
    # A manager stays a reader even with a participant's cookie in the same browser: managers never write.
    if user is not None and is_client_viewer(user, workshop.client_id):
        return Role.VIEWER
    if actor.participant is not None and actor.participant.workshop_id == workshop.pk:
        return Role.PARTICIPANT
    return None


def is_client_viewer(user: User | AnonymousUser | None, client_id: int) -> bool:
    """A manager of this client: reads every workshop of it, changes nothing."""
    if user is None or not user.is_authenticated:
        return False
    return Client.viewers.through.objects.filter(client_id=client_id, user_id=int(user.pk)).exists()


def facilitated_workshop_ids(user: User | AnonymousUser | None, workshop_ids: list[int]) -> set[int]:
    """Of `workshop_ids`, those `user` facilitates: the only ones whose join code they may read."""
    if user is None or not user.is_authenticated or not workshop_ids:
        return set()
    if user.is_superuser:
        return set(workshop_ids)
    through = Workshop.facilitators.through.objects
    return set(through.filter(user_id=int(user.pk), workshop_id__in=workshop_ids).values_list("workshop_id", flat=True))


def workshop_access(*, actor: Actor, pk: int | str) -> Access:
    """The workshop `pk` as `actor` may see it, or Http404 (NotInWorkshop, for a well-formed id)."""
    participant = actor.participant
    if not actor.is_user and participant is not None and str(participant.workshop_id) == str(pk):
        # The token lookup already loaded the participant's workshop: every poll saves a query.
        return Access(workshop=participant.workshop, role=Role.PARTICIPANT, actor=actor)
    try:
        workshop_id = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    try:
        workshop = Workshop.objects.select_related("client").get(pk=workshop_id)
    except Workshop.DoesNotExist:
        raise NotInWorkshop(workshop_id) from None
    role = workshop_role(actor=actor, workshop=workshop)
    if role is None:
        raise NotInWorkshop(workshop_id)
    return Access(workshop=workshop, role=role, actor=actor)


def workshop_by_code(code: str) -> Workshop | None:
    return Workshop.objects.filter(join_code=normalise_join_code(code)).first()


def normalise_join_code(code: str) -> str:
    """Upper-case, without the spaces and dashes people type when reading a code aloud."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def plan_exports(client: Client, limit: int = 20) -> list[Event]:
    """The latest plan exports of a client's workshops (who, when, which format), for the client's page."""
    return list(
        Event.objects.filter(workshop__client=client, kind=EventKind.PLAN_EXPORTED)
        .select_related("workshop")
        .order_by("-created_at", "-id")[:limit]
    )
