"""Numbers a machine reads: SVG and ``data-`` attributes, number inputs, the API's JSON.

Never localised: a point for decimals, no grouping, no exponent. Numbers a person
reads go through core.formatting instead. Templates reach these through
``{% load atelier_numbers %}`` (``|machine``, ``|machine_money``).
"""

from __future__ import annotations

from decimal import Decimal

from core.formatting import SCORE_DECIMALS, Number, round_half_up

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


def machine_money(value: Decimal | None) -> str | None:
    """An amount as the API and the pages' ``data-amount`` write it: "1234.50"; None for none."""
    return None if value is None or value == "" else f"{Decimal(value):.2f}"


def machine_score(value: Number | None) -> float | None:
    """A score, mean, priority or spread as the API and the MCP tools give it: 3.33, not 3.3333333333333335.

    Rounded half up to the results page's two decimals (the same value the page shows), a JSON
    number; None stays None.
    """
    return None if value is None else float(round_half_up(value, SCORE_DECIMALS))
