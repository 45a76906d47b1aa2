"""The backlog of the shortlist and its POCs, for the team that builds them.

`backlog_items` turns the shortlist (in rank order, `shortlist`) into items:
per use case an Epic, a Story (the user story and its acceptance criteria:
the expected benefits, the success criteria and targets, the definition of
done), the data and model tasks (data access, evaluation set, model quality
threshold, inference cost check) and one Task per compliance obligation;
each item links back to Atelier. pocs.backlog_files writes them as a Jira CSV
import and as Markdown issues.

Issue types and priorities are Jira's default English names, whatever the
reader's language (Jira's importer matches them by name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formatting import format_measure, format_money, format_number, one_line
from pocs.dod import dod_templates
from pocs.models import BuiltinMetric, Direction, DodItem, DodState, Metric, Poc
from roi.models import RoiEstimate
from usecases.models import RiskTier, Status, UseCase
from usecases.ranking import rank_workshop
from workshop.models import Workshop

EPIC, STORY, TASK = "Epic", "Story", "Task"
SUMMARY_MAX = 255  # Jira's limit

Link = Callable[[UseCase], str]


def shortlist(workshop: Workshop) -> list[UseCase]:
    """The shortlisted use cases in rank order, with their ROI estimate and POC loaded."""
    order = [row.use_case_id for row in rank_workshop(workshop).rows if row.status == Status.SHORTLISTED]
    use_cases = (
        UseCase.objects.filter(pk__in=order)
        .select_related("roi", "poc")
        .prefetch_related("poc__metrics", "poc__dod_items")
    )
    by_id = {uc.pk: uc for uc in use_cases}
    return [by_id[pk] for pk in order if pk in by_id]


@dataclass(frozen=True)
class Section:
    heading: str
    text: str = ""
    bullets: list[str] = field(default_factory=list)
    checklist: bool = False  # bullets are acceptance criteria to tick
    checked: list[bool] = field(default_factory=list)


@dataclass(frozen=True)
class BacklogItem:
    key: str  # "Issue ID": unique in the file, referenced by "Parent"
    parent: str  # the epic's key; empty for an epic
    issue_type: str
    summary: str
    priority: str
    labels: list[str]
    epic_name: str  # the epic's summary, for "Epic Name" (epics) and "Epic Link" (their children)
    sections: list[Section]
    link: str


def _summary(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def _label(text: str) -> str:
    """A Jira label: no spaces, lower case."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _priority(position: int) -> str:
    """The first of the shortlist is the most urgent, the next two high, the rest medium."""
    if position == 0:
        return "Highest"
    return "High" if position < 3 else "Medium"


def _criteria_from(text: str) -> list[str]:
    """One acceptance criterion per line of `text`, or per sentence when it is one line."""
    lines = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in text.strip().splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        lines = [s.strip() for s in re.split(r"(?<=[.!?;])\s+", lines[0]) if s.strip()]
    return lines


def _measure(value: Decimal) -> str:
    """A target as people read it, through the one formatter: "1,1111" in French, never machine text."""
    return format_measure(value)


def _target_text(metric: Metric) -> str:
    sign = "≤" if metric.direction == Direction.LOWER else "≥"
    unit = f" {metric.unit}" if metric.unit else ""
    return f"{metric.display_name} {sign} {_measure(metric.target)}{unit}"  # type: ignore[arg-type]


def _targets(poc: Poc | None) -> list[str]:
    if poc is None:
        return []
    return [_target_text(m) for m in poc.metrics.all() if m.target is not None]


@dataclass(frozen=True)
class _DodLine:
    code: str
    label: str
    done: bool
    not_applicable: bool
    note: str
    is_obligation: bool


def _dod_lines(use_case: UseCase, poc: Poc | None) -> list[_DodLine]:
    """The POC's items with their state, or (no POC yet) the items its POC would start with."""
    if poc is not None:
        items: Sequence[DodItem] = list(poc.dod_items.all())
        return [
            _DodLine(
                item.code,
                item.display_label,
                item.state == DodState.DONE,
                item.state == DodState.NOT_APPLICABLE,
                item.note,
                item.code.startswith(("ai_act", "gdpr")),
            )
            for item in items
        ]
    return [_DodLine(t.code, _(t.label), False, False, "", t.is_obligation) for t in dod_templates(use_case)]


