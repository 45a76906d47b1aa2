"""The backlog's items as files: a Jira CSV import and Markdown issues (GitHub, GitLab).

Jira CSV: UTF-8 without a byte-order mark (Jira would read it into the first
header), every field quoted, descriptions multi-line in Jira's wiki markup;
"Issue ID" and "Parent" link each item to its epic (Jira Cloud), "Epic Name"
and "Epic Link" do the same for older company-managed projects; one "Labels"
column per label, as Jira's importer expects. Every cell goes through
core.spreadsheet.neutralise: one that a spreadsheet would run as a formula
(an epic named "=HYPERLINK(...)") gets a leading quote.

Markdown: one `##` heading per issue, its fields, its sections and a link back.
Text from the workshop is escaped so that it shows as typed, never as markup.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.formatting import one_line, typography
from core.spreadsheet import neutralise
from pocs.backlog import EPIC, STORY, TASK, BacklogItem

# Jira CSV -------------------------------------------------------------------

# Jira wiki markup: these characters would make links, macros, tables or formatting.
_JIRA_SPECIAL = re.compile(r"([\\\[\]{}|*_^~+])")
_JIRA_LINE_START = re.compile(r"^(\s*)([#\-]|h[1-6]\.|bq\.)", re.MULTILINE)


def _jira_escape(text: str) -> str:
    text = _JIRA_SPECIAL.sub(r"\\\1", text)
    return _JIRA_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _jira_description(item: BacklogItem) -> str:
    parts = []
    for section in item.sections:
        lines = [f"h3. {_jira_escape(section.heading)}"]
        if section.text.strip():
            lines.append(_jira_escape(section.text.strip()))
        for index, bullet in enumerate(section.bullets):
            # Jira's markup has no checkbox: done criteria get its tick, open ones nothing.
            mark = "(/) " if section.checklist and section.checked[index] else ""
            lines.append(f"* {mark}{_jira_escape(bullet)}")
        parts.append("\n".join(lines))
    open_text = _("Open in Atelier")
    parts.append(f"[{open_text}|{item.link}]")
    return "\n\n".join(parts)


def render_jira_csv(items: Sequence[BacklogItem]) -> bytes:
    """Jira's CSV import format; see the module docstring."""
    label_columns = max((len(item.labels) for item in items), default=1)
    header = ["Issue ID", "Parent", "Summary", "Issue Type", "Priority", "Epic Name", "Epic Link", "Description"]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header + ["Labels"] * label_columns)
    for item in items:
        is_epic = item.issue_type == EPIC
        labels = item.labels + [""] * (label_columns - len(item.labels))
        row = [
            item.key,
            item.parent,
            item.summary,
            item.issue_type,
            item.priority,
            item.epic_name if is_epic else "",
            "" if is_epic else item.epic_name,
            _jira_description(item),
            *labels,
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8")


# Markdown -------------------------------------------------------------------

# Jira's CSV import reads its own English values; people reading the Markdown read them in their language.
VALUE_WORDS = {
    EPIC: gettext_lazy("Epic"),
    STORY: pgettext_lazy("backlog issue type", "Story"),
    TASK: gettext_lazy("Task"),
    "Highest": pgettext_lazy("backlog priority", "Highest"),
    "High": pgettext_lazy("backlog priority", "High"),
    "Medium": pgettext_lazy("backlog priority", "Medium"),
}


def _word(value: str) -> str:
    return str(VALUE_WORDS.get(value, value))


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&#])")
_MD_LINE_START = re.compile(r"^(\s*)([+\-=>]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that Markdown shows literally (no markup, no HTML)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_paragraph(text: str) -> str:
    return "  \n".join(md_escape(line) for line in text.strip().splitlines())


def _md_item(item: BacklogItem) -> list[str]:
    lines = [f"## {md_escape(one_line(item.summary))}", ""]
    fields = [
        (_("Type"), _word(item.issue_type)),
        (_("Priority"), _word(item.priority)),
        (_("Labels"), ", ".join(f"`{label}`" for label in item.labels)),
    ]
    if item.parent:
        fields.append((_("Epic"), f"{md_escape(item.epic_name)} (`{item.parent}`)"))
    lines += ["  \n".join(f"**{md_escape(str(label))}:** {value}" for label, value in fields), ""]
    for section in item.sections:
        lines += [f"### {md_escape(section.heading)}", ""]
        if section.text.strip():
            lines += [_md_paragraph(section.text), ""]
        if section.bullets:
            for index, bullet in enumerate(section.bullets):
                box = ("[x] " if section.checked[index] else "[ ] ") if section.checklist else ""
                lines.append(f"- {box}{md_escape(one_line(bullet))}")
            lines.append("")
    open_text = md_escape(_("Open in Atelier"))
    lines += [f"[{open_text}]({item.link})", "", "---", ""]
    return lines


def render_markdown(items: Sequence[BacklogItem], *, title: str) -> bytes:
    """One `##` issue per item, ready to paste into GitHub or GitLab issues."""
    heading = _("Backlog — %(title)s") % {"title": title}
    lines = [f"# {md_escape(heading)}", ""]
    if not items:
        lines += [md_escape(_("No use case is shortlisted yet.")), ""]
    for item in items:
        lines += _md_item(item)
    # French typography (U+202F before : ; ! ?, « guillemets ») in the reader's language, every line.
    return "\n".join(typography(line) for line in lines).encode("utf-8")
