"""API shapes for ROI estimates and the portfolio. Rules live in roi.services."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from roi.calculator import SCENARIOS, Figures
from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS, Portfolio


def _input_field(name: str) -> serializers.Field:
    """The API field for one input, with the model field's digits (so values round-trip exactly)."""
    model_field = RoiEstimate._meta.get_field(name)
    help_text = str(model_field.verbose_name)
    if model_field.get_internal_type() == "DecimalField":
        return serializers.DecimalField(
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            required=False,
            help_text=help_text,
        )
    return serializers.IntegerField(required=False, help_text=help_text)


class RoiInputsSerializer(serializers.Serializer):
    """The inputs of roi.calculator.RoiInputs. Types and digits only: ranges are the service's."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {name: _input_field(name) for name in INPUT_FIELDS}


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


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


class PortfolioRowSerializer(serializers.Serializer):
    use_case = serializers.IntegerField()
    title = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    priority = serializers.FloatField(allow_null=True)
    votes = serializers.IntegerField(allow_null=True)
    estimated = serializers.BooleanField()
    poc_cost = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    npv = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    risk_adjusted_npv = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    payback_months = serializers.IntegerField(allow_null=True)
    roi_percent = serializers.FloatField(allow_null=True)


class PortfolioSerializer(serializers.Serializer):
    workshop = serializers.IntegerField()
    currency = serializers.CharField()
    rows = PortfolioRowSerializer(many=True)
    total_poc_cost = serializers.DecimalField(max_digits=20, decimal_places=2)
    not_estimated = serializers.IntegerField()


def portfolio_data(portfolio: Portfolio, *, workshop_id: int, currency: str) -> dict[str, object]:
    rows = []
    for row in portfolio.rows:
        base = row.base
        rows.append(
            {
                "use_case": row.use_case_id,
                "title": row.title,
                "rank": row.rank,
                "priority": None if row.priority is None else round(row.priority, 4),
                "votes": row.votes,
                "estimated": base is not None,
                "poc_cost": _money(base.poc_cost) if base else None,
                "npv": _money(base.npv) if base else None,
                "risk_adjusted_npv": _money(base.risk_adjusted_npv) if base else None,
                "payback_months": base.payback_months if base else None,
                "roi_percent": _rate(base.roi_percent) if base else None,
            }
        )
    return {
        "workshop": workshop_id,
        "currency": currency,
        "rows": rows,
        "total_poc_cost": _money(portfolio.total_poc_cost),
        "not_estimated": portfolio.missing,
    }
