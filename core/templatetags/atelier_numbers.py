"""``{{ value|machine }}``, ``{{ amount|machine_money }}``: numbers written for the browser, never for a person.

Django localises every number a template prints, so in French 200.5 becomes
"200,5" — which an SVG attribute, a ``data-`` attribute or an input's value
reject or misread. Numbers a machine reads go through these filters (over
core.numbers). Numbers a person reads go through the project's formatter instead.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from core.numbers import machine_money as _machine_money
from core.numbers import machine_number

register = template.Library()


@register.filter(name="machine", is_safe=True)
def machine(value: object) -> str:
    return machine_number(value)


@register.filter(name="machine_money", is_safe=True)
def machine_money(value: Decimal | None) -> str:
    return _machine_money(value) or ""
