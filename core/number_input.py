"""Numbers a person types, read in their language — or refused with a reason, never guessed.

Browsers cannot be trusted with a decimal comma in `<input type="number">`:
Chromium drops the "," of "45,5" as if it grouped thousands and sends 455.
Atelier's number fields are therefore text inputs with a numeric keyboard
(`inputmode`), and the server reads exactly what was typed:

- the reader's decimal separator is accepted, and so is a point (what a
  machine or a copied figure writes); a reader whose separator is the point
  gets a comma refused, since "1,000" could mean a thousand or one;
- a reader whose separator is the comma gets a point before exactly three
  digits refused ("1.500"): many write a thousand that way, so it could mean
  1500 or 1,5 ("0.125" is read, no thousand starts with 0);
- thousands may be grouped with spaces (regular, no-break, narrow no-break),
  in groups of three; never with a comma or a point;
- anything else is refused with a message that says how to write it.

Pure: no model imports. The result is machine text ("1500.75"), for
`Decimal()` or a model field's `to_python()`; `input_text` writes a stored
value back as the reader types it ("12,5" in French).
"""

from __future__ import annotations

import re

from django.utils import formats
from django.utils.translation import gettext as _

from core.numbers import machine_number

SPACES = " \u00a0\u202f"
MINUS_SIGNS = "\u2212\u2012\u2013"  # the typographic minus and dashes phones sometimes insert
_GROUPED = re.compile(r"\d{1,3}(?:[" + SPACES + r"]\d{3})+")
_PLAIN = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_AMBIGUOUS_POINT = re.compile(r"[1-9]\d{0,2}\.\d{3}")


class NumberInputError(ValueError):
    """What was typed is not a number this reader's language can be sure of; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decimal_separator(language: str) -> str:
    return str(formats.get_format("DECIMAL_SEPARATOR", lang=language))


def _separator_message(language: str) -> str:
    if decimal_separator(language) == ",":
        return _("Write decimals with a comma or a point, without a thousands separator: for example 45,5 or 1500.")
    return _("Write decimals with a point, without a thousands separator: for example 45.5 or 1500.")


def parse_decimal(text: str, *, language: str) -> str:
    """`text` as machine text ("-1500.75"); "" when blank. Raises NumberInputError."""
    value = str(text).strip()
    if not value:
        return ""
    for minus in MINUS_SIGNS:
        value = value.replace(minus, "-")
    sign = ""
    if value[0] in "+-":
        sign, value = ("-" if value[0] == "-" else ""), value[1:].lstrip(SPACES)
    separator = decimal_separator(language)
    accepted = {".", separator}
    marks = [c for c in value if c in ".,"]
    if any(mark not in accepted for mark in marks) or len(marks) > 1:
        raise NumberInputError(_separator_message(language))
    whole, mark, fraction = value.partition(marks[0]) if marks else (value, "", "")
    if mark == "." and separator != "." and _AMBIGUOUS_POINT.fullmatch(whole + mark + fraction):
        raise NumberInputError(
            _("“%(typed)s” could mean %(thousands)s or %(decimal)s: write it without the point, or with a comma.")
            % {
                "typed": text.strip(),
                "thousands": whole + fraction,
                "decimal": whole + (separator + fraction.rstrip("0") if fraction.rstrip("0") else ""),
            }
        )
    if any(space in whole for space in SPACES):
        if not _GROUPED.fullmatch(whole):
            raise NumberInputError(_separator_message(language))
        whole = "".join(c for c in whole if c not in SPACES)
    machine = whole + ("." + fraction if mark else "")
    if not _PLAIN.fullmatch(machine):
        raise NumberInputError(_("Enter a number."))
    return sign + machine


def parse_integer(text: str, *, language: str) -> int | None:
    """`text` as a whole number; None when blank. Raises NumberInputError for decimals or text."""
    machine = parse_decimal(text, language=language) if str(text).strip() else ""
    if not machine:
        return None
    if "." in machine:
        raise NumberInputError(_("Enter a whole number."))
    return int(machine)


def input_text(value: object, *, language: str) -> str:
    """A stored number as the reader would type it: "12,5" and "1500" in French, "12.5" in English.

    No grouping (what is typed back must read the same) and no trailing zeros ("850" rather than
    "850.00"); text passes through unchanged (what the reader typed, shown again with its error).
    """
    text = machine_number(value)
    if isinstance(value, str):
        return text
    return text.replace(".", decimal_separator(language))
