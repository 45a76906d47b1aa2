"""The columns of every exported table: one definition, read by CSV, XLSX, Markdown and PDF.

A :class:`Column` knows its label, its kind and how to read its value from a
RankedItem. ``typed`` gives the value a spreadsheet stores (a number stays a
number, rounded once, never localised); ``text`` gives what a person reads in
Markdown and PDF, through core.formatting in the active language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.display import DISCLAIMER, change_rows, dpia_label, obligation_rows
from compliance.references import references_text
from core.formatting import (
    MISSING,
    MONEY_DECIMALS,
    PERCENT_DECIMALS,
    SCORE_DECIMALS,
    format_money,
    format_months,
    format_number,
    format_percent,
    format_score,
    labelled,
    round_half_up,
)
from reports.items import RankedItem

Value = str | int | float | Decimal | None
TEXT, INT, SCORE, MONEY, PERCENT, MONTHS = "text", "int", "score", "money", "percent", "months"
# A list of short texts (articles, obligations, flags): each format joins it its own way, once.
LIST = "list"
# One per line in a spreadsheet cell (XLSX); "; " where a person reads a line (Markdown, PDF).
CELL_LINES, READ_SEPARATOR = "\n", "; "
NUMERIC = (INT, SCORE, MONEY, PERCENT, MONTHS)


@dataclass(frozen=True)
class Column:
    label: Promise | str
    kind: str
    # Of a RankedItem (or, for the POC table, a pocs PortfolioRow); a LIST column's gives a list of texts.
    value: Callable[[Any], Any]
    width: int = 12
    # ROI columns: an item whose ROI is not estimated shows that, not an empty figure.
    roi: bool = False
    # The one ROI column that says "not estimated" in words; the others stay empty.
    says_not_estimated: bool = False

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC

    def parts(self, item: Any) -> list[str]:
        """A LIST column's texts, the empty ones left out."""
        return [str(part) for part in self.value(item) if str(part).strip()]

    def typed(self, item: Any) -> Value:
        """The value a spreadsheet stores: numbers rounded once (scores to 2 decimals), never localised."""
        if self.roi and not item.is_estimated:
            return str(NOT_ESTIMATED) if self.says_not_estimated else None
        if self.kind == LIST:
            return CELL_LINES.join(self.parts(item))
        value = self.value(item)
        if isinstance(value, str) or value is None:
            return value
        if self.kind == SCORE:
            return float(round_half_up(value, SCORE_DECIMALS))
        if self.kind == MONEY:
            return round_half_up(value, MONEY_DECIMALS)
        if self.kind == PERCENT:
            return round_half_up(value, PERCENT_DECIMALS)
        return value

    def text(self, item: Any) -> str:
        """What a person reads, in the active language."""
        if self.roi and not item.is_estimated:
            return str(NOT_ESTIMATED) if self.says_not_estimated else MISSING
        if self.kind == LIST:
            return READ_SEPARATOR.join(self.parts(item))
        value = self.value(item)
        if isinstance(value, str):
            return value
        if self.kind == MONTHS:
            return format_months(value if isinstance(value, int) else None)
        if value is None:
            return "" if self.kind == TEXT else MISSING
        if self.kind == SCORE:
            return format_score(value)
        if self.kind == MONEY:
            return format_money(value, currency=item.currency)
        if self.kind == PERCENT:
            return format_percent(value)
        return format_number(value, decimals=0)


NOT_ESTIMATED = gettext_lazy("not estimated")


def _figure(scenario: str, name: str) -> Callable[[RankedItem], Value]:
    def get(item: RankedItem) -> Value:
        figures = item.scenarios.get(scenario)
        return getattr(figures, name) if figures is not None else None

    return get


_POC_COST = _figure("base", "poc_cost")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(_("Yes") if value else _("No"))


def obligations_lines(item: RankedItem) -> list[str]:
    """Each obligation of the use case's tier in force: article, who, from when, what (reader's language)."""
    return [
        labelled(
            f"{row['article']} ({row['role_label']}, "
            + _("from %(date)s") % {"date": date_format(row["applies_from"], "DATE_FORMAT")}
            + ")",
            row["text"] + (f" {row['note']}" if row["note"] else ""),
        )
        for row in obligation_rows(item.assessment.obligations)
    ]


def articles_list(item: RankedItem) -> list[str]:
    """The articles the pre-assessment names, each in the reader's language."""
    return [references_text(str(article)) for article in item.assessment.articles or ()]


