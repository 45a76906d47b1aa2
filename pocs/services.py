"""Every write on POCs, with the rules that guard it.

Who may act: a facilitator of the workshop does everything; a manager (a
viewer of the client) records check-ins and verdicts only when the client
lets its managers do so (Client.managers_record_pocs); a participant never.
POCs are followed after the workshop, so a closed workshop does not stop them.

Rules: a POC starts from a shortlisted use case that has an ROI estimate,
once per use case; its baseline freezes that estimate. Check-ins and verdicts
are recorded while the POC is running or extended; `go` and `no_go` are final.
`go` with definition-of-done items still open needs `confirm_open_items`,
and the items left open are kept with the verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import Refused
from pocs import policy
from pocs.dod import dod_templates
from pocs.models import (
    MAX_PERIOD_MONTHS,
    VERDICTS,
    BuiltinMetric,
    CheckIn,
    Direction,
    DodItem,
    DodState,
    Metric,
    MetricValue,
    Poc,
    PocStatus,
)
from pocs.reprojection import freeze_baseline
from roi.calculator import is_estimated, scenarios
from roi.models import RoiEstimate
from roi.selectors import roi_inputs
from usecases.models import UseCase
from workshop.models import Event, EventKind
from workshop.selectors import Access


class MetricSpec(TypedDict, total=False):
    """A metric the team names, as poc_start and poc_metric_add read it."""

    name: str
    unit: str
    target: Decimal | None
    direction: str


class PocStartData(TypedDict):
    """What the start form and the API give poc_start, besides who and which use case."""

    owner: str
    started_on: date
    planned_end_on: date
    success_criteria: str
    targets: Mapping[str, Decimal | None]
    metrics: Sequence[MetricSpec]


class CheckInData(TypedDict):
    """What the check-in form and the API give poc_check_in_add, besides who and which POC."""

    date: date
    period_months: int
    effort_days: Decimal
    run_cost: Decimal
    inference_cost: Decimal
    requests_served: int
    hours_saved: Decimal
    other_gains: Decimal
    metric_values: Mapping[int, Decimal | None]
    notes: str


# The built-in metrics' units and directions; their targets are the team's.
BUILTIN_METRICS: dict[str, tuple[str, str]] = {
    BuiltinMetric.ERROR_RATE: ("%", Direction.LOWER),
    BuiltinMetric.COST_PER_1K: ("", Direction.LOWER),  # the workshop's currency
    BuiltinMetric.P95_LATENCY: ("ms", Direction.LOWER),
}


def _require_facilitator(access: Access) -> None:
    if not policy.may_change(access):
        raise PermissionDenied(_("Only a facilitator of this workshop can change this POC."))


def _require_recorder(access: Access) -> None:
    if policy.may_record(access):
        return
    if access.is_viewer:
        raise PermissionDenied(_("This client does not let managers record POC check-ins and verdicts."))
    raise PermissionDenied(_("Only a facilitator of this workshop can record this."))


def _require_same_workshop(access: Access, poc: Poc) -> None:
    if poc.use_case.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This POC belongs to another workshop."))


def _require_open(poc: Poc) -> None:
    if not poc.is_open:
        raise Refused(
            _("This POC has its verdict (%(status)s): nothing more can be recorded.")
            % {"status": poc.get_status_display()},
            code="poc_decided",
        )


def _check_fields(instance: Model, exclude: Sequence[str]) -> None:
    """The model fields' own checks (digits, ranges), as one ValidationError per field."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError({f: " ".join(m) for f, m in exc.message_dict.items()}) from None


def _on_timeline(access: Access, poc: Poc, kind: str, **data: object) -> None:
    """A POC change on the workshop's timeline, named by its use case; the board's live update shows it."""
    Event.record(
        access.workshop,
        kind,
        access.actor.label,
        participant=None,  # POCs are written by users only (facilitators, managers the client lets)
        poc=poc.pk,
        use_case=poc.use_case_id,
        title=poc.use_case.title,
        **data,
    )
    access.workshop.touch()


def _metric_errors(name: str, target: Decimal | None, direction: str, *, needs_target: bool) -> dict[str, str]:
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the metric.")
    if needs_target and target is None:
        errors["target"] = _("Give the metric a target.")
    if direction not in Direction.values:
        errors["direction"] = _("Choose whether higher or lower is better.")
    return errors


