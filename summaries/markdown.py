"""The summary as Markdown: headings in the active language, one line per item.

Rendered to HTML only through the sanitising filter (``markdown_safe``): the
text comes from participants and from the model.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summaries import llm
from summaries.models import SummaryProvider


def _one_line(text: str) -> str:
    # One list item stays one list item: no newline can start a heading or a block.
    return " ".join(str(text).split())


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
    return "\n".join(lines).rstrip() + "\n"
