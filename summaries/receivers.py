"""The summaries app's answers to what the apps below it announce."""

from __future__ import annotations

from typing import Any

from summaries.services import summary_after_phase_change
from workshop.models import Workshop


def summarise_ended_phase(
    sender: type[Workshop], *, workshop: Workshop, old_phase: str, new_phase: str, **kwargs: Any
) -> None:
    """A phase that ends queues a summary; the rule (which moves end a phase) is the service's."""
    summary_after_phase_change(workshop=workshop, old_phase=old_phase, new_phase=new_phase)
