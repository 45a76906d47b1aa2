from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L, 5/S or 8/B: codes are read aloud and typed on phones.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


# Longest texts people type; the services, forms, API and a database constraint all hold them.
OBJECTIVE_MAX_LENGTH = 2000


CLIENT_NAME_MAX_LENGTH = 200


def max_length_constraint(model: str, field: str, limit: int) -> models.CheckConstraint:
    """The database's own guard on a text's length (SQLite ignores a varchar's length, PostgreSQL a text's)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=f"{model}_{field}_max_length")


def hash_token(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(token.encode()).hexdigest()


class Client(models.Model):
    name = models.CharField(_("name"), max_length=CLIENT_NAME_MAX_LENGTH)
    llm_allowed = models.BooleanField(
        _("LLM allowed"),
        default=True,
        help_text=_("Untick when this client forbids sending its data to any language model."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clients_created",
        verbose_name=_("created by"),
    )
    viewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="clients_viewed",
        verbose_name=_("viewers"),
        help_text=_("Managers who read every workshop of this client and export plans."),
    )
    # Managers read and never write, except where the client lets them record its POCs' progress.
    managers_record_pocs = models.BooleanField(
        _("Managers record POC check-ins and verdicts"),
        default=False,
        help_text=_("Tick to let this client's managers record POC check-ins and verdicts; they change nothing else."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [max_length_constraint("client", "name", CLIENT_NAME_MAX_LENGTH)]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COLLECT = "collect", _("Collect ideas")
    SCORE = "score", _("Score")
    VOTE = "vote", _("Vote")
    ROI = "roi", _("ROI")
    CLOSED = "closed", _("Closed")


PHASE_ORDER: list[str] = [p.value for p in Phase]

# What a participant can do in each phase, as the board tells them.
PHASE_HELP = {
    Phase.DRAFT: _("The workshop has not started yet. Wait here: the page follows the facilitator."),
    Phase.COLLECT: _("Add your AI use-case ideas. You can edit your own until the phase ends."),
    Phase.SCORE: _(
        "Score each use case from 1 to 5 on every criterion. Others cannot see your scores "
        "until the facilitator reveals the results."
    ),
    Phase.VOTE: _("Spend your votes on the use cases you would start first. You can take them back."),
    Phase.ROI: _("Help estimate the cost and return of the shortlisted proofs of concept."),
    Phase.CLOSED: _("The workshop is closed. Thank you for taking part!"),
}

# The same banner for the facilitator: what the room is doing and what to do next.
FACILITATOR_PHASE_HELP = {
    Phase.DRAFT: _(
        "Participants who join now wait on their board until you move to Collect ideas. "
        "Check the criteria and share the join code."
    ),
    Phase.COLLECT: _("Participants add their ideas. Merge duplicates as they come; move on when ideas run dry."),
    Phase.SCORE: _(
        "Participants score each use case; below, who has finished. Their scores stay hidden from each "
        "other until you reveal the results."
    ),
    Phase.VOTE: _("Participants spend their votes; the totals update below as they vote."),
    Phase.ROI: _("Estimate the cost and return of the shortlisted use cases; participants may fill in the inputs too."),
    Phase.CLOSED: _("The workshop is closed: everything is read-only. Export the plan to share it."),
}

# And for a manager, who reads along and changes nothing.
VIEWER_PHASE_HELP = {
    Phase.DRAFT: _("The workshop has not started yet."),
    Phase.COLLECT: _("Participants are adding their use-case ideas."),
    Phase.SCORE: _("Participants are scoring the use cases."),
    Phase.VOTE: _("Participants are voting for the use cases to start first."),
    Phase.ROI: _("The team is estimating the cost and return of the shortlisted use cases."),
    Phase.CLOSED: _("The workshop is closed. Export the plan to share it."),
}


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class Workshop(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("client"))
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), blank=True, max_length=OBJECTIVE_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.DRAFT)
    votes_per_participant = models.PositiveSmallIntegerField(_("votes per participant"), default=5)
    max_votes_per_use_case = models.PositiveSmallIntegerField(_("max votes on one use case"), default=3)
    results_revealed = models.BooleanField(_("results revealed"), default=False)
    phase_ends_at = models.DateTimeField(_("phase ends at"), null=True, blank=True)
    anonymous_ideas = models.BooleanField(
        _("anonymous ideas"),
        default=False,
        help_text=_("Authors are hidden from everyone but the facilitators: in pages, the API, exports and summaries."),
    )
    hide_vote_totals = models.BooleanField(
        _("hide vote totals while voting"),
        default=False,
        help_text=_(
            "Participants see only their own dots until the results are revealed after the Vote phase, "
            "so that early totals do not sway the later votes."
        ),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_workshops", verbose_name=_("facilitators")
    )
    # Bumped on every change; the live board's ETag.
    version = models.PositiveBigIntegerField(default=1)
    # Set with the version when scores or the criteria that weigh them change: the ranking's score
    # totals are kept for this (core/cache.py), so a vote or a reveal does not add them up again.
    scores_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped with the version by every change a participant's live banner, polled counters and
    # summary panel show; not by scores and votes, which only the facilitator's progress and the
    # results show. A hundred boards polling through a round of scoring keep their 204 on it.
    room_version = models.PositiveBigIntegerField(default=1, editable=False)
    room_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(votes_per_participant__gte=1) & models.Q(votes_per_participant__lte=50),
                name="workshop_votes_per_participant_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_votes_per_use_case__gte=1),
                name="workshop_max_votes_per_use_case_positive",
            ),
            max_length_constraint("workshop", "title", 200),
            max_length_constraint("workshop", "objective", OBJECTIVE_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshop:board", args=[self.pk])

    def touch(self, *, scores: bool = False, room: bool = True) -> None:
        """Bump the version so that every live board refreshes; `scores`: the scores or criteria changed too.

        `room=False` for a change no participant's polled board shows (a score, a
        vote): the room version stays, and so do the participants' ETags.

        Every write of a workshop ends here, on the same row, under its lock until
        the commit: one statement (UPDATE … RETURNING) keeps that lock short.
        """
        now = timezone.now()
        changes = {
            "updated_at": now,
            **({"scores_changed_at": now} if scores else {}),
            **({"room_changed_at": now} if room else {}),
        }
        counters = ["version", *(["room_version"] if room else [])]
        if not connection.features.can_return_rows_from_bulk_insert:  # no RETURNING (SQLite < 3.35)
            bumps = {name: models.F(name) + 1 for name in counters}
            Workshop.objects.filter(pk=self.pk).update(**bumps, **changes)
            self.refresh_from_db(fields=[*counters, *changes])
            return
        table, quote = Workshop._meta.db_table, connection.ops.quote_name
        stamp = Workshop._meta.get_field("updated_at").get_db_prep_value(now, connection)
        assignments = ", ".join(
            [
                *(f"{quote(name)} = {quote(name)} + 1" for name in counters),
                *(f"{quote(field)} = %s" for field in changes),
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE {quote('id')} = %s "
                f"RETURNING {', '.join(quote(name) for name in counters)}",
                [*(stamp for _ in changes), self.pk],
            )
            for name, value in zip(counters, cursor.fetchone(), strict=True):
                setattr(self, name, value)
        for field, value in changes.items():
            setattr(self, field, value)

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


_ERASED_NUMBER = re.compile(r"(\d+)$")


class Participant(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("workshop")
    )
    display_name = models.CharField(_("display name"), max_length=60)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # Set when a facilitator erased the participant: name replaced, token revoked.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                "workshop", Lower("display_name"), name="participant_unique_display_name_per_workshop"
            ),
            max_length_constraint("participant", "display_name", 60),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def label(self) -> str:
        """The name people read: an erased participant's placeholder in the reader's language, not the workshop's."""
        if self.erased_at is not None and (number := _ERASED_NUMBER.search(self.display_name)):
            return gettext("Erased participant %(n)s") % {"n": number.group(1)}
        return self.display_name

    def set_new_token(self) -> str:
        """Give the participant a fresh secret; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token


class RejoinLink(models.Model):
    """A single-use, expiring link that gives a locked-out participant their identity on a new device.

    Only the hash of its secret is stored, like the participant's own token.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="rejoin_links", verbose_name=_("participant")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rejoin link")
        verbose_name_plural = _("rejoin links")

    def __str__(self) -> str:
        return f"{self.participant} ({self.created_at:%Y-%m-%d %H:%M})"

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.expires_at > now