def law_change_lines(item: RankedItem) -> list[str]:
    """What the law in force changed for a use case assessed under an older edition (empty otherwise)."""
    view = item.assessment
    if not view.reassess:
        return []
    return [row["text"] for row in change_rows(view.changes, view.edition_in_force)]


def assessment_lines(item: RankedItem) -> list[str]:
    """The pre-assessment of a use case in words, for Markdown and PDF (empty when not assessed)."""
    view = item.assessment
    lines = [labelled(_("EU AI Act risk tier"), f"{item.ai_act_tier_label} ({item.ai_act_basis_label})")]
    if not view.assessed:
        return lines
    if view.override_reason:
        lines.append(labelled(_("Reason for the override"), view.override_reason))
    if view.edition is not None:
        lines.append(labelled(_("Law"), _(view.edition.title)))
    if view.articles:
        lines.append(labelled(_("Articles"), references_text(view.articles)))
    lines.append(labelled(_("DPIA"), dpia_label(view.dpia)))
    lines.append(labelled(_("Fundamental rights impact assessment"), _yes_no(view.fria_required)))
    if view.needs_legal_review:
        lines.append(str(_("Needs a legal review: a deciding answer is unknown.")))
    changes = law_change_lines(item)
    if changes:
        lines.append(labelled(_("The law changed since this was assessed"), " ".join(changes)))
    return lines


# Every export that shows a tier says what it is: an aid, not legal advice.
TIER_HEADER = format_lazy("{} — {}", gettext_lazy("EU AI Act risk tier"), DISCLAIMER)
WORKSHOP_COLUMN = Column(gettext_lazy("Workshop"), TEXT, lambda i: i.workshop_title, 28)
RANK_COLUMN = Column(gettext_lazy("Rank"), INT, lambda i: i.rank, 7)
NUMBER_COLUMN = Column("#", INT, lambda i: i.rank, 5)
TITLE_COLUMN = Column(gettext_lazy("Title"), TEXT, lambda i: i.title, 40)
CURRENCY_COLUMN = Column(gettext_lazy("Currency"), TEXT, lambda i: i.currency, 9)
STATUS_COLUMN = Column(gettext_lazy("Status"), TEXT, lambda i: i.status_label)
QUADRANT_COLUMN = Column(gettext_lazy("Quadrant"), TEXT, lambda i: i.quadrant_label, 14)
IMPACT_COLUMN = Column(gettext_lazy("Impact"), SCORE, lambda i: i.impact, 9)
FEASIBILITY_COLUMN = Column(gettext_lazy("Feasibility"), SCORE, lambda i: i.feasibility, 9)
PRIORITY_COLUMN = Column(gettext_lazy("Priority"), SCORE, lambda i: i.priority, 9)
VOTES_COLUMN = Column(gettext_lazy("Votes"), INT, lambda i: i.votes, 8)
SPREAD_COLUMN = Column(gettext_lazy("Spread"), SCORE, lambda i: i.spread, 8)
POC_COST_COLUMN = Column(gettext_lazy("POC cost"), MONEY, _POC_COST, 14, roi=True, says_not_estimated=True)
NPV_COLUMN = Column(gettext_lazy("NPV"), MONEY, _figure("base", "npv"), 14, roi=True)
RISK_NPV_COLUMN = Column(gettext_lazy("Risk-adjusted NPV"), MONEY, _figure("base", "risk_adjusted_npv"), 16, roi=True)
PAYBACK_COLUMN = Column(gettext_lazy("Payback (months)"), MONTHS, _figure("base", "payback_months"), 10, roi=True)
ROI_COLUMN = Column(gettext_lazy("ROI %"), PERCENT, _figure("base", "roi_percent"), 10, roi=True)
FLAGS_COLUMN = Column(gettext_lazy("Compliance flags"), LIST, lambda i: [flag.text for flag in i.alert_flags], 30)

