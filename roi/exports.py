"""The POC plan as files: CSV, XLSX, Markdown and PDF.

Each `render_<format>(plan)` turns a roi.plan.Plan into bytes; `export_response`
wraps them in a download. Nothing here reads the database.

Spreadsheets run formulas: a text cell starting with = + - @, a tab or a
carriage return is prefixed with a single quote in CSV and XLSX (OWASP "CSV
injection"), while numbers stay typed numbers, negative ones included.
Markdown escapes the characters that would turn text into markup; the PDF
draws text as it is (nothing in a PDF runs it).

PDF: fpdf2 (pure Python, so a machine with only Python can export). Its core
fonts only cover cp1252, so a TrueType font with wide coverage is used when
one is found among the usual system paths; otherwise the core Helvetica with
cp1252 (which has €, accents and typographic quotes) and a transliteration of
anything else.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from roi.calculator import SCENARIOS
from roi.charts import SCENARIO_LABELS
from roi.plan import Plan, PlanItem, WorkshopPlan
from usecases.ranking import DEPRIORITISE, INCREMENTAL, QUADRANT_LABELS, QUICK_WIN, STRATEGIC_BET

FORMATS = ("csv", "xlsx", "md", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | Decimal | None


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never run: a leading formula character gets a quote."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


# Columns --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: object  # a lazy translation
    kind: str  # text | int | score | money | percent
    value: Callable[[PlanItem], Value]
    width: int = 12


def _figure(scenario: str, name: str) -> Callable[[PlanItem], Value]:
    def get(item: PlanItem) -> Value:
        figures = item.scenarios.get(scenario)
        return getattr(figures, name) if figures is not None else None

    return get


WORKSHOP_COLUMN = Column(gettext_lazy("Workshop"), "text", lambda i: i.workshop_title, 28)
RANK_COLUMN = Column(gettext_lazy("Rank"), "int", lambda i: i.rank, 7)
TITLE_COLUMN = Column(gettext_lazy("Title"), "text", lambda i: i.title, 40)
CURRENCY_COLUMN = Column(gettext_lazy("Currency"), "text", lambda i: i.currency, 9)

PLAN_COLUMNS = [
    RANK_COLUMN,
    TITLE_COLUMN,
    Column(gettext_lazy("Status"), "text", lambda i: i.status_label),
    Column(gettext_lazy("Category"), "text", lambda i: i.category_label, 18),
    Column(gettext_lazy("EU AI Act risk tier"), "text", lambda i: i.ai_act_tier_label),
    Column(gettext_lazy("Personal data involved"), "text", lambda i: i.personal_data_label),
    Column(gettext_lazy("Impact"), "score", lambda i: i.impact, 9),
    Column(gettext_lazy("Feasibility"), "score", lambda i: i.feasibility, 9),
    Column(gettext_lazy("Priority"), "score", lambda i: i.priority, 9),
    Column(gettext_lazy("Votes"), "int", lambda i: i.votes, 8),
    Column(gettext_lazy("Spread"), "score", lambda i: i.spread, 8),
    Column(gettext_lazy("Quadrant"), "text", lambda i: i.quadrant_label, 14),
    CURRENCY_COLUMN,
    Column(gettext_lazy("POC cost"), "money", _figure("base", "poc_cost"), 14),
    Column(gettext_lazy("NPV"), "money", _figure("base", "npv"), 14),
    Column(gettext_lazy("Risk-adjusted NPV"), "money", _figure("base", "risk_adjusted_npv"), 16),
    Column(gettext_lazy("Payback (months)"), "int", _figure("base", "payback_months"), 10),
    Column(gettext_lazy("ROI %"), "percent", _figure("base", "roi_percent"), 10),
    Column(gettext_lazy("Problem"), "text", lambda i: i.problem, 40),
    Column(gettext_lazy("Proposed AI solution"), "text", lambda i: i.solution, 40),
    Column(gettext_lazy("Expected benefits"), "text", lambda i: i.benefits, 40),
    Column(gettext_lazy("Compliance note"), "text", lambda i: i.compliance_note, 30),
    Column(gettext_lazy("Compliance flags"), "text", lambda i: " ".join(i.compliance_flags), 30),
]


def _scenario_columns(scenario: str) -> list[Column]:
    return [
        RANK_COLUMN,
        TITLE_COLUMN,
        CURRENCY_COLUMN,
        Column(gettext_lazy("POC cost"), "money", _figure(scenario, "poc_cost"), 14),
        Column(gettext_lazy("Annual benefit"), "money", _figure(scenario, "annual_benefit"), 14),
        Column(gettext_lazy("Annual run cost"), "money", _figure(scenario, "annual_run_cost"), 14),
        Column(gettext_lazy("NPV"), "money", _figure(scenario, "npv"), 14),
        Column(gettext_lazy("Risk-adjusted NPV"), "money", _figure(scenario, "risk_adjusted_npv"), 16),
        Column(gettext_lazy("ROI %"), "percent", _figure(scenario, "roi_percent"), 10),
        Column(gettext_lazy("Payback (months)"), "int", _figure(scenario, "payback_months"), 10),
        Column(gettext_lazy("IRR %"), "percent", _figure(scenario, "irr"), 10),
    ]


MATRIX_COLUMNS = [
    RANK_COLUMN,
    TITLE_COLUMN,
    Column(gettext_lazy("Impact"), "score", lambda i: i.impact, 9),
    Column(gettext_lazy("Feasibility"), "score", lambda i: i.feasibility, 9),
    Column(gettext_lazy("Votes"), "int", lambda i: i.votes, 8),
    Column(gettext_lazy("Quadrant"), "text", lambda i: i.quadrant_label, 14),
]


def _columns(plan: Plan, columns: list[Column]) -> list[Column]:
    """A client plan labels each use case with its workshop."""
    return [WORKSHOP_COLUMN, *columns] if plan.is_client_plan else columns


# CSV ------------------------------------------------------------------------


def _csv_value(value: Value) -> Value:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value


def render_csv(plan: Plan) -> bytes:
    """One row per use case; UTF-8 with a BOM so that Excel reads accents right."""
    columns = _columns(plan, PLAN_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(str(column.label)) for column in columns])
    for item in plan.items:
        writer.writerow([_csv_value(column.value(item)) for column in columns])
    return out.getvalue().encode("utf-8-sig")


# XLSX -----------------------------------------------------------------------

NUMBER_FORMATS = {"int": "0", "score": "0.00", "money": "#,##0.00", "percent": "0.00"}


def _xlsx_value(value: Value) -> Value:
    if isinstance(value, str):
        # Control characters are not allowed in the file format at all.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _sheet_title(label: object) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(label))[:31]


def _write_table(workbook: Workbook, title: object, columns: list[Column], items: Iterable[PlanItem]) -> None:
    sheet = workbook.create_sheet(_sheet_title(title))
    sheet.append([_xlsx_value(str(column.label)) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in items:
        sheet.append([_xlsx_value(column.value(item)) for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def render_xlsx(plan: Plan) -> bytes:
    """A plan sheet, one sheet of ROI figures per scenario, the matrix data and the summary."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    items = plan.items
    _write_table(workbook, _("Plan"), _columns(plan, PLAN_COLUMNS), items)
    for scenario in SCENARIOS:
        title = _("ROI %(scenario)s") % {"scenario": SCENARIO_LABELS[scenario]}
        _write_table(workbook, title, _columns(plan, _scenario_columns(scenario)), items)
    _write_table(workbook, _("Matrix data"), _columns(plan, MATRIX_COLUMNS), items)

    sheet = workbook.create_sheet(_sheet_title(_("Summary")))
    for label, value in _cover_rows(plan):
        sheet.append([_xlsx_value(label), _xlsx_value(value)])
    for workshop in plan.workshops:
        sheet.append([])
        sheet.append([_xlsx_value(workshop.title)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for line in (workshop.summary_markdown or _("No summary yet.")).splitlines():
            sheet.append([_xlsx_value(line)])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 40

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Shared text ----------------------------------------------------------------


def _number(value: float | Decimal | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _money_text(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else f"{amount:,.2f} {currency}"


def _budget_text(plan: Plan) -> str:
    return " + ".join(_money_text(amount, currency) for currency, amount in plan.budgets.items()) or "0.00"


def _cover_rows(plan: Plan) -> list[tuple[str, Value]]:
    rows: list[tuple[str, Value]] = [(_("Client"), plan.client_name)]
    if plan.is_client_plan:
        rows.append((_("Workshops"), ", ".join(w.title for w in plan.workshops)))
    else:
        workshop = plan.workshops[0]
        rows += [(_("Workshop"), workshop.title), (_("Date"), workshop.held_on.isoformat())]
    rows += [
        (_("Participants"), plan.participants),
        (_("Total POC budget (base scenario, shortlist)"), _budget_text(plan)),
        (_("Exported on"), plan.exported_on.isoformat()),
    ]
    return rows


# Markdown -------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


def md_escape(text: str, *, one_line: bool = False) -> str:
    """Text that Markdown shows literally (no markup, no HTML)."""
    if one_line:
        text = " ".join(text.split())
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_paragraphs(text: str) -> str:
    # Two spaces before a newline keep the author's line breaks.
    return "  \n".join(md_escape(line) for line in text.strip().splitlines())


def _md_figures(item: PlanItem) -> list[str]:
    base = item.base
    if base is None:
        return [_("No ROI estimate yet.")]
    payback = (
        _("%(months)s months") % {"months": base.payback_months}
        if base.payback_months is not None
        else _("not within the horizon")
    )
    return [
        f"{_('POC cost')}: {_money_text(base.poc_cost, item.currency)}",
        f"{_('NPV')}: {_money_text(base.npv, item.currency)}",
        f"{_('Risk-adjusted NPV')}: {_money_text(base.risk_adjusted_npv, item.currency)}",
        f"{_('Payback')}: {payback}",
        f"{_('ROI %')}: {_number(base.roi_percent)}",
    ]


def _md_table(items: Sequence[PlanItem]) -> list[str]:
    headers = [
        "#",
        _("Title"),
        _("Status"),
        _("Quadrant"),
        _("Impact"),
        _("Feasibility"),
        _("Priority"),
        _("Votes"),
        _("Spread"),
        _("POC cost"),
        _("Risk-adjusted NPV"),
        _("Payback (months)"),
        _("ROI %"),
    ]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---", "---", "---", "---"] + ["--:"] * 9) + "|"]
    for item in items:
        base = item.base
        cells = [
            str(item.rank or ""),
            md_escape(item.title, one_line=True),
            md_escape(item.status_label),
            md_escape(item.quadrant_label),
            _number(item.impact),
            _number(item.feasibility),
            _number(item.priority),
            str(item.votes),
            _number(item.spread),
            _number(base.poc_cost) if base else "",
            _number(base.risk_adjusted_npv) if base else "",
            str(base.payback_months) if base and base.payback_months is not None else "",
            _number(base.roi_percent) if base else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _md_item(item: PlanItem) -> list[str]:
    heading = f"#### {item.rank}. " if item.rank else "#### "
    lines = [heading + md_escape(item.title, one_line=True), ""]
    facts = [
        f"{_('Category')}: {md_escape(item.category_label)}",
        f"{_('EU AI Act risk tier')}: {md_escape(item.ai_act_tier_label)}",
        f"{_('Personal data involved')}: {md_escape(item.personal_data_label)}",
        f"{_('Quadrant')}: {md_escape(item.quadrant_label or _('not scored yet'))}",
        f"{_('Votes')}: {item.votes}",
    ]
    if item.needs_discussion:
        facts.append(_("Needs discussion: participants disagree (spread %(spread)s).") % {"spread": item.spread})
    facts += [f"**{md_escape(flag)}**" for flag in item.compliance_flags]
    lines += [f"- {fact}" for fact in facts + _md_figures(item)]
    lines.append("")
    for label, text in (
        (_("Problem"), item.problem),
        (_("Proposed AI solution"), item.solution),
        (_("Expected benefits"), item.benefits),
        (_("Compliance note"), item.compliance_note),
    ):
        if text.strip():
            lines += [f"**{label}**  ", _md_paragraphs(text), ""]
    return lines


def _md_workshop(workshop: WorkshopPlan, level: str) -> list[str]:
    lines = [f"{level} {_('Ranking')}", ""]
    if not workshop.items:
        return [*lines, _("No use case yet."), ""]
    lines += [*_md_table(workshop.items), ""]
    for status_items, label in (
        (workshop.shortlisted, _("Shortlisted for a POC")),
        ([i for i in workshop.items if not i.is_shortlisted], _("Other candidates")),
    ):
        if status_items:
            lines += [f"{level} {label}", ""]
            for item in status_items:
                lines += _md_item(item)
    lines += [f"{level} {_('Summary')}", ""]
    # The summary is Markdown already; raw HTML in it is shown, not run.
    summary = workshop.summary_markdown.strip().replace("<", "&lt;")
    lines += [summary or _("No summary yet."), ""]
    return lines


def render_markdown(plan: Plan) -> bytes:
    title = _("POC plan — %(title)s") % {"title": md_escape(plan.title, one_line=True)}
    lines = [f"# {title}", ""]
    lines += [f"- **{label}:** {md_escape(str(value), one_line=True)}" for label, value in _cover_rows(plan)]
    lines.append("")
    if plan.is_client_plan:
        for workshop in plan.workshops:
            lines += [f"## {md_escape(workshop.title, one_line=True)}", ""]
            lines += [f"{_('Date')}: {workshop.held_on.isoformat()} · {_('Participants')}: {workshop.participants}", ""]
            lines += _md_workshop(workshop, "###")
        if not plan.workshops:
            lines += [_("No workshop yet."), ""]
    else:
        lines += _md_workshop(plan.workshops[0], "##")
    return "\n".join(lines).encode("utf-8")


# PDF ------------------------------------------------------------------------

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
    {"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2192": "->", "\u2190": "<-", "\u2265": ">=", "\u2264": "<="}
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
        font = _find_font(font_candidates)
        if font is not None:
            try:
                self.add_font(TTF_FONT, "", font[0])
                self.add_font(TTF_FONT, "B", font[1])
            except Exception:  # an unreadable system font must not break the export
                font = None
            else:
                self.plan_font = TTF_FONT
                self.supported = set(self.fonts[f"{TTF_FONT}"].cmap)
        if font is None:
            # cp1252 covers € and typographic quotes, which Latin-1 does not.
            self.core_fonts_encoding = "cp1252"
            self.plan_font = CORE_FONT
        self.set_font(self.plan_font, size=10)

    def clean(self, text: str) -> str:
        """Text the font can draw: unknown characters become their closest form, or '?'."""
        text = text.translate(_TRANSLITERATIONS)
        out = []
        for char in text:
            if char in "\n\t":
                out.append(" " if char == "\t" else char)
            elif unicodedata.category(char) in {"Cc", "Cs"}:
                continue
            elif self._can_draw(char):
                out.append(char)
            else:
                plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
                out.append(plain if plain and all(self._can_draw(c) for c in plain) else "?")
        return "".join(out)

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
        self.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(self.plan_font, size=10)

    def paragraph(self, text: str, size: int = 10, bold: bool = False) -> None:
        self.set_font(self.plan_font, "B" if bold else "", size)
        self.multi_cell(0, 5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.plan_font, size=10)


def _pdf_cover(pdf: PlanPDF, plan: Plan) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.heading(_("Prioritised POC plan"), 22)
    pdf.heading(plan.title, 16)
    pdf.ln(6)
    pdf.set_font(pdf.plan_font, size=11)
    with pdf.table(
        col_widths=(2, 3), first_row_as_headings=False, borders_layout="NONE", line_height=6, padding=(1, 2)
    ) as table:
        for label, value in _cover_rows(plan):
            row = table.row()
            row.cell(pdf.clean(label), style=FontFace(emphasis="BOLD"))
            row.cell(pdf.clean(str(value)))
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
    headers = [
        "#",
        _("Title"),
        _("Quadrant"),
        _("Impact"),
        _("Feasibility"),
        _("Priority"),
        _("Votes"),
        _("POC cost"),
        _("Risk-adjusted NPV"),
        _("Payback (months)"),
    ]
    rows = [[pdf.clean(header) for header in headers]]
    for item in workshop.items:
        base = item.base
        rows.append(
            [
                pdf.clean(text)
                for text in (
                    str(item.rank or ""),
                    item.title + (" *" if item.is_shortlisted else ""),
                    item.quadrant_label,
                    _number(item.impact),
                    _number(item.feasibility),
                    _number(item.priority),
                    str(item.votes),
                    _number(base.poc_cost) if base else "",
                    _number(base.risk_adjusted_npv) if base else "",
                    str(base.payback_months) if base and base.payback_months is not None else "",
                )
            ]
        )
    widths = _pdf_column_widths(pdf, rows, stretch=1)
    with pdf.table(
        width=min(sum(widths), pdf.epw),
        col_widths=widths,
        text_align=("RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
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


QUADRANT_FILLS = {
    STRATEGIC_BET: (255, 243, 224),
    QUICK_WIN: (226, 245, 232),
    DEPRIORITISE: (240, 240, 240),
    INCREMENTAL: (227, 238, 252),
}


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
        pdf.set_fill_color(*((52, 84, 209) if item.is_shortlisted else (130, 140, 160)))
        pdf.set_draw_color(255)
        pdf.circle(x, y, radius, style="DF")
        pdf.text(x + radius + 0.8, y + 1.2, str(item.rank or ""))
    pdf.set_draw_color(0)
    pdf.set_y(y0 + size + 12)
    pdf.set_font(pdf.plan_font, size=8)
    legend = _("Dots are numbered by rank and sized by votes; blue ones are shortlisted.")
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
        facts = [
            item.status_label,
            item.category_label,
            f"{_('EU AI Act risk tier')}: {item.ai_act_tier_label}",
            f"{_('Personal data involved')}: {item.personal_data_label}",
        ]
        pdf.paragraph(" · ".join(facts), size=9)
        for flag in item.compliance_flags:
            pdf.paragraph(flag, size=9, bold=True)
        pdf.paragraph(" · ".join(_md_figures(item)), size=9)
        for label, text in (
            (_("Problem"), item.problem),
            (_("Proposed AI solution"), item.solution),
            (_("Expected benefits"), item.benefits),
            (_("Compliance note"), item.compliance_note),
        ):
            if text.strip():
                pdf.paragraph(label, size=9, bold=True)
                pdf.paragraph(text.strip(), size=9)
        pdf.ln(3)


def _pdf_summary(pdf: PlanPDF, workshop: WorkshopPlan) -> None:
    pdf.heading(_("Summary"), 13)
    text = workshop.summary_markdown.strip()
    if not text:
        pdf.paragraph(_("No summary yet."))
        return
    # A light reading of the Markdown: headings in bold, bullets as bullets, the rest as written.
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            pdf.ln(2)
        elif stripped.startswith("#"):
            pdf.paragraph(stripped.lstrip("#").strip(), size=11, bold=True)
        elif stripped[:2] in {"- ", "* ", "+ "}:
            pdf.paragraph("•  " + stripped[2:].replace("**", ""))
        else:
            pdf.paragraph(stripped.replace("**", ""))


def render_pdf(plan: Plan, *, font_candidates: Iterable[tuple[str, str]] = PDF_FONT_CANDIDATES) -> bytes:
    """A printable report: cover, then per workshop the ranking, the matrix, the use cases and the summary."""
    pdf = PlanPDF(plan, font_candidates)
    _pdf_cover(pdf, plan)
    for workshop in plan.workshops:
        pdf.add_page()
        if plan.is_client_plan:
            pdf.heading(workshop.title, 16)
            pdf.paragraph(f"{_('Date')}: {workshop.held_on.isoformat()} · {_('Participants')}: {workshop.participants}")
            pdf.ln(2)
        _pdf_ranking(pdf, workshop)
        pdf.ln(4)
        if workshop.items:
            _pdf_matrix(pdf, workshop)
            pdf.add_page()
            _pdf_items(pdf, workshop)
        _pdf_summary(pdf, workshop)
    return bytes(pdf.output())


# Download -------------------------------------------------------------------

RENDERERS: dict[str, Callable[[Plan], bytes]] = {
    "csv": render_csv,
    "xlsx": render_xlsx,
    "md": render_markdown,
    "pdf": render_pdf,
}


def export_filename(name: str, fallback: str, on: date, fmt: str) -> str:
    """`atelier-plan-claims-triage-2026-11-26.xlsx`."""
    slug = slugify(name)[:60].strip("-") or slugify(fallback)
    return f"atelier-plan-{slug}-{on.isoformat()}.{fmt}"


def export_response(plan: Plan, fmt: str, *, name: str, fallback: str) -> HttpResponse:
    """The plan in `fmt` as a download (Content-Disposition: attachment)."""
    response = HttpResponse(RENDERERS[fmt](plan), content_type=CONTENT_TYPES[fmt])
    filename = export_filename(name, fallback, plan.exported_on, fmt)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    # Scores and money of a client: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response
