"""The plan as PDF: a cover that says it all, the ranking, the matrix, each use case, the summary.

fpdf2 (pure Python, so a machine with only Python can export). Its core fonts
only cover cp1252, so a TrueType font with wide coverage is used when one is
found among the usual system paths; otherwise the core Helvetica with cp1252
(which has €, accents and typographic quotes) and a transliteration of
anything else. Nothing is printed as Markdown: the summary is read into plain
blocks first. Matrix colours are the web page's.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from compliance.display import DISCLAIMER
from core.formatting import labelled
from reports.exports.columns import (
    FEASIBILITY_COLUMN,
    IMPACT_COLUMN,
    NUMBER_COLUMN,
    PAYBACK_COLUMN,
    POC_COLUMNS,
    POC_COST_COLUMN,
    PRIORITY_COLUMN,
    QUADRANT_COLUMN,
    RISK_NPV_COLUMN,
    TITLE_COLUMN,
    VOTES_COLUMN,
    WORKSHOP_COLUMN,
    assessment_lines,
    item_facts,
    item_figures,
    item_texts,
    obligations_lines,
)
from reports.exports.text import budget_text, cover_rows, markdown_blocks
from reports.plan import Plan, WorkshopPlan
from usecases.ranking import DEPRIORITISE, INCREMENTAL, QUADRANT_LABELS, QUICK_WIN, STRATEGIC_BET

PDF_RANKING_COLUMNS = [
    NUMBER_COLUMN,
    TITLE_COLUMN,
    QUADRANT_COLUMN,
    IMPACT_COLUMN,
    FEASIBILITY_COLUMN,
    PRIORITY_COLUMN,
    VOTES_COLUMN,
    POC_COST_COLUMN,
    RISK_NPV_COLUMN,
    PAYBACK_COLUMN,
]

# (regular, bold) TrueType fonts with wide coverage, by platform. The first pair found is used.
PDF_FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
CORE_FONT = "helvetica"
# fontTools logs every step of subsetting the embedded font at INFO: noise in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
TTF_FONT = "atelier-sans"
# Typographic characters outside cp1252 and their closest plain form.
_TRANSLITERATIONS = str.maketrans(
    {
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2192": "->",
        "\u2190": "<-",
        "\u2265": ">=",
        "\u2264": "<=",
        # French typography's narrow no-break space: a no-break space on paper, never a place to break.
        "\u202f": "\u00a0",
    }
)


def _find_font(candidates: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    for regular, bold in candidates:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


class PlanPDF(FPDF):
    def __init__(self, plan: Plan, font_candidates: Iterable[tuple[str, str]]) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.plan = plan
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(_("POC plan — %(title)s") % {"title": plan.title})
        self.set_creator("Atelier")
        self.supported: set[int] | None = None
        self._char_widths: dict[tuple[str, str, float], dict[str, float]] = {}
        self._drawn: dict[str, str] = {}
        font = _find_font(font_candidates)
        if font is not None:
            try:
                self.add_font(TTF_FONT, "", font[0])
                self.add_font(TTF_FONT, "B", font[1])
            except Exception:  # an unreadable system font must not break the export
                font = None
            else:
                self.plan_font = TTF_FONT
                ttf = self.fonts[f"{TTF_FONT}"]
                assert isinstance(ttf, TTFFont)  # add_font just loaded it from a .ttf file
                self.supported = set(ttf.cmap)
        if font is None:
            # cp1252 covers € and typographic quotes, which Latin-1 does not.
            self.core_fonts_encoding = "cp1252"
            self.plan_font = CORE_FONT
        self.set_font(self.plan_font, size=10)

    def clean(self, text: str) -> str:
        """Text the font can draw: unknown characters become their closest form, or '?'."""
        drawn = self._drawn
        out = []
        for char in text.translate(_TRANSLITERATIONS):
            form = drawn.get(char)
            if form is None:
                form = drawn[char] = self._drawable_form(char)
            out.append(form)
        return "".join(out)

    def _drawable_form(self, char: str) -> str:
        """What `clean` writes for `char` (decided once per character and font)."""
        if char in "\n\t":
            return " " if char == "\t" else char
        if unicodedata.category(char) in {"Cc", "Cs"}:
            return ""
        if self._can_draw(char):
            return char
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        return plain if plain and all(self._can_draw(c) for c in plain) else "?"

    def _can_draw(self, char: str) -> bool:
        if self.supported is not None:
            return ord(char) in self.supported
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.plan_font, size=8)
        self.set_text_color(120)
        text = f"{self.plan.title} · {self.plan.exported_on.isoformat()} · {self.page_no()}"
        self.cell(0, 5, self.clean(text), align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self.plan_font, "B", size)
        self.lines(self.clean(text), size * 0.5)
        self.ln(2)
        self.set_font(self.plan_font, size=10)

    def paragraph(self, text: str, size: int = 10, bold: bool = False) -> None:
        self.set_font(self.plan_font, "B" if bold else "", size)
        self.lines(self.clean(text), 5)
        self.set_font(self.plan_font, size=10)

    def lines(self, text: str, height: float) -> None:
        """`text` across the page's width, one cell per line.

        fpdf2's multi_cell measures the whole line again for every character it
        adds (most of a long plan's time): here each character is measured once
        per font and lines are filled greedily, as multi_cell fills them.
        """
        for line in self._wrapped(text, self.epw):
            self.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")

    def _wrapped(self, text: str, width: float) -> list[str]:
        widths = self._char_widths.setdefault((self.font_family, self.font_style, self.font_size_pt), {})

        def measure(chars: str) -> float:
            total = 0.0
            for char in chars:
                if char not in widths:
                    widths[char] = self.get_string_width(char)
                total += widths[char]
            return total

        space = measure(" ")
        lines: list[str] = []
        for source in text.split("\n"):
            line, used = "", 0.0
            for word in source.split(" "):
                size = measure(word)
                while size > width:  # a word wider than the page: cut it where it overflows
                    head, head_size = "", 0.0
                    for char in word:
                        if head_size + widths[char] > width:
                            break
                        head, head_size = head + char, head_size + widths[char]
                    if line:
                        lines.append(line)
                    lines.append(head)
                    line, used = "", 0.0
                    word = word[len(head) :]
                    size = measure(word)
                if line and used + space + size > width:
                    lines.append(line)
                    line, used = word, size
                else:
                    line, used = (f"{line} {word}", used + space + size) if line else (word, size)
            lines.append(line)
        return lines


def _pdf_cover(pdf: PlanPDF, plan: Plan) -> None:
    """Workshop, client, date; then the shortlist with its POC budget and its main compliance flags."""
    pdf.add_page()
    pdf.ln(12)
    pdf.heading(_("Prioritised POC plan"), 22)
    pdf.heading(plan.title, 16)
    pdf.ln(2)
    pdf.set_font(pdf.plan_font, size=11)
    with pdf.table(
        col_widths=(9, 11),
        first_row_as_headings=False,
        borders_layout="NONE",
        line_height=6,
        padding=(1, 2),
        text_align="LEFT",
    ) as table:
        for label, value in cover_rows(plan):
            row = table.row()
            row.cell(pdf.clean(label), style=FontFace(emphasis="BOLD"))
            row.cell(pdf.clean(value))
    pdf.ln(4)
    pdf.heading(_("Shortlisted for a POC"), 14)
    shortlisted = plan.shortlisted
    if not shortlisted:
        pdf.paragraph(_("No use case is shortlisted yet."))
    else:
        with pdf.table(
            col_widths=(1, 9, 4, 8),
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 232, 240)),
            line_height=5,
            padding=1,
            text_align=("RIGHT", "LEFT", "RIGHT", "LEFT"),
        ) as table:
            head = table.row()
            for text in ("#", _("Title"), _("POC cost"), _("Compliance flags")):
                head.cell(pdf.clean(text))
            for item in shortlisted:
                row = table.row()
                row.cell(pdf.clean(str(item.rank or "")))
                title = f"{item.workshop_title} · {item.title}" if plan.is_client_plan else item.title
                row.cell(pdf.clean(title))
                row.cell(pdf.clean(POC_COST_COLUMN.text(item)))
                row.cell(pdf.clean("; ".join(flag.text for flag in item.alert_flags) or "–"))
        pdf.ln(2)
        pdf.paragraph(labelled(_("Total POC budget (base scenario, shortlist)"), budget_text(plan)), size=11, bold=True)
    pdf.ln(4)
    pdf.paragraph(str(DISCLAIMER), size=9, bold=True)
    pdf.set_font(pdf.plan_font, size=10)


RANKING_PADDING = 1.0


def _pdf_column_widths(pdf: PlanPDF, rows: list[list[str]], stretch: int) -> list[float]:
    """Each column as wide as its longest word (so no word breaks), the rest to column `stretch`.

    Huge amounts would push the table off the page: then the widest columns share the room left, and wrap.
    """
    widths = []
    for index, column in enumerate(zip(*rows, strict=True)):
        pdf.set_font(pdf.plan_font, "B", 8)  # headings are bold: measure everything as if bold
        longest = max(pdf.get_string_width(word) for text in column for word in text.split() or [""])
        widths.append(longest + 2 * RANKING_PADDING + 1 if index != stretch else 30)
    room = pdf.epw - widths[stretch]
    others = sorted(width for index, width in enumerate(widths) if index != stretch)
    if sum(others) > room:  # huge amounts: cap the widest columns, their numbers wrap instead of leaving the page
        cap = others[-1]
        for count, width in enumerate(others):
            left = len(others) - count
            if width * left > room:
                cap = room / left
                break
            room -= width
        widths = [width if index == stretch else min(width, cap) for index, width in enumerate(widths)]
    widths[stretch] += max(pdf.epw - sum(widths), 0)
    pdf.set_font(pdf.plan_font, size=8)
    return widths


def _pdf_ranking(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    pdf.heading(_("Ranking"), 13)
    if not workshop.items:
        pdf.paragraph(_("No use case yet."))
        return
    rows = [[pdf.clean(str(column.label)) for column in PDF_RANKING_COLUMNS]]
    for item in workshop.items:
        cells = [column.text(item) for column in PDF_RANKING_COLUMNS]
        if item.is_shortlisted:
            cells[1] += " *"
        rows.append([pdf.clean(text) for text in cells])
    widths = _pdf_column_widths(pdf, rows, stretch=1)
    with pdf.table(
        width=min(sum(widths), pdf.epw),
        col_widths=widths,
        text_align=tuple("RIGHT" if column.is_numeric else "LEFT" for column in PDF_RANKING_COLUMNS),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 232, 240)),
        line_height=4.5,
        padding=RANKING_PADDING,
    ) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)
    pdf.set_font(pdf.plan_font, size=8)
    pdf.ln(1)
    note = _("* shortlisted for a POC. Amounts in %(currency)s, base scenario.") % {"currency": workshop.currency}
    pdf.multi_cell(0, 4, pdf.clean(note), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.plan_font, size=10)


# The web matrix's colours (static/css/atelier.css: .matrix .q-*, .point, .point.discuss).
QUADRANT_FILLS = {
    QUICK_WIN: (0xEB, 0xFB, 0xEE),
    STRATEGIC_BET: (0xE7, 0xF5, 0xFF),
    INCREMENTAL: (0xFF, 0xF9, 0xDB),
    DEPRIORITISE: (0xF8, 0xF9, 0xFA),
}
POINT_FILL = (0x3B, 0x5B, 0xDB)
DISCUSS_FILL = (0xE8, 0x59, 0x0C)


def _pdf_matrix(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    """Impact (up) against feasibility (right), 1..5 with the midline at 3; dots sized by votes."""
    size = 110.0
    if pdf.get_y() + size + 30 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.heading(_("Impact / feasibility matrix"), 13)
    x0 = pdf.l_margin + 18
    y0 = pdf.get_y() + 2
    half = size / 2

    def to_xy(feasibility: float, impact: float) -> tuple[float, float]:
        return x0 + (feasibility - 1) / 4 * size, y0 + size - (impact - 1) / 4 * size

    pdf.set_line_width(0.2)
    corners = {STRATEGIC_BET: (x0, y0), QUICK_WIN: (x0 + half, y0), DEPRIORITISE: (x0, y0 + half)}
    corners[INCREMENTAL] = (x0 + half, y0 + half)
    pdf.set_font(pdf.plan_font, "B", 9)
    for quadrant, (qx, qy) in corners.items():
        pdf.set_fill_color(*QUADRANT_FILLS[quadrant])
        pdf.set_draw_color(200)
        pdf.rect(qx, qy, half, half, style="DF")
        pdf.set_xy(qx + 2, qy + 2)
        pdf.set_text_color(90)
        pdf.cell(half - 4, 5, pdf.clean(str(QUADRANT_LABELS[quadrant])))
    pdf.set_text_color(0)
    pdf.set_font(pdf.plan_font, "", 8)
    for value in range(1, 6):
        x, y = to_xy(value, value)
        pdf.text(x - 1, y0 + size + 4, str(value))
        pdf.text(x0 - 4, y + 1, str(value))
    pdf.set_font(pdf.plan_font, "B", 9)
    pdf.text(x0 + half - 10, y0 + size + 9, pdf.clean(_("Feasibility")))
    with pdf.rotation(90, x0 - 9, y0 + half + 8):
        pdf.text(x0 - 9, y0 + half + 8, pdf.clean(_("Impact")))

    scored = [item for item in workshop.items if item.impact is not None and item.feasibility is not None]
    most = max((item.votes for item in scored), default=0)
    pdf.set_font(pdf.plan_font, "B", 7)
    for item in scored:
        x, y = to_xy(item.feasibility or 0, item.impact or 0)
        radius = 1.6 + (4.0 * math.sqrt(item.votes / most) if most else 0)
        pdf.set_fill_color(*(DISCUSS_FILL if item.needs_discussion else POINT_FILL))
        # Shortlisted points get a dark ring, as on the web page.
        if item.is_shortlisted:
            pdf.set_draw_color(20)
            pdf.set_line_width(0.6)
        else:
            pdf.set_draw_color(255)
            pdf.set_line_width(0.2)
        pdf.circle(x, y, radius, style="DF")
        pdf.text(x + radius + 0.8, y + 1.2, str(item.rank or ""))
    pdf.set_draw_color(0)
    pdf.set_y(y0 + size + 12)
    pdf.set_font(pdf.plan_font, size=8)
    legend = _(
        "Dots are numbered by rank and sized by votes; ringed ones are shortlisted, orange ones need discussion."
    )
    unscored = len(workshop.items) - len(scored)
    if unscored:
        legend += " " + _("Not scored yet (not drawn): %(count)s.") % {"count": unscored}
    pdf.multi_cell(0, 4, pdf.clean(legend), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.plan_font, size=10)


def _pdf_items(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    for item in workshop.items:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        prefix = f"{item.rank}. " if item.rank else ""
        pdf.heading(prefix + item.title, 11)
        pdf.paragraph(" · ".join([item.status_label, *assessment_lines(item), *item_facts(item)]), size=9)
        for flag in item.alert_flags:
            pdf.paragraph(flag.text, size=9, bold=True)
        pdf.paragraph(" · ".join(item_figures(item)), size=9)
        obligations = obligations_lines(item)
        if obligations:
            pdf.paragraph(_("Obligations"), size=9, bold=True)
            for line in obligations:
                pdf.paragraph("•  " + line, size=8)
        # On paper, the shortlist in full; the other candidates in a few lines each (their full texts are
        # in the spreadsheet and Markdown exports): a plan to forward stays readable, and quick to make.
        limit = None if item.is_shortlisted else PDF_EXCERPT_CHARS
        for label, text in item_texts(item):
            pdf.paragraph(label, size=9, bold=True)
            pdf.paragraph(_excerpt(text, limit), size=9)
        pdf.ln(3)


PDF_EXCERPT_CHARS = 280


def _excerpt(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip() + " … " + _("(in full in the spreadsheet and Markdown exports)")


def _pdf_summary(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    pdf.heading(_("Summary"), 13)
    blocks = markdown_blocks(workshop.summary_markdown)
    if not blocks:
        pdf.paragraph(_("No summary yet."))
        return
    numbers: dict[int, int] = {}
    for block in blocks:
        if block.kind == "heading":
            pdf.ln(1)
            pdf.paragraph(block.text, size=12 if block.level <= 1 else 11, bold=True)
        elif block.kind == "bullet":
            pdf.paragraph("•  " + block.text)
        elif block.kind == "numbered":
            numbers[block.level] = numbers.get(block.level, 0) + 1
            pdf.paragraph(f"{numbers[block.level]}.  {block.text}")
            continue
        else:
            pdf.paragraph(block.text)
        numbers.clear()


def render_pdf(plan: Plan, *, font_candidates: Iterable[tuple[str, str]] = PDF_FONT_CANDIDATES) -> bytes:
    """A printable report: cover, then per workshop the ranking, the matrix, the use cases and the summary."""
    pdf = PlanPDF(plan, font_candidates)
    _pdf_cover(pdf, plan)
    for workshop in plan.workshops:
        pdf.add_page()
        if plan.is_client_plan:
            pdf.heading(workshop.title, 16)
            date = labelled(_("Date"), workshop.held_on.isoformat())
            pdf.paragraph(f"{date} · {labelled(_('Participants'), str(workshop.participants))}")
            pdf.ln(2)
        _pdf_ranking(pdf, workshop)
        pdf.ln(4)
        if workshop.items:
            _pdf_matrix(pdf, workshop)
            pdf.add_page()
            _pdf_items(pdf, workshop)
        _pdf_summary(pdf, workshop)
    if plan.pocs:
        _pdf_pocs(pdf, plan)
    return bytes(pdf.output())


# On paper, what fits an A4 page: workshop, use case, status, NPV and payback baseline against
# re-projection, metrics on target, definition of done (no owner, months, currency or reason).
PDF_POC_COLUMNS = [POC_COLUMNS[index] for index in (0, 1, 3, 6, 7, 8, 9, 10, 11)]


def _pdf_pocs(pdf: PlanPDF, plan: Plan) -> None:
    """The POCs: baseline against re-projection, as on the POC page."""
    pdf.add_page()
    pdf.heading(_("POCs"), 14)
    columns = [c for c in PDF_POC_COLUMNS if plan.is_client_plan or c is not WORKSHOP_COLUMN]
    rows = [[pdf.clean(str(column.label)) for column in columns]]
    rows += [[pdf.clean(column.text(row)) for column in columns] for row in plan.pocs]
    widths = _pdf_column_widths(pdf, rows, stretch=1 if plan.is_client_plan else 0)
    with pdf.table(
        width=min(sum(widths), pdf.epw),
        col_widths=widths,
        text_align=tuple("RIGHT" if column.is_numeric else "LEFT" for column in columns),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 232, 240)),
        line_height=4.5,
        padding=RANKING_PADDING,
    ) as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)
    pdf.set_font(pdf.plan_font, size=10)
