"""Signals the workshop app sends for the apps above it, which listen (a lower app never imports a higher one)."""

from django.dispatch import Signal

# Sent by `seed_demo` with `workshop=` once the demo workshop and its use cases exist:
# apps above add their own sample data to it.
demo_seeded = Signal()
