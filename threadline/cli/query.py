"""Questions to the store: stats, entities, show, claims, search."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape

from threadline.api import Workspace
from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.render import console, print_json, quote, source, table
from threadline.model import SCHEMA


def _open(db: str) -> Workspace:
    from pathlib import Path

    from threadline.errors import StoreError
    from threadline.store import is_url

    if db != ":memory:" and not is_url(db) and not Path(db).exists():
        raise StoreError(f"no store at {db}; create one with 'threadline add PATH --db {db}'")
    return Workspace(db)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@friendly_errors
def stats(db: str, as_json: bool) -> None:
    """Counts of documents, entities, mentions, relations, claims and events.

    ``entities`` counts canonical entities (after resolution, as 'entities' lists
    them); ``extracted_entities`` the entities extraction made, merged ones included.
    """
    with _open(db) as ws:
        counts = ws.stats()
    if as_json:
        print_json(counts)
    else:
        table(None, ["what", "count"], [[k, v] for k, v in counts.items()])


@cli.command()
@db_option
@click.option("--type", "type_", type=click.Choice(list(SCHEMA.entity_types), case_sensitive=False), help="Only this type.")
@click.option("--limit", type=int, default=None, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def entities(db: str, type_: str | None, limit: int | None, as_json: bool) -> None:
    """Canonical entities (after resolution), most mentioned first; 'stats' counts the same ones."""
    with _open(db) as ws:
        rows = ws.entities(type=type_, limit=limit)
        extracted = ws.stats()["extracted_entities"]
    if as_json:
        print_json(rows)
        return
    table(None, ["type", "name", "aliases", "country", "mentions", "docs"],
          [[r["type"], r["name"], ", ".join(r["aliases"]), r["country"], r["mentions"], r["documents"]] for r in rows])
    if not type_ and not limit:
        console.print(f"{len(rows)} canonical entities (after resolution), from {extracted} extracted")


PARTS = ("mentions", "claims_by", "claims_about", "relations", "events")


@cli.command()
@click.argument("name")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Rows of each list (claims, relations, events, mentions) to show.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows of each list first.")
@click.option("--part", type=click.Choice(PARTS), help="Page through this one list only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def show(name: str, db: str, limit: int, offset: int, part: str | None, as_json: bool) -> None:
    """Everything known about an entity: aliases, mentions, claims by and about it, relations, events.

    NAME is matched against names and aliases, ignoring case, accents and punctuation;
    a name several entities share lists them with their ids, to pass one instead.
    Each list shows its first --limit rows and how many there are; --offset and --part page on.
    """
    with _open(db) as ws:
        if part:
            page = ws.entity_part(name, part, limit=limit, offset=offset)
        else:
            profiles = ws.show(name, limit=limit, offset=offset)
    if part:
        if as_json:
            print_json(page)
            return
        _print_part(name, page)
        return
    if as_json:
        print_json(profiles)
        return
    for p in profiles:
        _print_profile(p)


def _total(total: int, capped: bool) -> str:
    """A list's length as shown: lists are counted up to a cap (10,000 rows), and a longer one is more than that."""
    return f"more than {total:,}" if capped else str(total)


def _more(p: dict[str, Any], part: str, shown: int) -> None:
    """Say how many rows of a list there are beyond those shown, and how to see them."""
    total, start, capped = p["totals"][part], p["page"]["offset"], p["capped"][part]
    if capped or start + shown < total:
        console.print(f"  [dim]{start + 1}–{start + shown} of {_total(total, capped)}: threadline show "
                      f"{escape(repr(p['id']))} --part {part} --offset {start + shown}[/dim]")


def _claim_line(c: dict[str, Any]) -> None:
    who = _speaker(c, "the document itself")
    console.print(f"- {escape(who)} [italic]{c['stance']}[/italic]: {escape(quote(c['sentence']))}")
    console.print(f"    source: {escape(source(c))}")


def _relation_line(r: dict[str, Any]) -> None:
    console.print(f"- {escape(r['subject'])} —{r['predicate']}→ {escape(r['object'])}: {escape(quote(r['sentence']))}")
    console.print(f"    source: {escape(source(r))}")


