"""Imported by the fork server of :mod:`threadline.extract.parallel`, and by nothing else.

Importing it loads the default pipeline, so every worker forks with spaCy and
the model already in memory (shared copy-on-write) instead of loading its own.
It then extracts one short document of its own (:data:`~threadline.extract.pipeline.WARM_UP`): the
components build some tables on first use (the attribution model's, the
language's word lists), which each worker would otherwise build again on its
first batch, every worker paying the same CPU time, all of it before its first
result. What the warm-up builds is kept and frozen with the pipeline; its
extraction is thrown away, and nothing of it reaches a document (the tables are
the same whichever text built them). If loading fails here, each worker tries
again in its initializer, where the failure is reported.
"""

from threadline.extract.pipeline import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001  (the fork server must start regardless)
    pass
