"""Forwarded headers are believed only from the proxies the operator names (--forwarded-allow-ips):
by default a local peer cannot forge its address, so the login lock-out and the audit log see the real one."""

from __future__ import annotations

import asyncio

import pytest
import uvicorn
from click.testing import CliRunner

from threadline.cli.serve import proxy_options


def seen_client(options: dict, peer: str, forwarded: str) -> str:
    """The client address an app behind uvicorn's configured middleware sees."""
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"][0]

    config = uvicorn.Config(app, **options)
    config.load()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "", "client": (peer, 5000),
             "server": ("127.0.0.1", 8000), "headers": [(b"x-forwarded-for", forwarded.encode())]}
    asyncio.run(config.loaded_app(scope, None, None))
    return seen["client"]


def test_by_default_no_peer_is_believed():
    assert seen_client(proxy_options(None), "127.0.0.1", "203.0.113.9") == "127.0.0.1"
    assert seen_client(proxy_options(""), "::1", "203.0.113.9") == "::1"


@pytest.mark.parametrize("peer, believed", [("10.0.0.5", True), ("127.0.0.1", False), ("10.0.0.6", False)])
def test_only_named_proxies_are_believed(peer, believed):
    client = seen_client(proxy_options("10.0.0.5"), peer, "203.0.113.9")
    assert client == ("203.0.113.9" if believed else peer)


def test_serve_takes_the_option():
    from threadline.cli import cli

    reply = CliRunner().invoke(cli, ["serve", "--help"])
    assert "--forwarded-allow-ips" in reply.output
