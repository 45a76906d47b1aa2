"""Forms of the POC pages. Types and digits only: the rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import NumberField
from pocs.models import MAX_PERIOD_MONTHS, MAX_REQUESTS, Direction, DodState, Metric, PocStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from pocs.services import CheckInData, MetricSpec, PocStartData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type="date"> reads, whatever the language


def _amount(
    label: StrOrPromise, *, required: bool = False, places: int = 2, help_text: StrOrPromise = ""
) -> NumberField:
    return NumberField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=places,
        help_text=help_text,
    )


def _measure(label: StrOrPromise, *, required: bool = True) -> NumberField:
    """A metric's value or target: any sign, up to four decimals."""
    return NumberField(label=label, required=required, max_digits=14, decimal_places=4)


class StartPocForm(forms.Form):
    owner = forms.CharField(label=_("Owner"), max_length=150)
    started_on = forms.DateField(label=_("Start date"), widget=DateInput())
    planned_end_on = forms.DateField(label=_("Planned end date"), widget=DateInput())
    success_criteria = forms.CharField(
        label=_("Success criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    error_rate_target = _amount(_("Target error rate (%)"), places=4)
    cost_per_1k_target = _amount(_("Target cost per 1,000 requests"), places=4)
    p95_latency_target = _amount(_("Target p95 latency (ms)"), places=4)
    metric_name = forms.CharField(label=_("Another metric: name"), max_length=100, required=False)
    metric_unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    metric_target = _amount(_("Target"), places=4)
    metric_direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.HIGHER)

    TARGETS = {
        "error_rate": "error_rate_target",
        "cost_per_1k": "cost_per_1k_target",
        "p95_latency": "p95_latency_target",
    }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("metric_name") and data.get("metric_target") is None and "metric_target" not in self.errors:
            self.add_error("metric_target", _("Give the metric a target."))
        return data

    def service_data(self) -> PocStartData:
        data = self.cleaned_data
        metrics: list[MetricSpec] = []
        if data.get("metric_name"):
            metrics.append(
                {
                    "name": data["metric_name"],
                    "unit": data.get("metric_unit", ""),
                    "target": data.get("metric_target"),
                    "direction": data.get("metric_direction") or Direction.HIGHER,
                }
            )
        return {
            "owner": data["owner"],
            "started_on": data["started_on"],
            "planned_end_on": data["planned_end_on"],
            "success_criteria": data.get("success_criteria", ""),
            "targets": {code: data.get(field) for code, field in self.TARGETS.items()},
            "metrics": metrics,
        }


class CheckInForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    period_months = NumberField(
        whole=True, label=_("Months covered"), min_value=1, max_value=MAX_PERIOD_MONTHS, initial=1
    )
    effort_days = _amount(_("Effort spent (person-days)"))
    run_cost = _amount(_("Run cost"))
    inference_cost = _amount(_("Inference cost"))
    requests_served = NumberField(
        whole=True, label=_("Requests served"), min_value=0, max_value=MAX_REQUESTS, required=False
    )
    hours_saved = _amount(_("Hours saved"))
    other_gains = _amount(_("Other gains"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, metrics: list[Metric], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.metrics = metrics
        for metric in metrics:
            label = f"{metric.display_name} ({metric.unit})" if metric.unit else metric.display_name
            self.fields[f"metric_{metric.pk}"] = _measure(label, required=False)

    def service_data(self) -> CheckInData:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "period_months": data["period_months"],
            "effort_days": data.get("effort_days") or Decimal(0),
            "run_cost": data.get("run_cost") or Decimal(0),
            "inference_cost": data.get("inference_cost") or Decimal(0),
            "requests_served": data.get("requests_served") or 0,
            "hours_saved": data.get("hours_saved") or Decimal(0),
            "other_gains": data.get("other_gains") or Decimal(0),
            "notes": data.get("notes", ""),
            "metric_values": {m.pk: data.get(f"metric_{m.pk}") for m in self.metrics},
        }


VERDICT_CHOICES = [
    (PocStatus.GO.value, _("Go (scale up)")),
    (PocStatus.NO_GO.value, _("No go")),
    (PocStatus.EXTEND.value, _("Extend")),
]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=VERDICT_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    # Shown only once a go was refused for open items: ticking it is the confirmation.
    confirm_open_items = forms.BooleanField(label=_("Record go with these items still open"), required=False)


class DodItemForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=DodState.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class MetricForm(forms.Form):
    name = forms.CharField(label=_("Metric"), max_length=100)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    target = _measure(_("Target"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.HIGHER)


class MetricTargetForm(forms.Form):
    target = _measure(_("Target"), required=False)
