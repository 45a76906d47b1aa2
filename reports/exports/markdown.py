"""The plan as Markdown: headings that nest, tables from the columns, text shown literally.

Participant text is escaped (no markup, no HTML, no link can come from it),
and the summary is re-written from its plain-text blocks under the plan's own
headings, so neither a heading level jumps nor a link or an image in it survives.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from compliance.display import DISCLAIMER
from core.formatting import labelled, typography
from reports.exports.columns import (
    POC_COLUMNS,
    RANKING_COLUMNS,
    Column,
    assessment_lines,
    item_facts,
    item_figures,
    item_texts,
    obligations_lines,
)
from reports.exports.text import cover_rows, markdown_blocks, md_escape
from reports.items import RankedItem
from reports.plan import Plan, WorkshopPlan


def _heading(level: int, text: str) -> list[str]:
    return [f"{'#' * min(level, 6)} {text}", ""]


def _paragraphs(text: str) -> str:
    # Two spaces before a newline keep the author's line breaks.
    return "  \n".join(md_escape(line) for line in text.strip().splitlines())


def _table(columns: list[Column], items: Sequence[object]) -> list[str]:
    header = "| " + " | ".join(md_escape(str(column.label)) for column in columns) + " |"
    rule = "|" + "|".join("--:" if column.is_numeric else "---" for column in columns) + "|"
    rows = [
        "| " + " | ".join(md_escape(column.text(item), one_line=True, inline=True) for column in columns) + " |"
        for item in items
    ]
    return [header, rule, *rows]


def _item(item: RankedItem, level: int) -> list[str]:
    prefix = f"{item.rank}. " if item.rank else ""
    lines = _heading(level, prefix + md_escape(item.title, one_line=True))
    facts = [md_escape(fact, one_line=True) for fact in [*assessment_lines(item), *item_facts(item)]]
    facts += [f"**{md_escape(flag.text)}**" for flag in item.alert_flags]
    facts += [md_escape(figure, one_line=True) for figure in item_figures(item)]
    lines += [f"- {fact}" for fact in facts]
    lines.append("")
    obligations = obligations_lines(item)
    if obligations:
        lines += [f"**{md_escape(_('Obligations'))}**", ""]
        lines += [f"- {md_escape(line, one_line=True)}" for line in obligations]
        lines.append("")
    for label, text in item_texts(item):
        lines += [f"**{md_escape(label)}**  ", _paragraphs(text), ""]
    return lines


def _summary(markdown: str, level: int) -> list[str]:
    """The summary's own blocks as escaped text, its headings nested below ``level``."""
    blocks = markdown_blocks(markdown)
    if not blocks:
        return [md_escape(_("No summary yet.")), ""]
    lines: list[str] = []
    top = min((block.level for block in blocks if block.kind == "heading"), default=1)
    for block in blocks:
        text = md_escape(block.text, one_line=True)
        if block.kind == "heading":
            lines += _heading(level + 1 + block.level - top, text)
        elif block.kind == "bullet":
            lines.append("  " * (block.level - 1) + f"- {text}")
        elif block.kind == "numbered":
            lines.append("  " * (block.level - 1) + f"1. {text}")
        else:
            lines += [text, ""]
    return [*lines, ""]


def _workshop(workshop: WorkshopPlan, level: int) -> list[str]:
    lines = _heading(level, _("Ranking"))
    if not workshop.items:
        return [*lines, md_escape(_("No use case yet.")), ""]
    lines += [*_table(RANKING_COLUMNS, workshop.items), ""]
    for items, label in ((workshop.shortlisted, _("Shortlisted for a POC")), (workshop.others, _("Other candidates"))):
        if items:
            lines += _heading(level, label)
            for item in items:
                lines += _item(item, level + 1)
    lines += _heading(level, _("Summary"))
    lines += _summary(workshop.summary_markdown, level)
    return lines


def render_markdown(plan: Plan) -> bytes:
    title = _("POC plan — %(title)s") % {"title": md_escape(plan.title, one_line=True)}
    lines = _heading(1, title)
    lines += [
        f"- {labelled(f'**{md_escape(label)}**', md_escape(value, one_line=True))}" for label, value in cover_rows(plan)
    ]
    lines += ["", f"_{md_escape(str(DISCLAIMER))}_", ""]
    if plan.is_client_plan:
        for workshop in plan.workshops:
            lines += _heading(2, md_escape(workshop.title, one_line=True))
            date_line = " · ".join(
                [
                    labelled(_("Date"), workshop.held_on.isoformat()),
                    labelled(_("Participants"), str(workshop.participants)),
                ]
            )
            lines += [md_escape(date_line), ""]
            lines += _workshop(workshop, 3)
        if not plan.workshops:
            lines += [md_escape(_("No workshop yet.")), ""]
    else:
        lines += _workshop(plan.workshops[0], 2)
    if plan.pocs:
        lines += _heading(2, _("POCs"))
        lines += [*_table(POC_COLUMNS, plan.pocs), ""]
    # French typography (U+202F before : ; ! ?, « guillemets », unbreakable thousands) in the export's language.
    return ("\n".join(typography(line) for line in lines).rstrip() + "\n").encode("utf-8")
