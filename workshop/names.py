"""Participants' names: when two names would read as the same person on every screen.

Names are stored NFKC-normalised without invisible characters (``normalise_display_name``);
two of them clash when they are equal ignoring case ("Zoe", "ZOE") or when their ``fold`` is
equal: Unicode's confusables (UTS #39, confusables.txt, as the confusable-homoglyphs package ships
it) map every look-alike letter to one prototype, so "Zоe" with a Cyrillic о, "Ζoe" with a Greek
Zeta and "Zoe" fold alike, as do "Ian" and "lan". Not a hand-written table: the data is Unicode's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from confusable_homoglyphs.confusables import confusables_data

# The package writes right-to-left characters between left-to-right marks, as confusables.txt prints them.
_BIDI_MARKS = str.maketrans("", "", "\u200e\u200f")


def normalise_display_name(name: str) -> str:
    """The name as compared and stored: NFKC, no invisible characters, single spaces.

    Without this, "Bob" and "Bob" followed by a zero-width space (or written with
    full-width letters) would be two people who look the same on every screen.
    """
    name = unicodedata.normalize("NFKC", name)
    # Cf: zero-width spaces and joiners, bidi controls, soft hyphens; Cc: control characters.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cf", "Cc"} or ch in "\t\n")
    return " ".join(name.split())


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Each confusable character to the prototype of its class.

    The package keeps confusables.txt's lines ``source → prototype`` in both directions: a source
    (a single character) lists only its prototype, while a prototype lists every source of its
    class. A pair whose prototype has a single source lists each other: either one stands for the
    class (the ASCII one, else the lower code point), which is all that comparing names needs.
    """
    neighbours: dict[str, list[str]] = {}
    for key, entries in confusables_data.items():
        neighbours[key.translate(_BIDI_MARKS)] = [entry["c"].translate(_BIDI_MARKS) for entry in entries]
    prototypes: dict[str, str] = {}
    for char, others in neighbours.items():
        if len(char) != 1 or len(others) != 1 or not others[0]:
            continue
        (other,) = others
        if len(neighbours.get(other, ())) > 1 or len(other) > 1 or _stands_first(other, char):
            prototypes[char] = other
    return prototypes


def _stands_first(a: str, b: str) -> bool:
    return (not a.isascii(), ord(a[0])) < (not b.isascii(), ord(b[0]))


def skeleton(text: str) -> str:
    """UTS #39's skeleton: decomposed, each character replaced by its prototype, decomposed again."""
    table = _prototypes()
    mapped = "".join(table.get(char, char) for char in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """The look-alike key of a name: its skeleton, case-folded, skeleton again (Zоe, ZОE, zoe: zoe).

    The first skeleton keeps "Ian" (capital i) beside "lan" before case folding tells them apart.
    """
    return skeleton(skeleton(name).casefold())


def typed_name_key(typed: str) -> str:
    """The fold of a name as someone typed it (what the per-name join limit counts under)."""
    return fold(normalise_display_name(typed))


def clashes(name: str, others: Iterable[str]) -> bool:
    """True when ``name`` would read like one of ``others``: the same ignoring case, or the same fold."""
    lowered, key = name.casefold(), fold(name)
    return any(other.casefold() == lowered or fold(other) == key for other in others)
