"""The ROI page's form: it shows the inputs and keeps what the user typed.

Every field is a text input with a numeric keyboard, read in the reader's
language (`core.forms.NumberField`: "45,5" in French, refused in English, never
455) and shown back in it ("0,6"); ranges are checked in one place, `roi.services.roi_estimate_apply`, for
the page, its preview and the API.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.forms import NumberField
from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS

# The page's groups of inputs, in order.
GROUPS: list[tuple[Promise, tuple[str, ...]]] = [
    (_("Cost of the POC"), ("effort_days", "daily_rate", "setup_cost")),
    (_("Cost to run"), ("monthly_run_cost", "inference_cost_per_1k", "monthly_requests")),
    (_("Benefits"), ("hours_saved_per_month", "hourly_cost", "other_annual_gains")),
    (
        _("Assumptions"),
        (
            "ramp_months",
            "horizon_years",
            "discount_rate",
            "success_probability",
            "low_benefit_factor",
            "low_cost_factor",
            "high_benefit_factor",
            "high_cost_factor",
        ),
    ),
]

HELP = {
    "monthly_requests": _("Requests sent to the model each month."),
    "other_annual_gains": _("Extra revenue or savings per year not counted in hours."),
    "ramp_months": _("0 means full use from the first month."),
    "horizon_years": _("From 1 to 10 years."),
    "low_benefit_factor": _("Multiplies the benefits in the low scenario, e.g. 0.6."),
    "low_cost_factor": _("Multiplies the costs in the low scenario, e.g. 1.25."),
    "high_benefit_factor": _("Multiplies the benefits in the high scenario, e.g. 1.3."),
    "high_cost_factor": _("Multiplies the costs in the high scenario, e.g. 0.9."),
}

_INTEGER_FIELDS = {"ramp_months", "horizon_years"}


class RoiEstimateForm(forms.Form):
    def __init__(self, *args: object, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in INPUT_FIELDS:
            model_field = RoiEstimate._meta.get_field(name)
            assert isinstance(model_field, models.Field)  # every input is a concrete column
            self.fields[name] = NumberField(
                whole=name in _INTEGER_FIELDS,
                label=model_field.verbose_name,
                required=False,
                help_text=HELP.get(name, ""),
                disabled=read_only,
            )

    @classmethod
    def for_estimate(cls, estimate: RoiEstimate, *, read_only: bool = False) -> RoiEstimateForm:
        return cls(initial={name: getattr(estimate, name) for name in INPUT_FIELDS}, read_only=read_only)

    def groups(self) -> list[tuple[Promise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in GROUPS]
