"""Errors services raise besides Django's ValidationError and PermissionDenied."""


class Refused(Exception):
    """A request that is well-formed but breaks a rule of the workshop right now.

    Examples: a vote past the budget, scoring outside the Score phase. Pages
    show the message; the API answers 409 with it.
    """

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
