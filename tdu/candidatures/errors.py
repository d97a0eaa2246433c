class DomainError(Exception):
    """A business rule refused the action; the message is in French and shown as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    pass


class Conflict(DomainError):
    """Someone else changed the candidature first."""
