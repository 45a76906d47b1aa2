"""The summary as Markdown: headings in the active language, one line per item.

Every text in it comes from participants or from the model, and is written as
literal text: whatever Markdown it holds (``[phish](https://…)``, ``![](…)``,
``<script>``, ``# heading``) is escaped, so the stored Markdown is safe to copy
anywhere (exports included). Pages still render it through the sanitising
``markdown_safe`` filter.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import one_line, typography
from summaries import llm
from summaries.models import SummaryProvider

# Characters that start Markdown anywhere in a line: emphasis, code, links and images, raw
# HTML and autolinks, tables, strikethrough, and the escape character itself.
_INLINE = re.compile(r"([\\`*\[\]<>|~])")
# "_" opens or closes emphasis unless it sits between two letters or digits (snake_case).
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# An entity reference would be decoded ("&#91;" is "["): its "&" is kept literal.
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
# What starts a block at the beginning of a list item: a heading, a quote, a nested list.
_BLOCK_START = re.compile(r"^(#|>|[-+]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown text, on one line: no link, image, HTML, emphasis or block in it."""
    line = one_line(text)
    line = _INLINE.sub(r"\\\1", line)
    line = _UNDERSCORE.sub(r"\\_", line)
    line = _ENTITY.sub(r"\\&", line)
    match = _BLOCK_START.match(line)
    if match is not None:
        # "1. x" -> "1\. x", "- x" -> "\- x", "# x" -> "\# x".
        end = match.end()
        line = line[:end] + "\\" + line[end:] if match.group(1)[0].isdigit() else "\\" + line
    return line


def _one_line(text: str) -> str:
    # One list item stays one list item (no newline can start a heading or a block), as text.
    return escape_markdown(text)


def summary_markdown(content: llm.SummaryContent, *, provider: str, left_out: int = 0, title: str = "") -> str:
    """The summary as Markdown, with headings in the active language.

    Rendered to HTML only through the sanitising filter (``markdown_safe``):
    the text comes from participants and from the model.
    """
    lines: list[str] = []
    if title:
        lines += [f"# {_one_line(title)}", ""]
    if provider == SummaryProvider.BUILTIN:
        lines += ["_" + _("Generated without an LLM.") + "_", ""]
    nothing = "_" + _("Nothing to report.") + "_"

    def section(heading: str, items: list[str], numbered: bool = False) -> None:
        lines.extend([f"## {heading}", ""])
        if not items:
            lines.extend([nothing, ""])
            return
        for index, item in enumerate(items, start=1):
            lines.append(f"{index}. {item}" if numbered else f"- {item}")
        lines.append("")

    section(_("Key themes"), [_one_line(t) for t in content.key_themes])
    section(
        _("Top use cases"),
        [f"**{_one_line(uc.title)}** — {_one_line(uc.why)}" for uc in content.top_use_cases],
        numbered=True,
    )
    section(_("Points of disagreement"), [_one_line(t) for t in content.disagreements])
    section(_("Risks and compliance"), [_one_line(t) for t in content.risks_and_compliance])
    section(_("Proposed POCs"), [f"**{_one_line(p.title)}** — {_one_line(p.rationale)}" for p in content.proposed_pocs])
    section(_("Next steps"), [_one_line(t) for t in content.next_steps])
    if left_out:
        lines += [
            "_"
            + ngettext(
                "%(count)d use case was left out for length.",
                "%(count)d use cases were left out for length.",
                left_out,
            )
            % {"count": left_out}
            + "_",
            "",
        ]
    # French typography (U+202F before : ; ! ?, « guillemets », between thousands) in the summary's language.
    return "\n".join(typography(line) for line in lines).rstrip() + "\n"
