"""The built-in provider: a deterministic summary from the snapshot alone, no network.

The default when no LLM is configured or allowed, and labelled as such. Texts
come from gettext in the summary's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compliance.display import tier_label
from compliance.references import references_text
from compliance.selectors import OVERRIDDEN
from core.formatting import format_money, format_months, format_score
from reports.flags import TEXTS
from summaries import llm
from usecases import policy
from usecases.models import Category, RiskTier, Status
from usecases.ranking import QUADRANT_LABELS, QUICK_WIN
from usecases.selectors import use_case_count_text

TOP_COUNT = 5


def _money(value: str | Decimal | None, currency: str) -> str:
    return format_money(Decimal(value or 0), currency=currency)


def _figures(uc: dict[str, Any]) -> str:
    if uc.get("priority") is None:
        text = _("not scored yet")
    else:
        text = _("priority %(priority)s (impact %(impact)s, feasibility %(feasibility)s)") % {
            "priority": format_score(uc.get("priority")),
            "impact": format_score(uc.get("impact")),
            "feasibility": format_score(uc.get("feasibility")),
        }
    votes = int(uc.get("votes") or 0)
    return text + ", " + ngettext("%(count)d vote", "%(count)d votes", votes) % {"count": votes}


def _roi_text(roi: dict[str, Any] | None, currency: str) -> str:
    if not roi:
        return _("ROI: not estimated.")
    text = _("Base scenario: POC cost %(cost)s, NPV %(npv)s (risk-adjusted %(risk)s)") % {
        "cost": _money(roi.get("poc_cost"), currency),
        "npv": _money(roi.get("npv"), currency),
        "risk": _money(roi.get("risk_adjusted_npv"), currency),
    }
    months = roi.get("payback_months")
    if months is None:
        text += ", " + _("no payback within the horizon")
    else:
        text += ", " + _("payback in %(months)s") % {"months": format_months(months)}
    return text + "."


def _compliance_flags(uc: dict[str, Any]) -> list[str]:
    """The alert flags of the snapshot, in the one vocabulary of reports.flags, with the articles behind a tier."""
    ai_act = uc.get("ai_act") or {}
    articles = references_text([str(a) for a in ai_act.get("articles") or []])
    flags = []
    for code in uc.get("flags") or []:
        if code in TEXTS:
            text = str(TEXTS[code])
            if code.startswith("ai_act_"):
                if ai_act.get("basis") == OVERRIDDEN:
                    text += " " + _("overridden (suggested: %(tier)s)") % {
                        "tier": tier_label(ai_act.get("suggested_tier"))
                    }
                if articles:
                    text += f" ({articles})"
            flags.append(text)
    if ai_act.get("law_changed"):
        flags.append(_("the law changed since this was assessed: re-confirm it under the law in force"))
    return flags


def _titles(use_cases: list[dict[str, Any]]) -> str:
    return ", ".join(f"“{uc.get('title', '')}”" for uc in use_cases)


def builtin_summary(snapshot: dict[str, Any], language: str) -> llm.SummaryContent:
    """A summary without any language model: deterministic, from the snapshot alone.

    Texts come from gettext in ``language``. Useful on its own: the top use cases
    with their figures, quick wins, disagreements, compliance flags, the POC budget,
    proposed POCs with their base ROI, and next steps.
    """
    with translation.override(language):
        return _builtin(snapshot)


def _builtin(snapshot: dict[str, Any]) -> llm.SummaryContent:
    workshop = snapshot.get("workshop") or {}
    totals = snapshot.get("totals") or {}
    currency = workshop.get("currency") or "EUR"
    use_cases: list[dict[str, Any]] = [uc for uc in snapshot.get("use_cases") or [] if isinstance(uc, dict)]
    scored = [uc for uc in use_cases if uc.get("priority") is not None]
    quick_wins = [uc for uc in scored if uc.get("quadrant") == QUICK_WIN]
    discuss = [uc for uc in use_cases if uc.get("needs_discussion")]
    shortlisted = [uc for uc in use_cases if uc.get("status") == Status.SHORTLISTED]

    counted = use_case_count_text(len(use_cases), int(totals.get("set_aside") or 0))
    themes = [
        _("%(use_cases)s, from %(participants)s participants; %(scores)s scores and %(votes)s votes cast.")
        % {
            "use_cases": counted,
            "participants": workshop.get("participants", 0),
            "scores": totals.get("scores", 0),
            "votes": totals.get("votes", 0),
        }
    ]
    categories: dict[str, int] = {}
    for uc in use_cases:
        categories[uc.get("category") or "other"] = categories.get(uc.get("category") or "other", 0) + 1
    if categories:
        labels = dict(Category.choices)
        parts = [f"{labels.get(key, key)} ({count})" for key, count in sorted(categories.items(), key=lambda i: -i[1])]
        themes.append(_("Categories: %(list)s.") % {"list": ", ".join(parts)})
    if quick_wins:
        themes.append(_("Quick wins (high impact, high feasibility): %(list)s.") % {"list": _titles(quick_wins)})
    if shortlisted:
        themes.append(
            _("POC budget for the shortlist: %(budget)s.") % {"budget": _money(totals.get("poc_budget"), currency)}
        )

    top = []
    for uc in (scored or use_cases)[:TOP_COUNT]:
        why = _figures(uc)
        if uc.get("quadrant"):
            why += f" — {QUADRANT_LABELS.get(uc['quadrant'], uc['quadrant'])}"
        top.append({"title": uc.get("title", ""), "why": why + "."})

    disagreements = [
        _("“%(title)s”: scores spread %(spread)s points apart; discuss it before deciding.")
        % {"title": uc.get("title", ""), "spread": format_score(uc.get("spread"))}
        for uc in discuss
    ]
    if scored and not discuss:
        disagreements.append(_("No strong disagreement: the scores of every use case are close."))

    risks = []
    for uc in use_cases:
        flags = _compliance_flags(uc)
        if flags:
            risks.append(f"“{uc.get('title', '')}”: " + "; ".join(flags) + ".")
    unknown_tier = [uc for uc in use_cases if uc.get("ai_act_tier") in (None, "", RiskTier.UNKNOWN)]
    if unknown_tier:
        risks.append(
            ngettext(
                "%(count)d use case has no EU AI Act risk tier yet.",
                "%(count)d use cases have no EU AI Act risk tier yet.",
                len(unknown_tier),
            )
            % {"count": len(unknown_tier)}
        )

    pocs = [{"title": uc.get("title", ""), "rationale": _roi_text(uc.get("roi"), currency)} for uc in shortlisted]
    if not pocs:
        # Never a prohibited use case: it cannot be shortlisted, so it is no POC candidate either.
        candidates = [uc for uc in quick_wins if policy.may_be_shortlisted(uc.get("ai_act_tier") or "")][:3]
        pocs = [
            {"title": uc.get("title", ""), "rationale": _("Quick win, not shortlisted yet.") + " " + _figures(uc) + "."}
            for uc in candidates
        ]

    steps = []
    if not scored and use_cases:
        steps.append(_("Score the use cases on impact and feasibility."))
    if not shortlisted:
        steps.append(_("Shortlist the use cases to take forward as POCs."))
    without_roi = [uc for uc in shortlisted if not uc.get("roi")]
    if without_roi:
        steps.append(_("Estimate the ROI of %(list)s.") % {"list": _titles(without_roi)})
    if discuss:
        steps.append(_("Discuss the use cases flagged “needs discussion”: %(list)s.") % {"list": _titles(discuss)})
    flagged = [uc for uc in shortlisted if _compliance_flags(uc)]
    if flagged:
        steps.append(_("Review compliance with the DPO or legal team for %(list)s.") % {"list": _titles(flagged)})
    if shortlisted:
        steps.append(
            _("Confirm the POC budget of %(budget)s and name an owner for each POC.")
            % {"budget": _money(totals.get("poc_budget"), currency)}
        )
    steps.append(_("Send this summary to the participants and the sponsor."))

    return llm.SummaryContent.model_validate(
        {
            "key_themes": themes,
            "top_use_cases": top,
            "disagreements": disagreements,
            "risks_and_compliance": risks,
            "proposed_pocs": pocs,
            "next_steps": steps,
        }
    )
