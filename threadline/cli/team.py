"""Team mode administration: ``threadline user``, ``threadline investigation`` and ``threadline audit``.

Each is a thin call into :class:`threadline.team.Registry`. Changes made here
are audited too, under the name of whoever runs the command ($THREADLINE_USER).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.markup import escape

from threadline import config
from threadline.cli import cli, friendly_errors
from threadline.cli.render import console, errors, table

F = TypeVar("F", bound=Callable[..., Any])


def server_db_option(func: F) -> F:
    """The ``--server-db`` option of every team command (default from THREADLINE_SERVER_DB)."""
    return click.option(
        "--server-db", "server_db", envvar=config.SERVER_DB.env, default=config.SERVER_DB.default, show_default=True,
        help="Team registry: users, investigations, memberships, audit log (SQLite path or postgresql:// URL); "
             "env THREADLINE_SERVER_DB.",
    )(func)


def _registry(location: str) -> Any:
    from threadline.team import Registry

    return Registry(location)


def _audit(reg: Any, action: str, target: str, investigation: str | None = None, **detail: Any) -> None:
    reg.record(config.USER.value(), investigation, action, target=target, client="cli", detail={"via": "cli", **detail})


def _password(stdin: bool, confirm: bool = True) -> str:
    if stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm))


# -- users ----------------------------------------------------------------------------------


@cli.group()
def user() -> None:
    """Team mode accounts: add, remove, passwd, token, list.

        threadline user add ana --server-db server.db
        threadline user token ana --server-db server.db
    """


@user.command("add")
@click.argument("name")
@server_db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@friendly_errors
def user_add(name: str, server_db: str, password_stdin: bool) -> None:
    """Create an account NAME; the password is asked twice (or read from standard input)."""
    with _registry(server_db) as reg:
        reg.add_user(name, _password(password_stdin))
        _audit(reg, "user.add", name)
    console.print(f"added user {escape(name)}; give them access with 'threadline investigation grant'")


@user.command("remove")
@click.argument("name")
@server_db_option
@friendly_errors
def user_remove(name: str, server_db: str) -> None:
    """Remove account NAME: its tokens and sessions stop working and its memberships go."""
    with _registry(server_db) as reg:
        reg.remove_user(name)
        _audit(reg, "user.remove", name)
    console.print(f"removed user {escape(name)}")


@user.command("passwd")
@click.argument("name")
@server_db_option
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of standard input.")
@click.option("--revoke-tokens", is_flag=True, help="Also revoke every API token of NAME (do this if the account may be compromised).")
@friendly_errors
def user_passwd(name: str, server_db: str, password_stdin: bool, revoke_tokens: bool) -> None:
    """Set a new password for NAME; their open sessions end, and with --revoke-tokens their API tokens."""
    with _registry(server_db) as reg:
        revoked = reg.set_password(name, _password(password_stdin), revoke_tokens=revoke_tokens)
        _audit(reg, "user.passwd", name, tokens_revoked=revoked)
    console.print(f"changed the password of {escape(name)}" + (f"; revoked {revoked} token(s)" if revoke_tokens else ""))


@user.command("token")
@click.argument("name")
@server_db_option
@click.option("--label", default=None, help="What the token is for (kept with it).")
@click.option("--days", default=None, type=click.FloatRange(min=0, min_open=True), help="The token stops working after this many days.")
@friendly_errors
def user_token(name: str, server_db: str, label: str | None, days: float | None) -> None:
    """Make a personal API token for NAME and print it, once: scripts send it as 'Authorization: Bearer TOKEN'."""
    with _registry(server_db) as reg:
        token = reg.new_token(name, label, days)
        _audit(reg, "user.token", name, label=label, days=days)
    click.echo(token)
    errors.print("this token is shown once; only its hash is kept. 'threadline user revoke-token' revokes it.")


@user.command("tokens")
@click.argument("name")
@server_db_option
@friendly_errors
def user_tokens(name: str, server_db: str) -> None:
    """List NAME's API tokens: id, label, when made, last used and when it expires (the tokens themselves are never shown)."""
    from threadline.team.audit import utc_iso

    with _registry(server_db) as reg:
        rows = reg.tokens(name)
    for r in rows:
        when = lambda t: utc_iso(t) if t else "-"  # noqa: E731
        console.print(f"{r['id']}  {escape(r['label'] or '-')}  made {when(r['created_at'])}  used {when(r['last_used'])}"
                      f"  expires {when(r['expires_at']) if r['expires_at'] else 'never'}")
    if not rows:
        console.print(f"{escape(name)} has no API tokens")


@user.command("revoke-token")
@click.argument("name")
@click.argument("token_id")
@server_db_option
@friendly_errors
def user_revoke_token(name: str, token_id: str, server_db: str) -> None:
    """Revoke one API token of NAME by the id 'threadline user tokens' lists."""
    with _registry(server_db) as reg:
        reg.revoke_token(name, token_id)
        _audit(reg, "user.revoke-token", name, token=token_id)
    console.print(f"revoked token {escape(token_id)} of {escape(name)}")