def _estimate(use_case: UseCase) -> RoiEstimate | None:
    try:
        return use_case.roi
    except RoiEstimate.DoesNotExist:
        return None


def _poc(use_case: UseCase) -> Poc | None:
    try:
        return use_case.poc
    except Poc.DoesNotExist:
        return None


def _clause(text: str) -> str:
    """Text to go inside a sentence: one line, no final stop, lower case first unless an acronym ("AI")."""
    text = one_line(text).rstrip(" .;!")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _user_story(use_case: UseCase) -> str:
    return _("As %(users)s, I want %(solution)s, so that %(benefits)s.") % {
        "users": " ".join(use_case.affected_users.split()) or _("a user"),
        "solution": _clause(use_case.solution) or use_case.title,
        "benefits": _clause(use_case.benefits) or _("the problem below is solved"),
    }


def _field(label: object, value: object) -> str:
    """ "Label: value" (labels are passed in already translated, outside f-strings, for gettext to find)."""
    return f"{label}: {value}"


def _epic_sections(use_case: UseCase, poc: Poc | None, workshop: Workshop) -> list[Section]:
    sections = [
        Section(_("Problem"), use_case.problem),
        Section(_("Proposed AI solution"), use_case.solution),
        Section(_("Expected benefits"), use_case.benefits),
        Section(_("Data sources"), use_case.data_sources),
        Section(_("Affected users"), use_case.affected_users),
    ]
    sections = [s for s in sections if s.text.strip()]
    compliance = [
        _field(_("EU AI Act risk tier"), use_case.get_ai_act_tier_display()),
        _field(_("Client's role"), use_case.get_client_role_display()),
        _field(_("Personal data involved"), use_case.get_personal_data_display()),
    ]
    if use_case.special_category_data:
        compliance.append(_("Special-category data (GDPR Art. 9)."))
    if use_case.automated_decisions:
        compliance.append(_("Automated decisions about people (GDPR Art. 22)."))
    sections.append(Section(_("Compliance"), bullets=compliance))
    if poc is not None:
        figures = poc.baseline_figures
        money = [
            (_("POC cost"), figures.get("poc_cost")),
            (_("NPV"), figures.get("npv")),
            (_("Risk-adjusted NPV"), figures.get("risk_adjusted_npv")),
        ]
        bullets = [
            _field(_("Status"), poc.get_status_display()),
            _field(_("Owner"), poc.owner),
            _field(_("Start date"), poc.started_on.isoformat()),
            _field(_("Planned end date"), poc.planned_end_on.isoformat()),
        ]
        baseline = _("Baseline")
        bullets += [
            _field(
                f"{baseline} — {label}",
                format_money(Decimal(str(value)), currency=workshop.currency),
            )
            for label, value in money
            if value is not None
        ]
        sections.append(Section(_("POC"), bullets=bullets))
    return sections


def _story_sections(use_case: UseCase, poc: Poc | None, dod: list[_DodLine]) -> list[Section]:
    criteria = _criteria_from(use_case.benefits)
    if poc is not None:
        criteria += _criteria_from(poc.success_criteria)
    criteria += _targets(poc)
    standard = [line for line in dod if not line.is_obligation and not line.not_applicable]
    return [
        Section(_("User story"), _user_story(use_case)),
        Section(_("Acceptance criteria"), bullets=criteria, checklist=True, checked=[False] * len(criteria)),
        Section(
            _("Definition of done"),
            bullets=[line.label + (f" — {line.note}" if line.note else "") for line in standard]
            + [_("Every compliance item of this epic is done.")],
            checklist=True,
            checked=[line.done for line in standard] + [False],
        ),
    ]


