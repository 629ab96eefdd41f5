"""Resolution commands: resolve, merge, not-same, split, review-merges, match-pairs."""

from __future__ import annotations

import csv
import sys

import click
from rich.markup import escape

from threadline.api import match_pairs, resolution_summary
from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.query import _open
from threadline.cli.render import console, print_json
from threadline.resolve.cluster import Resolution
from threadline.resolve.judgements import Judgement


def _report(res: Resolution) -> None:
    clusters = len(set(res.canonical.values()))
    console.print(
        f"{len(res.canonical)} entities -> {clusters} after resolution; {res.compared} pairs compared; "
        f"{res.merged_by_machine} machine merges, {res.merged_by_judgement} by judgement, "
        f"{res.refused} refused by a judgement; {len(res.review)} pairs to review ('threadline review-merges')"
    )


@cli.command("resolve")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary of what resolution did.")
@friendly_errors
def resolve_cmd(db: str, as_json: bool) -> None:
    """Resolve entities across documents, replaying every stored judgement.

    Runs after every 'add' too; run it by hand after changing judgements in bulk.
    """
    with _open(db) as ws:
        res = ws.resolve()
    if as_json:
        print_json(resolution_summary(res))
    else:
        _report(res)


@cli.command()
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides (default: $THREADLINE_USER or $USER).")
@click.option("--yes", "-y", "confirm", is_flag=True, help="Merge entities of different types without asking.")
@friendly_errors
def merge(a: str, b: str, db: str, user: str | None, confirm: bool) -> None:
    """Record that A and B are the same entity (names, aliases or ids), then re-resolve.

    Entities of different types merge only once confirmed: the command says what would change and asks.
    """
    with _open(db) as ws:
        preview = ws.merge_preview(a, b)
        if preview["needs_confirmation"] and not confirm:
            console.print(f"[bold]{escape(preview['name_a'])}[/bold] is a {preview['type_a']} and "
                          f"[bold]{escape(preview['name_b'])}[/bold] a {preview['type_b']}. Merging them means:")
            for change in preview["changes"]:
                console.print(f"  - {escape(change)}")
            if not click.confirm("merge anyway?", default=False):
                console.print("not merged")
                return
        _report(ws.merge(a, b, user, confirm=True))


@cli.command("not-same")
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides.")
@friendly_errors
def not_same(a: str, b: str, db: str, user: str | None) -> None:
    """Record that A and B are different entities; no later run will merge them."""
    with _open(db) as ws:
        _report(ws.not_same(a, b, user))


@cli.command()
@click.argument("entity")
@db_option
@click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides.")
@friendly_errors
def split(entity: str, db: str, user: str | None) -> None:
    """Undo the merges of ENTITY: its stored members are kept apart from now on."""
    with _open(db) as ws:
        members = ws.split(entity, user)
    console.print(f"split into {len(members)} entities: {', '.join(members)}")


@cli.command("review-merges")
@db_option
@click.option("--limit", type=int, default=None, help="Ask about at most this many pairs.")
@click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides.")
@friendly_errors
def review_merges(db: str, limit: int | None, user: str | None) -> None:
    """Answer uncertain pairs one by one: y(es, same) / n(o) / u(nsure) / s(kip) / q(uit).

    Every answer is stored at once, so a session can stop anywhere and resume later.
    """
    with _open(db) as ws:
        pairs = ws.review_candidates(limit)
        if not pairs:
            console.print("nothing to review")
            return
        answered = 0
        joined: dict[str, str] = {}  # clusters answered "same" this session are one entity from then on

        def find(x: str) -> str:
            while joined.get(x, x) != x:
                x = joined[x]
            return x

        asked: set[frozenset[str]] = set()
        for n, pair in enumerate(pairs, start=1):
            ends = frozenset((find(pair["canonical_a"]), find(pair["canonical_b"])))
            if len(ends) < 2 or ends in asked:
                continue
            asked.add(ends)
            console.rule(f"{n}/{len(pairs)}  score {pair['score']:.2f}  {pair['type']}")
            for side in ("a", "b"):
                profile = ws.store.entity_profile(pair[side], limit=2)  # two mentions are shown
                aliases = ", ".join(x for x in profile["aliases"] if x != profile["name"])
                console.print(f"[bold]{escape(profile['name'])}[/bold]" + (f"  ({escape(aliases)})" if aliases else ""))
                for m in profile["mentions"][:2]:
                    console.print(f"    “{escape(' '.join(m['sentence'].split())[:160])}”")
            console.print(f"[dim]{escape(pair['explanation'])}[/dim]")
            choice = click.prompt("same?", type=click.Choice(["y", "n", "u", "s", "q"]), default="s", show_choices=True)
            if choice == "q":
                break
            if choice == "s":
                continue
            judgement = {"y": Judgement.POSITIVE, "n": Judgement.NEGATIVE, "u": Judgement.UNSURE}[choice]
            ws.answer(pair["a"], pair["b"], judgement, user)
            if judgement is Judgement.POSITIVE:
                joined[find(pair["canonical_a"])] = find(pair["canonical_b"])
            answered += 1
        if answered:
            _report(ws.resolve())


@cli.command("match-pairs")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output CSV (default: stdout).")
@click.option("--explain", is_flag=True, help="Add an 'explanation' column saying which features fired.")
@friendly_errors
def match_pairs_cmd(file, output, explain: bool) -> None:  # type: ignore[no-untyped-def]
    """Score name pairs from a CSV with columns name_a,name_b,type (PERSON, ORG or STATE_BODY).

    Writes the rows back with 'score' (0..1) and 'same' (1 or 0) added, using
    the scorer and threshold of resolution.

        threadline match-pairs pairs.csv -o scored.csv
    """
    reader = csv.DictReader(file)
    fields = list(reader.fieldnames or [])
    extra = ["score", "same"] + (["explanation"] if explain else [])
    writer = csv.DictWriter(output, fieldnames=fields + [f for f in extra if f not in fields], extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in match_pairs(reader):
        writer.writerow(row)
    if output is not sys.stdout:
        output.close()