PLAN_COLUMNS = [
    RANK_COLUMN,
    TITLE_COLUMN,
    STATUS_COLUMN,
    Column(gettext_lazy("Category"), TEXT, lambda i: i.category_label, 18),
    Column(TIER_HEADER, TEXT, lambda i: i.ai_act_tier_label, 16),
    Column(gettext_lazy("Assessment"), TEXT, lambda i: i.ai_act_basis_label, 16),
    Column(gettext_lazy("Reason for the override"), TEXT, lambda i: i.assessment.override_reason, 24),
    Column(gettext_lazy("Articles"), LIST, articles_list, 18),
    Column(gettext_lazy("Obligations"), LIST, obligations_lines, 40),
    Column(gettext_lazy("DPIA"), TEXT, lambda i: dpia_label(i.assessment.dpia), 14),
    Column(gettext_lazy("FRIA required"), TEXT, lambda i: _yes_no(i.assessment.fria_required), 9),
    Column(gettext_lazy("Legal review needed"), TEXT, lambda i: _yes_no(i.needs_legal_review), 9),
    Column(gettext_lazy("The law changed since this was assessed"), LIST, law_change_lines, 30),
    Column(gettext_lazy("Client's role"), TEXT, lambda i: i.client_role_label),
    Column(gettext_lazy("Personal data involved"), TEXT, lambda i: i.personal_data_label),
    Column(gettext_lazy("Where the data would live"), TEXT, lambda i: i.data_location_label, 16),
    Column(gettext_lazy("Where the model would run"), TEXT, lambda i: i.model_location_label, 16),
    IMPACT_COLUMN,
    FEASIBILITY_COLUMN,
    PRIORITY_COLUMN,
    VOTES_COLUMN,
    SPREAD_COLUMN,
    QUADRANT_COLUMN,
    CURRENCY_COLUMN,
    POC_COST_COLUMN,
    NPV_COLUMN,
    RISK_NPV_COLUMN,
    PAYBACK_COLUMN,
    ROI_COLUMN,
    Column(gettext_lazy("Problem"), TEXT, lambda i: i.use_case.problem, 40),
    Column(gettext_lazy("Proposed AI solution"), TEXT, lambda i: i.use_case.solution, 40),
    Column(gettext_lazy("Expected benefits"), TEXT, lambda i: i.use_case.benefits, 40),
    Column(gettext_lazy("Compliance note"), TEXT, lambda i: i.use_case.compliance_note, 30),
    FLAGS_COLUMN,
]

# The ranking as a person reads it (Markdown and PDF tables).
RANKING_COLUMNS = [
    NUMBER_COLUMN,
    TITLE_COLUMN,
    STATUS_COLUMN,
    QUADRANT_COLUMN,
    IMPACT_COLUMN,
    FEASIBILITY_COLUMN,
    PRIORITY_COLUMN,
    VOTES_COLUMN,
    SPREAD_COLUMN,
    POC_COST_COLUMN,
    RISK_NPV_COLUMN,
    PAYBACK_COLUMN,
]


def scenario_columns(scenario: str) -> list[Column]:
    return [
        RANK_COLUMN,
        TITLE_COLUMN,
        CURRENCY_COLUMN,
        Column(gettext_lazy("POC cost"), MONEY, _figure(scenario, "poc_cost"), 14, roi=True, says_not_estimated=True),
        Column(gettext_lazy("Annual benefit"), MONEY, _figure(scenario, "annual_benefit"), 14, roi=True),
        Column(gettext_lazy("Annual run cost"), MONEY, _figure(scenario, "annual_run_cost"), 14, roi=True),
        Column(gettext_lazy("NPV"), MONEY, _figure(scenario, "npv"), 14, roi=True),
        Column(gettext_lazy("Risk-adjusted NPV"), MONEY, _figure(scenario, "risk_adjusted_npv"), 16, roi=True),
        Column(gettext_lazy("ROI %"), PERCENT, _figure(scenario, "roi_percent"), 10, roi=True),
        Column(gettext_lazy("Payback (months)"), MONTHS, _figure(scenario, "payback_months"), 10, roi=True),
        Column(gettext_lazy("IRR %"), PERCENT, _figure(scenario, "irr"), 10, roi=True),
    ]


MATRIX_COLUMNS = [RANK_COLUMN, TITLE_COLUMN, IMPACT_COLUMN, FEASIBILITY_COLUMN, VOTES_COLUMN, QUADRANT_COLUMN]


def with_workshop(is_client_plan: bool, columns: Sequence[Column]) -> list[Column]:
    """A client plan labels each use case with its workshop."""
    return [WORKSHOP_COLUMN, *columns] if is_client_plan else list(columns)


