"""Domain errors shared by every business app: a rule refused the action; the French message is shown as is.

Views turn them into HTTP statuses: NotAllowed → 403, Conflict → 409, any other DomainError → 400.
"""


class DomainError(Exception):
    """A business rule refused the action; the message is in French and shown as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The person may not do this (on this object, in this role)."""


class Conflict(DomainError):
    """Someone else changed the object first, or the document shown is no longer the current one."""
