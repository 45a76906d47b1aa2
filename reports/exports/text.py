"""Text helpers shared by the exports: Markdown escaping, Markdown read as plain text, the cover rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from core.formatting import collapse_spaces, format_money
from reports.plan import Plan

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


def md_escape(text: str, *, one_line: bool = False, inline: bool = False) -> str:
    """Text that Markdown shows literally (no markup, no HTML, no link).

    ``inline``: the text never starts a line (a table cell, after a list marker),
    so what would start a heading or a list there needs no escape.
    """
    if one_line:
        text = collapse_spaces(text)
    text = _MD_INLINE.sub(r"\\\1", text)
    if inline:
        return text
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


@dataclass(frozen=True)
class Block:
    """One block of a Markdown text read as plain text."""

    kind: str  # heading | bullet | numbered | paragraph
    text: str
    level: int = 0  # heading level; list depth


def markdown_blocks(markdown: str) -> list[Block]:
    """The blocks of ``markdown`` as plain text: no ``**``, no ``_``, no escapes, no raw HTML."""
    tokens = MarkdownIt("commonmark", {"html": False}).parse(markdown or "")
    blocks: list[Block] = []
    pending: str | None = None
    heading_level = 0
    lists: list[str] = []
    for token in tokens:
        if token.type == "heading_open":
            pending, heading_level = "heading", int(token.tag[1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("bullet" if token.type == "bullet_list_open" else "numbered")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            text = "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))
            text = collapse_spaces(text)
            if not text:
                continue
            if pending == "heading":
                blocks.append(Block("heading", text, heading_level))
            elif lists:
                blocks.append(Block(lists[-1], text, len(lists)))
            else:
                blocks.append(Block("paragraph", text))
            pending = None
    return blocks


def markdown_plain(markdown: str) -> list[str]:
    """``markdown`` as lines of plain text, for a spreadsheet: headings, bullets ("• ") and paragraphs."""
    lines: list[str] = []
    numbers: dict[int, int] = {}
    for block in markdown_blocks(markdown):
        if block.kind == "numbered":
            numbers[block.level] = numbers.get(block.level, 0) + 1
            lines.append("  " * (block.level - 1) + f"{numbers[block.level]}. {block.text}")
            continue
        numbers.clear()
        if block.kind == "bullet":
            lines.append("  " * (block.level - 1) + "• " + block.text)
        else:
            lines.append(block.text)
    return lines


def budget_text(plan: Plan) -> str:
    """The shortlists' total POC budget in words, per currency."""
    return " + ".join(format_money(amount, currency=currency) for currency, amount in plan.budgets.items()) or "–"


def cover_rows(plan: Plan) -> list[tuple[str, str]]:
    """Client, workshop(s), date, participants, budget, export date: read by people (localised)."""
    rows: list[tuple[str, str]] = [(_("Client"), plan.client_name)]
    if plan.is_client_plan:
        rows.append((_("Workshops"), ", ".join(w.title for w in plan.workshops)))
    else:
        workshop = plan.workshops[0]
        rows += [(_("Workshop"), workshop.title), (_("Date"), workshop.held_on.isoformat())]
    rows += [
        (_("Participants"), str(plan.participants)),
        (_("Total POC budget (base scenario, shortlist)"), budget_text(plan)),
        (_("Exported on"), plan.exported_on.isoformat()),
    ]
    return rows
