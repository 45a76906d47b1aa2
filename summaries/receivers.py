"""The summaries app's answers to what the apps below it announce."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from summaries.services import summary_after_phase_change, summary_snapshots_drop_use_case
from usecases.models import UseCase
from workshop.models import Workshop


def summarise_ended_phase(
    sender: type[Workshop], *, workshop: Workshop, old_phase: str, new_phase: str, **kwargs: Any
) -> None:
    """A phase that ends queues a summary; the rule (which moves end a phase) is the service's."""
    summary_after_phase_change(workshop=workshop, old_phase=old_phase, new_phase=new_phase)


def forget_deleted_use_case(sender: type[UseCase], *, instance: UseCase, origin: Any = None, **kwargs: Any) -> None:
    """A deleted use case leaves the stored snapshots of its workshop (post_delete, same transaction).

    Not when its whole workshop is being deleted: the summaries go with it.
    """
    if isinstance(origin, Workshop) or (isinstance(origin, QuerySet) and origin.model is Workshop):
        return
    summary_snapshots_drop_use_case(workshop_id=instance.workshop_id, use_case_id=instance.pk, title=instance.title)
