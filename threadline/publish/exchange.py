"""The exchange format of shared/eval/FORMAT.md: one JSON object per document.

Extra keys (offsets, page for PDFs, precision, country, provenance) ride along; readers that
only know the base format ignore them.
"""

from __future__ import annotations

from typing import Any

from threadline.model import Evidence, Extraction
from threadline.model.pages import page_of


def _where(ev: Evidence, meta: dict[str, Any]) -> dict[str, Any]:
    page = page_of(meta, ev.start)
    return {"start": ev.start, "end": ev.end, "extractor": ev.extractor, **({"page": page} if page else {})}


def to_exchange(ex: Extraction) -> dict[str, Any]:
    """An :class:`Extraction` as the FORMAT.md JSON object."""
    d = ex.document
    return {
        "document": {"id": d.id, "title": d.title, "publisher": d.publisher, "published": d.published,
                     "date_source": d.date_source,
                     "language": ex.extractor.get("language") or d.language, "url": d.url, "path": d.path},
        "extractor": ex.extractor,
        "entities": [
            {"name": e.name, "type": e.type, "aliases": list(e.aliases), "country": e.country,
             **({"gazetteer": e.gazetteer_id} if e.gazetteer_id else {})}
            for e in ex.entities
        ],
        "relations": [
            {"subject": r.subject, "predicate": r.predicate, "object": r.object,
             "evidence": r.evidence.sentence, **_where(r.evidence, d.meta)}
            for r in ex.relations
        ],
        "claims": [
            {"claimant": c.claimant or c.source, **({"claimant_unnamed": True} if c.source and not c.claimant else {}),
             "stance": c.stance, "about": list(c.about), "text": c.text,
             "cue": c.cue, "evidence": c.evidence.sentence, **_where(c.evidence, d.meta)}
            for c in ex.claims
        ],
        "events": [
            {"what": v.what, "date": v.date, "precision": v.precision, "entities": list(v.entities),
             "anchored": v.anchored, "evidence": v.evidence.sentence, **_where(v.evidence, d.meta)}
            for v in ex.events
        ],
    }
