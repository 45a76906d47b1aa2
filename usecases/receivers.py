"""The use-case app's answers to what the workshop app announces (see workshop/signals.py)."""

from __future__ import annotations

from typing import Any

from usecases import services
from usecases.demo import seed_use_cases
from usecases.services import criteria_copy_defaults
from workshop.models import Participant, Workshop


def copy_default_criteria(sender: type[Workshop], *, workshop: Workshop, **kwargs: Any) -> None:
    """A new workshop starts with the default criteria, editable in Draft."""
    criteria_copy_defaults(workshop=workshop)


def seed_demo_use_cases(
    sender: type[Workshop], *, workshop: Workshop, participants: list[Participant], **kwargs: Any
) -> None:
    seed_use_cases(workshop, participants)


def credit_removed_author(sender: type[Participant], instance: Participant, **kwargs: Any) -> None:
    """Before a participant row goes (removed by a facilitator), mark the ideas they proposed.

    Their scores and votes go with the row (the dots return to the totals);
    their ideas stay, and the foreign key's SET_NULL alone could not tell them
    from a facilitator's own.
    """
    services.use_cases_credit_removed_author(participant=instance)
