"""What usecases does when something happens below it, in workshop (which cannot call up here)."""

from __future__ import annotations

from typing import Any

from usecases import services
from workshop.models import Participant


def credit_removed_author(sender: type[Participant], instance: Participant, **kwargs: Any) -> None:
    """Before a participant row goes (removed by a facilitator), mark the ideas they proposed.

    Their scores and votes go with the row (the dots return to the totals);
    their ideas stay, and the foreign key's SET_NULL alone could not tell them
    from a facilitator's own.
    """
    services.use_cases_credit_removed_author(participant=instance)
