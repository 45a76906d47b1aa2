"""The ROI app's answers to what the workshop app announces (see workshop/signals.py)."""

from __future__ import annotations

from typing import Any

from roi.demo import seed_roi
from workshop.models import Workshop


def seed_demo_roi(sender: type[Workshop], *, workshop: Workshop, **kwargs: Any) -> None:
    """ROI inputs for the demo's shortlist, once the use-case app has seeded it."""
    seed_roi(workshop)
