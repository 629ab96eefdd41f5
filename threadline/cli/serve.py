"""``threadline serve``: the web workbench for one investigation, or for a team with --team."""

from __future__ import annotations

from typing import TypedDict

import click

from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.render import console
from threadline.cli.team import server_db_option
from threadline.store import display_location


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (default: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--team", is_flag=True, help="Team mode: accounts, roles and an audit log from --server-db; --db is not used.")
@server_db_option
@click.option("--upload-dir", default=None, type=click.Path(file_okay=False),
              help="Team mode: keep uploads under this folder (default: beside each SQLite store).")
@click.option("--forwarded-allow-ips", default=None, metavar="IPS",
              help="Comma-separated addresses of your reverse proxies; only their X-Forwarded-For/-Proto are believed "
                   "(default: none, so no client can forge its address).")
@friendly_errors
def serve(db: str, host: str, port: int, team: bool, server_db: str, upload_dir: str | None,
          forwarded_allow_ips: str | None) -> None:
    """Open the web workbench: search, entity pages, documents, graph explorer, review queue, upload.

    Without --team it serves the one store --db, with no accounts, on
    127.0.0.1 only unless --host says otherwise: do not expose it to a
    network you do not trust.

    With --team it serves every investigation of the registry --server-db to
    its members, who sign in (set them up with 'threadline user' and
    'threadline investigation'). Put it behind a TLS proxy for any network.

        threadline serve --db demo.db --port 8000
        threadline serve --team --server-db server.db --host 0.0.0.0
    """
    import uvicorn

    from threadline.web import create_app

    if team:
        from threadline.team import Registry

        registry = Registry(server_db)
        app = create_app(team=registry, upload_dir=upload_dir)
        count = len(registry.investigations())
        console.print(f"Threadline team server for {count} investigation(s) in {display_location(server_db)}: "
                      f"http://{'[' + host + ']' if ':' in host else host}:{port}/  (Ctrl-C stops)")
        if not count:
            console.print("[yellow]warning[/yellow]: no investigations yet; add one with 'threadline investigation add'")
    else:
        app = create_app(db)
        if host not in ("127.0.0.1", "localhost", "::1"):
            console.print(f"[yellow]warning[/yellow]: listening on {host}; anyone who can reach it can read and change {display_location(db)}")
        console.print(f"Threadline workbench for {display_location(db)}: http://{'[' + host + ']' if ':' in host else host}:{port}/  (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", **proxy_options(forwarded_allow_ips))


class ProxyOptions(TypedDict):
    """The keyword arguments of uvicorn.run that decide whose forwarded headers are believed."""

    proxy_headers: bool
    forwarded_allow_ips: list[str] | None


def proxy_options(forwarded_allow_ips: str | None) -> ProxyOptions:
    """uvicorn's proxy settings: forwarded headers only from the proxies named, none at all by default.

    uvicorn on its own believes X-Forwarded-For from any local peer, so anyone
    on the machine could forge the address the login limit and audit log use.
    """
    trusted = [ip.strip() for ip in (forwarded_allow_ips or "").split(",") if ip.strip()]
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None}
