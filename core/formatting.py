"""The one formatter: numbers, scores, money and percentages as a person reads them.

Pages follow the reader's language (the active translation), exports the
language chosen for them, summaries the workshop's: callers pass ``language``
or leave it to the active one. Every figure is rounded here, half up — scores
to two decimals, money to cents — and nowhere else, so the results page, the
portfolio, the summaries and every export show the same text for the same
value. (Django's own ``number_format`` truncates extra decimals instead of
rounding them, which is why values are quantized first.)

Numbers a machine reads (SVG coordinates, ``data-`` attributes, number inputs,
JSON, typed spreadsheet cells) never come through here.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import translation
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$", "AUD": "A$"}
NBSP = "\xa0"
MISSING = "–"
SCORE_DECIMALS = 2
MONEY_DECIMALS = 2
PERCENT_DECIMALS = 1

Number = Decimal | float | int
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en")[:2]


def round_half_up(value: Number, decimals: int) -> Decimal:
    """``value`` rounded half up; floats through their shortest repr (4.125 -> 4.13, 4.58 -> 4.58)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0.00"


@lru_cache(maxsize=16)
def _marks(lang: str) -> tuple[str, str, object]:
    """The language's decimal mark, thousands separator and grouping, as Django's formats give them."""
    return (
        str(get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)),
        str(get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)),
        get_format("NUMBER_GROUPING", lang, use_l10n=True),
    )


def format_number(value: Number, *, language: str | None = None, decimals: int = 2) -> str:
    """Grouped and with the language's decimal mark: ``1 234,56`` in French, ``1,234.56`` in English.

    The text Django's ``number_format`` writes, without activating the language for each number
    (a results page prints thousands): groups of three are Python's own, the marks the language's.
    """
    lang = _language(language)
    rounded = round_half_up(value, decimals)
    decimal_mark, thousands, grouping = _marks(lang)
    if grouping != 3:  # a language that groups otherwise (none of ours today): Django's general path
        with translation.override(lang):
            return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{rounded:,.{decimals}f}".translate({ord(","): thousands, ord("."): decimal_mark})


MEASURE_DECIMALS = 4


def format_measure(value: Number | None, *, language: str | None = None) -> str:
    """A POC metric's value or target, with the decimals it was given (up to four); "–" when missing."""
    if value is None:
        return MISSING
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    exponent = number.normalize().as_tuple().exponent
    decimals = min(max(-exponent, 0), MEASURE_DECIMALS) if isinstance(exponent, int) else 0
    return format_number(number, language=language, decimals=decimals)


def format_score(value: Number | None, *, language: str | None = None) -> str:
    """A 1..5 score (impact, feasibility, priority, spread): two decimals, half up; "–" when missing."""
    if value is None:
        return MISSING
    return format_number(value, language=language, decimals=SCORE_DECIMALS)


def format_money(
    amount: Number | None, *, currency: str, language: str | None = None, decimals: int = MONEY_DECIMALS
) -> str:
    """The amount with grouping and the currency: after the number in French, before it in English."""
    if amount is None:
        return MISSING
    lang = _language(language)
    value = round_half_up(amount, decimals)
    code = (currency or "EUR").upper()
    symbol = CURRENCY_SYMBOLS.get(code, code)
    number = format_number(abs(value), language=lang, decimals=decimals)
    sign = "-" if value < 0 else ""
    if lang == "fr":
        return f"{sign}{number}{NBSP}{symbol}"
    if len(symbol) == 1:
        return f"{sign}{symbol}{number}"
    return f"{sign}{symbol}{NBSP}{number}"


def format_percent(value: Number | None, *, language: str | None = None, decimals: int = PERCENT_DECIMALS) -> str:
    if value is None:
        return MISSING
    lang = _language(language)
    number = format_number(value, language=lang, decimals=decimals)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


NARROW_NBSP = "\u202f"
_SPACE_CLASS = " \u00a0\u202f"
# A mark of high punctuation that ends a phrase: followed by a space, the end, or closing punctuation
# ("12:30", "https://", "?lang=fr" are left alone).
_HIGH_MARK = re.compile(r"(?<=[^\s\u00a0\u202f])[ \u00a0\u202f]?([:;!?]+)(?=[\s\u00a0\u202f)\]»*_]|$)")
_CURLY_QUOTES = re.compile(r"“\s*([^“”]*?)\s*”")
_STRAIGHT_QUOTES = re.compile(r'(?<![\w])"(?=\S)([^"]*?)(?<=\S)"(?![\w])')
_GUILLEMETS = re.compile(r"«[ \u00a0\u202f]*(.*?)[ \u00a0\u202f]*»")
_THOUSANDS = re.compile(r"(?<=\d)\u00a0(?=\d{3}(?!\d))")


def typography(text: str, *, language: str | None = None) -> str:
    """``text`` with the language's typography; in French a narrow no-break space (U+202F) before
    ``: ; ! ?``, « guillemets » for quotes (narrow no-break spaces inside), and between the thousands
    of a number ("165 818,07 €" never breaks). Other languages: unchanged.

    The one place summaries and exports get French typography from; what a person typed inside
    (a title) gets it too, as a French typesetter would.
    """
    if _language(language) != "fr":
        return text
    text = _CURLY_QUOTES.sub(lambda m: f"«{NARROW_NBSP}{m.group(1)}{NARROW_NBSP}»", text)
    text = _STRAIGHT_QUOTES.sub(lambda m: f"«{NARROW_NBSP}{m.group(1)}{NARROW_NBSP}»", text)
    text = _GUILLEMETS.sub(lambda m: f"«{NARROW_NBSP}{m.group(1)}{NARROW_NBSP}»", text)
    text = _HIGH_MARK.sub(lambda m: NARROW_NBSP + m.group(1), text)
    return _THOUSANDS.sub(NARROW_NBSP, text)


def labelled(label: str, value: str, *, language: str | None = None) -> str:
    """``label: value``, with French typography in French (a narrow no-break space before the colon)."""
    return f"{label}{NARROW_NBSP}: {value}" if _language(language) == "fr" else f"{label}: {value}"


# Any white space but the no-break ones (U+00A0, U+2007, U+202F), which keep "165 818,07 €" whole.
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def one_line(text: object) -> str:
    """``text`` on one line: every run of white space (newlines included) becomes one space, while the
    no-break spaces of a formatted figure stay; ``str.split()`` would break "165 818,07 €" in two."""
    return _BREAKING_SPACE.sub(" ", str(text)).strip()


def collapse_spaces(text: str) -> str:
    """One line, runs of ordinary white space as one space; non-breaking spaces stay (``1 234,56 €``)."""
    return _SPACES.sub(" ", text).strip()


def format_months(months: int | None, *, language: str | None = None) -> str:
    """A payback period: "7 months", or "not within the horizon"."""
    with translation.override(_language(language)):
        if months is None:
            return _("not within the horizon")
        return translation.ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


def format_duration(seconds: int, *, language: str | None = None) -> str:
    """A timebox's length: "30 s", "5 min", "1 min 30 s" (the SI symbols, the same in English and French)."""
    minutes, rest = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(f"{format_number(minutes, language=language, decimals=0)}{NBSP}min")
    if rest or not minutes:
        parts.append(f"{rest}{NBSP}s")
    return " ".join(parts)
