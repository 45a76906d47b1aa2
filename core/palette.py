"""The house colours, read from the stylesheet's ``:root`` custom properties: one palette for pages and PDF.

static/css/atelier.css declares every colour once (``--accent: #3b5bdb;``); the pages use
them through ``var(--accent)`` and the PDF export reads them here, so a colour changed in
the stylesheet changes on paper too and the two cannot drift.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

RGB = tuple[int, int, int]
_ROOT = re.compile(r":root\s*\{(?P<body>[^}]*)\}")
_COLOUR = re.compile(r"--(?P<name>[\w-]+)\s*:\s*#(?P<hex>[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*[;}]?")


def stylesheet() -> Path:
    return Path(settings.BASE_DIR) / "static" / "css" / "atelier.css"


def parse_colours(css: str) -> dict[str, RGB]:
    """The ``#rgb``/``#rrggbb`` custom properties of the first ``:root`` rule of ``css``, by name (no ``--``)."""
    root = _ROOT.search(css)
    if root is None:
        return {}
    colours: dict[str, RGB] = {}
    for found in _COLOUR.finditer(root.group("body")):
        digits = found.group("hex")
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        colours[found.group("name")] = (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    return colours


@cache
def colours() -> dict[str, RGB]:
    """The stylesheet's colours (read once per process)."""
    return parse_colours(stylesheet().read_text(encoding="utf-8"))


def colour(name: str) -> RGB:
    """One colour of the stylesheet by its custom property's name: ``colour("accent")``; KeyError if undeclared."""
    return colours()[name]
