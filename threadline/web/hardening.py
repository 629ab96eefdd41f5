"""ASGI middleware that every response passes through, in both modes:

- :class:`SecurityHeaders`: CSP, nosniff, no framing, no referrer, no caching of /api;
  an unexpected error becomes a JSON 500 with no traceback.
- :class:`BodyLimit`: a request body over the limit is refused with a JSON 413
  before the app reads it (uploads have a larger limit).
- :class:`RedactResponses`: team mode, members without ``sensitive``: protected
  persons' names, aliases and ids are replaced in every JSON or text response.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.concurrency import run_in_threadpool

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("threadline.web")
MiB = 1024 * 1024
MAX_BODY = 1 * MiB
MAX_UPLOAD = 200 * MiB  # one upload request, all files together (each file is capped at ingest's 20 MiB too)
# The UI's policy. Cytoscape adds one <style> element (its container class), allowed by its hash.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# The API docs page (web.docs): the vendored Swagger UI and a script file, nothing from another origin.
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATH = "/api/docs"


def _json(status: int, body: dict[str, Any], extra: list[tuple[bytes, bytes]] | None = None) -> tuple[Message, Message]:
    """An error answered before or around the app, as problem details like every other error (web.conventions)."""
    from threadline.web.conventions import PROBLEM_TYPE, problem

    data = json.dumps(problem(status, body["error"])).encode("utf-8")
    headers = [(b"content-type", PROBLEM_TYPE.encode()), (b"content-length", str(len(data)).encode()), *(extra or [])]
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": data, "more_body": False})


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _SET]
                headers += _headers(path, scope.get("scheme") == "https", message.get("headers", []))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), path)
            if started:
                raise
            for message in _json(500, {"error": "internal error; the server log has the details"}):
                await with_headers(message)


_SET = {b"content-security-policy", b"x-content-type-options", b"x-frame-options", b"referrer-policy",
        b"cross-origin-opener-policy", b"strict-transport-security"}


def _headers(path: str, https: bool, existing: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    csp = DOCS_CSP if path.startswith(DOCS_PATH) else CSP
    out = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-opener-policy", b"same-origin")]
    if https:
        out.append((b"strict-transport-security", b"max-age=31536000"))
    if path.startswith("/api") and not any(k.lower() == b"cache-control" for k, _ in existing):
        out.append((b"cache-control", b"no-store"))
    return out


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (``upload_limit`` for POST .../uploads) with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY, upload_limit: int = MAX_UPLOAD):
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope.get("method") == "POST" and scope.get("path", "").rstrip("/").endswith("/uploads")
        limit = self.upload_limit if upload else self.limit
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send(send, *_json(400, {"error": "invalid Content-Length"}))
                return
            if int(declared) > limit:
                await _refuse(send, limit)
                return
            await self.app(scope, _counted(receive, limit), send)
            return
        # No length given (chunked): read the body here, up to the limit, then hand it on.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > limit:
                await _refuse(send, limit)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _counted(receive: Receive, limit: int) -> Receive:
    """A client that sends more than it declared gets cut off at the limit (uvicorn enforces the declared length)."""
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                return {"type": "http.disconnect"}
        return message

    return counted


async def _refuse(send: Send, limit: int) -> None:
    await _send(send, *_json(413, {"error": f"request body too large (limit {limit // MiB} MiB)"},
                             [(b"connection", b"close")]))


async def _send(send: Send, *messages: Message) -> None:
    for message in messages:
        await send(message)


class RedactResponses:
    """Team mode: redact the whole response for members without ``sensitive``.

    ``investigation_access`` marks such a request (``request.state.redact``,
    the investigation's WebState). The redactor is taken after the route has
    run, so a request that protected someone already has them redacted. Files
    written from the redacted snapshot (exports, reports) pass unchanged.
    """

    TEXT = ("application/json", "application/problem+json", "text/")

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def redacting(message: Message) -> None:
            nonlocal start, passing
            if message["type"] == "http.response.start":
                state = scope.get("state") or {}
                kind = dict(message.get("headers", [])).get(b"content-type", b"").decode("latin-1")
                if state.get("redact") is None or state.get("snapshot_output") or not kind.startswith(self.TEXT):
                    passing = True
                    await send(message)
                else:
                    start = message
                return
            if passing or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            assert start is not None
            body = await run_in_threadpool(_redact, scope["state"]["redact"], b"".join(chunks), kind_of(start))
            start["headers"] = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            start["headers"].append((b"content-length", str(len(body)).encode()))
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, redacting)


def kind_of(start: Message) -> str:
    return str(dict(start.get("headers", [])).get(b"content-type", b"").decode("latin-1"))


def _redact(web: Any, body: bytes, kind: str) -> bytes:
    redactor = web.redactor()
    if not redactor.active:
        return body
    text = body.decode("utf-8", errors="replace")
    if kind.startswith(("application/json", "application/problem+json")):
        try:
            data = json.loads(text)
        except ValueError:
            return redactor.text(text).encode("utf-8")  # type: ignore[union-attr]
        data = without_records_of(data, redactor.protection.hidden())
        return json.dumps(redactor.value(data), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return (redactor.text(text) or "").encode("utf-8")


REFERENCES = ("id", "entity_id", "claimant_id", "subject_id", "object_id")


def without_records_of(data: Any, hidden: set[str]) -> Any:
    """A JSON value with every record (an object in a list) about a protected person left out: no row, no node, no trace."""
    if isinstance(data, list):
        return [without_records_of(v, hidden) for v in data
                if not (isinstance(v, dict) and any(v.get(k) in hidden for k in REFERENCES if isinstance(v.get(k), str)))]
    if isinstance(data, dict):
        return {k: without_records_of(v, hidden) for k, v in data.items()}
    return data