def _event_line(e: dict[str, Any]) -> None:
    console.print(f"- {e['date']}: {escape(e['what'])}   [dim]({escape(source(e))})[/dim]")


def _mention_line(m: dict[str, Any]) -> None:
    console.print(f"- {escape(quote(m['sentence'], 160))}   [dim]({escape(source(m))})[/dim]")


LINES = {"claims_by": _claim_line, "claims_about": _claim_line, "relations": _relation_line, "events": _event_line,
         "mentions": _mention_line}


def _print_part(name: str, page: dict[str, Any]) -> None:
    items, start = page["items"], page["offset"]
    console.print(f"[bold]{escape(name)}[/bold]: {page['part'].replace('_', ' ')} "
                  + (f"{start + 1}–{start + len(items)} of {_total(page['total'], page['capped'])}" if items
                     else f"none from {start + 1} ({_total(page['total'], page['capped'])} in all)"))
    for row in items:
        LINES[page["part"]](row)


def _print_profile(p: dict[str, Any]) -> None:
    console.rule(f"[bold]{escape(p['name'])}[/bold]  {p['type']}" + (f"  {p['country']}" if p.get("country") else ""))
    others = [a for a in p["aliases"] if a != p["name"]]
    if others:
        console.print("aliases: " + escape(", ".join(others)))
    docs = {m["doc_id"] for m in p["mentions"]}
    whole = not p["capped"]["mentions"] and len(p["mentions"]) == p["totals"]["mentions"]
    console.print(f"{_total(p['totals']['mentions'], p['capped']['mentions'])} mentions"
                  + (f" in {len(docs)} documents" if whole else ""))
    for part, title in (("claims_by", "Claims by it"), ("claims_about", "Claims about it"), ("relations", "Relations"),
                        ("events", "Events")):
        if p[part]:
            longer = p["capped"][part] or p["totals"][part] > len(p[part])
            console.print(f"\n[bold]{title}[/bold]" + (f" ({_total(p['totals'][part], p['capped'][part])})" if longer else ""))
            for row in p[part]:
                LINES[part](row)
            _more(p, part, len(p[part]))
    console.print("\n[bold]Mentions[/bold]")
    sentences = list({(m["doc_id"], m["sentence"]): m for m in p["mentions"]}.values())  # one line per sentence
    for m in sentences[:10]:
        _mention_line(m)
    if len(sentences) > 10:
        console.print(f"  … and {len(sentences) - 10} more sentences")
    _more(p, "mentions", len(p["mentions"]))
    console.print()


@cli.command()
@db_option
@click.option("--about", help="Claims about this entity (name or alias).")
@click.option("--by", help="Claims made by this entity (name or alias).")
@click.option("--stance", type=click.Choice(list(SCHEMA.stances)), help="Only this stance.")
@click.option("--limit", type=int, default=None, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def claims(db: str, about: str | None, by: str | None, stance: str | None, limit: int | None, as_json: bool) -> None:
    """Attributed claims with their stance, verbatim sentence and source."""
    with _open(db) as ws:
        rows = ws.claims(about=about, by=by, stance=stance, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no claims match")
    for c in rows:
        who = _speaker(c, "(the document itself)")
        console.print(f"[bold]{escape(who)}[/bold] [italic]{c['stance']}[/italic]" + (f"  about: {escape(', '.join(c['about']))}" if c.get("about") else ""))
        console.print(f"  {escape(quote(c['sentence']))}")
        console.print(f"  [dim]source: {escape(source(c))}  status: {c['status']}[/dim]")


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many documents.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def search(query: str, db: str, limit: int, as_json: bool) -> None:
    """Full-text search over documents; words are matched in any order, accents ignored."""
    with _open(db) as ws:
        rows = ws.search(query, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no documents match")
    for r in rows:
        console.print(f"[bold]{escape(source(r))}[/bold]  [dim]{escape(r.get('path') or '')}[/dim]")
        console.print("  " + escape(" ".join(r["snippet"].split())))


def _speaker(claim: dict, own_voice: str) -> str:
    """The claimant, an unnamed source marked as such, or the document's own voice."""
    if claim.get("claimant"):
        return str(claim["claimant"])
    if claim.get("unnamed_source"):
        return f"{claim['unnamed_source']} (unnamed source)"
    return own_voice
