"""Scores: a participant's blind 1..5 marks per criterion, only in the Score phase."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import Refused
from usecases import policy
from usecases.models import Score, UseCase
from usecases.services.guards import _refuse_phase, _require_own_workshop, _require_participant
from workshop.selectors import Access

SCORE_MIN, SCORE_MAX = 1, 5


def _score_value(raw: Any) -> int | None:
    """1..5 from an int or a string of digits; None for anything else (0, 6, 2.5, "x", True)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    if isinstance(raw, str):
        if not raw.strip().isdigit():
            return None
        raw = int(raw.strip())
    return raw if SCORE_MIN <= raw <= SCORE_MAX else None


@transaction.atomic
def scores_set(*, access: Access, use_case: UseCase, values: Mapping[Any, Any]) -> dict[int, int]:
    """Save the current participant's scores on one use case: {criterion id: 1..5}.

    All or nothing: one bad value and nothing is saved. Only in the Score phase.
    A constant number of queries whatever the number of criteria and the workshop's size.
    """
    _require_own_workshop(access, use_case)
    participant = _require_participant(access, _("Only participants score use cases."))
    if not policy.may_score(access):
        raise _refuse_phase(access, _("Scores can only be given in the Score phase."))
    if not policy.may_score(access, use_case):  # the use case was set aside
        raise Refused(_("This use case was merged or rejected: it is no longer scored."), code="inactive")
    criteria = {c.pk: c for c in access.workshop.criteria.all()}
    errors: dict[str, str] = {}
    cleaned: dict[int, int] = {}
    for key, raw in values.items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = -1
        if criterion_id not in criteria:
            errors[str(key)] = _("Unknown criterion for this workshop.")
            continue
        value = _score_value(raw)
        if value is None:
            errors[str(key)] = _("%(criterion)s: a score is a whole number from 1 to 5.") % {
                "criterion": criteria[criterion_id].name
            }
            continue
        cleaned[criterion_id] = value
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"scores": _("Give at least one score.")})
    # One upsert for every criterion, however many there are (INSERT … ON CONFLICT DO UPDATE).
    Score.objects.bulk_create(
        [
            Score(participant=participant, use_case=use_case, criterion_id=criterion_id, value=value)
            for criterion_id, value in cleaned.items()
        ],
        update_conflicts=True,
        unique_fields=["participant", "use_case", "criterion"],
        update_fields=["value", "updated_at"],
    )
    # Blind scoring: no participant's polled board shows a score, so their ETags stay.
    access.workshop.touch(scores=True, room=False)
    return cleaned
