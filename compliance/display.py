"""The pre-assessment as people read it, in their language: questions, tiers, obligations, assumptions.

compliance/questions.py and rules.py hold the English texts (marked for translation); this module
translates them at display time, for the pages and the API alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import law, rules
from compliance.law import Edition
from compliance.models import Dpia, Tier
from compliance.questions import BY_CODE, DEPLOYER, PROVIDER, QUESTIONS, SECTION_LABELS, Question, options_for
from compliance.references import reference_text
from compliance.selectors import CONFIRMED, DECLARED, OVERRIDDEN, SUGGESTED, AssessmentView

ROLE_LABELS = {PROVIDER: _("Provider"), DEPLOYER: _("Deployer"), rules.ANY_ROLE: _("Provider and deployer")}
DISCLAIMER = _("An aid to prepare the legal review, not legal advice.")


def tier_label(tier: str | None) -> str:
    return str(Tier(tier).label) if tier in Tier.values else gettext("Unknown")


def basis_label(view: AssessmentView) -> str:
    """Where the tier in force comes from, in words: the one wording of pages, exports, summaries and MCP."""
    if view.basis == OVERRIDDEN:
        return gettext("overridden (suggested: %(tier)s)") % {"tier": tier_label(view.suggested_tier)}
    labels = {
        CONFIRMED: gettext("confirmed"),
        SUGGESTED: gettext("assessed, not confirmed"),
        DECLARED: gettext("declared, not assessed"),
    }
    return labels[view.basis]


def day(value: Any) -> str:
    """A date as a person reads it, in the active language."""
    return date_format(value, "DATE_FORMAT")


def edition_row(edition: Edition) -> dict[str, Any]:
    """An edition of the law as people read it: title, Official Journal, since when, what is unconfirmed."""
    return {
        "code": edition.code,
        "title": gettext(edition.title),
        "short_title": gettext(edition.short_title),
        "official_journal": edition.official_journal,
        "applies_from": edition.in_force,
        "amended_by": gettext(edition.amended_by) if edition.amended_by else "",
        "changes": [{"article": reference_text(article), "text": gettext(text)} for article, text in edition.changes],
        "unconfirmed": [gettext(text) for text in edition.unconfirmed],
        "sources": [{"title": s.title, "url": s.url, "checked": s.checked} for s in edition.sources],
    }


def _obligation_text(code: str, edition: Edition) -> str:
    wording = edition.wording.get(code)
    return gettext(wording.text if wording else rules.OBLIGATION_TEXTS[code])


def change_text(change: rules.Change, edition: Edition) -> str:
    """One change of the law for a use case, in a sentence (`edition`: the one the change leads to)."""
    by = gettext(change.by) if change.by else gettext("the edition in force")
    if change.kind == rules.TIER_CHANGE:
        return gettext("Suggested tier: %(before)s → %(after)s (%(by)s).") % {
            "before": tier_label(change.before),
            "after": tier_label(change.after),
            "by": by,
        }
    if change.kind == rules.DATE_MOVED:
        before, after = law_day(change.before), law_day(change.after)
        moved = gettext("postponed") if str(change.after) > str(change.before) else gettext("brought forward")
        return gettext("%(article)s: from %(after)s, %(moved)s from %(before)s by %(by)s.") % {
            "article": reference_text(change.article),
            "after": after,
            "moved": moved,
            "before": before,
            "by": by,
        }
    if change.kind == rules.OBLIGATION_ADDED:
        return gettext("New obligation, %(article)s, from %(date)s: %(text)s") % {
            "article": reference_text(change.article),
            "date": law_day(change.after),
            "text": _obligation_text(change.subject, edition),
        }
    if change.kind == rules.OBLIGATION_REMOVED:
        return gettext("No longer an obligation: %(article)s.") % {"article": reference_text(change.article)}
    if change.kind == rules.QUESTION_ADDED:
        return gettext("New question to answer: %(question)s (%(article)s)") % {
            "question": gettext(BY_CODE[change.subject].text),
            "article": reference_text(change.article),
        }
    if change.subject in rules.OBLIGATIONS:  # the wording of an obligation
        return gettext("%(article)s now reads: %(text)s") % {
            "article": reference_text(change.article),
            "text": _obligation_text(change.subject, edition),
        }
    if change.after is None:
        return gettext("No longer applies: %(article)s.") % {"article": reference_text(change.article)}
    return gettext("Now applies: %(article)s.") % {"article": reference_text(change.article)}


def law_day(iso: str | None) -> str:
    return day(date.fromisoformat(iso)) if iso else ""


def change_rows(changes: Iterable[rules.Change], edition: Edition) -> list[dict[str, Any]]:
    return [
        {
            "kind": c.kind,
            "subject": c.subject,
            "article": c.article,
            "before": c.before,
            "after": c.after,
            "by": c.by,
            "text": change_text(c, edition),
        }
        for c in changes
    ]


def dpia_label(level: str | None) -> str:
    return str(Dpia(level).label) if level in Dpia.values else ""


def _options(question: Question, answers: Mapping[str, Any], edition: Edition) -> list[dict[str, Any]]:
    return [
        {
            "code": o.code,
            "label": gettext(o.label),
            "article": reference_text(o.article),
            "area": o.area,
            "checked": answers.get(question.code) == o.code,
            "id": f"q-{question.code}-{o.code}",
        }
        for o in options_for(question.code, answers, edition)
    ]


def question_row(
    question: Question, answers: Mapping[str, Any], errors: Mapping[str, Any], edition: Edition
) -> dict[str, Any]:
    error = errors.get(question.code)
    return {
        "code": question.code,
        "section": question.section,
        "section_label": gettext(SECTION_LABELS[question.section]),
        "text": gettext(question.text),
        "help": gettext(question.help),
        "article": question.article,
        "options": _options(question, answers, edition),
        "value": answers.get(question.code),
        "error": " ".join(error) if isinstance(error, list) else error,
    }


def question_rows(
    answers: Mapping[str, Any],
    errors: Mapping[str, Any] | None = None,
    *,
    edition: Edition,
    tier: str | None = None,
) -> list[dict[str, Any]]:
    """The questions that matter given `answers` under `edition`, each with its options and its error, in order."""
    return [
        question_row(q, answers, errors or {}, edition)
        for q in rules.visible_questions(answers, edition=edition, tier=tier)
    ]


def catalogue() -> list[dict[str, Any]]:
    """Every question with every option: what GET /api/v1/assessment/questions/ lists."""
    return [
        {
            "code": q.code,
            "section": q.section,
            "text": gettext(q.text),
            "help": gettext(q.help),
            "article": q.article,
            "since": q.since or law.EDITIONS[0].code,
            "options": [
                {
                    "code": o.code,
                    "label": gettext(o.label),
                    "article": reference_text(o.article),
                    "area": o.area,
                    "since": o.since or law.EDITIONS[0].code,
                }
                for o in q.options
            ],
        }
        for q in QUESTIONS
    ]


def obligation_rows(obligations: Iterable[rules.Obligation]) -> list[dict[str, Any]]:
    return [
        {
            "code": o.code,
            "article": reference_text(o.article),
            "role": o.role,
            "role_label": str(ROLE_LABELS[o.role]),
            "text": gettext(o.text),
            "applies_from": o.applies_from,
            "date_article": reference_text(gettext(o.date_article)),
            "date_confirmed": o.date_confirmed,
            "note": (gettext(o.note) + ("" if o.note_confirmed else " " + gettext("(unconfirmed)"))) if o.note else "",
        }
        for o in obligations
    ]


def assumption_rows(assumptions: Iterable[rules.Assumption]) -> list[dict[str, str]]:
    return [{"code": a.code, "question": gettext(BY_CODE[a.code].text), "text": gettext(a.text)} for a in assumptions]
