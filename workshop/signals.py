"""What the base app announces, for the apps above it to act on.

``workshop`` imports nothing from the apps above it: when one of its changes
must trigger work there (default criteria for a new workshop, a summary when a
phase ends), the higher app connects a receiver in its ``AppConfig.ready()``
and keeps the rule in its own service. Both signals are sent by the workshop
services inside their transaction, so a receiver's writes commit or roll back
with the change itself, and an error in a receiver fails the change.
"""

from django.dispatch import Signal

workshop_created = Signal()
"""Sent with ``workshop`` (just saved, its creator a facilitator) and ``user``."""

phase_changed = Signal()
"""Sent with ``workshop`` (already in its new phase), ``old_phase``, ``new_phase`` and ``actor``."""

demo_workshop_seeded = Signal()
"""Sent by ``manage.py seed_demo`` with the new demo ``workshop`` (criteria copied) and its
``participants``: each app above adds its sample data. Receivers run in the order of
INSTALLED_APPS (use cases, scores and votes before the ROI estimates of the shortlist)."""

# Sent inside participant_erase's transaction with `participant` and `keep_contributions` (bool):
# apps holding a participant's contributions remove them when it is False.
participant_erased = Signal()
