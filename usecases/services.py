"""Every write on use cases, criteria, scores and votes, with the rules that guard it."""

from __future__ import annotations

from django.db import transaction

from usecases.models import DEFAULT_CRITERIA, Criterion
from workshop.models import Workshop


@transaction.atomic
def criteria_copy_defaults(*, workshop: Workshop) -> list[Criterion]:
    """Copy DESIGN.md's default criteria into a new workshop, in the workshop's language."""
    from django.utils import translation

    with translation.override(workshop.language):
        return Criterion.objects.bulk_create(
            Criterion(workshop=workshop, axis=axis, name=str(name), weight=1, order=index)
            for index, (axis, name) in enumerate(DEFAULT_CRITERIA)
        )
