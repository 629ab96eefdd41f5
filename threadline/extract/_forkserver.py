"""Imported by the fork server of :mod:`threadline.extract.parallel`, and by nothing else.

Importing it loads the default pipeline, so every worker forks with spaCy and
the model already in memory (shared copy-on-write) instead of loading its own.
It then extracts one short document of its own (:data:`WARM_UP`): the
components build some tables on first use (the attribution model's, the
language's word lists), which each worker would otherwise build again on its
first batch, every worker paying the same CPU time, all of it before its first
result. What the warm-up builds is kept and frozen with the pipeline; its
extraction is thrown away, and nothing of it reaches a document (the tables are
the same whichever text built them). If loading fails here, each worker tries
again in its initializer, where the failure is reported.
"""

from threadline.extract.nlp import load_pipeline, settle
from threadline.extract.pipeline import extract
from threadline.model import Document

# Ours, written to reach the lazily built parts: a dateline, a quoted claim with its speaker and role, a denial,
# "according to", an organisation, a state body, places and a date.
WARM_UP = (
    "Warm-up dispatch\n\n"
    "BERLIN, 3 March 2024 - The Ministry of the Interior said on Monday that it had opened an inquiry. "
    "\"We will not accept this,\" Minister Anna Keller told reporters in Hamburg. "
    "The embassy denied the report, according to the Centre for Press Freedom."
)

try:
    load_pipeline()
    extract(Document(text=WARM_UP))
    settle()
except Exception:  # noqa: BLE001  (the fork server must start regardless)
    pass
