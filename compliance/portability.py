"""Pre-assessments in a workshop's export (see workshop/portability.py): the answers and the decision.

The outcome is never exported: it is recomputed from the answers under the edition of the law they were
answered under (`edition`; a document from before editions has `rules_date`, which reads as the first edition).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from compliance import law, rules
from compliance.models import Assessment
from workshop.models import Workshop
from workshop.portability import (
    Refs,
    Section,
    at,
    check_fields,
    check_text,
    dump_value,
    load_datetime,
    register_section,
    restore_timestamps,
    rows_in,
)

FIELDS = ["edition", "confirmed_tier", "override_reason", "answered_by", "answered_at", "confirmed_at", "created_at"]


def _dump(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    assessments = (
        Assessment.objects.filter(use_case__workshop=workshop)
        .select_related("confirmed_by")
        .order_by("use_case__created_at", "use_case_id")
    )
    return [
        {
            "use_case": refs.ref("use_case", a.use_case_id),
            "answers": a.answers,
            "edition": a.edition,
            "confirmed_tier": a.confirmed_tier,
            "override_reason": a.override_reason,
            "answered_by": a.answered_by,
            "answered_at": dump_value(a.answered_at),
            "confirmed_by": a.confirmed_by.get_username() if a.confirmed_by else None,
            "confirmed_at": dump_value(a.confirmed_at),
            "created_at": dump_value(a.created_at),
        }
        for a in assessments
    ]


def _load(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    names = [
        row.get("confirmed_by") for row in rows if isinstance(row, dict) and isinstance(row.get("confirmed_by"), str)
    ]
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names)}
    seen: set[int] = set()
    for path, row in rows_in("assessments", rows):
        with at(path):
            check_fields(row, Assessment, FIELDS, required=["use_case", "answered_at"])
            answered_at = load_datetime(row.get("answered_at"), field="answered_at")
            if answered_at is None:
                raise ValidationError({"answered_at": "is missing."})
            use_case_id = refs.required("use_case", row["use_case"], field="use_case")
            if use_case_id in seen:
                raise ValidationError({"use_case": "A use case has one assessment: this is a second."})
            seen.add(use_case_id)
            edition = _edition(row)
            answers = row.get("answers", {})
            if not isinstance(answers, dict):
                raise ValidationError({"answers": "must be an object of answers by question code."})
            # The questionnaire's own check: known questions, known answers, under that edition of the law.
            errors = rules.validate(answers, edition=law.BY_CODE[edition])
            if errors:
                code, message = next(iter(errors.items()))
                raise ValidationError({f"answers.{code}": str(message)})
            assessment = Assessment(
                use_case_id=use_case_id,
                answers=dict(answers),
                edition=edition,
                confirmed_tier=str(row.get("confirmed_tier") or ""),
                override_reason=str(row.get("override_reason") or ""),
                answered_by=str(row.get("answered_by") or ""),
                answered_at=answered_at,
                confirmed_by=users.get(check_text(row, "confirmed_by") or ""),
                confirmed_at=load_datetime(row.get("confirmed_at"), field="confirmed_at"),
            )
            assessment.full_clean(exclude=["use_case"])
            assessment.save()
            restore_timestamps(Assessment, assessment.pk, row, ["created_at"])


def _edition(row: dict[str, Any]) -> str:
    """The edition of the law a row was answered under; ValidationError for an edition this Atelier does not know."""
    if "edition" not in row:
        # Documents written before editions carry the date of the rules: those of 2024/1689 as published.
        try:
            date.fromisoformat(str(row.get("rules_date")))
        except ValueError:
            raise ValidationError({"edition": "is missing: the row has neither an edition nor a rules_date."}) from None
        return law.EDITIONS[0].code
    code = row["edition"]
    if not isinstance(code, str) or code not in law.BY_CODE:
        raise ValidationError({"edition": f"names an unknown edition of the law: {code!r}."})
    return code


def register() -> None:
    # After the use cases (whose refs it points at), before the POCs.
    register_section(Section("assessments", 55, _dump, _load))
