"""Every cap ingest applies to untrusted input, in one place.

Documents come from strangers: a zip bomb, an entity bomb or a PDF with a
million pages must cost a one-line error, not the machine. The defaults suit
articles and NGO reports; pass a different :class:`Limits` to
``iter_documents`` or ``Workspace(limits=...)`` to change them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from threadline.errors import InputError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps on what one file (or one download) may cost to read."""

    max_file_bytes: int = 20 * MiB
    """Any one file, archive member, e-mail attachment or download."""
    max_seconds: float = 60.0
    """Wall-clock time per file, all its pages, members and attachments included; checked between them."""
    max_extract_seconds: float = 300.0
    """Wall-clock time to extract one document in a worker process (``--jobs`` 2 or more); past it the
    worker is stopped and the document reported, while the run goes on."""
    max_pdf_pages: int = 2000
    max_markup_depth: int = 512
    """Element nesting in HTML and XML, checked before any parser sees the markup."""
    trafilatura_bytes: int = 5 * MiB
    """Larger HTML skips trafilatura (slow on huge trees) and goes to the standard-library parser."""
    max_archive_members: int = 1000
    max_archive_ratio: float = 100.0
    """Uncompressed:compressed ratio of one member; applied to members over ``ratio_floor`` bytes."""
    ratio_floor: int = 1 * MiB
    max_archive_total: int = 200 * MiB
    """Bytes unpacked from one archive, nested archives and DOCX parts included."""
    max_archive_depth: int = 1
    """Containers (zip, e-mail) inside containers: 1 allows a zip in a zip, not a zip in a zip in a zip."""
    max_feed_entries: int = 1000
    max_attachments: int = 100
    connect_timeout: float = 10.0
    fetch_seconds: float = 30.0
    """Total time for one download, headers and body."""
    max_redirects: int = 5
    fetch_retries: int = 1
    """Tries again after a refused or dropped connection, HTTP 429 or HTTP 503 (once by default)."""
    fetch_backoff: float = 2.0
    """Seconds to wait before a retry, doubled for each further one; a Retry-After header sets it, up to 30 s."""


DEFAULT_LIMITS = Limits()


@dataclass
class Budget:
    """The wall-clock allowance of one file; ``check`` raises once it is spent."""

    seconds: float
    clock: Callable[[], float] = time.monotonic
    deadline: float = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = self.clock() + self.seconds

    @property
    def spent(self) -> bool:
        return self.clock() >= self.deadline

    def check(self) -> None:
        if self.spent:
            raise InputError(f"took longer than {self.seconds:g} s (time limit per file)")