class EventKind(models.TextChoices):
    CREATED = "created", _("Workshop created")
    JOINED = "joined", _("Participant joined")
    PHASE_CHANGED = "phase_changed", _("Phase changed")
    TIMEBOX_SET = "timebox_set", _("Timebox set")
    REVEALED = "revealed", _("Results revealed")
    HIDDEN = "hidden", _("Results hidden")
    CODE_REGENERATED = "code_regenerated", _("Join code regenerated")
    MERGED = "merged", _("Use cases merged")
    STATUS_CHANGED = "status_changed", _("Use case status changed")
    SUMMARY_REQUESTED = "summary_requested", _("Summary requested")
    SETTINGS_CHANGED = "settings_changed", _("Workshop settings changed")
    USE_CASE_ADDED = "use_case_added", _("Use case added")
    USE_CASE_EDITED = "use_case_edited", _("Use case edited")
    USE_CASE_DELETED = "use_case_deleted", _("Use case deleted")
    CRITERIA_CHANGED = "criteria_changed", _("Criteria changed")
    ROI_SAVED = "roi_saved", _("ROI estimate saved")
    PARTICIPANT_ERASED = "participant_erased", _("Participant erased")
    CLIENT_CHANGED = "client_changed", _("Client settings changed")
    VIEWER_ADDED = "viewer_added", _("Manager given read access")
    VIEWER_REMOVED = "viewer_removed", _("Manager's read access removed")
    ASSESSMENT_SAVED = "assessment_saved", _("Pre-assessment saved")
    PLAN_EXPORTED = "plan_exported", _("Plan exported")
    POC_STARTED = "poc_started", _("POC started")
    POC_VERDICT = "poc_verdict", _("POC verdict recorded")
    PARTICIPANT_REMOVED = "participant_removed", _("Participant removed")
    REJOIN_LINK_CREATED = "rejoin_link_created", _("Rejoin link created")
    PARTICIPANT_REJOINED = "participant_rejoined", _("Participant rejoined")
    USE_CASES_IMPORTED = "use_cases_imported", _("Use cases imported")
    CRITERIA_TEMPLATE_APPLIED = "criteria_template_applied", _("Criteria template applied")
    POC_CHECK_IN = "poc_check_in", _("POC check-in recorded")
    POC_METRICS_CHANGED = "poc_metrics_changed", _("POC metrics changed")
    POC_DOD_CHANGED = "poc_dod_changed", _("POC definition of done updated")


class Event(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    # Who did it, as shown on the timeline: a user's name. A participant is linked instead, never
    # named here, so that erasing or deleting them takes their name off the timeline too.
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def record(
        cls, workshop: Workshop, kind: str, actor: str = "", *, participant: Participant | None = None, **data: object
    ) -> Event:
        return cls.objects.create(workshop=workshop, kind=kind, actor=actor[:150], participant=participant, data=data)

    @property
    def actor_label(self) -> str:
        """Who did it, for the timeline: the user, the participant's current name, or nobody named."""
        if self.actor:
            return self.actor
        if self.participant_id is not None:
            return self.participant.label  # type: ignore[union-attr]
        return str(_("a former participant")) if self.kind == EventKind.JOINED else ""