@transaction.atomic
def poc_start(
    *,
    access: Access,
    use_case: UseCase,
    owner: str,
    started_on: date,
    planned_end_on: date,
    success_criteria: str = "",
    targets: Mapping[str, Decimal | None] | None = None,
    metrics: Sequence[MetricSpec] = (),
) -> Poc:
    """Start the POC of a shortlisted use case, freezing its ROI estimate as the baseline.

    `targets` gives the built-in metrics' targets by code (error_rate,
    cost_per_1k, p95_latency); `metrics` adds the team's own, each with
    name, unit, target and direction. Creates the definition of done.
    """
    _require_facilitator(access)
    if use_case.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This use case belongs to another workshop."))
    # Lock the use case: two clicks on Start POC make one POC.
    use_case = UseCase.objects.select_for_update().get(pk=use_case.pk)
    if not policy.may_start_from(use_case):
        raise Refused(_("Only a shortlisted use case can start a POC."), code="not_shortlisted")
    if Poc.objects.filter(use_case=use_case).exists():
        raise Refused(_("This use case already has a POC."), code="poc_exists")
    estimate = RoiEstimate.objects.filter(use_case=use_case).first()
    if estimate is None or not is_estimated(scenarios(roi_inputs(estimate))):
        raise Refused(_("Estimate the ROI first: it becomes the POC's baseline."), code="no_estimate")

    errors: dict[str, str] = {}
    owner = owner.strip()
    if not owner:
        errors["owner"] = _("Name the POC's owner.")
    if planned_end_on < started_on:
        errors["planned_end_on"] = _("The planned end cannot be before the start.")
    targets = dict(targets or {})
    for code in targets:
        if code not in BUILTIN_METRICS:
            errors[code] = _("Unknown metric.")
    for index, spec in enumerate(metrics):
        spec_errors = _metric_errors(
            str(spec.get("name", "")),
            spec.get("target"),
            str(spec.get("direction", Direction.HIGHER)),
            needs_target=True,
        )
        if spec_errors:
            errors[f"metrics[{index}]"] = " ".join(spec_errors.values())
    names = [str(spec.get("name", "")).strip().casefold() for spec in metrics]
    if len(set(names)) < len(names) or _builtin_names() & set(names):
        errors.setdefault("metrics", _("Give each metric its own name."))
    if errors:
        raise ValidationError(errors)

    inputs = roi_inputs(estimate)
    baseline_inputs, baseline_figures = freeze_baseline(inputs, scenarios(inputs)["base"])
    poc = Poc(
        use_case=use_case,
        owner=owner,
        started_on=started_on,
        planned_end_on=planned_end_on,
        success_criteria=success_criteria.strip(),
        baseline_inputs=baseline_inputs,
        baseline_figures=baseline_figures,
        started_by=access.actor.account,
    )
    _check_fields(poc, exclude=["use_case", "started_by", "baseline_inputs", "baseline_figures"])
    poc.save()

    order = 0
    for code, (unit, direction) in BUILTIN_METRICS.items():
        target = targets.get(code)
        with translation.override("en"):  # stored in English, shown in the reader's language
            name = str(BuiltinMetric(code).label)
        Metric.objects.create(
            poc=poc,
            builtin=code,
            name=name,
            unit=unit or access.workshop.currency,
            target=target,
            direction=direction,
            order=order,
        )
        order += 1
    for spec in metrics:
        _metric_create(poc=poc, spec=spec, order=order)
        order += 1
    DodItem.objects.bulk_create(
        DodItem(poc=poc, code=t.code, kind=t.kind, label=t.label, order=i)
        for i, t in enumerate(dod_templates(use_case))
    )
    Event.record(
        access.workshop,
        EventKind.POC_STARTED,
        access.actor.label,
        poc=poc.pk,
        use_case=use_case.pk,
        title=use_case.title,
        new=PocStatus.RUNNING,
    )
    access.workshop.touch()
    return poc


def _builtin_names() -> set[str]:
    """The built-in metrics' names in English and in the current language, folded."""
    names = {str(label).casefold() for label in BuiltinMetric.labels}
    with translation.override("en"):
        names |= {str(label).casefold() for label in BuiltinMetric.labels}
    return names


