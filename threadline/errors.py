"""Threadline's exceptions: one base, raised beside the code that fails.

    ThreadlineError
    ├── InputError        a document or argument cannot be used (bad file, bad option)
    ├── SchemaError       the schema or pattern data is malformed
    ├── StoreError        the store cannot be opened, migrated or written
    │   └── NotFound      a named entity or document is not in the store
    ├── WorkersUnavailable  extraction worker processes cannot start (extract/parallel.py)
    ├── ReviewConflict    a review decision contradicts an earlier one
    ├── AuthError         team mode: not signed in, or the credentials are wrong or expired (401)
    │   └── RateLimited   too many failed logins; carries retry_after seconds (429)
    └── Forbidden         team mode: signed in, but the role lacks the permission (403)

The CLI turns these into one-line messages; nothing else should reach a user
as a traceback.
"""


class ThreadlineError(Exception):
    """Base of every error Threadline raises on purpose."""


class InputError(ThreadlineError):
    """A document or argument cannot be used; the message says why."""


class Skipped(InputError):
    """A member of an archive left out on purpose (not a document type, hidden, metadata): named, not a failure."""


class SchemaError(ThreadlineError):
    """Schema or pattern data is malformed."""


class StoreError(ThreadlineError):
    """The store cannot be opened, migrated or written."""


class NotFound(StoreError):
    """A named entity or document is not in the store."""


class ReviewConflict(ThreadlineError):
    """A review decision contradicts an earlier one."""


class AuthError(ThreadlineError):
    """Team mode: no credentials, or wrong or expired ones."""


class RateLimited(AuthError):
    """Too many failed logins for one account from one client; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(ThreadlineError):
    """Team mode: the caller's role does not allow this (or a CSRF check failed)."""
