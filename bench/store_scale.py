"""The store at scale: a synthetic corpus stored through the real write path, then the queries an analyst runs.

    .venv/bin/python bench/store_scale.py [--docs 100000] [--pg postgresql://...] [--queries 200]
                                          [--out bench/results/store_scale.md]

Documents are generated, not extracted (extracting 100,000 documents would take
hours here): seeded, news-like texts of lognormal length (median about 330
words, 80 to 2,000), built from sentence templates that name people,
organisations and state bodies drawn with Zipf-like popularity (so a few are
very busy), with the matching ``Extraction`` records (entities, mentions with
their offsets and sentence, claims with claimant, stance and what they are
about, relations, dated events). They are stored one transaction per document
with ``store.save``, the path ``add`` uses, into SQLite; PostgreSQL gets the
same store through ``threadline migrate`` (store/transfer.py), which is much
quicker than writing it twice. Resolution then runs once, as after an ``add``.

Measured on each backend (``--queries`` each, after a few warm-up calls):

- full-text search: ``Workspace.search`` of one or two words (names and filler words), p50/p95;
- ``show`` of a busy entity: ``Workspace.show`` (the first 50 rows of each list and the totals, counted up to
  10,000) of the ten most mentioned entities in turn, p50/p95;
- evidence path: loading the snapshot and building the evidence graph once (what ``threadline path``
  does before its query), then ``EvidenceGraph.paths`` between random entities, p50/p95;
- grouping syndicated copies (``syndication_groups``, banded) on all documents, and the exact every-pair
  pass on the first 250, 500 and 1,000 (checked to give the same groups);
- disk: the SQLite file (after a checkpoint), or PostgreSQL's tables, indexes and TOAST in the schema,
  per 1,000 documents.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from threadline.resolve import resolve_entity

ROOT = Path(__file__).resolve().parent.parent
GIVEN = ["Anna", "Tomas", "Lucia", "Pieter", "Maria", "John", "Elena", "Marek", "Ines", "Johan", "Sofia", "Karel",
         "Nadia", "Olaf", "Rosa", "Viktor", "Lena", "Paulo", "Greta", "Ivan", "Wei", "Li", "Jun", "Mei", "Hao"]
FAMILY = ["Berg", "Novak", "Ferri", "Visser", "Santos", "Keane", "Ruiz", "Dvorak", "Costa", "Jansen", "Moreau",
          "Horvat", "Lindqvist", "Kowalski", "Peeters", "Marino", "Brandt", "Chen", "Wang", "Zhou", "Lin", "Huang"]
TOWNS = ["Lisbon", "Porto", "Dublin", "Rotterdam", "Antwerp", "Madrid", "Milan", "Prague", "Toronto", "Glasgow",
         "Vienna", "Lyon", "Gdansk", "Utrecht", "Bologna", "Linz", "Aarhus", "Coimbra", "Ostrava", "Galway"]
ORG_KINDS = ["Hometown Association", "Chamber of Commerce", "Cultural Centre", "Friendship Society",
             "Students Union", "Business Council", "Overseas Service Station", "Heritage Foundation"]
BODIES = ["United Front Work Department", "Ministry of Public Security", "Overseas Chinese Affairs Office",
          "Ministry of State Security", "Qingtian Public Security Bureau", "Fuzhou Public Security Bureau",
          "Chinese Embassy", "Consulate General", "State Council Information Office", "Central Propaganda Department"]
WORDS = ("office council report police station community volunteers consulate embassy investigation inquiry "
         "association members meeting events funding residents diaspora officials statement documents network "
         "registration contract minister parliament committee hearing evidence interview journalists group rights "
         "activists pressure families relatives harassment surveillance return campaign programme services "
         "licence premises address building district authorities prosecutor court ruling appeal budget grant").split()
STANCES = ["alleges", "states", "reports", "denies", "confirms"]
PREDICATES = ["member_of", "leads", "affiliated_with", "operates", "funds", "employed_by", "spokesperson_for"]


class Generator:
    """Seeded documents and their extractions; popularity of names is Zipf-like."""

    def __init__(self, seed: int, people: int = 20000, orgs: int = 6000):
        self.rng = random.Random(seed)
        rng = self.rng
        self.people = list(dict.fromkeys(f"{rng.choice(GIVEN)} {rng.choice(GIVEN)[:1]}. {rng.choice(FAMILY)}"
                                         if rng.random() < 0.3 else f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}-{i % 97}"
                                         for i in range(people)))
        self.orgs = list(dict.fromkeys(f"{rng.choice(TOWNS)} {rng.choice(ORG_KINDS)} {i % 211}" for i in range(orgs)))
        self.bodies = BODIES
        self._weights = {k: self._zipf(len(v)) for k, v in (("p", self.people), ("o", self.orgs), ("b", self.bodies))}

    @staticmethod
    def _zipf(n: int) -> list[float]:
        total, out = 0.0, []
        for rank in range(1, n + 1):
            total += 1 / rank
            out.append(total)
        return out

    def pick(self, kind: str) -> str:
        pool = {"p": self.people, "o": self.orgs, "b": self.bodies}[kind]
        return self.rng.choices(pool, cum_weights=self._weights[kind])[0]

    def filler(self, n: int) -> str:
        words = [self.rng.choice(WORDS) for _ in range(n)]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def document(self, i: int):  # type: ignore[no-untyped-def]
        from threadline.model import Claim, Document, Entity, Event, Evidence, Extraction, Mention, Relation

        rng = self.rng
        target = int(min(2000, max(80, rng.lognormvariate(math.log(330), 0.6))))
        town = rng.choice(TOWNS)
        title = f"Dispatch {i}: {rng.choice(WORDS)} in {town}"
        parts: list[str] = [title, "\n\n"]
        pos = len(title) + 2
        spans: list[tuple[str, str, int, int, int]] = []  # name, type, start, end, sentence index
        sentences: list[tuple[int, int]] = []
        facts: list[tuple[str, tuple[str, ...], int]] = []
        words = 0
        while words < target:
            kind = rng.random()
            start = pos
            if kind < 0.55:
                sentence, named = self.filler(rng.randint(8, 22)), []
            else:
                p, o, b = self.pick("p"), self.pick("o"), self.pick("b")
                stance = rng.choice(STANCES)
                pieces = [(p, "PERSON"), (" of the ", None), (o, "ORG"), (f" {stance} that the ", None), (b, "STATE_BODY"),
                          (f" directed the {rng.choice(WORDS)} in {town} on {rng.randint(1, 28)} May {rng.randint(2015, 2025)}.", None)]
                sentence, named, offset = "", [], start
                for text, type_ in pieces:
                    if type_:
                        named.append((text, type_, offset, offset + len(text)))
                    sentence += text
                    offset += len(text)
                facts.append((stance, (p, o, b), len(sentences)))
            for name, type_, s, e in named:
                spans.append((name, type_, s, e, len(sentences)))
            sentences.append((start, start + len(sentence)))
            parts.append(sentence + " ")
            pos += len(sentence) + 1
            words += len(sentence.split())
            if rng.random() < 0.2:
                parts.append("\n\n")
                pos += 2
        text = "".join(parts).strip() + "\n"
        document = Document(text, title=title, publisher=rng.choice(["Harbour Watch", "Open Ledger", "Civic Lantern"]),
                            published=f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", language="en",
                            path=f"synthetic/dispatch-{i:06d}.txt")

        def evidence(s: int, e: int, k: int) -> Evidence:
            a, b = sentences[k]
            return Evidence(document.id, s, e, text[a:b], "threadline.bench", "0")

        types = {name: type_ for name, type_, *_ in spans}
        entities = tuple(Entity(name, type_) for name, type_ in types.items())
        mentions = tuple(Mention(name, type_, name, evidence(s, e, k)) for name, type_, s, e, k in spans)
        claims, relations, events = [], [], []
        for stance, (p, o, b), k in facts:
            a, z = sentences[k]
            claims.append(Claim(p, stance, (b,), text[a:z].split(" that ", 1)[-1], stance, evidence(a, z, k)))
            relations.append(Relation(p, rng.choice(PREDICATES), o, evidence(a, z, k)))
            if rng.random() < 0.3:
                events.append(Event("directed", f"20{rng.randint(15, 25)}-05-{rng.randint(10, 28)}", "day", (b, o),
                                    evidence(a, z, k)))
        return Extraction(document, entities, mentions, tuple(relations), tuple(claims), tuple(events),
                          {"name": "threadline", "version": "bench", "language": "en"})


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return values[len(values) // 2], values[min(len(values) - 1, int(0.95 * len(values)))]


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn(*args)
    return 1000 * (time.perf_counter() - t)


def queries(location: str, n: int, seed: int, docs: int) -> dict[str, float]:
    """The three queries on one stored investigation; milliseconds unless said otherwise."""
    from threadline.analyse.graph import EvidenceGraph
    from threadline.api import Workspace

    rng = random.Random(seed)
    out: dict[str, float] = {}
    with Workspace(location) as ws:
        busy = ws.entities(limit=10)
        out["busiest_mentions"] = float(busy[0]["mentions"])
        terms = [rng.choice(WORDS) for _ in range(n // 2)] + [
            f"{rng.choice(WORDS)} {rng.choice(TOWNS)}" for _ in range(n // 4)] + [rng.choice(FAMILY) for _ in range(n // 4)]
        for q in terms[:5]:
            ws.search(q)
        out["search_p50"], out["search_p95"] = percentiles([timed(ws.search, q) for q in terms])
        for e in busy[:3]:
            ws.show(e["name"])
        out["show_p50"], out["show_p95"] = percentiles([timed(ws.show, busy[i % len(busy)]["name"]) for i in range(max(20, n // 5))])
        print(f"  search p95 {out['search_p95']:.1f} ms, show p95 {out['show_p95']:.1f} ms", file=sys.stderr)
        t = time.perf_counter()
        snapshot = ws.snapshot()
        out["snapshot_s"] = time.perf_counter() - t
    out.update(syndication_cost(snapshot, docs))
    from threadline.analyse import graph as graph_module

    real = graph_module.syndication_groups
    graph_module.syndication_groups = lambda texts: {}  # the syndication pass, timed apart above
    try:
        t = time.perf_counter()
        graph = EvidenceGraph(snapshot)
        _ = graph.simple, graph._strongest_tree  # built on the first query otherwise
        out["graph_s"] = time.perf_counter() - t
    finally:
        graph_module.syndication_groups = real
    ids = sorted(graph.simple.nodes)
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(n)]
    for a, b in pairs[:5]:
        graph.paths(a, b)
    out["path_p50"], out["path_p95"] = percentiles([timed(graph.paths, a, b) for a, b in pairs])
    out["paths_found"] = sum(1 for a, b in pairs if graph.paths(a, b)["shortest"]) / len(pairs)
    out["graph_nodes"], out["graph_edges"] = graph.simple.number_of_nodes(), graph.simple.number_of_edges()
    return out


def syndication_cost(snapshot, docs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Grouping syndicated copies: the exact, every-pair pass on growing subsets (extrapolated to all documents,
    as it is quadratic), and the banded pass the graph uses on the same subsets (checked equal) and on all."""
    from threadline.analyse.sources import exact_syndication_groups, syndication_groups

    texts = {d.id: d.text for d in snapshot.documents.values()}
    ids = list(texts)
    out: dict[str, float] = {}
    for k in (250, 500, 1000):
        subset = {i: texts[i] for i in ids[:k]}
        t = time.perf_counter()
        exact = exact_syndication_groups(subset)
        out[f"syndication_{k}_s"] = time.perf_counter() - t
        t = time.perf_counter()
        banded = syndication_groups(subset)
        out[f"banded_{k}_s"] = time.perf_counter() - t
        out[f"banded_{k}_equal"] = float(banded == exact)
    out["syndication_all_s_projected"] = out["syndication_1000_s"] * (len(ids) / 1000) ** 2
    t = time.perf_counter()
    groups = syndication_groups(texts)
    out["banded_all_s"] = time.perf_counter() - t
    out["banded_all_copies"] = float(sum(1 for d, g in groups.items() if d != g))
    return out


