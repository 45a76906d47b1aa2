"""The pre-assessment chip on pages of the apps below (the board's use-case cards): one query per list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from compliance import display, selectors
from compliance.references import reference_text, references_text
from usecases.models import UseCase

register = template.Library()


@register.simple_tag
def assessments_of(use_cases: Iterable[UseCase]) -> dict[int, selectors.AssessmentView]:
    """`{% assessments_of use_cases as assessments %}`: the pictures of the use cases the page holds.

    One query, for their assessments only: the board has loaded the use cases already.
    """
    return selectors.assessments_of_loaded(list(use_cases))


@register.inclusion_tag("compliance/_chip.html")
def assessment_chip(assessments: Mapping[int, selectors.AssessmentView], use_case: UseCase) -> dict[str, Any]:
    """The tier in force, assessed or declared, legal review and re-assess; a link to the pre-assessment."""
    view = assessments.get(use_case.pk) if assessments else None
    if view is not None and view.declared and view.tier is None:
        view = None  # nothing declared, nothing assessed: no chip, the "Pre-assessment" link is enough
    return {"view": view, "label": display.tier_label(view.tier) if view else "", "title": use_case.title}


@register.filter(name="reference")
def reference(value: object) -> str:
    """`{{ o.article|reference }}`: a legal reference in the reader's language ("RGPD chapitre V")."""
    return reference_text(str(value)) if value else ""


@register.filter(name="references")
def references(value: Iterable[object] | str | None) -> str:
    """`{{ outcome.articles|references }}`: several, comma-separated, in the reader's language."""
    return references_text(value)
