"""Template filters for ROI figures, formatted in the workshop's language and currency."""

from __future__ import annotations

from decimal import Decimal

from django import template

from roi.formatting import format_money, format_percent
from workshop.models import Workshop

register = template.Library()


@register.filter
def money(amount: Decimal | None, workshop: Workshop) -> str:
    """`{{ figures.npv|money:workshop }}`; "—" when there is no amount."""
    if amount is None or amount == "":
        return "—"
    return format_money(Decimal(amount), currency=workshop.currency, language=workshop.language)


@register.filter
def money0(amount: Decimal | None, workshop: Workshop) -> str:
    """Whole units, for chart axes."""
    if amount is None or amount == "":
        return "—"
    return format_money(Decimal(amount), currency=workshop.currency, language=workshop.language, decimals=0)


@register.filter
def percent(value: Decimal | float | None, workshop: Workshop) -> str:
    if value is None or value == "":
        return "—"
    return format_percent(value, language=workshop.language)
