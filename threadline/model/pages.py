"""Page numbers from character offsets, for documents read from paged formats (PDF)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from typing import Any


def page_of(document_meta: Mapping[str, Any] | None, offset: int) -> int | None:
    """The 1-based page holding ``offset``, from ``meta["pages"]`` (where each page starts); None if unpaged."""
    starts = (document_meta or {}).get("pages")
    if not starts or offset < 0:
        return None
    return bisect_right(starts, offset) or None
