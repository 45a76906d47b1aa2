"""The MCP server's text arguments, checked before any read: ids, cursors and languages.

Resource URIs and prompt arguments are strings whatever they name, and the SDK passes them on as
typed; a tool's integers are bounded by its schema. Each check here refuses with a message that
says what is wrong, never a crash: an id past the database's 64-bit integers is simply not found
(PostgreSQL would refuse the query), digits outside ASCII ("²", "١") are not digits of an id, and
a language Atelier does not speak is named with the ones it does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

# The largest id a database row can have (a signed 64-bit integer): ids above it exist nowhere.
MAX_ID = 2**63 - 1
# Cursors are row offsets this server gave: a billion rows is past any portfolio.
MAX_CURSOR_DIGITS = 9


def not_found_message() -> str:
    return _("Not found: nothing with this id among what you may read.")


def _ascii_number(value: str, *, max_digits: int) -> int | None:
    if not value or len(value) > max_digits or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


def id_argument(value: str, *, error: Callable[[str], Exception]) -> int | None:
    """An id given as text (resource URIs and prompt arguments are strings); "" is None."""
    if not value:
        return None
    number = _ascii_number(value, max_digits=len(str(MAX_ID)))
    if number is None or not 1 <= number <= MAX_ID:
        raise error(not_found_message())
    return number


def cursor_offset(cursor: str | None) -> int | None:
    """The row offset a cursor of this server stands for; None for one it never gave."""
    return _ascii_number(cursor or "", max_digits=MAX_CURSOR_DIGITS)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_argument(value: str | None, *, error: Callable[[str], Exception]) -> str | None:
    """One of Atelier's language codes ("en", "fr"), or None for the default; anything else refused."""
    if not value:
        return None
    codes = language_codes()
    if value in codes:
        return value
    shown = value if len(value) <= 20 and value.isprintable() else value[:20].encode("unicode_escape").decode() + "…"
    # The exports' wording (reports.selectors), so that MCP and the REST API refuse alike.
    choices = ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)
    raise error(_("Unknown language “%(lang)s”: choose one of %(choices)s.") % {"lang": shown, "choices": choices})
