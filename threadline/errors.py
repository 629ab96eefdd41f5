"""Threadline's exceptions: one base, raised beside the code that fails.

    ThreadlineError
    ├── InputError        a document or argument cannot be used (bad file, bad option)
    ├── SchemaError       the schema or pattern data is malformed
    ├── StoreError        the store cannot be opened, migrated or written
    │   └── NotFound      a named entity or document is not in the store
    └── ReviewConflict    a review decision contradicts an earlier one

The CLI turns these into one-line messages; nothing else should reach a user
as a traceback.
"""


class ThreadlineError(Exception):
    """Base of every error Threadline raises on purpose."""


class InputError(ThreadlineError):
    """A document or argument cannot be used; the message says why."""


class SchemaError(ThreadlineError):
    """Schema or pattern data is malformed."""


class StoreError(ThreadlineError):
    """The store cannot be opened, migrated or written."""


class NotFound(StoreError):
    """A named entity or document is not in the store."""


class ReviewConflict(ThreadlineError):
    """A review decision contradicts an earlier one."""