def _metric_create(*, poc: Poc, spec: MetricSpec, order: int) -> Metric:
    metric = Metric(
        poc=poc,
        name=str(spec.get("name", "")).strip(),
        unit=str(spec.get("unit", "") or "").strip(),
        target=spec.get("target"),
        direction=str(spec.get("direction", Direction.HIGHER)),
        order=order,
    )
    _check_fields(metric, exclude=["poc"])
    try:
        with transaction.atomic():
            metric.save()
    except IntegrityError:
        raise ValidationError({"name": _("This POC already has a metric with this name.")}) from None
    return metric


@transaction.atomic
def poc_metric_add(
    *, access: Access, poc: Poc, name: str, unit: str = "", target: Decimal | None, direction: str
) -> Metric:
    """Add a metric the team names, with its unit, target and direction."""
    _require_facilitator(access)
    _require_same_workshop(access, poc)
    errors = _metric_errors(name, target, direction, needs_target=True)
    taken = {m.casefold() for m in poc.metrics.values_list("name", flat=True)} | _builtin_names()
    if name.strip().casefold() in taken:
        errors.setdefault("name", _("This POC already has a metric with this name."))
    if errors:
        raise ValidationError(errors)
    order = (poc.metrics.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    metric = _metric_create(
        poc=poc, spec={"name": name, "unit": unit, "target": target, "direction": direction}, order=order
    )
    _on_timeline(access, poc, EventKind.POC_METRICS_CHANGED, action="added", metric=metric.pk, name=metric.name)
    return metric


@transaction.atomic
def poc_metric_set_target(*, access: Access, poc: Poc, metric: Metric, target: Decimal | None) -> Metric:
    """Change a metric's target (a built-in one may have none)."""
    _require_facilitator(access)
    _require_same_workshop(access, poc)
    if metric.poc_id != poc.pk:
        raise PermissionDenied(_("This metric belongs to another POC."))
    if target is None and not metric.builtin:
        raise ValidationError({"target": _("Give the metric a target.")})
    old = metric.target
    metric.target = target
    _check_fields(metric, exclude=["poc"])
    metric.save(update_fields=["target"])
    if old != target:
        _on_timeline(
            access,
            poc,
            EventKind.POC_METRICS_CHANGED,
            action="target",
            metric=metric.pk,
            name=metric.name,
            old=None if old is None else str(old),
            target=None if target is None else str(target),
        )
    return metric


@transaction.atomic
def poc_check_in_add(
    *,
    access: Access,
    poc: Poc,
    date: date,
    period_months: int = 1,
    effort_days: Decimal = Decimal(0),
    run_cost: Decimal = Decimal(0),
    inference_cost: Decimal = Decimal(0),
    requests_served: int = 0,
    hours_saved: Decimal = Decimal(0),
    other_gains: Decimal = Decimal(0),
    metric_values: Mapping[int, Decimal | None] | None = None,
    notes: str = "",
) -> CheckIn:
    """Record what a sprint review or month measured, with the AI metrics' values (by metric id).

    The cost per 1,000 requests, left empty, is derived from the period's
    inference cost and requests served when requests were served.
    """
    _require_recorder(access)
    _require_same_workshop(access, poc)
    poc = Poc.objects.select_for_update().get(pk=poc.pk)
    _require_open(poc)
    metrics = {m.pk: m for m in poc.metrics.all()}
    values = {k: v for k, v in (metric_values or {}).items() if v is not None}
    errors: dict[str, str] = {}
    if date < poc.started_on:
        errors["date"] = _("A check-in cannot be dated before the POC started (%(date)s).") % {
            "date": poc.started_on.isoformat()
        }
    elif date > timezone.localdate():
        errors["date"] = _("A check-in records what was measured: it cannot be dated after today.")
    elif poc.check_ins.filter(date=date).exists():
        # One check-in per date: a double-clicked (or re-sent) check-in must not count its months twice.
        # The POC row is locked above, so two at once are checked one after the other.
        errors["date"] = _("This POC already has a check-in dated %(date)s: one check-in per date.") % {
            "date": date.isoformat()
        }
    if not 1 <= period_months <= MAX_PERIOD_MONTHS:
        errors["period_months"] = _("Between 1 and %(max)s months.") % {"max": MAX_PERIOD_MONTHS}
    for metric_id in values:
        if metric_id not in metrics:
            errors["metrics"] = _("Unknown metric for this POC.")
    check_in = CheckIn(
        poc=poc,
        date=date,
        period_months=period_months,
        effort_days=effort_days,
        run_cost=run_cost,
        inference_cost=inference_cost,
        requests_served=requests_served,
        hours_saved=hours_saved,
        other_gains=other_gains,
        notes=notes.strip(),
        recorded_by=access.actor.label,
        recorded_by_user=access.actor.account,
    )
    try:
        _check_fields(check_in, exclude=["poc", "recorded_by_user", *errors])
    except ValidationError as exc:
        errors.update({f: " ".join(m) for f, m in exc.message_dict.items()})
    for metric_id, value in values.items():
        probe = MetricValue(metric_id=metric_id, value=value)
        try:
            probe.clean_fields(exclude=["check_in", "metric"])
        except ValidationError as exc:
            errors[f"metric_{metric_id}"] = " ".join(exc.message_dict.get("value", exc.messages))
    if errors:
        raise ValidationError(errors)
    check_in.save()
    cost_metric = next((m for m in metrics.values() if m.builtin == BuiltinMetric.COST_PER_1K), None)
    if cost_metric is not None and cost_metric.pk not in values and requests_served > 0:
        values[cost_metric.pk] = (inference_cost * 1000 / requests_served).quantize(Decimal("0.0001"))
    MetricValue.objects.bulk_create(
        MetricValue(check_in=check_in, metric_id=metric_id, value=value) for metric_id, value in values.items()
    )
    _on_timeline(access, poc, EventKind.POC_CHECK_IN, check_in=check_in.pk, date=check_in.date.isoformat())
    return check_in


@transaction.atomic
def poc_dod_item_set(*, access: Access, poc: Poc, item: DodItem, state: str, note: str = "") -> DodItem:
    """Mark one definition-of-done item done, not done or not applicable, with a note."""
    _require_facilitator(access)
    _require_same_workshop(access, poc)
    if item.poc_id != poc.pk:
        raise PermissionDenied(_("This item belongs to another POC."))
    if state not in DodState.values:
        raise ValidationError({"state": _("Choose done, not done or not applicable.")})
    old = (item.state, item.note)
    item.state = state
    item.note = note.strip()
    item.save(update_fields=["state", "note", "updated_at"])
    if old != (item.state, item.note):
        _on_timeline(access, poc, EventKind.POC_DOD_CHANGED, item=item.code, old_state=old[0], state=state)
    return item


def open_items_message(labels: Sequence[str]) -> str:
    return ngettext(
        "%(count)s definition-of-done item is still open: %(items)s. Confirm to record go anyway.",
        "%(count)s definition-of-done items are still open: %(items)s. Confirm to record go anyway.",
        len(labels),
    ) % {"count": len(labels), "items": "; ".join(labels)}


@transaction.atomic
def poc_verdict_record(*, access: Access, poc: Poc, verdict: str, reason: str, confirm_open_items: bool = False) -> Poc:
    """Record go (scale up), no_go or extend, with a reason; an event on the workshop's timeline.

    `go` with open definition-of-done items is refused (code open_dod_items)
    unless `confirm_open_items`; then the open items are recorded with it.
    """
    _require_recorder(access)
    _require_same_workshop(access, poc)
    poc = Poc.objects.select_for_update().get(pk=poc.pk)
    _require_open(poc)
    errors = {}
    if verdict not in VERDICTS:
        errors["verdict"] = _("Choose go, no go or extend.")
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Say why: the reason goes on the timeline with the verdict.")
    if errors:
        raise ValidationError(errors)
    open_items = list(poc.dod_items.filter(state=DodState.NOT_DONE).order_by("order", "id"))
    if verdict == PocStatus.GO and open_items and not confirm_open_items:
        raise Refused(open_items_message([item.display_label for item in open_items]), code="open_dod_items")
    old = poc.status
    poc.status = verdict
    poc.verdict_reason = reason
    poc.verdict_by = access.actor.label
    poc.verdict_at = timezone.now()
    # English source labels, like the items' own: shown in the reader's language.
    poc.open_items_at_verdict = [item.label for item in open_items] if verdict == PocStatus.GO else []
    poc.save(
        update_fields=["status", "verdict_reason", "verdict_by", "verdict_at", "open_items_at_verdict", "updated_at"]
    )
    Event.record(
        access.workshop,
        EventKind.POC_VERDICT,
        access.actor.label,
        poc=poc.pk,
        use_case=poc.use_case_id,
        title=poc.use_case.title,
        old=old,
        new=verdict,
        reason=reason,
        open_items=poc.open_items_at_verdict,
    )
    access.workshop.touch()
    return poc
