"""Ingest: turn files into :class:`~threadline.model.Document` records, reporting bad ones.

Readers are chosen by file suffix; a file that cannot be read raises
:class:`~threadline.errors.InputError` with a one-line reason, and the caller
collects those and goes on with the rest.
"""

from threadline.ingest.readers import SUPPORTED, read_document
from threadline.ingest.walk import expand_paths

__all__ = ["SUPPORTED", "expand_paths", "read_document"]
