"""``{{ value|machine }}``: a number written for the browser, never for a person.

Django localises every number a template prints, so in French 200.5 becomes
"200,5" — which an SVG attribute, a ``data-`` attribute or an input's value
reject or misread. Numbers a machine reads go through this filter: a point for
decimals, no grouping, no exponent. Numbers a person reads go through the
project's formatter instead.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

# Enough for screen coordinates and money; hides float noise such as 0.30000000000000004.
FLOAT_DECIMALS = 6


def machine_number(value: object) -> str:
    """`value` as machine text: "200", "1234.5", "-0.25"; "" for None; strings unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.{FLOAT_DECIMALS}f}"
    elif isinstance(value, Decimal):
        text = format(value, "f")
    else:
        return str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


@register.filter(name="machine", is_safe=True)
def machine(value: object) -> str:
    return machine_number(value)