def _task_sections(use_case: UseCase, poc: Poc | None, workshop: Workshop) -> list[tuple[str, str, list[Section]]]:
    """The data and model tasks: (key suffix, summary, sections)."""
    estimate = _estimate(use_case)
    metrics = {m.builtin: m for m in poc.metrics.all()} if poc is not None else {}
    targets = _targets(poc)
    cost_target = metrics.get(BuiltinMetric.COST_PER_1K)
    cost_lines = []
    if estimate is not None:
        cost_lines.append(
            _("Estimated: %(cost)s per 1,000 requests at %(requests)s requests a month.")
            % {
                "cost": format_money(estimate.inference_cost_per_1k, currency=workshop.currency),
                "requests": format_number(estimate.monthly_requests, decimals=0),
            }
        )
    if cost_target is not None and cost_target.target is not None:
        cost_lines.append(_target_text(cost_target))
    return [
        (
            "DATA",
            _("%(title)s: data access") % {"title": use_case.title},
            [
                Section(
                    _("Task"),
                    _("Get access to the data the POC needs, with a lawful basis and only the data needed."),
                ),
                Section(_("Data sources"), use_case.data_sources or _("To be listed.")),
            ],
        ),
        (
            "EVAL",
            _("%(title)s: evaluation set") % {"title": use_case.title},
            [
                Section(
                    _("Task"),
                    _(
                        "Build a held-out evaluation set that represents real cases, labelled, and never used to "
                        "build or tune the model."
                    ),
                )
            ],
        ),
        (
            "QUALITY",
            _("%(title)s: model quality threshold") % {"title": use_case.title},
            [
                Section(_("Task"), _("Agree the quality the model must reach on the evaluation set before it ships.")),
                Section(_("Targets"), bullets=targets or [_("No target set yet.")]),
            ],
        ),
        (
            "COST",
            _("%(title)s: inference cost check") % {"title": use_case.title},
            [
                Section(_("Task"), _("Measure the inference cost per 1,000 requests against the estimate.")),
                Section(_("Estimate"), bullets=cost_lines or [_("No ROI estimate yet.")]),
            ],
        ),
    ]


def _child(epic: BacklogItem, suffix: str, summary: str, sections: list[Section], labels: list[str]) -> BacklogItem:
    """An item of `epic`: its priority, link and labels (the epic's own "poc" label aside)."""
    return BacklogItem(
        key=f"{epic.key}-{suffix}",
        parent=epic.key,
        issue_type=STORY if suffix == "STORY" else TASK,
        summary=_summary(summary),
        priority=epic.priority,
        labels=[*epic.labels[:-1], *labels],
        epic_name=epic.epic_name,
        sections=sections,
        link=epic.link,
    )


def _use_case_items(workshop: Workshop, use_case: UseCase, position: int, link: Link) -> list[BacklogItem]:
    poc = _poc(use_case)
    labels = ["atelier", _label(use_case.category)]
    if use_case.ai_act_tier in {RiskTier.HIGH, RiskTier.LIMITED}:
        labels.append(f"ai-act-{use_case.ai_act_tier}")
    epic = BacklogItem(
        key=f"UC-{use_case.pk}",
        parent="",
        issue_type=EPIC,
        summary=_summary(use_case.title),
        priority=_priority(position),
        labels=[*labels, "poc"],
        epic_name=_summary(use_case.title),
        sections=_epic_sections(use_case, poc, workshop),
        link=link(use_case),
    )
    dod = _dod_lines(use_case, poc)
    story = _("%(title)s: user story") % {"title": use_case.title}
    items = [epic, _child(epic, "STORY", story, _story_sections(use_case, poc, dod), ["user-story"])]
    for suffix, summary, sections in _task_sections(use_case, poc, workshop):
        items.append(_child(epic, suffix, summary, sections, ["data" if suffix in {"DATA", "EVAL"} else "model"]))
    for line in dod:
        if not line.is_obligation or line.not_applicable:
            continue
        sections = [Section(_("Obligation"), line.label)]
        if line.note:
            sections.append(Section(_("Note"), line.note))
        summary = _("%(title)s: %(obligation)s") % {"title": use_case.title, "obligation": line.label}
        items.append(_child(epic, _label(line.code).upper(), summary, sections, ["compliance"]))
    return items


def backlog_items(workshop: Workshop, use_cases: Sequence[UseCase], *, link: Link) -> list[BacklogItem]:
    """Every item of the backlog of `use_cases` (the shortlist, in rank order); `link` gives each an Atelier URL."""
    return [
        item
        for position, use_case in enumerate(use_cases)
        for item in _use_case_items(workshop, use_case, position, link)
    ]
