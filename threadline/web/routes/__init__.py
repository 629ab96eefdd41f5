"""One router per part of the workbench; each handler is a thin call into threadline.api."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request

from threadline.api import Workspace
from threadline.web.state import WebState


def state(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


def workspace(request: Request) -> Iterator[Workspace]:
    """A Workspace for the length of one request."""
    with state(request).workspace() as ws:
        yield ws
