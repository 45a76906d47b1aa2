"""Template filters for POC pages: metric values and portfolio amounts, in the workshop's language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from pocs.selectors import PortfolioRow
from workshop.formatting import format_money, format_number
from workshop.models import Workshop

register = template.Library()

MAX_MEASURE_DECIMALS = 4


@register.filter
def measure(value: Decimal | None, workshop: Workshop) -> str:
    """A metric value or target with the decimals it was given (up to four); "—" when there is none."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    decimals = min(max(-exponent, 0), MAX_MEASURE_DECIMALS) if isinstance(exponent, int) else 0
    return format_number(value, language=workshop.language, decimals=decimals)


@register.filter
def row_money(amount: Decimal | None, row: PortfolioRow) -> str:
    """An amount of a portfolio row in its workshop's currency and language."""
    if amount is None or amount == "":
        return "—"
    return format_money(Decimal(amount), currency=row.currency)


@register.filter
def machine(value: object) -> str:
    """A number as machines read it (data- attributes): never localised, "" for none."""
    return "" if value is None else str(value)


@register.filter
def plain(value: Decimal | None) -> str:
    """A number input's value: never localised, without trailing zeros ("5", "0.5")."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"
