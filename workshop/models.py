from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L, 5/S or 8/B: codes are read aloud and typed on phones.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def hash_token(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(token.encode()).hexdigest()


class Client(models.Model):
    name = models.CharField(_("name"), max_length=200)
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

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


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class Workshop(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("client"))
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.DRAFT)
    votes_per_participant = models.PositiveSmallIntegerField(_("votes per participant"), default=5)
    max_votes_per_use_case = models.PositiveSmallIntegerField(_("max votes on one use case"), default=3)
    results_revealed = models.BooleanField(_("results revealed"), default=False)
    phase_ends_at = models.DateTimeField(_("phase ends at"), null=True, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_workshops", verbose_name=_("facilitators")
    )
    # Bumped on every change; the live board's ETag.
    version = models.PositiveBigIntegerField(default=1)
    # Set with the version when scores or the criteria that weigh them change: the ranking's score
    # totals are kept for this (workshop/cache.py), so a vote or a reveal does not add them up again.
    scores_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
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
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshop:board", args=[self.pk])

    def touch(self, *, scores: bool = False) -> None:
        """Bump the version so that every live board refreshes; `scores`: the scores or criteria changed too.

        Every write of a workshop ends here, on the same row, under its lock until
        the commit: one statement (UPDATE … RETURNING) keeps that lock short.
        """
        now = timezone.now()
        changes = {"updated_at": now, **({"scores_changed_at": now} if scores else {})}
        if not connection.features.can_return_rows_from_bulk_insert:  # no RETURNING (SQLite < 3.35)
            Workshop.objects.filter(pk=self.pk).update(version=models.F("version") + 1, **changes)
            self.refresh_from_db(fields=["version", *changes])
            return
        table, quote = Workshop._meta.db_table, connection.ops.quote_name
        stamp = Workshop._meta.get_field("updated_at").get_db_prep_value(now, connection)
        assignments = "".join(f", {quote(field)} = %s" for field in changes)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote('version')} = {quote('version')} + 1{assignments} "
                f"WHERE {quote('id')} = %s RETURNING {quote('version')}",
                [*(stamp for _ in changes), self.pk],
            )
            self.version = cursor.fetchone()[0]
        for field, value in changes.items():
            setattr(self, field, value)

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


class Participant(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("workshop")
    )
    display_name = models.CharField(_("display name"), max_length=60)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                "workshop", Lower("display_name"), name="participant_unique_display_name_per_workshop"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def set_new_token(self) -> str:
        """Give the participant a fresh secret; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token


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


class Event(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    # Who did it, as shown on the timeline: a user's name or a participant's display name.
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def record(cls, workshop: Workshop, kind: str, actor: str = "", **data: object) -> Event:
        return cls.objects.create(workshop=workshop, kind=kind, actor=actor[:150], data=data)


class SummaryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class SummaryTrigger(models.TextChoices):
    MANUAL = "manual", _("Requested by a facilitator")
    PHASE_ENDED = "phase_ended", _("Phase ended")


class SummaryProvider(models.TextChoices):
    OPENAI = "openai", _("LLM (OpenAI-compatible)")
    BUILTIN = "builtin", _("Built-in (generated without an LLM)")


class Summary(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="summaries")
    trigger = models.CharField(_("trigger"), max_length=20, choices=SummaryTrigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.QUEUED, db_index=True
    )
    provider = models.CharField(_("provider"), max_length=10, choices=SummaryProvider.choices)
    # Why the built-in provider was used, when it was (no key, switched off, client forbids).
    provider_reason = models.CharField(_("provider reason"), max_length=200, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    input_hash = models.CharField(_("input hash"), max_length=64, db_index=True)
    snapshot = models.JSONField(_("input snapshot"), default=dict, blank=True)
    content = models.JSONField(_("content"), null=True, blank=True)
    markdown = models.TextField(_("Markdown"), blank=True)
    left_out = models.PositiveIntegerField(_("use cases left out"), default=0)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")

    def __str__(self) -> str:
        return f"{self.workshop} — {self.get_status_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.status in {SummaryStatus.SUCCEEDED, SummaryStatus.FAILED}
