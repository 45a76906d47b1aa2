"""Template filters over core.formatting: figures in the reader's language, rounded once.

``{{ row.priority|score }}``, ``{{ figures.npv|money:workshop }}`` (the
workshop's currency), ``{{ figures.roi_percent|percent }}``, ``{{ metric.target|measure }}``.
Machine-read numbers (SVG, ``data-``, inputs) use ``|machine`` (atelier_numbers), never these.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from django import template

from core.formatting import format_measure, format_money, format_months, format_percent, format_score

register = template.Library()


class Priced(Protocol):
    """What holds a currency: a workshop, a client's portfolio."""

    currency: str


def _currency(owner: Priced | str) -> str:
    return owner if isinstance(owner, str) else owner.currency


@register.filter
def score(value: float | Decimal | None) -> str:
    return format_score(None if value == "" else value)


@register.filter
def money(amount: Decimal | None, owner: Priced | str) -> str:
    """`{{ figures.npv|money:workshop }}` or `|money:"EUR"`; "–" when there is no amount."""
    return format_money(None if amount == "" else amount, currency=_currency(owner))


@register.filter
def money0(amount: Decimal | None, owner: Priced | str) -> str:
    """Whole units, for chart axes."""
    return format_money(None if amount == "" else amount, currency=_currency(owner), decimals=0)


@register.filter
def percent(value: Decimal | float | None, _owner: object = None) -> str:
    return format_percent(None if value == "" else value)


@register.filter
def share(value: Decimal | float | None) -> str:
    """A share from 0 to 1 as a whole percent, in the reader's language (0.87 → 87%, « 87 % »)."""
    return format_percent(None if value in ("", None) else Decimal(str(value)) * 100, decimals=0)


@register.filter
def measure(value: Decimal | None) -> str:
    """A POC metric's value or target, in the reader's language."""
    return format_measure(None if value == "" else value)


@register.filter
def months(value: int | None) -> str:
    return format_months(None if value == "" else value)
