"""API shapes for ROI estimates and the portfolio. Rules live in roi.services."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from rest_framework import serializers

from core.api_fields import DecimalNumberField, IntegerNumberField
from core.numbers import machine_money
from roi.calculator import SCENARIOS, Figures
from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS


def _input_field(name: str) -> serializers.Field:
    """The API field for one input, with the model field's digits (so values round-trip exactly)."""
    model_field = RoiEstimate._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # every input is a concrete column
    help_text = str(model_field.verbose_name)
    if isinstance(model_field, models.DecimalField):
        return DecimalNumberField(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            required=False,
            help_text=help_text,
        )
    return IntegerNumberField(required=False, help_text=help_text)


class RoiInputsSerializer(serializers.Serializer):
    """The inputs of roi.calculator.RoiInputs. Types and digits only: ranges are the service's."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {name: _input_field(name) for name in INPUT_FIELDS}


def _money(value: Decimal) -> str:
    return machine_money(value) or ""


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def figures_data(figures: Figures) -> dict[str, object]:
    return {
        "poc_cost": _money(figures.poc_cost),
        "annual_benefit": _money(figures.annual_benefit),
        "annual_run_cost": _money(figures.annual_run_cost),
        "npv": _money(figures.npv),
        "risk_adjusted_npv": _money(figures.risk_adjusted_npv),
        "roi_percent": _rate(figures.roi_percent),
        "payback_months": figures.payback_months,
        "irr": _rate(figures.irr),
    }


class FiguresSerializer(serializers.Serializer):
    """One scenario's figures: money as strings with two decimals, rates as numbers, null where undefined."""

    poc_cost = serializers.DecimalField(max_digits=20, decimal_places=2)
    annual_benefit = serializers.DecimalField(max_digits=20, decimal_places=2)
    annual_run_cost = serializers.DecimalField(max_digits=20, decimal_places=2)
    npv = serializers.DecimalField(max_digits=20, decimal_places=2)
    risk_adjusted_npv = serializers.DecimalField(max_digits=20, decimal_places=2)
    roi_percent = serializers.FloatField(
        allow_null=True, help_text="ROI over the horizon, percent; null if POC cost is 0."
    )
    payback_months = serializers.IntegerField(allow_null=True, help_text="Null when not paid back within the horizon.")
    irr = serializers.FloatField(
        allow_null=True, help_text="Internal rate of return, annual percent; null if undefined."
    )


class ScenariosSerializer(serializers.Serializer):
    low = FiguresSerializer()
    base = FiguresSerializer()
    high = FiguresSerializer()


class RoiEstimateSerializer(RoiInputsSerializer):
    """An estimate's inputs, the workshop's currency and the figures of the three scenarios."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "use_case": serializers.IntegerField(read_only=True),
            "currency": serializers.CharField(read_only=True),
            "saved": serializers.BooleanField(
                read_only=True, help_text="False when no estimate was saved yet: the values are the defaults."
            ),
            "updated_at": serializers.DateTimeField(read_only=True, allow_null=True),
            **super().get_fields(),
            "figures": ScenariosSerializer(read_only=True),
        }


def estimate_data(estimate: RoiEstimate, figures: dict[str, Figures], *, currency: str) -> dict[str, object]:
    saved = estimate.pk is not None
    inputs = RoiInputsSerializer(instance=estimate).data
    return {
        "use_case": estimate.use_case_id,
        "currency": currency,
        "saved": saved,
        "updated_at": serializers.DateTimeField().to_representation(estimate.updated_at) if saved else None,
        **inputs,
        "figures": {name: figures_data(figures[name]) for name in SCENARIOS},
    }
