"""Amounts and rates as the workshop's language writes them: "12 345,00 €", "€12,345.00"."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$", "AUD": "A$"}
NBSP = "\xa0"


def format_number(value: Decimal | float | int, *, language: str, decimals: int = 2) -> str:
    with translation.override(language):
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_money(amount: Decimal, *, currency: str, language: str, decimals: int = 2) -> str:
    """The amount with grouping and the currency: French after the number, English before it."""
    code = (currency or "EUR").upper()
    symbol = CURRENCY_SYMBOLS.get(code, code)
    number = format_number(abs(amount), language=language, decimals=decimals)
    sign = "-" if amount < 0 else ""
    if language == "fr":
        return f"{sign}{number}{NBSP}{symbol}"
    if len(symbol) == 1:
        return f"{sign}{symbol}{number}"
    return f"{sign}{symbol}{NBSP}{number}"


def format_percent(value: Decimal | float, *, language: str, decimals: int = 1) -> str:
    number = format_number(value, language=language, decimals=decimals)
    return f"{number}{NBSP}%" if language == "fr" else f"{number}%"
