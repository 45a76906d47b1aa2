"""Errors services raise besides Django's ValidationError and PermissionDenied."""

from django.core.exceptions import PermissionDenied


class Refused(Exception):
    """A request that is well-formed but breaks a rule of the workshop right now.

    Examples: a vote past the budget, scoring outside the Score phase. Pages
    show the message; the API answers 409 with it.
    """

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ResultsHidden(PermissionDenied):
    """Results (others' scores, the ranking, the portfolio, the plan) asked for before the reveal: 403."""
