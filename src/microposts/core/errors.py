"""The errors services raise. Each edge maps these classes to its own response once.

A domain app subclasses the kind that fits (for example `PostTooLong(InvalidInput)`), so an edge
needs to know only these four kinds, never each app's errors.
"""


class ApplicationError(Exception):
    """A request the rules refuse. `message` is for a person; it never holds secrets."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ApplicationError):
    """The input breaks a rule (HTTP 400)."""


class NotAuthenticated(ApplicationError):
    """Credentials are missing, wrong, expired or revoked (HTTP 401)."""


class Forbidden(ApplicationError):
    """The caller may not act on this object (HTTP 403)."""


class NotFound(ApplicationError):
    """The object does not exist (HTTP 404)."""
