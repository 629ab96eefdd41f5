"""What a format reader is given: bytes with their origin, and the limits of this read.

One file can hold several documents (an archive, a feed, an e-mail with
attachments), so a reader yields ``(location, Document | InputError)`` pairs:
a bad member costs one error and the rest continues.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from threadline.errors import InputError
from threadline.ingest.limits import DEFAULT_LIMITS, Budget, Limits
from threadline.model import Document

Item = tuple[str, "Document | InputError"]
Items = Iterator[Item]


@dataclass(frozen=True)
class Source:
    """Bytes to read and where they came from."""

    data: bytes
    location: str  # names the document in reports and in the store: a path, "a.zip!b.txt", a URL
    name: str  # file, member or URL path name; its suffix is a hint for the format
    content_type: str | None = None  # from HTTP or MIME, a hint
    charset: str | None = None  # declared by HTTP or MIME
    url: str | None = None  # set when the bytes were downloaded
    depth: int = 0  # containers (archives, e-mails) above this one

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def path(self) -> str | None:
        """Document.path: the location, unless the document came from the web."""
        return None if self.url else self.location

    def member(self, data: bytes, location: str, name: str, content_type: str | None = None,
               url: str | None = None) -> Source:
        """A source found inside this one (archive member, attachment, feed entry)."""
        return replace(self, data=data, location=location, name=name, content_type=content_type, charset=None,
                       url=url or (self.url and location), depth=self.depth + 1)


@dataclass
class Context:
    """Limits and shared counters for reading one top-level file."""

    limits: Limits = DEFAULT_LIMITS
    budget: Budget = field(default=None)  # type: ignore[assignment]
    unpacked: int = 0  # bytes decompressed so far from archives, for the total cap

    def __post_init__(self) -> None:
        if self.budget is None:
            self.budget = Budget(self.limits.max_seconds)
