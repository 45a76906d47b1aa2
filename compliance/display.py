"""The pre-assessment as people read it, in their language: questions, tiers, obligations, assumptions.

compliance/questions.py and rules.py hold the English texts (marked for translation); this module
translates them at display time, for the pages and the API alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import rules
from compliance.models import Dpia, Tier
from compliance.questions import BY_CODE, DEPLOYER, PROVIDER, QUESTIONS, SECTION_LABELS, Question, options_for

ROLE_LABELS = {PROVIDER: _("Provider"), DEPLOYER: _("Deployer"), rules.ANY_ROLE: _("Provider and deployer")}
DISCLAIMER = _("An aid to prepare the legal review, not legal advice.")


def tier_label(tier: str | None) -> str:
    return str(Tier(tier).label) if tier in Tier.values else gettext("Unknown")


def dpia_label(level: str | None) -> str:
    return str(Dpia(level).label) if level in Dpia.values else ""


def _options(question: Question, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "code": o.code,
            "label": gettext(o.label),
            "article": o.article,
            "area": o.area,
            "checked": answers.get(question.code) == o.code,
            "id": f"q-{question.code}-{o.code}",
        }
        for o in options_for(question.code, answers)
    ]


def question_row(question: Question, answers: Mapping[str, Any], errors: Mapping[str, Any]) -> dict[str, Any]:
    error = errors.get(question.code)
    return {
        "code": question.code,
        "section": question.section,
        "section_label": gettext(SECTION_LABELS[question.section]),
        "text": gettext(question.text),
        "help": gettext(question.help),
        "article": question.article,
        "options": _options(question, answers),
        "value": answers.get(question.code),
        "error": " ".join(error) if isinstance(error, list) else error,
    }


def question_rows(answers: Mapping[str, Any], errors: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The questions that matter given `answers`, each with its options and its error, in order."""
    return [question_row(q, answers, errors or {}) for q in rules.visible_questions(answers)]


def catalogue() -> list[dict[str, Any]]:
    """Every question with every option: what GET /api/v1/assessment/questions/ lists."""
    return [
        {
            "code": q.code,
            "section": q.section,
            "text": gettext(q.text),
            "help": gettext(q.help),
            "article": q.article,
            "options": [
                {"code": o.code, "label": gettext(o.label), "article": o.article, "area": o.area} for o in q.options
            ],
        }
        for q in QUESTIONS
    ]


def obligation_rows(obligations: Iterable[rules.Obligation]) -> list[dict[str, Any]]:
    return [
        {
            "code": o.code,
            "article": o.article,
            "role": o.role,
            "role_label": str(ROLE_LABELS[o.role]),
            "text": gettext(o.text),
            "applies_from": o.applies_from,
        }
        for o in obligations
    ]


def assumption_rows(assumptions: Iterable[rules.Assumption]) -> list[dict[str, str]]:
    return [{"code": a.code, "question": gettext(BY_CODE[a.code].text), "text": gettext(a.text)} for a in assumptions]
