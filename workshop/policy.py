"""Who may do what to a workshop, right now: plain predicates, each rule said once.

Pure functions of the workshop (and the reader's access where it matters): no
query, no write. Services refuse when one is false; views hand the booleans to
templates, which never compare a phase string.
"""

from __future__ import annotations

from workshop.models import Phase, Workshop


def is_open(workshop: Workshop) -> bool:
    """Anything can change until the workshop is closed; then it is read-only for everyone."""
    return workshop.phase != Phase.CLOSED


def takes_participants(workshop: Workshop) -> bool:
    """Joining and rejoining (a closed workshop takes no one new, nor back)."""
    return is_open(workshop)
