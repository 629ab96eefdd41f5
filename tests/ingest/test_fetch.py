"""``threadline fetch``: downloads from a server the test starts on 127.0.0.1; no real network."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_samples import PAGE_ONE, PAGE_TWO, RSS, make_pdf

from threadline.errors import InputError
from threadline.ingest import Limits
from threadline.ingest.fetch import USER_AGENT, fetch_documents
from threadline.model import Document

ARTICLE = ("<!doctype html><html lang='en'><head><title>Association opens office</title>"
           "<meta property='og:site_name' content='Harbour Gazette'></head><body>"
           "<p>Embassy denies running an office in Lisbon.</p>"
           "<p>The human rights group Safeguard Defenders alleged on 4 March 2023 that an office in Lisbon was run "
           "by police from Qingtian. The Chinese embassy in Lisbon denied the claim.</p></body></html>")
PDF = make_pdf([PAGE_ONE, PAGE_TWO])
SEEN_AGENTS: list[str] = []
HITS: dict[str, list[float]] = {}  # path -> when each request for it came (the retry tests read the gaps)


class Handler(BaseHTTPRequestHandler):
    """Routes for each case; paths without a suffix so only content types and sniffing can tell."""

    ROUTES: dict[str, tuple[int, str, bytes]] = {
        "/article": (200, "text/html; charset=utf-8", ARTICLE.encode()),
        "/report": (200, "application/pdf", PDF),
        "/download": (200, "application/octet-stream", PDF),
        "/feed": (200, "application/rss+xml", RSS.encode()),
        "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        "/data": (200, "application/json", b'{"office": "Lisbon"}'),
        "/big": (200, "text/plain", b"x" * 5000),
        "/empty": (200, "text/plain", b""),
    }

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        seen = HITS.setdefault(self.path, [])
        seen.append(time.monotonic())
        if self.path.startswith(("/busy-once", "/limited-once", "/dropped-once")) and len(seen) == 1:
            if self.path.startswith("/dropped-once"):  # hang up without a word
                self.close_connection = True
                return
            busy = self.path.startswith("/busy-once")
            self.send_response(503 if busy else 429)
            if not busy:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith(("/busy-once", "/limited-once", "/dropped-once")):
            body = ARTICLE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/always-busy"):
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in self.ROUTES:
            status, ctype, body = self.ROUTES[self.path]
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/moved":
            self._redirect("/article")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/file.txt")
        elif self.path == "/stream":  # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 100)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/drip":  # answers at once, then trickles: only the total deadline stops it
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30):
                try:
                    self.wfile.write(b"z")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
        else:
            self.send_error(404, "Not Found")

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up on a too-large or too-slow answer is the point of those tests


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetched(url: str, limits: Limits | None = None) -> list[tuple[str, Document | InputError]]:
    return list(fetch_documents(url, limits))


def only_error(url: str, limits: Limits | None = None) -> str:
    [(location, item)] = fetched(url, limits)
    assert location == url and isinstance(item, InputError), item
    return str(item)


# -- what is read --------------------------------------------------------------------------------


def test_html_page(site: str) -> None:
    [(location, doc)] = fetched(f"{site}/article")
    assert isinstance(doc, Document) and location == f"{site}/article"
    assert doc.url == f"{site}/article" and doc.path is None
    assert doc.publisher == "Harbour Gazette"
    assert "Safeguard Defenders alleged on 4 March 2023" in doc.text


def test_pdf_by_content_type_and_by_sniffing(site: str) -> None:
    for path in ("/report", "/download"):
        [(_, doc)] = fetched(site + path)
        assert isinstance(doc, Document) and len(doc.meta["pages"]) == 2 and doc.url == site + path


def test_feed_entries_get_their_own_urls(site: str) -> None:
    items = fetched(f"{site}/feed")
    assert [location for location, _ in items] == [f"{site}/feed#entry-{n}" for n in (1, 2, 3)]
    first = items[0][1]
    assert isinstance(first, Document) and first.url == "https://gazette.example/office" and first.path is None


def test_redirect_is_followed_and_the_final_url_kept(site: str) -> None:
    [(location, doc)] = fetched(f"{site}/moved")
    assert location == f"{site}/moved" and isinstance(doc, Document) and doc.url == f"{site}/article"


def test_polite_user_agent(site: str) -> None:
    SEEN_AGENTS.clear()
    fetched(f"{site}/article")
    assert SEEN_AGENTS == [USER_AGENT]
    assert USER_AGENT.startswith("Threadline/") and USER_AGENT.endswith("(+local investigation workbench)")


# -- what fails, one line each ---------------------------------------------------------------------


def test_http_error(site: str) -> None:
    assert only_error(f"{site}/nowhere") == "HTTP 404 Not Found"


def test_not_a_document(site: str) -> None:
    assert only_error(f"{site}/image") == "image (PNG), not a document"
    assert only_error(f"{site}/data") == "not a document (content type application/json)"


def test_too_large_by_header_and_while_streaming(site: str) -> None:
    small = Limits(max_file_bytes=1000)
    assert only_error(f"{site}/big", small) == "too large (5000 bytes; limit 1000)"
    assert only_error(f"{site}/stream", small) == "too large (over 1000 bytes)"


def test_timeouts(site: str) -> None:
    quick = Limits(fetch_seconds=0.5)
    assert only_error(f"{site}/slow", quick) == "timed out after 0.5 s"
    started = time.monotonic()
    assert only_error(f"{site}/drip", quick) == "timed out after 0.5 s"
    assert time.monotonic() - started < 2.0


def test_redirect_limits(site: str) -> None:
    assert only_error(f"{site}/loop") == "too many redirects (limit 5)"
    assert only_error(f"{site}/to-ftp").startswith("redirected to an unsupported URL")


def test_only_http_and_https() -> None:
    assert only_error("ftp://example.org/report.pdf") == "unsupported URL scheme 'ftp'; only http and https"
    assert only_error("file:///etc/passwd") == "unsupported URL scheme 'file'; only http and https"
    assert only_error("example.org/report") == "unsupported URL scheme '(none)'; only http and https"


def test_refused_connection() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert only_error(f"http://127.0.0.1:{port}/", QUICK).startswith("cannot connect: ")


# -- retries ---------------------------------------------------------------------------------------

QUICK = Limits(fetch_backoff=0.2)


def gaps(path: str) -> list[float]:
    times = HITS.get(path, [])
    return [b - a for a, b in zip(times, times[1:])]


@pytest.mark.parametrize("path", ["/busy-once", "/dropped-once"])
def test_503_and_a_dropped_connection_are_tried_once_more_after_a_pause(site: str, path: str) -> None:
    [(_, doc)] = fetched(f"{site}{path}", QUICK)
    assert isinstance(doc, Document) and "Safeguard Defenders" in doc.text
    assert len(HITS[path]) == 2 and gaps(path)[0] >= 0.2  # one retry, after the back-off


def test_429_waits_as_long_as_retry_after_asks(site: str) -> None:
    [(_, doc)] = fetched(f"{site}/limited-once", QUICK)
    assert isinstance(doc, Document)
    assert len(HITS["/limited-once"]) == 2 and gaps("/limited-once")[0] >= 1.0


def test_a_server_still_busy_after_the_retry_is_one_error(site: str) -> None:
    assert only_error(f"{site}/always-busy", QUICK) == "HTTP 503 Service Unavailable (after 2 tries)"
    assert len(HITS["/always-busy"]) == 2
    assert only_error(f"{site}/always-busy-2", Limits(fetch_retries=0)) == "HTTP 503 Service Unavailable"
    assert len(HITS["/always-busy-2"]) == 1


def test_other_errors_are_not_retried(site: str) -> None:
    assert only_error(f"{site}/missing-page", QUICK) == "HTTP 404 Not Found"
    assert len(HITS["/missing-page"]) == 1


def test_refused_connection_is_retried_with_back_off() -> None:
    import socket

    from threadline.ingest.fetch import download

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    waits: list[float] = []
    with pytest.raises(InputError, match=r"^cannot connect: .*\(after 2 tries\)$"):
        download(f"http://127.0.0.1:{port}/", Limits(fetch_backoff=1.5), sleep=waits.append)
    assert waits == [1.5]
    waits.clear()
    with pytest.raises(InputError):
        download(f"http://127.0.0.1:{port}/", Limits(fetch_retries=2, fetch_backoff=1.0), sleep=waits.append)
    assert waits == [1.0, 2.0]  # doubled each time


def test_empty_response(site: str) -> None:
    assert only_error(f"{site}/empty") == "empty response (HTTP 200)"


# -- the command -----------------------------------------------------------------------------------


@pytest.mark.model
def test_fetch_command_stores_good_urls_and_lists_bad_ones(site: str, tmp_path: Path) -> None:
    from threadline.cli import cli

    listing = tmp_path / "urls.txt"
    listing.write_text(f"# reading list\n{site}/report\n\n{site}/image\n", "utf-8")
    db = tmp_path / "inv.db"
    result = CliRunner().invoke(cli, ["fetch", f"{site}/article", f"{site}/nowhere", "--from-file", str(listing),
                                      "--db", str(db), "--quiet", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert sorted(line for line in result.stderr.splitlines() if line.startswith("error ")) == [
        f"error {site}/image: image (PNG), not a document",
        f"error {site}/nowhere: HTTP 404 Not Found",
    ]
    stats = json.loads(CliRunner().invoke(cli, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["documents"] == 2

    from threadline.api import Workspace

    with Workspace(db) as ws:
        urls = sorted(row["url"] for row in ws.store.snapshot_rows()["documents"])
        assert urls == [f"{site}/article", f"{site}/report"]
        again = ws.fetch([f"{site}/article"])
        assert again.unchanged == [f"{site}/article"] and not again.added and again.ok


def test_fetch_needs_urls() -> None:
    from threadline.cli import cli

    result = CliRunner().invoke(cli, ["fetch"])
    assert result.exit_code == 1 and "no URLs given" in result.output
