"""Analysis commands: path, neighbours, rank, communities, timeline, protect, unprotect.

All read a redacted snapshot: protected persons never appear unless --include-protected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape

from threadline.analyse.snapshot import Snapshot
from threadline.analyse.timeline import timeline as build_timeline
from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.query import _open
from threadline.cli.render import console, print_json, quote, table
from threadline.model import SCHEMA

if TYPE_CHECKING:
    from threadline.analyse.graph import EvidenceGraph, Link, Path

include_option = click.option("--include-protected", is_flag=True, help="Show protected persons (otherwise redacted).")


def _graph(snap: Snapshot) -> EvidenceGraph:
    """The evidence graph of a snapshot. Imported here, not above: it brings networkx (a quarter of a second),
    and every command, ``add`` included, imports this module to register its commands."""
    from threadline.analyse.graph import EvidenceGraph

    return EvidenceGraph(snap)


def _source(snap: Snapshot, doc_id: str) -> str:
    d = snap.documents.get(doc_id)
    if d is None:
        return doc_id
    bits = [b for b in (d.publisher, d.published) if b]
    return (d.title or d.path or d.id) + (f" ({', '.join(bits)})" if bits else "")


def _link_json(snap: Snapshot, link: Link) -> dict[str, Any]:
    return {
        "source": snap.entities[link.source].name, "target": snap.entities[link.target].name, "kind": link.kind,
        "label": link.label, "independent_sources": link.independent, "grade": link.grade, "score": link.score,
        "contested": link.contested,
        "evidence": [{"sentence": f.sentence, "status": f.status, "document": _source(snap, f.doc_id)} for f in link.facts],
    }


def _print_link(snap: Snapshot, link: Link, indent: str = "  ") -> None:
    flag = "  [contested: the accused denies]" if link.contested else ""
    console.print(f"{indent}[dim]{link.kind}[/dim] {link.label}: {link.independent} independent source(s), "
                  f"best grade {link.grade}, strength {link.score}{flag}")
    for f in link.facts[:3]:
        console.print(f"{indent}  {escape(quote(f.sentence, 200))}  [dim]{escape(_source(snap, f.doc_id))} ({f.status})[/dim]")


@cli.command()
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--max-hops", type=click.IntRange(1, 10), default=4, show_default=True, help="Longest path to consider.")
@include_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def path(a: str, b: str, db: str, max_hops: int, include_protected: bool, as_json: bool) -> None:
    """How A is tied to B, and according to whom: the shortest and the best-evidenced path.

    Each hop shows its predicate or claim stance, sources, dates and verbatim sentences.
    """
    with _open(db) as ws:
        snap = ws.snapshot(include_protected)
    graph = _graph(snap)
    found = graph.paths(snap.one(a).id, snap.one(b).id, max_hops)
    if as_json:
        print_json({k: None if p is None else [_link_json(snap, h.link) for h in p.hops] for k, p in found.items()})
        return
    if not any(found.values()):
        console.print(f"no path within {max_hops} hops")
        raise SystemExit(1)
    shown: set[tuple[str, ...]] = set()
    for label, p in (("Shortest path", found["shortest"]), ("Best-evidenced path", found["best_evidenced"])):
        if p is None:
            continue
        key = tuple(h.link.source + h.link.target + h.link.label for h in p.hops)
        if key in shown:
            console.print(f"[bold]{label}[/bold]: the same as above")
            continue
        shown.add(key)
        _print_path(snap, label, p)


def _print_path(snap: Snapshot, label: str, p: Path) -> None:
    console.print(f"[bold]{label}[/bold] ({len(p.hops)} hops, weakest link strength {p.strength})")
    for h in p.hops:
        arrow = "→" if h.forward else "←"
        console.print(f"- {escape(h.source.name)} {arrow} {escape(h.target.name)}")
        _print_link(snap, h.link)


@cli.command()
@click.argument("name")
@db_option
@click.option("--depth", type=click.IntRange(1, 5), default=1, show_default=True, help="How many hops out from NAME.")
@click.option("--type", "types", multiple=True, type=click.Choice(list(SCHEMA.entity_types)), help="Only neighbours of this type (repeatable).")
@click.option("--stance", "stances", multiple=True, type=click.Choice(list(SCHEMA.stances)), help="Only claims with this stance (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(list(SCHEMA.review_states)), help="Only facts with this review status.")
@click.option("--since", help="Only sources published on or after this date (YYYY[-MM[-DD]]).")
@click.option("--until", help="Only sources published on or before this date.")
@click.option("--source", "sources", multiple=True, help="Only facts from sources whose publisher, title or path contains this.")
@include_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def neighbours(name: str, db: str, depth: int, types: tuple[str, ...], stances: tuple[str, ...], statuses: tuple[str, ...],
               since: str | None, until: str | None, sources: tuple[str, ...], include_protected: bool, as_json: bool) -> None:
    """Entities linked to NAME, with the evidence for each link, filtered as asked."""
    with _open(db) as ws:
        snap = ws.snapshot(include_protected)
    links = _graph(snap).neighbours(snap.one(name).id, depth, types, stances, statuses, since, until, sources)
    if as_json:
        print_json([_link_json(snap, link) for link in links])
        return
    if not links:
        console.print("no neighbours match")
    for link in sorted(links, key=lambda lk: -lk.score):
        console.print(f"[bold]{escape(snap.entities[link.source].name)}[/bold] → [bold]{escape(snap.entities[link.target].name)}[/bold]")
        _print_link(snap, link)


@cli.command()
@db_option
@click.option("--by", type=click.Choice(["degree", "betweenness", "pagerank"]), default="degree", show_default=True,
              help="Centrality measure.")
@click.option("--type", "type_", type=click.Choice(list(SCHEMA.entity_types)), help="Only entities of this type.")
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many entities.")
@include_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def rank(db: str, by: str, type_: str | None, limit: int, include_protected: bool, as_json: bool) -> None:
    """The most central entities of the evidence graph."""
    with _open(db) as ws:
        snap = ws.snapshot(include_protected)
    rows = _graph(snap).rank(by, type_, limit)
    if as_json:
        print_json([{"id": e.id, "name": e.name, "type": e.type, by: s} for e, s in rows])
        return
    table(f"Ranked by {by}", ["type", "name", by], [[e.type, e.name, s] for e, s in rows])


@cli.command()
@db_option
@click.option("--min-size", type=int, default=3, show_default=True, help="Smallest group to list.")
@include_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def communities(db: str, min_size: int, include_protected: bool, as_json: bool) -> None:
    """Groups of densely linked entities (Louvain, seeded so runs repeat)."""
    with _open(db) as ws:
        snap = ws.snapshot(include_protected)
    groups = _graph(snap).communities(min_size)
    if as_json:
        print_json([[{"id": e.id, "name": e.name, "type": e.type} for e in g] for g in groups])
        return
    for n, group in enumerate(groups, start=1):
        console.print(f"[bold]{n}.[/bold] " + escape(", ".join(f"{e.name} ({e.type})" for e in group)))


@cli.command()
@db_option
@click.option("--entity", help="Only what involves this entity.")
@click.option("--country", help="Only what involves entities of this country (ISO code).")
@include_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def timeline(db: str, entity: str | None, country: str | None, include_protected: bool, as_json: bool) -> None:
    """Dated events and claims in order; when it happened is kept apart from when it was said."""
    with _open(db) as ws:
        snap = ws.snapshot(include_protected)
    entries = build_timeline(snap, entity, country)
    if as_json:
        print_json([{"happened": e.happened, "said": e.said, "kind": e.kind, "who": e.who, "text": e.text,
                     "sentence": e.sentence, "source": _source(snap, e.doc_id)} for e in entries])
        return
    if not entries:
        console.print("nothing dated matches")
    for e in entries:
        when = f"{e.happened or '':10s}" + (f"  (said {e.said})" if e.said else "")
        who = f"{e.who} {e.kind}: " if e.who else ("" if e.kind == "event" else f"{e.kind}: ")
        console.print(f"[bold]{when}[/bold]  {escape(who + e.text)}")
        console.print(f"    [dim]{escape(_source(snap, e.doc_id))}[/dim]")


@cli.command()
@click.argument("name")
@db_option
@click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides.")
@friendly_errors
def protect(name: str, db: str, user: str | None) -> None:
    """Mark a person protected (victim, dissident, witness, source): redacted from every export and report."""
    with _open(db) as ws:
        members = ws.protect(name, True, user)
    console.print(f"protected {escape(name)} ({len(members)} stored record(s)); outputs redact it unless --include-protected")


@cli.command()
@click.argument("name")
@db_option
@click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides.")
@friendly_errors
def unprotect(name: str, db: str, user: str | None) -> None:
    """Lift the protection of a person."""
    with _open(db) as ws:
        ws.protect(name, False, user)
    console.print(f"{escape(name)} is no longer protected")
