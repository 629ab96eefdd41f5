"""The evidence graph as a folder of CSV files, for spreadsheets and pandas.

    PATH/nodes.csv      one row per canonical entity
    PATH/edges.csv      one row per evidence-graph link (strength and first evidence)
    PATH/claims.csv     one row per claim and entity it is about: claimant, stance, sentence, source
    PATH/relations.csv  one row per relation as read: subject, predicate, object, sentence, source
    PATH/events.csv     one row per dated event: event_date (when it happened), what, entities, sentence,
                        source, document_date (when it was said)

A folder rather than a zip: each file opens directly in a spreadsheet, and a
re-export overwrites the files it writes and nothing else. UTF-8 with a header
row; lists inside a cell are joined with " | ". A text cell that a spreadsheet
would run as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from threadline.analyse.graph import EvidenceGraph
from threadline.model import SCHEMA
from threadline.publish.exporters import PublicIds, folder_target, open_output, provenance
from threadline.publish.exporters.graphs import edge_attributes

if TYPE_CHECKING:
    from threadline.analyse.snapshot import Snapshot

SOURCE = ["title", "publisher", "date", "date_source", "url", "file", "grade"]
NODES = ["id", "type", "name", "aliases", "country", "kind", "relations", "claims_by", "claims_about"]
EDGES = ["id", "source", "source_name", "target", "target_name", "kind", "label", "sources", "documents", "facts",
         "grade", "score", "contested", "accepted", "first_seen", "last_seen", "sentence", "title", "publisher", "date",
         "date_source", "url"]
CLAIMS = ["claim_id", "claimant_id", "claimant", "stance", "about_id", "about", "contested", "text", "sentence", "status",
          "doc_id", *SOURCE]
RELATIONS = ["relation_id", "subject_id", "subject", "predicate", "reading", "object_id", "object", "sentence", "status",
             "doc_id", *SOURCE]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# When it happened and when it was said: the source's "date" is the document's, so it is renamed here.
EVENTS = ["event_id", "event_date", "precision", "anchored", "what", "entity_ids", "entities", "sentence", "doc_id",
          *[("document_date" if c == "date" else c) for c in SOURCE]]


def export(snapshot: Snapshot, path: str | os.PathLike[str]) -> dict[str, int]:
    """Write the CSV folder; returns the row count of each file."""
    folder = folder_target(path)
    ids = PublicIds(snapshot)
    ents = snapshot.entities
    evidence = EvidenceGraph(snapshot)

    def name(entity_id: str | None) -> str:
        return ents[entity_id].name if entity_id in ents else ""

    def source(doc_id: str) -> dict[str, str]:
        doc = snapshot.documents.get(doc_id)
        return {**provenance(doc), "grade": doc.grade if doc else ""}

    tally: dict[str, dict[str, int]] = {e: {"relations": 0, "claims_by": 0, "claims_about": 0} for e in ents}
    for f in snapshot.facts:
        if f.kind == "relation":
            for end in {f.source, f.target}:
                if end in tally:
                    tally[end]["relations"] += 1
        else:
            if f.source in tally:
                tally[f.source]["claims_by"] += 1
            if f.target in tally:
                tally[f.target]["claims_about"] += 1
    nodes = [{"id": ids.entity(e.id), "type": e.type, "name": e.name, "aliases": " | ".join(e.aliases),
              "country": e.country or "", "kind": e.kind or "", **tally[e.id]} for e in ents.values()]

    contested = {(l.source, l.target) for l in evidence.links.values() if l.kind == "claim" and l.contested}
    edges = []
    for (source_id, target_id, kind, label), link in sorted(evidence.links.items()):
        attrs = edge_attributes(snapshot, link)
        edges.append({**attrs, "id": ids.link(link.source, link.target, kind, label),
                      "source": ids.entity(source_id), "source_name": name(source_id),
                      "target": ids.entity(target_id), "target_name": name(target_id)})

    claims, relations = [], []
    for f in snapshot.facts:
        if f.kind == "claim":
            claims.append({"claim_id": ids.fact(f), "claimant_id": ids.entity(f.source) or "", "claimant": name(f.source),
                           "stance": f.label, "about_id": ids.entity(f.target) or "", "about": name(f.target),
                           "contested": f.label == "alleges" and (f.source, f.target) in contested,
                           "text": f.text, "sentence": f.sentence, "status": f.status, "doc_id": f.doc_id,
                           **source(f.doc_id)})
        else:
            relations.append({"relation_id": ids.fact(f), "subject_id": ids.entity(f.source) or "", "subject": name(f.source),
                              "predicate": f.label, "reading": SCHEMA.predicates.get(f.label, {}).get("label", f.label),
                              "object_id": ids.entity(f.target) or "", "object": name(f.target), "sentence": f.sentence,
                              "status": f.status, "doc_id": f.doc_id, **source(f.doc_id)})

    events = []
    for v in snapshot.events:
        where = source(v.doc_id)
        where["document_date"] = where.pop("date")
        events.append({"event_id": v.id, "event_date": v.date, "precision": v.precision, "anchored": v.anchored,
                       "what": v.what, "entity_ids": " | ".join(ids.entity(e) or "" for e in v.entities),
                       "entities": " | ".join(name(e) for e in v.entities), "sentence": v.sentence, "doc_id": v.doc_id,
                       **where})

    files = {"nodes": (NODES, nodes), "edges": (EDGES, edges), "claims": (CLAIMS, claims),
             "relations": (RELATIONS, relations), "events": (EVENTS, events)}
    for stem, (columns, rows) in files.items():
        _write(folder / f"{stem}.csv", columns, rows)
    return {stem: len(rows) for stem, (_, rows) in files.items()}


def _write(path: os.PathLike[str], columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with open_output(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in FORMULA and not _number(value):
        return "'" + value  # a spreadsheet must not run a sentence from a document as a formula
    return value


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