def item_facts(item: RankedItem) -> list[str]:
    """The facts under a use case's heading in Markdown and PDF, in the active language."""
    facts = [
        labelled(_("Category"), item.category_label),
        labelled(_("Client's role"), item.client_role_label),
        labelled(_("Personal data involved"), item.personal_data_label),
        item.hosting_text,
        labelled(_("Quadrant"), item.quadrant_label or _("not scored yet")),
        labelled(_("Votes"), str(item.votes)),
    ]
    if item.needs_discussion:
        facts.append(
            _("Needs discussion: participants disagree (spread %(spread)s).") % {"spread": format_score(item.spread)}
        )
    return facts


def item_texts(item: RankedItem) -> list[tuple[str, str]]:
    """The use case's own texts worth a heading (label, text), those left empty left out."""
    uc = item.use_case
    texts = [
        (_("Problem"), uc.problem),
        (_("Proposed AI solution"), uc.solution),
        (_("Expected benefits"), uc.benefits),
        (_("Compliance note"), uc.compliance_note),
    ]
    return [(label, text.strip()) for label, text in texts if text.strip()]


def item_figures(item: RankedItem) -> list[str]:
    """The base scenario's figures of a use case, or that its ROI is not estimated."""
    if not item.is_estimated:
        return [_("ROI: not estimated.")]
    columns = (POC_COST_COLUMN, NPV_COLUMN, RISK_NPV_COLUMN)
    return [labelled(str(column.label), column.text(item)) for column in columns] + [
        labelled(_("Payback"), PAYBACK_COLUMN.text(item)),
        labelled(str(ROI_COLUMN.label), ROI_COLUMN.text(item)),
    ]


def _outcome(name: str, figure: str) -> Callable[[Any], Value]:
    def get(row: Any) -> Value:
        outcome = getattr(row, name)
        return getattr(outcome, figure) if outcome is not None else str(_("no check-in yet"))

    return get


def _of(done: str, total: str) -> Callable[[Any], Value]:
    def get(row: Any) -> Value:
        return _("%(done)s of %(total)s") % {"done": getattr(row, done), "total": getattr(row, total)}

    return get


# The POC portfolio (pocs.selectors.poc_portfolio): baseline against re-projection, as the POC page shows it.
POC_TITLE_COLUMN = Column(gettext_lazy("Use case"), TEXT, lambda r: r.title, 36)
POC_OWNER_COLUMN = Column(gettext_lazy("Owner"), TEXT, lambda r: r.owner, 18)
POC_STATUS_COLUMN = Column(gettext_lazy("Status"), TEXT, lambda r: r.status_label, 12)
MONTHS_COVERED_COLUMN = Column(gettext_lazy("Months covered"), INT, lambda r: r.months_covered, 9)
BASELINE_NPV_COLUMN = Column(gettext_lazy("Baseline NPV"), MONEY, _outcome("baseline", "npv"), 14)
REPROJECTED_NPV_COLUMN = Column(gettext_lazy("Re-projected NPV"), MONEY, _outcome("reprojected", "npv"), 14)
BASELINE_PAYBACK_COLUMN = Column(gettext_lazy("Baseline payback"), MONTHS, _outcome("baseline", "payback_months"), 12)
REPROJECTED_PAYBACK_COLUMN = Column(
    gettext_lazy("Re-projected payback"), MONTHS, _outcome("reprojected", "payback_months"), 12
)
METRICS_ON_TARGET_COLUMN = Column(
    gettext_lazy("Metrics on target"), TEXT, _of("metrics_on_target", "metrics_evaluated"), 10
)
DEFINITION_OF_DONE_COLUMN = Column(gettext_lazy("Definition of done"), TEXT, _of("dod_done", "dod_applicable"), 10)
VERDICT_REASON_COLUMN = Column(gettext_lazy("Verdict reason"), TEXT, lambda r: r.verdict_reason, 30)

POC_COLUMNS = [
    WORKSHOP_COLUMN,
    POC_TITLE_COLUMN,
    POC_OWNER_COLUMN,
    POC_STATUS_COLUMN,
    MONTHS_COVERED_COLUMN,
    CURRENCY_COLUMN,
    BASELINE_NPV_COLUMN,
    REPROJECTED_NPV_COLUMN,
    BASELINE_PAYBACK_COLUMN,
    REPROJECTED_PAYBACK_COLUMN,
    METRICS_ON_TARGET_COLUMN,
    DEFINITION_OF_DONE_COLUMN,
    VERDICT_REASON_COLUMN,
]
