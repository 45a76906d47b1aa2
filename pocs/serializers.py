"""API shapes for POCs. Types and digits only: the rules are pocs.services'.

Money goes out as strings with two decimals (as the ROI API does), metric
values and targets as strings with up to four, months as integers, null where
undefined.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from rest_framework import serializers

from core.api_fields import DecimalNumberField, IntegerNumberField
from core.numbers import machine_money
from pocs.models import (
    MAX_PERIOD_MONTHS,
    MAX_REQUESTS,
    VERDICTS,
    CheckIn,
    Direction,
    DodItem,
    DodState,
    Metric,
    Poc,
    PocStatus,
)
from pocs.reprojection import Outcome, ToDate
from pocs.selectors import MetricReport, PocReport, PortfolioRow

if TYPE_CHECKING:
    from pocs.services import CheckInData


def _money_field(**kwargs: object) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def _amount_in(help_text: str) -> serializers.DecimalField:
    return DecimalNumberField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), default=Decimal(0), help_text=help_text
    )


def _measure_field(**kwargs: object) -> serializers.DecimalField:
    return DecimalNumberField(max_digits=14, decimal_places=4, **kwargs)  # type: ignore[arg-type]


# Input ----------------------------------------------------------------------


class MetricWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    unit = serializers.CharField(max_length=30, allow_blank=True, required=False, default="")
    target = _measure_field()
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.HIGHER)


class TargetsSerializer(serializers.Serializer):
    """Targets of the built-in metrics; each may be left out or null (no target yet)."""

    error_rate = _measure_field(required=False, allow_null=True, help_text="Error rate, percent (lower is better).")
    cost_per_1k = _measure_field(
        required=False, allow_null=True, help_text="Cost per 1,000 requests, workshop currency (lower is better)."
    )
    p95_latency = _measure_field(required=False, allow_null=True, help_text="p95 latency, ms (lower is better).")


class PocStartSerializer(serializers.Serializer):
    owner = serializers.CharField(max_length=150)
    started_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    success_criteria = serializers.CharField(allow_blank=True, required=False, default="")
    targets = TargetsSerializer(required=False)
    metrics = MetricWriteSerializer(many=True, required=False, help_text="The team's own metrics.")


class MetricValueWriteSerializer(serializers.Serializer):
    metric = serializers.IntegerField(help_text="A metric id of this POC.")
    value = _measure_field()


class CheckInWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    period_months = IntegerNumberField(min_value=1, max_value=MAX_PERIOD_MONTHS, default=1)
    effort_days = _amount_in("Effort spent, person-days.")
    run_cost = _amount_in("Run cost of the period.")
    inference_cost = _amount_in("LLM/inference cost of the period.")
    requests_served = IntegerNumberField(min_value=0, max_value=MAX_REQUESTS, default=0)
    hours_saved = _amount_in("Hours saved in the period.")
    other_gains = _amount_in("Other gains of the period.")
    metrics = MetricValueWriteSerializer(many=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False, default="")

    def validate_metrics(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: set[int] = set()
        for row in rows:
            if row["metric"] in seen:
                raise serializers.ValidationError(
                    gettext("Metric %(metric)s is given twice: give each metric one value.") % {"metric": row["metric"]}
                )
            seen.add(row["metric"])
        return rows

    def service_data(self) -> CheckInData:
        data = self.validated_data
        return {
            "date": data["date"],
            "period_months": data["period_months"],
            "effort_days": data["effort_days"],
            "run_cost": data["run_cost"],
            "inference_cost": data["inference_cost"],
            "requests_served": data["requests_served"],
            "hours_saved": data["hours_saved"],
            "other_gains": data["other_gains"],
            "metric_values": {row["metric"]: row["value"] for row in data.get("metrics", [])},
            "notes": data["notes"],
        }


class VerdictWriteSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[(v.value, v.label) for v in VERDICTS])
    reason = serializers.CharField()
    confirm_open_items = serializers.BooleanField(
        default=False, help_text="Required to record go while definition-of-done items are open (else 409)."
    )


class DodItemWriteSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=DodState.choices)
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class MetricTargetWriteSerializer(serializers.Serializer):
    target = _measure_field(allow_null=True)


# Output ---------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return machine_money(value)


def _measure(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


class OutcomeSerializer(serializers.Serializer):
    poc_cost = _money_field()
    npv = _money_field()
    risk_adjusted_npv = _money_field()
    payback_months = serializers.IntegerField(allow_null=True, help_text="Null when not paid back (yet).")


def outcome_data(outcome: Outcome | None) -> dict[str, object] | None:
    if outcome is None:
        return None
    return {
        "poc_cost": _money(outcome.poc_cost),
        "npv": _money(outcome.npv),
        "risk_adjusted_npv": _money(outcome.risk_adjusted_npv),
        "payback_months": outcome.payback_months,
    }


class ToDateSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    planned_spend = _money_field()
    planned_benefit = _money_field()
    planned_cumulative = _money_field()
    actual_spend = _money_field()
    actual_benefit = _money_field()
    actual_cumulative = _money_field()


def to_date_data(to_date: ToDate | None) -> dict[str, object] | None:
    if to_date is None:
        return None
    return {
        "months": to_date.months,
        **{
            name: _money(getattr(to_date, name))
            for name in (
                "planned_spend",
                "planned_benefit",
                "planned_cumulative",
                "actual_spend",
                "actual_benefit",
                "actual_cumulative",
            )
        },
    }


class MetricPointSerializer(serializers.Serializer):
    check_in = serializers.IntegerField()
    date = serializers.DateField()
    value = _measure_field()


class MetricSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    builtin = serializers.CharField(help_text="error_rate, cost_per_1k, p95_latency, or empty for the team's own.")
    unit = serializers.CharField()
    target = _measure_field(allow_null=True)
    direction = serializers.ChoiceField(choices=Direction.choices)
    latest = _measure_field(allow_null=True)
    on_target = serializers.BooleanField(allow_null=True, help_text="Null without a target or a value.")
    trend = serializers.ChoiceField(
        choices=["improving", "worsening", "steady"], allow_null=True, help_text="Last value against the previous one."
    )
    values = MetricPointSerializer(many=True)


def metric_data(report: MetricReport) -> dict[str, object]:
    metric = report.metric
    return {
        "id": metric.pk,
        "name": metric.display_name,
        "builtin": metric.builtin,
        "unit": metric.unit,
        "target": _measure(metric.target),
        "direction": metric.direction,
        "latest": _measure(report.latest),
        "on_target": report.on_target,
        "trend": report.trend,
        "values": [{"check_in": p.check_in_id, "date": p.date, "value": _measure(p.value)} for p in report.points],
    }


def bare_metric_data(metric: Metric) -> dict[str, object]:
    return metric_data(MetricReport(metric=metric, points=[]))


class DodItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField()
    state = serializers.ChoiceField(choices=DodState.choices)
    note = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" is also an attribute of every DRF field class: declared here, not as a class attribute.
        fields = super().get_fields()
        head = {name: fields.pop(name) for name in ("id", "code", "kind")}
        return {**head, "label": serializers.CharField(help_text="In the reader's language."), **fields}


def dod_item_data(item: DodItem) -> dict[str, object]:
    return {
        "id": item.pk,
        "code": item.code,
        "kind": item.kind,
        "label": item.display_label,
        "state": item.state,
        "note": item.note,
    }


class CheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    period_months = serializers.IntegerField()
    effort_days = _money_field()
    run_cost = _money_field()
    inference_cost = _money_field()
    requests_served = serializers.IntegerField()
    hours_saved = _money_field()
    other_gains = _money_field()
    notes = serializers.CharField()
    recorded_by = serializers.CharField()
    metrics = MetricValueWriteSerializer(many=True)


def check_in_data(check_in: CheckIn) -> dict[str, object]:
    return {
        "id": check_in.pk,
        "date": check_in.date,
        "period_months": check_in.period_months,
        **{
            name: _money(getattr(check_in, name))
            for name in ("effort_days", "run_cost", "inference_cost", "hours_saved", "other_gains")
        },
        "requests_served": check_in.requests_served,
        "notes": check_in.notes,
        "recorded_by": check_in.recorded_by,
        "metrics": [{"metric": v.metric_id, "value": _measure(v.value)} for v in check_in.values.all()],
    }


class PocStatusSerializer(serializers.Serializer):
    """What a participant reads of a POC: its status."""

    id = serializers.IntegerField()
    use_case = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=PocStatus.choices)


class PocSerializer(PocStatusSerializer):
    """A POC with its frozen baseline, actual figures to date and the re-projection."""

    workshop = serializers.IntegerField()
    currency = serializers.CharField()
    owner = serializers.CharField()
    started_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    success_criteria = serializers.CharField()
    verdict_reason = serializers.CharField()
    verdict_by = serializers.CharField()
    verdict_at = serializers.DateTimeField(allow_null=True)
    open_items_at_verdict = serializers.ListField(child=serializers.CharField())
    months_covered = serializers.IntegerField(help_text="M: the months the check-ins cover.")
    baseline = OutcomeSerializer(help_text="The ROI estimate's base scenario, frozen when the POC started.")
    actual = OutcomeSerializer(allow_null=True, help_text="Months 1..M as recorded; null before the first check-in.")
    reprojected = OutcomeSerializer(
        allow_null=True, help_text="Months 1..M as recorded, then the observed monthly net to the baseline's horizon."
    )
    to_date = ToDateSerializer(allow_null=True, help_text="Planned against actual over the months 1..M.")
    baseline_inputs = serializers.DictField(help_text="The ROI inputs frozen at the start (numbers as strings).")
    metrics = MetricSerializer(many=True)
    definition_of_done = DodItemSerializer(many=True)
    check_ins = CheckInSerializer(many=True)


def poc_status_data(poc: Poc) -> dict[str, object]:
    return {"id": poc.pk, "use_case": poc.use_case_id, "title": poc.use_case.title, "status": poc.status}


def poc_data(report: PocReport) -> dict[str, object]:
    poc = report.poc
    workshop = poc.use_case.workshop
    reprojection = report.reprojection
    return {
        **poc_status_data(poc),
        "workshop": workshop.pk,
        "currency": workshop.currency,
        "owner": poc.owner,
        "started_on": poc.started_on,
        "planned_end_on": poc.planned_end_on,
        "success_criteria": poc.success_criteria,
        "verdict_reason": poc.verdict_reason,
        "verdict_by": poc.verdict_by,
        "verdict_at": poc.verdict_at,
        "open_items_at_verdict": [_label(label) for label in poc.open_items_at_verdict],
        "months_covered": report.months_covered,
        "baseline": outcome_data(report.baseline.outcome),
        "actual": outcome_data(report.actual),
        "reprojected": outcome_data(report.reprojected),
        "to_date": to_date_data(reprojection.to_date if reprojection else None),
        "baseline_inputs": poc.baseline_inputs,
        "metrics": [metric_data(m) for m in report.metrics],
        "definition_of_done": [dod_item_data(item) for item in report.dod_items],
        "check_ins": [check_in_data(c) for c in report.check_ins],
    }


def _label(label: str) -> str:
    return gettext(label)


class PocPortfolioRowSerializer(serializers.Serializer):
    poc = serializers.IntegerField()
    workshop = serializers.IntegerField()
    workshop_title = serializers.CharField()
    currency = serializers.CharField()
    use_case = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.CharField()
    started_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    status = serializers.ChoiceField(choices=PocStatus.choices)
    verdict_reason = serializers.CharField()
    months_covered = serializers.IntegerField()
    baseline = OutcomeSerializer()
    reprojected = OutcomeSerializer(allow_null=True)
    metrics_on_target = serializers.IntegerField()
    metrics_evaluated = serializers.IntegerField(help_text="Metrics with a target and at least one value.")
    dod_done = serializers.IntegerField()
    dod_applicable = serializers.IntegerField(help_text="Items not marked not applicable.")


def portfolio_row_data(row: PortfolioRow) -> dict[str, object]:
    return {
        "poc": row.poc_id,
        "workshop": row.workshop_id,
        "workshop_title": row.workshop_title,
        "currency": row.currency,
        "use_case": row.use_case_id,
        "title": row.title,
        "owner": row.owner,
        "started_on": row.started_on,
        "planned_end_on": row.planned_end_on,
        "status": row.status,
        "verdict_reason": row.verdict_reason,
        "months_covered": row.months_covered,
        "baseline": outcome_data(row.baseline),
        "reprojected": outcome_data(row.reprojected),
        "metrics_on_target": row.metrics_on_target,
        "metrics_evaluated": row.metrics_evaluated,
        "dod_done": row.dod_done,
        "dod_applicable": row.dod_applicable,
    }
