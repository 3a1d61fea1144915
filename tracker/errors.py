"""The library's errors: each message says what failed and what the user can do about it.

The CLI prints them as ``Error: <message>`` with exit code 1; pages show them with ``st.error``.
Anything that is not a ``TrackerError`` is a bug and is allowed to surface with its traceback.
"""


class TrackerError(Exception):
    """Base class of every error a user can act on."""


class InputError(TrackerError):
    """The input (a file, a row, a form value, a command option) is not acceptable."""


class ValidationError(InputError):
    """A value failed validation; ``field`` names the form field or column it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFoundError(TrackerError):
    """A referenced row (event, article, actor, user, topic) does not exist."""


class DatabaseError(TrackerError):
    """The database file cannot be used: missing, not initialised, unwritable, or corrupt."""


class DatabaseBusyError(DatabaseError):
    """Another process holds the database file for longer than the busy timeout."""


class PermissionDeniedError(TrackerError):
    """The current user's role does not allow this action."""


class QueryRefusedError(TrackerError):
    """Researcher SQL that the guard refuses (writes, file access, settings, several statements...)."""


class QueryTimeoutError(QueryRefusedError):
    """Researcher SQL that ran past the time limit and was interrupted."""


class AuthError(TrackerError):
    """A login failed; the message never says whether the name or the password was wrong."""


class ConflictError(TrackerError):
    """Two people changed the same row at the same moment and the change could not be applied."""


class DownloadError(TrackerError):
    """A remote file could not be fetched (network, HTTP status, truncated or corrupt download)."""
