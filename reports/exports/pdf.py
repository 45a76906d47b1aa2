"""The plan as PDF: a cover that says it all, the ranking, the matrix, each use case, the summary.

fpdf2 (pure Python, so a machine with only Python can export). Its core fonts
only cover cp1252, so a TrueType font with wide coverage is used when one is
found among the usual system paths (Debian's fonts-dejavu-core first), with
Noto Color Emoji (fonts-noto-color-emoji) as the fallback for the emoji people
type in titles; otherwise the core Helvetica with cp1252 (which has €, accents
and typographic quotes) and a transliteration of anything else. Nothing is
printed as Markdown: the summary is read into plain blocks first.

Every table goes through :func:`_pdf_table`: each column at least as wide as its
longest unbreakable run, so an amount ("9 625,00 €", whose spaces are no-break
spaces) never breaks inside; a table too wide for the page is set smaller
first. Colours are the stylesheet's (core.palette), so paper and pages agree.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from compliance.display import DISCLAIMER
from core.formatting import labelled
from core.palette import colour
from reports.exports.columns import (
    BASELINE_NPV_COLUMN,
    BASELINE_PAYBACK_COLUMN,
    DEFINITION_OF_DONE_COLUMN,
    FEASIBILITY_COLUMN,
    FLAGS_COLUMN,
    IMPACT_COLUMN,
    METRICS_ON_TARGET_COLUMN,
    NUMBER_COLUMN,
    PAYBACK_COLUMN,
    POC_COST_COLUMN,
    POC_STATUS_COLUMN,
    POC_TITLE_COLUMN,
    PRIORITY_COLUMN,
    QUADRANT_COLUMN,
    REPROJECTED_NPV_COLUMN,
    REPROJECTED_PAYBACK_COLUMN,
    RISK_NPV_COLUMN,
    TITLE_COLUMN,
    VOTES_COLUMN,
    WORKSHOP_COLUMN,
    Column,
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
# On paper, what fits an A4 page: workshop, use case, status, NPV and payback baseline against
# re-projection, metrics on target, definition of done (no owner, months, currency or reason).
PDF_POC_COLUMNS = [
    WORKSHOP_COLUMN,
    POC_TITLE_COLUMN,
    POC_STATUS_COLUMN,
    BASELINE_NPV_COLUMN,
    REPROJECTED_NPV_COLUMN,
    BASELINE_PAYBACK_COLUMN,
    REPROJECTED_PAYBACK_COLUMN,
    METRICS_ON_TARGET_COLUMN,
    DEFINITION_OF_DONE_COLUMN,
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
# Colour emoji for what the text font lacks (fpdf2 draws its bitmaps as a Type 3 font).
PDF_EMOJI_FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf",
    "/System/Library/Fonts/Apple Color Emoji.ttc",
    "C:/Windows/Fonts/seguiemj.ttf",
)
EMOJI_FONT = "atelier-emoji"
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
    def __init__(
        self,
        plan: Plan,
        font_candidates: Iterable[tuple[str, str]],
        emoji_candidates: Iterable[str] = PDF_EMOJI_FONT_CANDIDATES,
    ) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.plan = plan
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(_("POC plan — %(title)s") % {"title": plan.title})
        self.set_creator("Atelier")
        self.supported: set[int] | None = None
        self.emoji: set[int] = set()  # what the emoji font draws, until the first character that needs it
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
                self._add_emoji_font(emoji_candidates)
        if font is None:
            # cp1252 covers € and typographic quotes, which Latin-1 does not.
            self.core_fonts_encoding = "cp1252"
            self.plan_font = CORE_FONT
        self.set_font(self.plan_font, size=10)
        self.set_text_color(*colour("ink"))

    def _add_emoji_font(self, candidates: Iterable[str]) -> None:
        """The first emoji font found, as the fallback of every style (emoji have no bold)."""
        path = next((candidate for candidate in candidates if Path(candidate).is_file()), None)
        if path is None:
            return
        try:
            self.add_font(EMOJI_FONT, "", path)
        except Exception:  # an unreadable system font must not break the export
            return
        emoji = self.fonts[EMOJI_FONT]
        assert isinstance(emoji, TTFFont)
        self.emoji = set(emoji.cmap)

    def _fallback_needed(self) -> None:
        """Use the emoji font from the first character only it has: fpdf2 then reads every text
        character by character to pick a font, which costs a plan without emoji a third of its time."""
        if self.emoji and self.supported is not None:
            self.supported |= self.emoji
            self.emoji = set()
            self.set_fallback_fonts([EMOJI_FONT], exact_match=False)

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
        if ord(char) in self.emoji:
            self._fallback_needed()
            return char
        if unicodedata.category(char) in {"Mn", "Cf"}:  # a variation selector or joiner the font lacks
            return ""
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
        self.set_text_color(*colour("muted"))
        text = f"{self.plan.title} · {self.plan.exported_on.isoformat()} · {self.page_no()}"
        self.cell(0, 5, self.clean(text), align="C")
        self.set_text_color(*colour("ink"))

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
    _pdf_table(pdf, [list(row) for row in cover_rows(plan)], size=11, headings=False, ratios=(9, 11))
    pdf.ln(4)
    pdf.heading(_("Shortlisted for a POC"), 14)
    shortlisted = plan.shortlisted
    if not shortlisted:
        pdf.paragraph(_("No use case is shortlisted yet."))
    else:
        rows = [["#", _("Title"), str(POC_COST_COLUMN.label), _("Compliance flags")]]
        for item in shortlisted:
            title = f"{item.workshop_title} · {item.title}" if plan.is_client_plan else item.title
            rows.append([str(item.rank or ""), title, POC_COST_COLUMN.text(item), FLAGS_COLUMN.text(item) or "–"])
        _pdf_table(pdf, rows, size=9, numeric=(True, False, True, False), stretch=(1, 3))
        pdf.ln(2)
        pdf.paragraph(labelled(_("Total POC budget (base scenario, shortlist)"), budget_text(plan)), size=11, bold=True)
    pdf.ln(4)
    pdf.paragraph(str(DISCLAIMER), size=9, bold=True)
    pdf.set_font(pdf.plan_font, size=10)


_FIGURE_SPACE = re.compile(r"(?<=\d) ")
TABLE_PADDING = 1.0
TABLE_MIN_SIZE = 5.5  # points: smaller than this, a table is no longer read
TITLE_MIN_WIDTH = 30.0  # mm: the column that takes the room left (a title) starts this wide


def _words(text: str) -> list[str]:
    """The runs a line may not break inside: only a plain space or a newline separates them.

    (``str.split()`` would also split at the no-break spaces inside "9 625,00 €".)
    """
    return [word for line in text.split("\n") for word in line.split(" ")] or [""]


def _pdf_column_widths(pdf: PlanPDF, rows: Sequence[Sequence[str]], stretch: Sequence[int]) -> list[float]:
    """Each column as wide as its longest unbreakable run (so no amount or word breaks); `stretch` ones start narrow.

    Measured in bold (headings are), at the current size.
    """
    pdf.set_font(pdf.plan_font, "B", pdf.font_size_pt)
    measured: dict[str, float] = {}  # a long plan repeats its words: each is measured once

    def width(word: str) -> float:
        if word not in measured:
            measured[word] = pdf.get_string_width(word)
        return measured[word]

    return [
        # A title may wrap inside a long word (a URL): its column starts narrow and takes the room left.
        TITLE_MIN_WIDTH
        if index in stretch
        else max(width(word) for text in column for word in _words(text)) + 2 * TABLE_PADDING + 1
        for index, column in enumerate(zip(*rows, strict=True))
    ]


def _capped(widths: list[float], stretch: Sequence[int], room: float) -> list[float]:
    """At the smallest size a table still too wide (30-digit amounts): the widest columns share the room, and wrap."""
    others = sorted(width for index, width in enumerate(widths) if index not in stretch)
    room -= sum(widths[index] for index in stretch)
    cap = others[-1]
    for count, width in enumerate(others):
        left = len(others) - count
        if width * left > room:
            cap = room / left
            break
        room -= width
    return [width if index in stretch else min(width, cap) for index, width in enumerate(widths)]


def _pdf_table(
    pdf: PlanPDF,
    rows: Sequence[Sequence[str]],
    *,
    size: float = 8,
    numeric: Sequence[bool] | None = None,
    stretch: int | Sequence[int] = 0,
    headings: bool = True,
    ratios: Sequence[float] | None = None,
) -> None:
    """Every table of the PDF: ``rows`` of text (the first the headings, unless ``headings=False``).

    Columns are as wide as their longest unbreakable run and ``stretch`` (one or more) share what is left; a
    table wider than the page is set smaller, down to TABLE_MIN_SIZE, before anything may wrap
    inside a run. ``numeric`` columns are right-aligned. ``ratios``: fixed relative widths instead
    (the cover's label and value). Without headings, the first column is bold and there are no rules.
    """
    numeric = numeric or [False] * len(rows[0])
    stretch = (stretch,) if isinstance(stretch, int) else tuple(stretch)
    # A figure stays with its unit too ("10 months"): only the headings of numeric columns may wrap.
    cells = [
        [
            pdf.clean(_FIGURE_SPACE.sub("\xa0", text) if is_numeric and (index or not headings) else text)
            for text, is_numeric in zip(row, numeric, strict=True)
        ]
        for index, row in enumerate(rows)
    ]
    pdf.set_font(pdf.plan_font, size=size)
    if ratios is not None:
        widths = [pdf.epw * ratio / sum(ratios) for ratio in ratios]
    else:
        widths = _pdf_column_widths(pdf, cells, stretch)
        while sum(widths) > pdf.epw and size > TABLE_MIN_SIZE:
            size = max(size - 0.5, TABLE_MIN_SIZE)
            pdf.set_font(pdf.plan_font, size=size)
            widths = _pdf_column_widths(pdf, cells, stretch)
        if sum(widths) > pdf.epw:
            widths = _capped(widths, stretch, pdf.epw)
        left = max(pdf.epw - sum(widths), 0)
        for index in stretch:
            widths[index] += left / len(stretch)
    pdf.set_font(pdf.plan_font, size=size)
    pdf.set_fill_color(255)  # a fill left by the matrix would paint every row
    head_fill = colour("line")
    with pdf.table(
        width=min(sum(widths), pdf.epw),
        col_widths=widths,
        text_align=tuple("RIGHT" if is_numeric else "LEFT" for is_numeric in numeric),
        first_row_as_headings=headings,
        headings_style=FontFace(emphasis="BOLD", fill_color=head_fill),
        borders_layout="ALL" if headings else "NONE",
        line_height=size * 0.55,
        padding=TABLE_PADDING,
    ) as table:
        for texts in cells:
            row = table.row()
            for index, text in enumerate(texts):
                row.cell(text, style=None if headings or index else FontFace(emphasis="BOLD"))
    pdf.set_font(pdf.plan_font, size=10)


def _column_table(pdf: PlanPDF, columns: Sequence[Column], items: Iterable[object], *, stretch: int) -> None:
    """A table of ``columns`` over ``items`` (RankedItems or POC rows), as each column writes its text."""
    rows = [[str(column.label) for column in columns]]
    rows += [[column.text(item) for column in columns] for item in items]
    _pdf_table(pdf, rows, numeric=[column.is_numeric for column in columns], stretch=stretch)


def _pdf_ranking(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    pdf.heading(_("Ranking"), 13)
    if not workshop.items:
        pdf.paragraph(_("No use case yet."))
        return
    columns = PDF_RANKING_COLUMNS
    rows = [[str(column.label) for column in columns]]
    for item in workshop.items:
        mark = " *" if item.is_shortlisted else ""
        rows.append([column.text(item) + (mark if column is TITLE_COLUMN else "") for column in columns])
    numeric = [column.is_numeric for column in columns]
    _pdf_table(pdf, rows, numeric=numeric, stretch=columns.index(TITLE_COLUMN))
    pdf.set_font(pdf.plan_font, size=8)
    pdf.ln(1)
    note = _("* shortlisted for a POC. Amounts in %(currency)s, base scenario.") % {"currency": workshop.currency}
    pdf.multi_cell(0, 4, pdf.clean(note), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.plan_font, size=10)


def _quadrant_fills() -> dict[str, tuple[int, int, int]]:
    """The web matrix's quadrant colours (atelier.css: --q-quick-win, …)."""
    return {
        QUICK_WIN: colour("q-quick-win"),
        STRATEGIC_BET: colour("q-strategic-bet"),
        INCREMENTAL: colour("q-incremental"),
        DEPRIORITISE: colour("q-deprioritise"),
    }


Box = tuple[float, float, float, float]  # x, y, width, height


def _overlap(a: Box, b: Box) -> float:
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def place_labels(points: Sequence[tuple[float, float, float, float]], area: Box, height: float) -> list[Box]:
    """A box for each point's label (x, y, radius, label width), over no other label or dot where the area allows.

    Greedy, in the given order (rank first): beside the dot (right, left, above, below), then
    further out; a label that fits nowhere free goes where it overlaps least.
    """
    dots: list[Box] = [(x - r, y - r, 2 * r, 2 * r) for x, y, r, _width in points]
    placed: list[Box] = []
    left, top, width, tall = area

    def within(box: Box) -> bool:
        return box[0] >= left and box[1] >= top and box[0] + box[2] <= left + width and box[1] + box[3] <= top + tall

    for x, y, radius, label_width in points:
        gap = radius + 0.6
        candidates: list[Box] = []
        for step in range(6):
            out = gap + step * height
            candidates += [
                (x + out, y - height / 2, label_width, height),
                (x - out - label_width, y - height / 2, label_width, height),
                (x - label_width / 2, y - out - height, label_width, height),
                (x - label_width / 2, y + out, label_width, height),
                (x + out, y - height / 2 - out, label_width, height),
                (x + out, y - height / 2 + out, label_width, height),
            ]
        inside = [box for box in candidates if within(box)] or candidates
        # Only what lies within reach of this point's candidates can overlap them (150 dots stay quick).
        reach = gap + 6 * height + label_width
        near = [
            other
            for other in (*placed, *dots)
            if other[0] < x + reach
            and other[0] + other[2] > x - reach
            and other[1] < y + reach
            and other[1] + other[3] > y - reach
        ]
        best = min(inside, key=lambda box: sum(_overlap(box, other) for other in near))
        placed.append(best)
    return placed


def _pdf_matrix(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    """Impact (up) against feasibility (right), 1..5, midline at 3; dots sized by votes, in the page's colours."""
    size = 110.0
    if pdf.get_y() + size + 30 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.heading(_("Impact / feasibility matrix"), 13)
    x0 = pdf.l_margin + 18
    y0 = pdf.get_y() + 2
    half = size / 2
    ink, muted, line = colour("ink"), colour("muted"), colour("line")

    def to_xy(feasibility: float, impact: float) -> tuple[float, float]:
        return x0 + (feasibility - 1) / 4 * size, y0 + size - (impact - 1) / 4 * size

    pdf.set_line_width(0.2)
    corners = {STRATEGIC_BET: (x0, y0), QUICK_WIN: (x0 + half, y0), DEPRIORITISE: (x0, y0 + half)}
    corners[INCREMENTAL] = (x0 + half, y0 + half)
    fills = _quadrant_fills()
    pdf.set_font(pdf.plan_font, "B", 9)
    pdf.set_draw_color(*line)
    pdf.set_text_color(*muted)
    for quadrant, (qx, qy) in corners.items():
        pdf.set_fill_color(*fills[quadrant])
        pdf.rect(qx, qy, half, half, style="DF")
        # Labels in the outer corners, away from the midlines where scores gather.
        pdf.set_xy(qx + 2, qy + 2 if qy == y0 else qy + half - 7)
        pdf.cell(half - 4, 5, pdf.clean(str(QUADRANT_LABELS[quadrant])), align="R" if qx > x0 else "L")
    pdf.set_font(pdf.plan_font, "", 8)
    for value in range(1, 6):
        x, y = to_xy(value, value)
        pdf.text(x - 1, y0 + size + 4, str(value))
        pdf.text(x0 - 4, y + 1, str(value))
    pdf.set_font(pdf.plan_font, "B", 9)
    pdf.text(x0 + half - 10, y0 + size + 9, pdf.clean(_("Feasibility")))
    with pdf.rotation(90, x0 - 9, y0 + half + 8):
        pdf.text(x0 - 9, y0 + half + 8, pdf.clean(_("Impact")))
    pdf.set_text_color(*ink)

    scored = [item for item in workshop.items if item.impact is not None and item.feasibility is not None]
    most = max((item.votes for item in scored), default=0)
    dots = []
    for item in scored:
        x, y = to_xy(item.feasibility or 0, item.impact or 0)
        dots.append((item, x, y, 1.6 + (4.0 * math.sqrt(item.votes / most) if most else 0)))
    # The most voted underneath, so a small dot is never hidden under a big one.
    for item, x, y, radius in sorted(dots, key=lambda dot: -dot[3]):
        pdf.set_fill_color(*colour("warn" if item.needs_discussion else "accent"))
        # Shortlisted points get a dark ring, as on the web page.
        if item.is_shortlisted:
            pdf.set_draw_color(*ink)
            pdf.set_line_width(0.6)
        else:
            pdf.set_draw_color(255)
            pdf.set_line_width(0.2)
        pdf.circle(x, y, radius, style="DF")
    # Labels after every dot, each where no other label is: close scores no longer hide each other's rank.
    pdf.set_font(pdf.plan_font, "B", 7)
    label_height = 2.8
    labels = [str(item.rank or "") for item, *_rest in dots]
    points = [
        (x, y, radius, pdf.get_string_width(label)) for (_i, x, y, radius), label in zip(dots, labels, strict=True)
    ]
    boxes = place_labels(points, (x0, y0, size, size), label_height)
    pdf.set_draw_color(*muted)
    pdf.set_line_width(0.15)
    for (x, y, radius, _width), label, box in zip(points, labels, boxes, strict=True):
        centre_x, centre_y = box[0] + box[2] / 2, box[1] + box[3] / 2
        if math.dist((x, y), (centre_x, centre_y)) > radius + label_height * 1.5:  # far from its dot: a leader line
            pdf.line(x, y, centre_x, centre_y)
        pdf.text(box[0], box[1] + box[3] - 0.4, label)
    pdf.set_draw_color(*ink)
    pdf.set_fill_color(255)
    pdf.set_line_width(0.2)
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


def _pdf_pocs(pdf: PlanPDF, plan: Plan) -> None:
    """The POCs: baseline against re-projection, as on the POC page."""
    pdf.add_page()
    pdf.heading(_("POCs"), 14)
    columns = [column for column in PDF_POC_COLUMNS if plan.is_client_plan or column is not WORKSHOP_COLUMN]
    _column_table(pdf, columns, plan.pocs, stretch=columns.index(POC_TITLE_COLUMN))