def pg_disk(location: str) -> int:
    from threadline.store import open_store

    store = open_store(location)
    try:
        return int(store._run(  # type: ignore[attr-defined]
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()[0])
    finally:
        store.close()


def build(db: Path, docs: int, seed: int) -> dict[str, float]:
    """Generate and store ``docs`` documents into a new SQLite file, then resolve once."""
    from threadline.api import Workspace

    gen = Generator(seed)
    info: dict[str, float] = {}
    with Workspace(db) as ws:
        t, gen_s, words = time.perf_counter(), 0.0, 0
        for i in range(docs):
            g = time.perf_counter()
            extraction = gen.document(i)
            gen_s += time.perf_counter() - g
            words += len(extraction.document.text.split())
            ws.store.save(extraction, resolve=resolve_entity)
            if i and i % 10000 == 0:
                print(f"  {i} documents stored, {time.perf_counter() - t:.0f} s", file=sys.stderr)
        info["save_s"] = time.perf_counter() - t - gen_s
        info["words_per_doc"] = words / docs
        t = time.perf_counter()
        ws.resolve()
        info["resolve_s"] = time.perf_counter() - t
        info.update({f"n_{k}": float(v) for k, v in ws.stats().items()})
        ws.store._run("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    info["sqlite_bytes"] = float(db.stat().st_size)
    return info


def render(args: argparse.Namespace, info: dict[str, float], results: dict[str, dict[str, float]]) -> str:
    n = args.docs
    lines = [
        "# The store at scale: search, show and evidence paths over a synthetic corpus",
        "",
        f"`bench/store_scale.py --docs {n} --queries {args.queries} --seed {args.seed}`: {n:,} generated documents "
        f"(mean {info['words_per_doc']:.0f} words), {int(info['n_entities']):,} entities, {int(info['n_mentions']):,} mentions, "
        f"{int(info['n_claims']):,} claims, {int(info['n_relations']):,} relations, {int(info['n_events']):,} events; "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}.",
        "",
        "**The machine was shared with other agents' work while this ran** (2 cores for five sessions): latencies are "
        "noisy and on the high side.",
        "",
        (f"Storing through `store.save` into SQLite took {info['save_s']:.0f} s ({1000 * info['save_s'] / n:.1f} ms per "
         f"document); the one resolution afterwards {info['resolve_s']:.0f} s" if "save_s" in info else
         "The store was built by an earlier run of this script (`--db`); its storing and resolution were not timed here")
        + (f"; `threadline migrate` to PostgreSQL {info['migrate_s']:.0f} s." if "migrate_s" in info else "."),
        "",
        "| backend | search p50 ms | search p95 ms (< 50) | show p50 ms | show p95 ms (< 100) | snapshot s + graph s | "
        "syndication s | path p50 ms | path p95 ms (< 100) | disk per 1,000 docs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, r in results.items():
        lines.append(f"| {backend} | {r['search_p50']:.1f} | {r['search_p95']:.1f} | {r['show_p50']:.1f} | {r['show_p95']:.1f} | "
                     f"{r['snapshot_s']:.1f} + {r['graph_s']:.1f} | {r['banded_all_s']:.1f} | {r['path_p50']:.1f} | "
                     f"{r['path_p95']:.1f} | {r['disk_bytes'] / n * 1000 / 2**20:.1f} MiB |")
    lines += [
        "",
        f"The busiest entity has {int(next(iter(results.values()))['busiest_mentions']):,} mentions. *show* is "
        "`Workspace.show` as the CLI and the web page call it: the first 50 rows of each list (claims by and about it, "
        "relations, events, mentions with sentences) and every list's total, counted up to 10,000 rows "
        "(`store/profile_pages.py`). *path* is the query "
        "on a built graph (what a long-running server answers); `threadline path` on the command line also loads the "
        "snapshot and builds the graph first (the column before it), and groups syndicated copies "
        "(`analyse/sources.syndication_groups`, MinHash bands, then exact Jaccard), timed apart in the syndication "
        "column, on all documents. The exact every-pair pass it replaced, for comparison: "
        + "; ".join(f"{b}: {r['syndication_250_s']:.1f} s at 250 documents, {r['syndication_500_s']:.1f} s at 500, "
                    f"{r['syndication_1000_s']:.1f} s at 1,000 (banded: {r['banded_250_s']:.2f}, {r['banded_500_s']:.2f}, "
                    f"{r['banded_1000_s']:.2f} s, the same groups: "
                    f"{'yes' if r['banded_250_equal'] and r['banded_500_equal'] and r['banded_1000_equal'] else 'NO'}), "
                    f"so about {r['syndication_all_s_projected'] / 3600:.1f} h for all {n:,}" for b, r in results.items())
        + ". The graph timed here is built without that pass (each document its own source group). "
        "Path pairs are random entities of the graph "
        + ", ".join(f"({b}: {r['graph_nodes']:,} nodes, {r['graph_edges']:,} edges, a path within 4 hops for "
                    f"{r['paths_found']:.0%} of pairs)" for b, r in results.items()) + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100000)
    parser.add_argument("--pg", default=os.environ.get("THREADLINE_TEST_PG"), help="PostgreSQL URL (default $THREADLINE_TEST_PG; none: SQLite only)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "store_scale.md"))
    parser.add_argument("--db", help="keep the SQLite store here; an existing one is used as it is (not rebuilt)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db or Path(tmp) / "scale.db")
        if db.exists():
            from threadline.api import Workspace

            with Workspace(db) as ws:
                stats = ws.stats()
                words = ws.store._run(  # type: ignore[attr-defined]
                    "SELECT avg(length(text) - length(replace(text, ' ', '')) + 1) FROM documents").fetchone()[0]
            info = {"words_per_doc": float(words), "sqlite_bytes": float(db.stat().st_size),
                    **{f"n_{k}": float(v) for k, v in stats.items()}}
            args.docs = stats["documents"]
        else:
            print(f"storing {args.docs} documents", file=sys.stderr)
            info = build(db, args.docs, args.seed)
        results = {"SQLite": {**queries(str(db), args.queries, args.seed, args.docs), "disk_bytes": info["sqlite_bytes"]}}
        print(json.dumps(results), file=sys.stderr)
        if args.pg:
            import psycopg

            from threadline.store.transfer import migrate

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            location = f"{args.pg}{'&' if '?' in args.pg else '?'}schema={schema}"
            try:
                t = time.perf_counter()
                migrate(str(db), location)
                info["migrate_s"] = time.perf_counter() - t
                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute('VACUUM ANALYZE')  # as autovacuum would after a bulk load
                results["PostgreSQL"] = {**queries(location, args.queries, args.seed, args.docs), "disk_bytes": pg_disk(location)}
            finally:
                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    text = render(args, info, results)
    Path(args.out).write_text(text, "utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps({"info": info, "results": results}, indent=1), "utf-8")
    print(text)


if __name__ == "__main__":
    main()
