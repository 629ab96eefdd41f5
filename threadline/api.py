"""The Python API; each CLI command is a thin call into one of these.

    ws = Workspace("investigation.db")
    report = ws.add(["examples/corpus"])      # threadline add examples/corpus
    ws.stats()                                # threadline stats
    ws.entities(type="STATE_BODY")            # threadline entities --type STATE_BODY
    ws.show("UFWD")                           # threadline show UFWD (the first 50 of each list, and totals)
    ws.entity_part("UFWD", "mentions", offset=50)   # threadline show UFWD --part mentions --offset 50
    ws.claims(about="Beijing", stance="alleges")
    ws.search("police station")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadline import config
from threadline.corrections import Corrections
from threadline.errors import InputError, NotFound, ReviewConflict
from threadline.ingest import DEFAULT_LIMITS, Limits, expand_paths, iter_documents, read_document
from threadline.ingest.readers import make_document
from threadline.intake import NearDuplicate
from threadline.model import SCHEMA, Document, Extraction
from threadline.model.rows import MergeCandidate, ReferenceEntity
from threadline.publish.exchange import to_exchange
from threadline.resolve.cluster import Resolution, resolve
from threadline.resolve.compare import MatchResult, compare
from threadline.resolve.judgements import JUDGEMENT_ACTIONS, Judgement, decisions_from_rows
from threadline.store import Store, open_store
from threadline.store.profile import PAGE

if TYPE_CHECKING:
    from threadline.analyse.snapshot import Snapshot
    from threadline.extract.cluster import Cluster

Progress = Callable[[str, str], None]  # (location, outcome) after each document or failure
SCHEMA_STATUSES = tuple(SCHEMA.review_states)  # machine, accepted, rejected (schema/review_status.yaml)


@dataclass
class IngestReport:
    """What an ingest did: documents added, already present, near-duplicates, and files that failed with why."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    duplicates: list[NearDuplicate] = field(default_factory=list)  # near-duplicates recorded as extra locations
    skipped: list[tuple[str, str]] = field(default_factory=list)  # archive members left out on purpose, with why

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``add --json``, ``fetch --json``): lists as lists."""
        return {
            "ok": self.ok, "added": list(self.added), "unchanged": list(self.unchanged),
            "failed": [{"location": loc, "reason": why} for loc, why in self.failed],
            "skipped": [{"location": loc, "reason": why} for loc, why in self.skipped],
            "duplicates": [{"location": d.location, "original": d.original, "title": d.title,
                            "similarity": round(d.similarity, 3)} for d in self.duplicates],
        }


def resolution_summary(res: Resolution) -> dict[str, Any]:
    """What a resolution run did, as JSON-ready data (``resolve --json``)."""
    return {"entities_before": len(res.canonical), "entities_after": len(set(res.canonical.values())),
            "pairs_compared": res.compared, "merged_by_machine": res.merged_by_machine,
            "merged_by_judgement": res.merged_by_judgement, "refused_by_judgement": res.refused,
            "to_review": len(res.review)}


def vocabulary() -> dict[str, Any]:
    """The schema's words a client offers and draws: entity types (label, person or not, graph style), claim
    stances and review states, so no client keeps its own copy (schema/entity_types.yaml, stances.yaml,
    review_status.yaml)."""
    persons = SCHEMA.person_types
    return {
        "types": [{"name": name, "label": spec.get("label", name), "person": name in persons, "graph": spec.get("graph")}
                  for name, spec in SCHEMA.entity_types.items()],
        "stances": list(SCHEMA.stances),
        "stance_colors": {name: spec["color"] for name, spec in SCHEMA.stances.items() if spec.get("color")},
        "statuses": [{"name": name, "label": spec.get("label", name)} for name, spec in SCHEMA.review_states.items()],
    }


def extract_document(document: Document) -> Extraction:
    """Extract facts from one document (loads the language's pipeline once per process)."""
    from threadline.extract.pipeline import extract

    return extract(document)


def extract_file(path: str | Path) -> dict[str, Any]:
    """``threadline extract FILE``: the exchange-format JSON object for one file."""
    return to_exchange(extract_document(read_document(path)))


def extract_text(text: str, **meta: Any) -> dict[str, Any]:
    """The exchange-format JSON object for a text (metadata such as ``published`` optional)."""
    return to_exchange(extract_document(make_document(text, meta, None)))


def connect_cluster(address: str) -> Cluster:
    """A Dask cluster to extract on: a scheduler address (``tcp://host:8786``) or ``local:N`` (N processes here)."""
    from threadline.extract.cluster import connect

    return connect(address)


def match_pair(name_a: str, name_b: str, type_: str) -> MatchResult:
    """Compare two names with the scorer and threshold resolution uses."""
    from threadline.extract.patterns import load_patterns
    from threadline.resolve.reference import name_record

    type_ = type_.strip().upper()
    if not SCHEMA.is_a(type_, "matchable"):
        raise InputError(f"type must be one of {', '.join(SCHEMA.types_with('matchable'))}, not {type_!r}")
    gazetteer = load_patterns().by_key
    return compare(name_record(name_a, type_, gazetteer, "a"), name_record(name_b, type_, gazetteer, "b"))


def cross_reference(snapshot: Snapshot, references: Iterable[ReferenceEntity]) -> list[dict[str, Any]]:
    """Matches between a snapshot's people and organisations and reference rows, best first (see
    :func:`threadline.resolve.reference.xref`); the persons the snapshot redacts are never compared."""
    from threadline.extract.patterns import load_patterns
    from threadline.publish.exporters import PublicIds
    from threadline.resolve.reference import xref

    hidden = PublicIds(snapshot).hidden
    parties = [e for e in snapshot.entities.values() if e.id not in hidden]
    positions = [(f.source, f.label, (target.name, *target.aliases)) for f in snapshot.facts
                 if f.kind == "relation" and f.source and (target := snapshot.entities.get(f.target or "")) is not None]
    return xref(parties, references, load_patterns().by_key, positions)


def _reference_lines(path: Path) -> Iterator[str]:
    """The lines of a reference set's file, gzip-compressed or not."""
    import gzip

    if not path.is_file():
        raise InputError(f"no file at {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        yield from handle


def match_pairs(rows: Iterable[dict[str, str]]) -> Iterator[dict[str, Any]]:
    """``threadline match-pairs``: each row (name_a, name_b, type) with score and same added."""
    for n, row in enumerate(rows, start=2):
        try:
            result = match_pair(row["name_a"], row["name_b"], row["type"])
        except KeyError as exc:
            raise InputError(f"row {n}: missing column {exc}; need name_a,name_b,type") from None
        except InputError as exc:
            raise InputError(f"row {n}: {exc}") from None
        yield {**row, "score": f"{result.score:.3f}", "same": int(result.same), "explanation": "; ".join(result.explanations)}


SHOW_LIMIT = PAGE  # rows of each list of an entity's profile that ``show`` gives unless asked for more (None: all)


def _limit(limit: int | None) -> int | None:
    if limit is not None and int(limit) < 1:
        raise InputError(f"limit must be at least 1, not {limit}")
    return None if limit is None else int(limit)


class Workspace(Corrections):
    """One investigation: a store plus the pipeline that fills it; corrections are in :mod:`threadline.corrections`."""

    def __init__(self, db: str | Path | None = None, store: Store | None = None, limits: Limits | None = None):
        self.location = str(db or config.DB.value())
        self.store = store or open_store(self.location)
        self.limits = limits or DEFAULT_LIMITS  # caps on hostile input for add and fetch (ingest/limits.py)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ------------------------------------------------------------------

    def files(self, paths: Iterable[str | Path]) -> list[Path]:
        """The files ``add`` would read, in order."""
        return list(expand_paths(paths))

    def add(self, paths: Iterable[str | Path], progress: Progress | None = None, jobs: int | None = 1,
            batch_size: int = 8, cluster: str | Cluster | None = None) -> IngestReport:
        """Ingest files and folders: read, extract, store. Idempotent; bad files are reported and skipped.

        A file can hold several documents (an archive, a feed, an e-mail with
        attachments), located as "a.zip!member", "feed.xml#entry-N" or
        "mail.eml#name"; a bad one is one failure and the rest continues.
        ``jobs`` worker processes extract in parallel (None: one per core;
        ``threadline add`` uses all cores, and a script doing so needs the
        ``if __name__ == "__main__":`` guard); this process alone reads, skips
        copies and writes, in input order. Each document is stored in its own
        transaction, so an interrupted run leaves whole documents only, and a
        re-run completes it. A near-duplicate of a stored document is recorded
        as another location of it (``report.duplicates``), not extracted again.
        ``cluster`` (a Dask scheduler address, ``"local:N"``, or a
        :func:`connect_cluster` connection) extracts on its workers instead of
        ``jobs`` processes; this process still alone reads and writes.
        """
        files = self.files(paths)
        items = (item for path in files for item in iter_documents(path, self.limits))
        return self._ingest(items, progress, jobs, batch_size, expected=len(files), cluster=cluster)

    def fetch(self, urls: Iterable[str], progress: Progress | None = None, jobs: int | None = 1,
              batch_size: int = 8, cluster: str | Cluster | None = None) -> IngestReport:
        """Download http(s) URLs and ingest what they hold, like ``add``; a URL that fails is reported and skipped.

        Timeouts, the size cap and the redirect limit come from ``self.limits``.
        """
        from threadline.ingest.fetch import fetch_documents, make_client

        urls = list(urls)
        with make_client(self.limits) as client:
            items = (item for url in urls for item in fetch_documents(url, self.limits, client))
            return self._ingest(items, progress, jobs, batch_size, expected=len(urls), cluster=cluster)

    def _ingest(self, items: Iterable[tuple[str, Document | InputError]], progress: Progress | None,
                jobs: int | None, batch_size: int, expected: int | None = None,
                cluster: str | Cluster | None = None) -> IngestReport:
        """Check, extract (in ``jobs`` processes, or on ``cluster``) and store documents; see :mod:`threadline.intake`."""
        if isinstance(cluster, str):
            with connect_cluster(cluster) as connected:
                return self._ingest(items, progress, jobs, batch_size, expected, connected)
        from threadline.extract.parallel import default_jobs
        from threadline.intake import Intake

        report = IngestReport()
        jobs = default_jobs() if jobs is None else max(1, jobs)
        warm = None
        if jobs > 1 or cluster is not None:  # this process mostly waits for the workers: load resolution's tables meanwhile
            from threading import Thread

            from threadline.resolve.warm import warm_tables

            warm = Thread(target=warm_tables, daemon=True)
            warm.start()
        Intake(self.store, report, progress, self.limits.max_extract_seconds).run(items, jobs, batch_size, expected, cluster)
        if warm is not None:
            warm.join()
        if report.added:
            self.resolve()
        return report

    # -- resolve ---------------------------------------------------------------------

    def resolve(self) -> Resolution:
        """Resolve entities across documents, replaying every stored judgement; store the result."""
        from threadline.resolve.cluster import Reference

        records = self.store.resolution_records()
        rows = [r for r in self.store.reference_entities() if len(r["names"]) > 1]
        references: list[Reference] = []
        if rows:  # FollowTheMoney's model takes a second to load: only when reference sets were imported
            from threadline.resolve.reference import reference_type

            references = [Reference(f"{r['dataset']}:{r['id']}", reference_type(r["schema"]), tuple(r["names"]))
                          for r in rows]
        resolution = resolve(records, decisions_from_rows(self.store.decisions(JUDGEMENT_ACTIONS)), references=references)
        self.store.apply_resolution(resolution, len(records))
        return resolution

    def entity_id(self, name: str, hint: str = "") -> str:
        """The one canonical entity a name or id refers to; NotFound (its message ending in ``hint``) if none,
        InputError if several."""
        found = self.store.find_entities(name)
        if not found:
            raise NotFound(f"no entity named {name!r}{hint}")
        if len(found) > 1:
            options = "; ".join(f"{f['id']} ({f['type']} {f['name']})" for f in found)
            raise InputError(f"{name!r} names several entities: {options}. Use an id instead.")
        return str(found[0]["id"])

    def judge(self, a: str, b: str, judgement: Judgement, user: str | None = None) -> Resolution:
        """Record that two entities are (or are not) the same, then re-resolve."""
        ida, idb = self.entity_id(a), self.entity_id(b)
        if ida == idb and judgement is not Judgement.POSITIVE:
            raise InputError(f"{a!r} and {b!r} are one entity now; split it first")
        self.store.decide(ida, judgement.value, user or config.USER.value(), {"other": idb})
        return self.resolve()

    def merge(self, a: str, b: str, user: str | None = None, confirm: bool = False) -> Resolution:
        """Record that two entities are the same; entities of different types merge only with ``confirm``
        (ReviewConflict otherwise, saying what would change: see ``merge_preview``)."""
        if not confirm:
            preview = self.merge_preview(a, b)
            if preview["needs_confirmation"]:
                raise ReviewConflict(f"{preview['name_a']!r} is a {preview['type_a']} and {preview['name_b']!r} a {preview['type_b']};"
                                     " merging them means: " + "; ".join(preview["changes"]) + ". Confirm to merge anyway.")
        return self.judge(a, b, Judgement.POSITIVE, user)

    def not_same(self, a: str, b: str, user: str | None = None) -> Resolution:
        return self.judge(a, b, Judgement.NEGATIVE, user)

    def split(self, name: str, user: str | None = None) -> list[str]:
        """Undo the merges of an entity: its members stay apart from now on. Returns the member ids."""
        members = self.store.members(self.entity_id(name))
        if len(members) < 2:
            raise InputError(f"{name!r} is a single stored entity; there is nothing to split")
        self.store.decide(members[0], Judgement.SPLIT.value, user or config.USER.value(), {"members": members})
        self.resolve()
        return members

    def review_candidates(self, limit: int | None = None) -> list[MergeCandidate]:
        """Pairs of canonical entities the scorer was unsure of and no analyst has answered yet, with explanations.

        Each pair of entities comes once (the best-scored pair of their members speaks for it),
        and always with a reason.
        """
        out, seen = [], set()
        for pair in self.store.merge_candidates():
            key = frozenset((pair["canonical_a"], pair["canonical_b"]))
            if key in seen:
                continue
            seen.add(key)
            if not (pair.get("explanation") or "").strip():
                pair["explanation"] = (f"'{pair['name_a']}' ~ '{pair['name_b']}': names alike (score {pair['score']:.2f}),"
                                       " short of the score that merges on its own")
            out.append(pair)
        return out[:limit] if limit else out

    def answer(self, a_id: str, b_id: str, judgement: Judgement, user: str | None = None) -> None:
        """Store an answer to a review pair (no re-resolution: call resolve() after a session)."""
        self.store.decide(a_id, judgement.value, user or config.USER.value(), {"other": b_id})

    # -- review of single facts ------------------------------------------------------

    def review(self, fact_id: str, action: str, changes: dict[str, Any] | None = None,
               user: str | None = None) -> dict[str, Any]:
        """Accept, reject or edit one machine-extracted fact; returns the fact as it now stands.

        The decision is appended with user, time and the values before and after,
        and replayed whenever the document is extracted again.
        """
        fact = self.store.fact(fact_id)
        if action == "accept":
            after: dict[str, Any] = {"status": "accepted"}
        elif action == "reject":
            after = {"status": "rejected"}
        elif action == "edit":
            after = {**self._fact_changes(fact, changes or {}), "status": "accepted"}
        else:
            raise InputError(f"review action must be accept, reject or edit, not {action!r}")
        before = {key: fact.get(key) for key in after}
        with self.store.atomic():
            self.store.decide(fact_id, action, user or config.USER.value(), {"before": before, "after": after})
            self.store.update_fact(fact_id, after)
        return self.store.fact(fact_id)

    def review_queue(self, kind: str = "claim", status: str = "machine", limit: int = 50,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Machine-made claims or relations waiting for a decision (or those in another status)."""
        statuses = SCHEMA_STATUSES if status == "all" else (status,)
        if not set(statuses) <= set(SCHEMA_STATUSES):
            raise InputError(f"status must be one of {', '.join(SCHEMA_STATUSES)} or all, not {status!r}")
        return self.store.review_queue(kind, statuses, limit, offset)

    def history(self, name: str) -> list[dict[str, Any]]:
        """Every decision touching an entity: merges, splits, protection, and reviews of its facts."""
        return self.store.entity_history(self.entity_id(name))

    def document(self, doc_id: str) -> dict[str, Any]:
        """One stored document: text, metadata, locations, where each fact sits in the text, and whether it was read
        by rules (a language without a parser of its own: lower recall)."""
        found = self.store.document(doc_id)
        return {**found, "read_by_rules": SCHEMA.read_by_rules(found.get("language"))}

    def lookup(self, query: str = "", type: str | None = None, country: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or an alias contains ``query``, optionally of one type or country."""
        if type:
            SCHEMA.check_type(type.upper())
        return self.store.lookup_entities(query, type, country, limit)

    def facets(self) -> dict[str, dict[str, int]]:
        return self.store.facets()

    def revision(self) -> str:
        return self.store.revision()

    # -- analyse ---------------------------------------------------------------------

    def snapshot(self, include_protected: bool = False) -> Snapshot:
        """A redacted, read-only view for analysis and publishing (protected persons hidden unless asked)."""
        from threadline.analyse.snapshot import load_snapshot

        return load_snapshot(self.store, include_protected)

    def protect(self, name: str, protected: bool = True, user: str | None = None) -> list[str]:
        """Mark a person protected: redacted from every export and report unless explicitly included."""
        entity = self.entity_id(name)
        members = self.store.set_protected(entity, protected)
        self.store.decide(entity, "protect" if protected else "unprotect", user or config.USER.value(), {"members": members})
        return members

    # -- publish -------------------------------------------------------------------

    def dossier(self, country: str | None = None, entity: str | None = None, include_protected: bool = False) -> str:
        """A Markdown brief on one country (ISO code) or one entity, from the redacted snapshot."""
        from threadline.publish.dossier import dossier

        return dossier(self.snapshot(include_protected), country=country, entity=entity)

    def brief(self, country: str | None = None, entity: str | None = None, include_protected: bool = False) -> dict[str, Any]:
        """What a dossier or report on one country or entity covers: scope, counts and documents, as data."""
        from threadline.publish.dossier import brief_summary, build_brief

        return brief_summary(build_brief(self.snapshot(include_protected), country=country, entity=entity))

    def report(self, path: str | Path, country: str | None = None, entity: str | None = None,
               include_protected: bool = False) -> Path:
        """Write a report on one country or one entity: self-contained HTML, or PDF when ``path`` ends in .pdf."""
        from threadline.publish.report import report

        return report(self.snapshot(include_protected), country=country, entity=entity, path=path)

    # -- read ----------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Counts; ``entities`` are canonical (after resolution, as ``entities`` lists them),
        ``extracted_entities`` the ones extraction made before merging; ``read_by_rules`` the documents in a language
        without a parser of its own (lower recall)."""
        languages = self.store.facets()["language"]
        rules = sum(n for language, n in languages.items() if SCHEMA.read_by_rules(None if language == "?" else language))
        return {**self.store.stats(), "read_by_rules": rules}

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        if type:
            SCHEMA.check_type(type.upper())
        return self.store.entities(type=type, limit=limit)

    def show(self, name: str, limit: int | None = SHOW_LIMIT, offset: int = 0,
             exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
        """The profile of the entity called ``name`` (name, alias or id), as a one-item list.

        Each list (mentions, claims by and about it, relations, events) holds ``limit`` rows from ``offset``
        (None: all of them); ``totals`` gives every list's length, counted up to 10,000 rows (``TOTAL_CAP``):
        ``capped[part]`` is True for a longer list, whose total is then the cap ("more than 10,000").
        :meth:`entity_part` pages through one list. ``exclude``: ids whose claims and relations are left out.
        NotFound if none; InputError listing the candidates (id, type, name) if
        several, as ``path`` and ``merge`` do: pass an id then.
        """
        entity = self.entity_id(name, hint="; try 'threadline entities' or 'threadline search'")
        return [self.store.entity_profile(entity, _limit(limit), max(0, offset), exclude)]

    def entity_part(self, name: str, part: str, limit: int | None = SHOW_LIMIT, offset: int = 0,
                    exclude: Iterable[str] = ()) -> dict[str, Any]:
        """One list of an entity's profile, a page at a time: ``{"part", "total", "capped", "offset", "limit",
        "items"}``; ``capped`` True: the list is longer than ``total``, the cap up to which lists are counted."""
        items, total, capped = self.store.entity_part(self.entity_id(name), part, _limit(limit), max(0, offset), exclude)
        return {"part": part, "total": total, "capped": capped, "offset": max(0, offset), "limit": limit, "items": items}

    def claims(self, about: str | None = None, by: str | None = None, stance: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        if stance:
            SCHEMA.check_stance(stance)
        return self.store.claims(about=about, by=by, stance=stance, limit=limit)

    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
        """Documents matching a full-text query, best first, with the matches in snippets wrapped in ``marks``."""
        if not query.strip():
            raise InputError("empty search query")
        return self.store.search(query, limit=limit, marks=marks)

    # -- export ------------------------------------------------------------------------

    def export(self, fmt: str, path: str | Path, include_protected: bool = False, **options: Any) -> dict[str, int]:
        """Write the redacted snapshot as ftm, gexf, graphml or csv (see publish.exporters); returns counts."""
        from threadline.publish.exporters import export

        snapshot = self.snapshot(include_protected)
        snapshot.namespace = self.store.namespace_key()
        return export(snapshot, fmt, path, **options)

    def import_ftm(self, path: str | Path, dataset: str | None = None) -> dict[str, Any]:
        """Load FollowTheMoney entities (JSON lines, e.g. an OpenSanctions file) as a reference set.

        People, organisations, companies and public bodies are kept; loading a
        dataset again replaces it. Returns the dataset name, rows loaded, and
        counts of what was skipped by schema.
        """
        from collections import Counter

        from threadline.resolve.reference import dataset_name, reference_rows

        name = dataset or dataset_name(path)
        skipped: Counter[str] = Counter()
        source = Path(path)
        rows = reference_rows(_reference_lines(source), str(source), name, skipped)
        loaded = self.store.replace_reference_set(name, rows)
        return {"dataset": name, "loaded": loaded, "skipped": dict(skipped.most_common())}

    def xref(self, limit: int | None = None, include_protected: bool = False,
             dataset: str | None = None) -> list[dict[str, Any]]:
        """Matches between the investigation's people and organisations and the reference sets, best first."""
        sets = self.store.reference_sets()
        if not sets:
            raise InputError("no reference set loaded; load one with 'threadline import-ftm FILE'")
        if dataset and dataset not in sets:
            raise NotFound(f"no reference set {dataset!r}; loaded: {', '.join(sets)}")
        matches = cross_reference(self.snapshot(include_protected), self.store.reference_entities(dataset))
        return matches[:limit] if limit is not None else matches
