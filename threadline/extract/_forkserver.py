"""Imported by the fork server of :mod:`threadline.extract.parallel`, and by nothing else.

Importing it loads the default pipeline, so every worker forks with spaCy and
the model already in memory (shared copy-on-write) instead of loading its own.
If loading fails here, each worker tries again in its initializer, where the
failure is reported.
"""

from threadline.extract.nlp import load_pipeline

try:
    load_pipeline()
except Exception:  # noqa: BLE001  (the fork server must start regardless)
    pass
