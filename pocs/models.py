"""POCs started from the shortlist: the frozen baseline, check-ins, AI metrics, definition of done, verdict."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from usecases.models import UseCase

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_NON_NEGATIVE = [MinValueValidator(Decimal(0))]
MAX_PERIOD_MONTHS = 36
MAX_REQUESTS = 2**63 - 1  # PositiveBigIntegerField's ceiling: larger counts are a 400, never a database error


def _amount(label: StrOrPromise) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=Decimal(0), validators=_NON_NEGATIVE)


class PocStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    GO = "go", _("Go (scale up)")
    NO_GO = "no_go", _("No go")
    EXTEND = "extend", _("Extended")


# A verdict is one of these; `running` is only ever the state before the first one.
VERDICTS = (PocStatus.GO, PocStatus.NO_GO, PocStatus.EXTEND)
# Still under way: check-ins are recorded and a verdict may follow.
OPEN_STATUSES = (PocStatus.RUNNING, PocStatus.EXTEND)


class Poc(models.Model):
    """One proof of concept of a shortlisted use case.

    `baseline_inputs` and `baseline_figures` freeze the ROI estimate (its inputs
    and its base-scenario figures, as strings) when the POC starts, so that a
    later edit of the estimate does not move the target the POC is measured against.
    """

    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="poc", verbose_name=_("use case"))
    owner = models.CharField(_("Owner"), max_length=150)
    started_on = models.DateField(_("Start date"))
    planned_end_on = models.DateField(_("Planned end date"))
    success_criteria = models.TextField(_("Success criteria"), blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=PocStatus.choices, default=PocStatus.RUNNING)
    verdict_reason = models.TextField(_("Reason"), blank=True)
    verdict_by = models.CharField(_("Verdict by"), max_length=150, blank=True)
    verdict_at = models.DateTimeField(_("Verdict at"), null=True, blank=True)
    # Labels of the definition-of-done items still open when `go` was confirmed.
    open_items_at_verdict = models.JSONField(_("Items open at the verdict"), default=list, blank=True)
    baseline_inputs = models.JSONField(_("Baseline inputs"), default=dict)
    baseline_figures = models.JSONField(_("Baseline figures"), default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("POC")
        verbose_name_plural = _("POCs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_on__gte=models.F("started_on")), name="poc_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"POC — {self.use_case}"

    def get_absolute_url(self) -> str:
        return reverse("pocs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class BuiltinMetric(models.TextChoices):
    """The AI quality metrics every POC tracks; the team adds its own beside them."""

    ERROR_RATE = "error_rate", _("Error rate")
    COST_PER_1K = "cost_per_1k", _("Cost per 1,000 requests")
    P95_LATENCY = "p95_latency", _("p95 latency")


class Metric(models.Model):
    poc = models.ForeignKey(Poc, on_delete=models.CASCADE, related_name="metrics")
    builtin = models.CharField(_("Built-in metric"), max_length=20, choices=BuiltinMetric.choices, blank=True)
    name = models.CharField(_("Metric"), max_length=100)
    unit = models.CharField(_("Unit"), max_length=30, blank=True)
    target = models.DecimalField(_("Target"), max_digits=14, decimal_places=4, null=True, blank=True)
    direction = models.CharField(_("Direction"), max_length=6, choices=Direction.choices, default=Direction.LOWER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.UniqueConstraint(fields=["poc", "name"], name="metric_unique_name_per_poc"),
            models.UniqueConstraint(
                fields=["poc", "builtin"], condition=~models.Q(builtin=""), name="metric_builtin_once_per_poc"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    @property
    def display_name(self) -> str:
        """A built-in metric in the reader's language; the team's own as they named it."""
        return str(BuiltinMetric(self.builtin).label) if self.builtin else self.name


class CheckIn(models.Model):
    """What one sprint review or month measured; `period_months` months in a row after the previous check-in."""

    poc = models.ForeignKey(Poc, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField(_("Date"))
    period_months = models.PositiveSmallIntegerField(
        _("Months covered"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIOD_MONTHS)]
    )
    effort_days = _amount(_("Effort spent (person-days)"))
    run_cost = _amount(_("Run cost"))
    inference_cost = _amount(_("Inference cost"))
    requests_served = models.PositiveBigIntegerField(_("Requests served"), default=0)
    hours_saved = _amount(_("Hours saved"))
    other_gains = _amount(_("Other gains"))
    notes = models.TextField(_("Notes"), blank=True)
    recorded_by = models.CharField(_("Recorded by"), max_length=150, blank=True)
    recorded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_months__gte=1) & models.Q(period_months__lte=MAX_PERIOD_MONTHS),
                name="checkin_period_months_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poc} — {self.date:%Y-%m-%d}"


class MetricValue(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("Value"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")
        constraints = [
            models.UniqueConstraint(fields=["check_in", "metric"], name="metric_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value}"


class DodState(models.TextChoices):
    NOT_DONE = "not_done", _("Not done")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class DodKind(models.TextChoices):
    ROBUSTNESS = "robustness", _("Robustness")
    TRANSPARENCY = "transparency", _("Transparency")
    HUMAN_OVERSIGHT = "human_oversight", _("Human oversight")
    DATA_GOVERNANCE = "data_governance", _("Data governance and GDPR")
    AI_ACT = "ai_act", _("AI Act obligation")
    COST = "cost", _("Cost within budget")


class DodItem(models.Model):
    """One item of a POC's AI definition of done. `label` keeps the English wording it was created with."""

    poc = models.ForeignKey(Poc, on_delete=models.CASCADE, related_name="dod_items")
    code = models.CharField(_("Code"), max_length=40)
    kind = models.CharField(_("Kind"), max_length=20, choices=DodKind.choices)
    label = models.CharField(_("Item"), max_length=300)
    state = models.CharField(_("State"), max_length=15, choices=DodState.choices, default=DodState.NOT_DONE)
    note = models.TextField(_("Note"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("definition-of-done item")
        verbose_name_plural = _("definition-of-done items")
        constraints = [
            models.UniqueConstraint(fields=["poc", "code"], name="dod_item_unique_code_per_poc"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def state_choices(self) -> Sequence[tuple[str, StrOrPromise]]:
        return DodState.choices

    @property
    def display_label(self) -> str:
        """The label in the reader's language (labels are stored as English source strings)."""
        return gettext(self.label)
