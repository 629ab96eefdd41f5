"""Downloading documents: ``threadline fetch URL``.

Only http and https; a polite User-Agent; connect and total timeouts; a
size cap enforced while streaming; few redirects. The bytes then go through
the same readers as files, chosen by sniffing, content type and URL suffix.
Every failure is one InputError for that URL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from threadline import __version__
from threadline.errors import InputError
from threadline.ingest.document import one_line
from threadline.ingest.limits import DEFAULT_LIMITS, Limits
from threadline.ingest.registry import read_source
from threadline.ingest.source import Context, Items, Source

USER_AGENT = f"Threadline/{__version__} (+local investigation workbench)"
SCHEMES = ("http", "https")
RETRY_STATUSES = (429, 503)  # too many requests, service unavailable: both say "come back later"
MAX_RETRY_WAIT = 30.0  # a Retry-After beyond this is cut to it


class _Retryable(InputError):
    """A failure worth one more try (refused connection, 429, 503), with how long the server asked us to wait."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class Download:
    data: bytes
    url: str  # after redirects
    content_type: str | None
    charset: str | None


def fetch_documents(url: str, limits: Limits | None = None, client: Any = None) -> Items:
    """Every document at a URL, as (location, Document | InputError); the location is the URL as given."""
    limits = limits or DEFAULT_LIMITS
    try:
        got = download(url, limits, client)
    except InputError as exc:
        yield url, exc
        return
    name = PurePosixPath(urlsplit(got.url).path).name
    source = Source(got.data, url, name, got.content_type, got.charset, got.url)
    yield from read_source(source, Context(limits))


def make_client(limits: Limits) -> Any:
    """An httpx client with Threadline's timeouts, redirect limit and User-Agent."""
    import httpx

    timeout = httpx.Timeout(limits.fetch_seconds, connect=limits.connect_timeout)
    return httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=limits.max_redirects,
                        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})


def download(url: str, limits: Limits, client: Any = None, sleep: Any = time.sleep) -> Download:
    """The body at ``url``, or InputError: bad scheme, HTTP error, timeout, too large, too many redirects.

    A refused or dropped connection, HTTP 429 and HTTP 503 are tried again
    ``limits.fetch_retries`` times, after ``limits.fetch_backoff`` seconds
    (doubled each time) or the server's Retry-After, whichever it gives.
    """
    check_url(url)
    own = client is None
    client = client or make_client(limits)
    try:
        for attempt in range(limits.fetch_retries + 1):
            try:
                return _download_once(url, limits, client)
            except _Retryable as exc:
                if attempt >= limits.fetch_retries:
                    tries = attempt + 1
                    raise InputError(f"{exc} (after {tries} tries)" if tries > 1 else str(exc)) from None
                wait = exc.wait if exc.wait is not None else limits.fetch_backoff * 2 ** attempt
                sleep(min(max(wait, 0.0), MAX_RETRY_WAIT))
        raise AssertionError("unreachable")  # the loop returns or raises
    finally:
        if own:
            client.close()


def _download_once(url: str, limits: Limits, client: Any) -> Download:
    import httpx

    try:
        with client.stream("GET", url) as response:
            if response.status_code in RETRY_STATUSES:
                raise _Retryable(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                                 _retry_after(response.headers.get("retry-after")))
            return _read(response, limits, time.monotonic() + limits.fetch_seconds)
    except httpx.TooManyRedirects:
        raise InputError(f"too many redirects (limit {limits.max_redirects})") from None
    except httpx.ConnectTimeout:
        raise InputError(f"connection timed out after {limits.connect_timeout:g} s") from None
    except httpx.TimeoutException:
        raise InputError(f"timed out after {limits.fetch_seconds:g} s") from None
    except httpx.UnsupportedProtocol as exc:
        raise InputError(f"redirected to an unsupported URL ({one_line(exc)})") from None
    except httpx.ConnectError as exc:
        raise _Retryable(f"cannot connect: {one_line(exc)}") from None
    except (httpx.RemoteProtocolError, httpx.ReadError) as exc:  # the server hung up mid-answer
        raise _Retryable(f"connection lost: {one_line(exc)}") from None
    except httpx.HTTPError as exc:
        raise InputError(f"download failed: {one_line(exc)}") from None


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    import datetime as dt

    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def check_url(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(f"unsupported URL scheme {parts.scheme or '(none)'!r}; only http and https")
    if not parts.hostname:
        raise InputError("not a URL (no host)")


def _read(response: Any, limits: Limits, deadline: float) -> Download:
    if response.status_code >= 400:
        raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    cap = limits.max_file_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise InputError(f"too large ({declared} bytes; limit {cap})")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > cap:
            raise InputError(f"too large (over {cap} bytes)")
        if time.monotonic() > deadline:
            raise InputError(f"timed out after {limits.fetch_seconds:g} s")
    if not body:
        raise InputError(f"empty response (HTTP {response.status_code})")
    ctype = response.headers.get("content-type", "")
    mime = ctype.split(";")[0].strip().lower() or None
    charset = response.charset_encoding if ctype else None
    return Download(bytes(body), str(response.url), mime, charset)
