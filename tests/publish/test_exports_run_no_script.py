"""Nothing executable leaves Threadline: every exported HTML report and Markdown dossier, opened in
headless Chromium with a dialog handler, runs no script, not on loading and not when each of its links
is clicked. The planted corpus has a ``javascript:`` URL in front matter and in a feed, and a quote
holding a Markdown link, an ``<img onerror>`` and a ``<script>``.

Markdown is rendered the way a standard renderer does it (markdown-it, raw HTML allowed) and opened with
no CSP of its own, so only the dossier's escaping stands between the quote and the reader.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))
from protected_corpus import JAVASCRIPT, write_corpus  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.browser]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SCOPES = ({"entity": "Safeguard Defenders"}, {"entity": "Harbour Friendship Association"}, {"country": "NL"})


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[Path]:
    from markdown_it import MarkdownIt

    from threadline.api import Workspace

    folder = tmp_path_factory.mktemp("exported")
    renderer = MarkdownIt("commonmark", {"html": True, "linkify": False})
    files = []
    with Workspace(folder / "x.db") as ws:
        assert not ws.add(write_corpus(folder / "corpus")).failed
        for n, scope in enumerate(SCOPES):
            for include in (False, True):
                files.append(ws.report(folder / f"report-{n}-{include}.html", include_protected=include, **scope))
                md = ws.dossier(include_protected=include, **scope)
                (folder / f"dossier-{n}-{include}.md").write_text(md, "utf-8")
                page = folder / f"dossier-{n}-{include}.html"
                page.write_text("<!DOCTYPE html><meta charset=utf-8><body>" + renderer.render(md), "utf-8")
                files.append(page)
    return files


def test_the_hostile_input_reaches_the_exports(exported):
    text = "\n".join(p.read_text("utf-8") for p in exported)
    assert "alert(&#x27;quote&#x27;)" in text or "alert('quote')" in text  # the quote is there, shown as text
    assert JAVASCRIPT not in text.replace("&#x27;", "'")  # the link is not


def test_no_exported_file_runs_script_when_opened_or_clicked(exported):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    dialogs, clicked, opened = [], 0, 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        for path in exported:
            page = context.new_page()
            page.on("dialog", lambda d, name=path.name: (dialogs.append((name, d.message)), d.dismiss()))
            page.goto(path.as_uri())
            opened += 1
            links = page.eval_on_selector_all("a", "els => els.length")
            for i in range(links):  # each click in a page of its own: a blocked link's error page lands late
                tab = context.new_page()
                tab.on("dialog", lambda d, name=path.name: (dialogs.append((name, d.message)), d.dismiss()))
                tab.goto(path.as_uri())
                tab.eval_on_selector_all("a", f"els => els[{i}].click()")
                tab.wait_for_timeout(30)
                tab.close()
                clicked += 1
            executed = page.evaluate("() => document.querySelectorAll('script').length")
            assert executed == 0, f"{path.name} has a script element"
            page.close()
        browser.close()
    assert opened == len(exported) and clicked > 20
    assert dialogs == [], dialogs