@user.command("list")
@server_db_option
@friendly_errors
def user_list(server_db: str) -> None:
    """List accounts and their memberships."""
    with _registry(server_db) as reg:
        rows = [[name, ", ".join(f"{m.investigation} ({m.role}{', sensitive' if m.sensitive else ''})"
                                 for m in reg.memberships(name)) or "-"] for name in reg.users()]
    table(None, ["user", "member of"], rows)


# -- investigations ------------------------------------------------------------------------------


@cli.group()
def investigation() -> None:
    """Team mode investigations and who may work on them: add, grant, revoke, list.

        threadline investigation add harbour --db harbour.db --server-db server.db
        threadline investigation grant harbour ana editor --sensitive --server-db server.db
    """


@investigation.command("add")
@click.argument("name")
@click.option("--db", "location", required=True, help="The investigation's store: a SQLite file path or a postgresql:// URL.")
@server_db_option
@friendly_errors
def investigation_add(name: str, location: str, server_db: str) -> None:
    """Register investigation NAME, stored at --db (created if missing)."""
    from threadline.api import Workspace
    from threadline.store import is_url

    if not is_url(location):
        location = str(Path(location).resolve())
    Workspace(location).close()  # create and migrate it now, so a bad location fails here
    with _registry(server_db) as reg:
        reg.add_investigation(name, location)
        _audit(reg, "investigation.add", name, investigation=name)
    console.print(f"added investigation {escape(name)}; grant access with 'threadline investigation grant {escape(name)} USER ROLE'")


@investigation.command("grant")
@click.argument("name")
@click.argument("user_name", metavar="USER")
@click.argument("role")
@click.option("--sensitive", is_flag=True, help="May see protected persons (otherwise they are redacted for this member).")
@server_db_option
@friendly_errors
def investigation_grant(name: str, user_name: str, role: str, sensitive: bool, server_db: str) -> None:
    """Give USER a ROLE (owner, editor, reviewer, viewer) in investigation NAME, or change it."""
    with _registry(server_db) as reg:
        member = reg.grant(name, user_name, role, sensitive)
        _audit(reg, "grant", user_name, investigation=name, role=role, sensitive=sensitive)
    console.print(f"{escape(user_name)} is {member.role} of {escape(name)}" + (" and sees protected persons" if sensitive else ""))


@investigation.command("revoke")
@click.argument("name")
@click.argument("user_name", metavar="USER")
@server_db_option
@friendly_errors
def investigation_revoke(name: str, user_name: str, server_db: str) -> None:
    """Take USER's membership of investigation NAME away."""
    with _registry(server_db) as reg:
        reg.revoke(name, user_name)
        _audit(reg, "revoke", user_name, investigation=name)
    console.print(f"{escape(user_name)} is no longer a member of {escape(name)}")


@investigation.command("list")
@server_db_option
@friendly_errors
def investigation_list(server_db: str) -> None:
    """List investigations, where they are stored, and their members."""
    from threadline.store import display_location

    with _registry(server_db) as reg:
        rows = [[i.name, display_location(i.location), ", ".join(f"{m.user} ({m.role}{', sensitive' if m.sensitive else ''})"
                                                for m in reg.members(i.name)) or "-"] for i in reg.investigations()]
    table(None, ["investigation", "store", "members"], rows)


# -- audit -----------------------------------------------------------------------------------


@cli.command()
@click.option("--investigation", "name", default=None, help="Only entries of this investigation (default: all, sign-ins too).")
@click.option("--csv", "csv_path", default=None, type=click.Path(dir_okay=False),
              help="Write the entries as CSV to this file ('-' for standard output).")
@click.option("--limit", default=None, type=click.IntRange(1), help="Only the newest N entries.")
@server_db_option
@friendly_errors
def audit(name: str | None, csv_path: str | None, limit: int | None, server_db: str) -> None:
    """Show the team audit log, newest first: sign-ins, uploads, review decisions, merges, exports, grants.

        threadline audit --investigation harbour --csv harbour-audit.csv
    """
    from threadline.team.audit import to_csv

    with _registry(server_db) as reg:
        if name is not None:
            reg.investigation(name)
        entries = reg.audit(name, limit)
    if csv_path:
        text = to_csv(entries)
        if csv_path == "-":
            sys.stdout.write(text)
        else:
            Path(csv_path).write_text(text, "utf-8")
            console.print(f"wrote {len(entries)} audit entries to {escape(csv_path)}")
        return
    table(None, ["id", "time", "user", "investigation", "action", "target", "client", "protected"],
          [[e.id, e.time, e.user, e.investigation, e.action, e.target, e.client, "yes" if e.protected else ""] for e in entries])
