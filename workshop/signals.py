"""What the workshop app announces to the apps above it, which listen in their AppConfig.ready().

A lower app never imports a higher one: when its change must reach their data (a participant's
scores and votes live in usecases), it sends a signal here and the higher app's own service acts.
"""

from django.dispatch import Signal

# Sent inside participant_erase's transaction with `participant` and `keep_contributions` (bool):
# apps holding a participant's contributions remove them when it is False.
participant_erased = Signal()
