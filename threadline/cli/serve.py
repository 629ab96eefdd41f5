"""``threadline serve``: the web workbench for one investigation."""

from __future__ import annotations

import click

from threadline.cli import cli, db_option, friendly_errors
from threadline.cli.render import console


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (default: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@friendly_errors
def serve(db: str, host: str, port: int) -> None:
    """Open the web workbench: search, entity pages, documents, graph explorer, review queue, upload.

    It listens on 127.0.0.1 only unless --host says otherwise; there are no
    accounts, so do not expose it to a network you do not trust.

        threadline serve --db demo.db --port 8000
    """
    import uvicorn

    from threadline.web import create_app

    app = create_app(db)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning[/yellow]: listening on {host}; anyone who can reach it can read and change {db}")
    console.print(f"Threadline workbench for {db}: http://{'[' + host + ']' if ':' in host else host}:{port}/  (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
