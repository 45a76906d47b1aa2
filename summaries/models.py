from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshop.models import Language, Workshop


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
    # When it was last handed to the broker, or when its retry is due: the sweep's clock.
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Moved from the workshop app: the table, and its rows, stay where they were.
        db_table = "workshop_summary"
        ordering = ["-created_at", "-id"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")

    def __str__(self) -> str:
        return f"{self.workshop} — {self.get_status_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.status in {SummaryStatus.SUCCEEDED, SummaryStatus.FAILED}
