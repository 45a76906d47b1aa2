"""POCs in a workshop's export (see workshop/portability.py).

One row per POC, holding its frozen baseline, its metrics, its definition of
done and its check-ins (each with the metrics' values). The planned-against-actual
figures are derived from these, never exported. Who started a POC or recorded a
check-in goes by username, as facilitators do: someone without an account here
keeps their name on the check-in (`recorded_by`) and loses the link.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from pocs.models import CheckIn, DodItem, Metric, MetricValue, Poc
from pocs.reprojection import baseline_from_json
from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS
from workshop.models import Workshop
from workshop.portability import (
    Refs,
    Section,
    at,
    check_fields,
    check_text,
    dump_value,
    register_section,
    restore_timestamps,
    rows_in,
)

POC_FIELDS = [
    "owner",
    "started_on",
    "planned_end_on",
    "success_criteria",
    "status",
    "verdict_reason",
    "verdict_by",
    "verdict_at",
    "open_items_at_verdict",
    "baseline_inputs",
    "baseline_figures",
]
METRIC_FIELDS = ["builtin", "name", "unit", "target", "direction", "order"]
DOD_FIELDS = ["code", "kind", "label", "state", "note", "order"]
CHECK_IN_FIELDS = [
    "date",
    "period_months",
    "effort_days",
    "run_cost",
    "inference_cost",
    "requests_served",
    "hours_saved",
    "other_gains",
    "notes",
    "recorded_by",
]
# Ids inside the POC events' data (workshop/portability.py swaps them for refs).
EVENT_REFS = {"poc": "poc", "check_in": "check_in", "metric": "metric"}


def _value(value: Any) -> Any:
    """Dates as ISO 8601 too (dump_value knows datetimes and decimals)."""
    if isinstance(value, date):
        return value.isoformat()
    return dump_value(value)


def _fields(instance: object, fields: list[str]) -> dict[str, Any]:
    return {f: _value(getattr(instance, f)) for f in fields}


def _username(user: Any) -> str | None:
    return None if user is None else str(user.get_username())


def _dump(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    pocs = list(
        Poc.objects.filter(use_case__workshop=workshop)
        .select_related("started_by")
        .order_by("use_case__created_at", "use_case_id")
    )
    metrics = list(Metric.objects.filter(poc__in=pocs).order_by("poc__use_case__created_at", "poc_id", "order", "pk"))
    items = list(DodItem.objects.filter(poc__in=pocs).order_by("poc__use_case__created_at", "poc_id", "order", "pk"))
    check_ins = list(
        CheckIn.objects.filter(poc__in=pocs)
        .select_related("recorded_by_user")
        .prefetch_related("values")
        .order_by("poc__use_case__created_at", "poc_id", "date", "pk")
    )
    names = refs.number("poc", "poc", [p.pk for p in pocs])
    refs.number("metric", "m", [m.pk for m in metrics])
    refs.number("check_in", "k", [c.pk for c in check_ins])
    rows = []
    for name, poc in zip(names, pocs, strict=True):
        rows.append(
            {
                "ref": name,
                "use_case": refs.ref("use_case", poc.use_case_id),
                **_fields(poc, POC_FIELDS),
                "started_by": _username(poc.started_by),
                "created_at": _value(poc.created_at),
                "updated_at": _value(poc.updated_at),
                "metrics": [
                    {"ref": refs.ref("metric", m.pk), **_fields(m, METRIC_FIELDS)}
                    for m in metrics
                    if m.poc_id == poc.pk
                ],
                "definition_of_done": [
                    {**_fields(item, DOD_FIELDS), "updated_at": _value(item.updated_at)}
                    for item in items
                    if item.poc_id == poc.pk
                ],
                "check_ins": [
                    {
                        "ref": refs.ref("check_in", c.pk),
                        **_fields(c, CHECK_IN_FIELDS),
                        "recorded_by_user": _username(c.recorded_by_user),
                        "created_at": _value(c.created_at),
                        "values": [
                            {"metric": refs.ref("metric", v.metric_id), "value": _value(v.value)}
                            for v in sorted(
                                c.values.all(), key=lambda v: v.pk
                            )  # restored in the order they were recorded
                        ],
                    }
                    for c in check_ins
                    if c.poc_id == poc.pk
                ],
            }
        )
    return rows


# The base scenario's figures as pocs.reprojection.freeze_baseline writes them; these may be null.
FIGURES = {"poc_cost", "annual_benefit", "annual_run_cost", "npv", "risk_adjusted_npv", "roi_percent", "irr"}
NULLABLE_FIGURES = {"roi_percent", "irr"}


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    try:
        return Decimal(str(value)).is_finite()
    except InvalidOperation:
        return False


def _check_baseline(inputs: Any, figures: Any) -> None:
    """The frozen estimate as freeze_baseline writes it: the ROI inputs in their ranges, the figures numbers."""
    if not isinstance(inputs, dict):
        raise ValidationError({"baseline_inputs": "must be an object of ROI inputs."})
    if not isinstance(figures, dict):
        raise ValidationError({"baseline_figures": "must be an object of figures."})
    for name, value in inputs.items():
        if name not in INPUT_FIELDS:
            raise ValidationError({f"baseline_inputs.{name}": "is not an input of the ROI estimate."})
        if not _is_number(value):
            raise ValidationError({f"baseline_inputs.{name}": f"must be a number, not {value!r}."})
    try:
        RoiEstimate(**inputs).clean_fields(exclude=["use_case", *(f for f in INPUT_FIELDS if f not in inputs)])
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        raise ValidationError({f"baseline_inputs.{name}": " ".join(e.messages[0] for e in errors)}) from None
    for name, value in figures.items():
        if name == "cumulative":
            if not isinstance(value, list) or not all(_is_number(amount) for amount in value):
                raise ValidationError({"baseline_figures.cumulative": "must be a list of amounts."})
        elif name == "payback_months":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValidationError({"baseline_figures.payback_months": "must be a whole number of months or null."})
        elif name not in FIGURES:
            raise ValidationError({f"baseline_figures.{name}": "is not a figure of the baseline."})
        elif not (_is_number(value) or (value is None and name in NULLABLE_FIGURES)):
            raise ValidationError({f"baseline_figures.{name}": f"must be a number, not {value!r}."})


def _check_frozen(poc: Poc) -> None:
    """JSON the POC page can read: its report is computed from the baseline on every view."""
    _check_baseline(poc.baseline_inputs, poc.baseline_figures)
    try:
        baseline_from_json(poc.baseline_inputs, poc.baseline_figures)
    except (KeyError, TypeError, ValueError, InvalidOperation, AssertionError):
        raise ValidationError("A POC's baseline is incomplete or malformed.") from None
    items = poc.open_items_at_verdict
    if not isinstance(items, list) or not all(isinstance(label, str) for label in items):
        raise ValidationError({"open_items_at_verdict": "must be a list of labels."})


def _list(row: dict[str, Any], name: str) -> list[Any]:
    value = row.get(name, [])
    if not isinstance(value, list):
        raise ValidationError({name: "must be a list."})
    return value


def _usernames(rows: list[Any]) -> set[str]:
    wanted = set()
    for row in rows:
        if not isinstance(row, dict):
            continue
        wanted.add(row.get("started_by"))
        check_ins = row.get("check_ins")
        for c in check_ins if isinstance(check_ins, list) else []:
            wanted.add(c.get("recorded_by_user") if isinstance(c, dict) else None)
    return {name for name in wanted if isinstance(name, str)}


def _load(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=_usernames(rows))}
    seen: set[int] = set()
    for path, row in rows_in("pocs", rows):
        with at(path):
            check_fields(row, Poc, [*POC_FIELDS, "created_at", "updated_at"], required=["ref", "use_case"])
            use_case_id = refs.required("use_case", row["use_case"], field="use_case")
            if use_case_id in seen:
                raise ValidationError({"use_case": "A use case has one POC: this is a second."})
            seen.add(use_case_id)
            poc = Poc(
                use_case_id=use_case_id,
                started_by=users.get(check_text(row, "started_by") or ""),
                **{f: row[f] for f in POC_FIELDS if f in row},
            )
            # clean_fields turns the document's strings into dates, datetimes and decimals, and checks them.
            poc.clean_fields(exclude=["use_case"])
            if poc.planned_end_on < poc.started_on:
                raise ValidationError({"planned_end_on": "A POC ends on or after the day it starts."})
            poc.full_clean(exclude=["use_case"])
            _check_frozen(poc)
            poc.save()
            refs.add("poc", row["ref"], poc.pk)
            metrics, items, check_ins = _list(row, "metrics"), _list(row, "definition_of_done"), _list(row, "check_ins")
        own_metrics: dict[str, int] = {}
        for index, spec in enumerate(metrics):
            with at(f"{path}.metrics[{index}]"):
                check_fields(spec, Metric, METRIC_FIELDS, required=["ref", "name"])
                metric = Metric(poc=poc, **{f: spec[f] for f in METRIC_FIELDS if f in spec})
                metric.full_clean()
                metric.save()
                refs.add("metric", spec["ref"], metric.pk)
                own_metrics[spec["ref"]] = metric.pk
        for index, spec in enumerate(items):
            with at(f"{path}.definition_of_done[{index}]"):
                check_fields(spec, DodItem, [*DOD_FIELDS, "updated_at"], required=["code", "label"])
                item = DodItem(poc=poc, **{f: spec[f] for f in DOD_FIELDS if f in spec})
                item.full_clean()
                item.save()
                restore_timestamps(DodItem, item.pk, spec, ["updated_at"])
        for index, spec in enumerate(check_ins):
            where = f"{path}.check_ins[{index}]"
            with at(where):
                check_fields(spec, CheckIn, [*CHECK_IN_FIELDS, "created_at"], required=["ref", "date"])
                check_in = CheckIn(
                    poc=poc,
                    recorded_by_user=users.get(check_text(spec, "recorded_by_user") or ""),
                    **{f: spec[f] for f in CHECK_IN_FIELDS if f in spec},
                )
                check_in.full_clean()
                check_in.save()
                restore_timestamps(CheckIn, check_in.pk, spec, ["created_at"])
                refs.add("check_in", spec["ref"], check_in.pk)
                values = _list(spec, "values")
            measured: set[str] = set()
            for number, value in enumerate(values):
                with at(f"{where}.values[{number}]"):
                    check_fields(value, MetricValue, ["value"], required=["metric", "value"])
                    # A value belongs to a metric of the same POC, never another one's, and is given once.
                    if value["metric"] not in own_metrics:
                        raise ValidationError(
                            {"metric": f"points at metric {value['metric']!r}, which is not one of this POC's."}
                        )
                    if value["metric"] in measured:
                        raise ValidationError({"metric": f"{value['metric']!r} is given twice in one check-in."})
                    measured.add(value["metric"])
                    metric_value = MetricValue(
                        check_in=check_in, metric_id=own_metrics[value["metric"]], value=value["value"]
                    )
                    metric_value.full_clean()
                    metric_value.save()
        with at(path):
            restore_timestamps(Poc, poc.pk, row, ["created_at", "updated_at"])


def register() -> None:
    # After the ROI estimates (70 > 60), before the events (90) that point at POCs.
    register_section(Section("pocs", 70, _dump, _load, event_refs=EVENT_REFS))
