"""API shapes of the read side: the portfolio (money as strings with two decimals, as the ROI API)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from core.numbers import machine_money, machine_score
from reports.portfolio import Portfolio
from workshop.models import Workshop


def _money(value: Decimal) -> str:
    return machine_money(value) or ""


class PortfolioRowSerializer(serializers.Serializer):
    use_case = serializers.IntegerField()
    title = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    priority = serializers.FloatField(allow_null=True)
    votes = serializers.IntegerField(
        allow_null=True, help_text="Null while the vote totals are hidden from the caller."
    )
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
    held_for_legal_review = serializers.IntegerField()


def portfolio_data(portfolio: Portfolio, *, workshop: Workshop, show_votes: bool = True) -> dict[str, object]:
    """The portfolio as the API sends it; `votes` null while the totals are hidden from the caller."""
    rows = []
    for row in portfolio.rows:
        base = row.base
        rows.append(
            {
                "use_case": row.use_case_id,
                "title": row.title,
                "rank": row.rank,
                "priority": machine_score(row.priority),
                "votes": row.votes if show_votes else None,
                "estimated": base is not None,
                "poc_cost": _money(base.poc_cost) if base else None,
                "npv": _money(base.npv) if base else None,
                "risk_adjusted_npv": _money(base.risk_adjusted_npv) if base else None,
                "payback_months": base.payback_months if base else None,
                "roi_percent": None if base is None or base.roi_percent is None else float(base.roi_percent),
            }
        )
    return {
        "workshop": workshop.pk,
        "currency": workshop.currency,
        "rows": rows,
        "total_poc_cost": _money(portfolio.total_poc_cost),
        "not_estimated": portfolio.missing,
        "held_for_legal_review": portfolio.held_for_legal_review,
    }
