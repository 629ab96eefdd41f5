"""Corrections: entity (rename, retype, country, alias, reject, add), claim and relation (add, edit), history, retract.

Each is stored as a decision with who and when, replayed on every later run, and
retractable with 'threadline retract ID' (ids are in 'threadline history NAME').
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.markup import escape

from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.query import _open
from threadline.cli.render import console, print_json
from threadline.errors import InputError
from threadline.model import SCHEMA

user_option = click.option("--user", envvar="THREADLINE_USER", default=None, help="Who decides (default: $THREADLINE_USER or $USER).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def _span(value: str) -> tuple[int, int]:
    try:
        start, end = (int(x) for x in value.split(":"))
    except ValueError:
        raise InputError(f"--span must be START:END in characters, such as 120:141, not {value!r}") from None
    return start, end


def _entity_done(profile: dict[str, Any], what: str, as_json: bool) -> None:
    if as_json:
        print_json(profile)
        return
    state = "  [red]rejected[/red]" if profile.get("rejected") else ""
    console.print(f"{what}: [bold]{escape(profile['name'])}[/bold]  {profile['type']}"
                  + (f"  {profile['country']}" if profile.get("country") else "") + f"  ({profile['id']}){state}")


def _fact_done(fact: dict[str, Any], what: str, as_json: bool) -> None:
    if as_json:
        print_json(fact)
        return
    console.print(f"{what}: {fact['kind']} {fact['id']} ({fact['status']})  “{escape(' '.join(fact['sentence'].split())[:160])}”")
    if fact.get("machine"):
        console.print(f"  [dim]the machine said: {escape(json.dumps(fact['machine'], ensure_ascii=False))}[/dim]")


@cli.group()
def entity() -> None:
    """Correct entities: rename, retype, country, alias, reject, or add one from a span of a document."""


@entity.command("rename")
@click.argument("name")
@click.argument("new_name")
@db_option
@user_option
@json_option
@friendly_errors
def entity_rename(name: str, new_name: str, db: str, user: str | None, as_json: bool) -> None:
    """Call entity NAME by NEW_NAME (one of its aliases, or a new name, which becomes an alias too)."""
    with _open(db) as ws:
        _entity_done(ws.rename(name, new_name, user), "renamed", as_json)


@entity.command("retype")
@click.argument("name")
@click.argument("type_", metavar="TYPE", type=click.Choice(list(SCHEMA.entity_types), case_sensitive=False))
@db_option
@user_option
@json_option
@friendly_errors
def entity_retype(name: str, type_: str, db: str, user: str | None, as_json: bool) -> None:
    """Make entity NAME a TYPE (PERSON, ORG, STATE_BODY, ...)."""
    with _open(db) as ws:
        _entity_done(ws.retype(name, type_, user), "retyped", as_json)


@entity.command("country")
@click.argument("name")
@click.argument("country", required=False)
@click.option("--clear", is_flag=True, help="Clear the country instead.")
@db_option
@user_option
@json_option
@friendly_errors
def entity_country(name: str, country: str | None, clear: bool, db: str, user: str | None, as_json: bool) -> None:
    """Set the COUNTRY of entity NAME (ISO code such as CN, or a country name), or clear it with --clear."""
    if bool(country) == clear:
        raise InputError("give a COUNTRY or --clear (not both)")
    with _open(db) as ws:
        _entity_done(ws.set_country(name, None if clear else country, user), "country set", as_json)


@entity.command("alias")
@click.argument("name")
@click.argument("alias")
@db_option
@user_option
@json_option
@friendly_errors
def entity_alias(name: str, alias: str, db: str, user: str | None, as_json: bool) -> None:
    """Record ALIAS as another name of entity NAME."""
    with _open(db) as ws:
        _entity_done(ws.add_alias(name, alias, user), "alias added", as_json)


@entity.command("reject")
@click.argument("name")
@click.option("--reason", default=None, help="Why it is spurious (kept with the decision).")
@db_option
@user_option
@json_option
@friendly_errors
def entity_reject(name: str, reason: str | None, db: str, user: str | None, as_json: bool) -> None:
    """Reject a spurious entity: it, its mentions and the facts resting on it leave every analysis and export."""
    with _open(db) as ws:
        _entity_done(ws.reject_entity(name, user, reason), "rejected", as_json)


@entity.command("add")
@click.argument("doc")
@click.option("--span", "span", required=True, help="START:END character offsets of the name in the document's text.")
@click.option("--type", "type_", required=True, type=click.Choice(list(SCHEMA.entity_types), case_sensitive=False))
@click.option("--name", default=None, help="The entity's name, if not the span's text.")
@click.option("--country", default=None, help="ISO code or country name.")
@db_option
@user_option
@json_option
@friendly_errors
def entity_add(doc: str, span: str, type_: str, name: str | None, country: str | None, db: str, user: str | None,
               as_json: bool) -> None:
    """Mark a span of document DOC (an id, see 'threadline search') as a mention of an entity.

        threadline entity add doc-3f2a… --span 120:141 --type STATE_BODY
    """
    start, end = _span(span)
    with _open(db) as ws:
        _entity_done(ws.add_entity(doc, start, end, type_, name, country, user), "marked", as_json)


@cli.group()
def claim() -> None:
    """Correct claims: add one by hand from a sentence, or edit one the machine made."""


@claim.command("add")
@click.argument("doc")
@click.option("--span", required=True, help="START:END of the claim's words; the sentence around them is its evidence.")
@click.option("--stance", required=True, type=click.Choice(list(SCHEMA.stances)))
@click.option("--claimant", default=None, help="Who claims it (name or id); none: the document's own voice.")
@click.option("--about", multiple=True, help="An entity it is about (repeatable).")
@click.option("--text", default=None, help="The claim in words, if not the span's text.")
@db_option
@user_option
@json_option
@friendly_errors
def claim_add(doc: str, span: str, stance: str, claimant: str | None, about: tuple[str, ...], text: str | None, db: str,
              user: str | None, as_json: bool) -> None:
    """Add a claim by hand from a sentence of document DOC."""
    start, end = _span(span)
    with _open(db) as ws:
        _fact_done(ws.add_claim(doc, start, end, stance, claimant, about, text, user), "added", as_json)


@claim.command("edit")
@click.argument("claim_id")
@click.option("--claimant", default=None, help="The right claimant (name or id).")
@click.option("--stance", default=None, type=click.Choice(list(SCHEMA.stances)))
@click.option("--about", multiple=True, help="An entity it is about (repeatable; replaces the list).")
@click.option("--text", default=None, help="The claim in better words.")
@db_option
@user_option
@json_option
@friendly_errors
def claim_edit(claim_id: str, claimant: str | None, stance: str | None, about: tuple[str, ...], text: str | None, db: str,
               user: str | None, as_json: bool) -> None:
    """Correct a claim's claimant, stance, entities it is about, or text; the machine's values are kept beside."""
    changes = {"claimant": claimant, "stance": stance, "about": list(about) or None, "text": text}
    with _open(db) as ws:
        _fact_done(ws.review(claim_id, "edit", changes, user), "edited", as_json)


@cli.group()
def relation() -> None:
    """Correct relations: add one by hand from a sentence, or edit one the machine made."""


@relation.command("add")
@click.argument("doc")
@click.argument("subject")
@click.argument("predicate", type=click.Choice(list(SCHEMA.predicates)))
@click.argument("object_", metavar="OBJECT")
@click.option("--span", required=True, help="START:END of words in the sentence that states it.")
@db_option
@user_option
@json_option
@friendly_errors
def relation_add(doc: str, subject: str, predicate: str, object_: str, span: str, db: str, user: str | None,
                 as_json: bool) -> None:
    """Add a relation SUBJECT PREDICATE OBJECT by hand from a sentence of document DOC."""
    start, end = _span(span)
    with _open(db) as ws:
        _fact_done(ws.add_relation(doc, start, end, subject, predicate, object_, user), "added", as_json)


@relation.command("edit")
@click.argument("relation_id")
@click.option("--predicate", default=None, type=click.Choice(list(SCHEMA.predicates)))
@click.option("--subject", default=None, help="The right subject (name or id).")
@click.option("--object", "object_", default=None, help="The right object (name or id).")
@db_option
@user_option
@json_option
@friendly_errors
def relation_edit(relation_id: str, predicate: str | None, subject: str | None, object_: str | None, db: str,
                  user: str | None, as_json: bool) -> None:
    """Correct a relation's predicate or ends; the machine's values are kept beside."""
    with _open(db) as ws:
        _fact_done(ws.review(relation_id, "edit", {"predicate": predicate, "subject": subject, "object": object_}, user),
                   "edited", as_json)


@cli.command()
@click.argument("name")
@db_option
@json_option
@friendly_errors
def history(name: str, db: str, as_json: bool) -> None:
    """Every decision on an entity and its facts, oldest first, with its id (for 'threadline retract')."""
    with _open(db) as ws:
        rows = ws.history(name)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no decisions yet")
    for d in rows:
        value = {k: v for k, v in (d["value"] or {}).items() if k not in ("sentence", "members")}
        gone = f"  [dim](retracted {d['deleted_at']})[/dim]" if d["deleted_at"] else ""
        console.print(f"{d['id']:>5}  {d['created_at']}  {escape(d['user'])}  [bold]{d['action']}[/bold]  {d['target']}"
                      f"  {escape(json.dumps(value, ensure_ascii=False))}{gone}")


@cli.command()
@click.argument("decision_id", type=int)
@db_option
@user_option
@json_option
@friendly_errors
def retract(decision_id: int, db: str, user: str | None, as_json: bool) -> None:
    """Withdraw decision DECISION_ID: it stays on record as retracted and no longer applies."""
    with _open(db) as ws:
        done = ws.retract(decision_id, user)
    if as_json:
        print_json(done)
    else:
        console.print(f"retracted decision {done['id']} ({done['action']} on {done['target']})")
