"""One router per part of the workbench; each handler is a thin call into threadline.api.

Every route declares the permission it needs (``dependencies=[needs("read")]``,
see web/access.py); the app refuses to start if one does not.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request

from threadline.api import Workspace
from threadline.web.state import WebState

ID = r"^[A-Za-z0-9_.:-]+$"
"""Document, fact and job ids in paths."""


def state(request: Request) -> WebState:
    """The investigation's state: the app's one store in local mode, the request's investigation in team mode."""
    web = getattr(request.state, "web", None)
    return web if web is not None else request.app.state.web  # type: ignore[no-any-return]


def workspace(request: Request) -> Iterator[Workspace]:
    """A Workspace for the length of one request."""
    with state(request).workspace() as ws:
        yield ws
