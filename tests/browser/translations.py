"""Spot English left on a French page: the catalogue's English phrases that show up in its visible text."""

from __future__ import annotations

import re
from functools import cache

from tests.workshop.test_i18n import CATALOGUE, _po_entries

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>")
MIN_WORDS, MIN_LENGTH = 2, 8


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@cache
def english_phrases() -> frozenset[str]:
    """Literal pieces (two words or more) of every English text that French translates differently."""
    phrases = set()
    for entry in _po_entries(CATALOGUE / "django.po"):
        msgid, translations = entry["msgid"], entry["msgstr"].values()
        if not msgid or any(_normalise(t) == _normalise(msgid) for t in translations):
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = _normalise(piece).strip(" .,:;!?·—–-()“”\"'")
            if len(piece.split()) >= MIN_WORDS and len(piece) >= MIN_LENGTH:
                phrases.add(piece)
    return frozenset(phrases)


def english_on_the_page(visible_text: str, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """The catalogue's English phrases found in `visible_text`, minus the user data given in `ignore`."""
    text = _normalise(visible_text)
    for data in ignore:
        text = text.replace(_normalise(data), " ")
    return sorted(phrase for phrase in english_phrases() if phrase in text)


_SLIP = re.compile(r"\S(?<![\d/])[:;!?](?=\s)|[ ][:;!?]")


def french_typography_slips(visible_text: str, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Where a French page puts : ; ! ? without the no-break space before it (user data aside)."""
    text = visible_text
    for data in ignore:
        text = text.replace(data, " ")
    return [text[max(0, m.start() - 20) : m.end()] for m in _SLIP.finditer(text)]
