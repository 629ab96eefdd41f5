"""Ingest: turn files and downloads into :class:`~threadline.model.Document` records, reporting bad ones.

Formats (text, Markdown, HTML, PDF, DOCX, e-mail, RSS/Atom, zip) are chosen
by suffix and content sniffing (:mod:`.registry`). A file can hold several
documents, so :func:`iter_documents` yields ``(location, Document |
InputError)``; a bad file or member is one :class:`~threadline.errors.InputError`
with a one-line reason, and the caller goes on with the rest. Every cap on
hostile input is in :mod:`.limits`.
"""

from threadline.ingest.limits import DEFAULT_LIMITS, Limits
from threadline.ingest.readers import SUPPORTED, iter_documents, read_bytes, read_document
from threadline.ingest.walk import expand_paths
from threadline.model.pages import page_of

__all__ = ["DEFAULT_LIMITS", "SUPPORTED", "Limits", "expand_paths", "iter_documents", "page_of", "read_bytes",
           "read_document"]
