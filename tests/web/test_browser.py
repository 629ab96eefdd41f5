"""End to end in a real headless browser: Debian's chromium driven by Playwright (no browser download).

Search for an entity, open its page, expand the graph and check nodes are drawn, accept a claim
and see the status survive a reload, find an evidence path, upload a file. The graph screenshot
goes to $THREADLINE_SCREENSHOT_DIR (scripts/screenshots.sh points it at docs/screenshots/).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from threadline.model import SCHEMA

pytestmark = [pytest.mark.model, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(web_db: Path):
    import uvicorn

    from threadline.web import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(web_db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the workbench did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: str):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        # Playwright polls string predicates with eval, which the workbench's CSP forbids; test_csp_browser.py
        # checks the UI itself under the real policy.
        context = browser.new_context(viewport={"width": 1500, "height": 950}, bypass_csp=True)
        pg = context.new_page()
        problems: list[str] = []
        pg.on("pageerror", lambda exc: problems.append(str(exc)))
        pg.set_default_timeout(20_000)
        pg.base = server  # type: ignore[attr-defined]
        yield pg
        browser.close()
        assert not problems, f"JavaScript errors: {problems}"


def open_view(pg, hash_: str) -> None:
    pg.goto(pg.base + "/" + hash_)
    pg.wait_for_function("document.getElementById('view').dataset.ready")


def test_search_then_entity_page(page):
    open_view(page, "#/")
    page.fill("#quick-q", "Safeguard")
    page.press("#quick-q", "Enter")
    page.wait_for_selector("[data-testid=entity-hit]")
    page.click("[data-testid=entity-hit] a:text('Safeguard Defenders')")
    page.wait_for_selector("[data-testid=entity-name]")
    assert "Safeguard Defenders" in page.inner_text("[data-testid=entity-name]")
    assert page.locator("[data-testid=claim]").count() > 0


def test_graph_expands_and_draws_nodes(page):
    open_view(page, "#/entity/UFWD")
    page.click("[data-testid=open-graph]")
    page.wait_for_function("window.threadlineGraph && window.threadlineGraph.nodes().length > 1")
    before = page.evaluate("window.threadlineGraph.nodes().length")
    neighbour = page.evaluate("window.threadlineGraph.nodes().filter(n => !n.hasClass('focus')).sort((a, b) => b.data('degree') - a.data('degree'))[0].id()")
    page.evaluate(f"window.threadlineGraph.getElementById('{neighbour}').emit('tap')")
    page.click("[data-testid=expand]")
    page.wait_for_function(f"window.threadlineGraph.nodes().length > {before}")
    drawn = page.evaluate("""() => {
        const cy = window.threadlineGraph, box = cy.container().getBoundingClientRect();
        return cy.nodes().filter(n => { const p = n.renderedPosition(); return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }).length;
    }""")
    assert drawn > before
    canvas = page.locator("[data-testid=graph-canvas] canvas").first
    assert canvas.bounding_box()["width"] > 300
    edge = page.evaluate("window.threadlineGraph.edges()[0].id()")
    page.evaluate(f"window.threadlineGraph.getElementById({edge!r}).emit('tap')")
    page.wait_for_selector("[data-testid=link-evidence] blockquote")


def test_whole_graph_loads(page):
    open_view(page, "#/graph")
    page.wait_for_function("window.threadlineGraph && window.threadlineGraph.nodes().length > 50")
    assert "entities" in page.inner_text("[data-testid=graph-info]")


def test_every_stance_is_drawn_in_the_schemas_colour(page):
    from threadline.model import SCHEMA

    open_view(page, "#/graph")
    page.wait_for_function("window.threadlineGraph && window.threadlineGraph.edges('[kind = \"claim\"]').length > 0")
    legend = page.inner_text("[data-testid=stance-legend]")
    assert all(stance in legend for stance in SCHEMA.stances)
    drawn = page.evaluate("""() => {
        const out = {};
        window.threadlineGraph.edges('[kind = "claim"]').forEach(e => { out[e.data('label')] = e.style('line-color'); });
        return out;
    }""")
    assert len(drawn) >= 2  # the bundled examples hold claims of several stances

    def rgb(hex_colour: str) -> str:
        r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return f"rgb({r},{g},{b})"

    for stance, colour in drawn.items():
        assert colour.replace(" ", "") == rgb(SCHEMA.stances[stance]["color"]), stance


def test_evidence_path_screenshot_for_the_readme(page, tmp_path):
    open_view(page, "#/graph?focus=Safeguard%20Defenders&depth=2")
    page.wait_for_function("window.threadlineGraph && window.threadlineGraph.nodes().length > 20")
    page.fill("[data-testid=path-from]", "Safeguard Defenders")
    page.fill("[data-testid=path-to]", "United Front Work Department")
    page.click("[data-testid=path-button]")
    page.wait_for_selector("[data-testid=path-result] ol li")
    assert page.evaluate("window.threadlineGraph.elements('.path').length") >= 3
    page.evaluate("window.threadlineGraph.edges('.path')[0].emit('tap')")
    page.wait_for_selector("[data-testid=link-evidence] blockquote")
    folder = Path(os.environ.get("THREADLINE_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "graph-explorer.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_accept_a_claim_and_see_it_after_reload(page):
    open_view(page, "#/review?kind=claim")
    item = page.locator("[data-testid=review-item]").first
    claim_id = item.get_attribute("data-id")
    page.keyboard.press("a")  # the first item is selected; 'a' accepts it
    page.wait_for_selector(f"[data-id='{claim_id}'] [data-testid=status]:text('accepted')")
    open_view(page, "#/review?kind=claim&status=accepted")
    page.reload()
    page.wait_for_function("document.getElementById('view').dataset.ready")
    accepted = page.locator(f"[data-testid=review-item][data-id='{claim_id}'] [data-testid=status]")
    assert accepted.inner_text().lower() == "accepted"


def test_upload_shows_progress_and_per_file_errors(page, tmp_path):
    good = tmp_path / "statement.txt"
    good.write_text("The embassy denied that it operates any police station abroad, the ministry said on 3 May 2024.", "utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    open_view(page, "#/upload")
    page.set_input_files("[data-testid=upload-input]", [str(good), str(bad)])
    page.wait_for_selector("[data-testid=upload-job][data-state=done]")
    errors = page.inner_text("[data-testid=upload-errors]")
    assert "broken.txt" in errors and "statement.txt" not in errors


def test_a_slow_earlier_view_does_not_draw_over_a_newer_one(page):
    held = []
    page.route("**/api/entities/**", lambda route: held.append(route))  # hold the entity page's answer until the next view is drawn
    open_view(page, "#/")
    page.evaluate("location.hash = '#/entity/UFWD'")
    page.wait_for_timeout(300)
    assert held, "the entity request was made"
    page.evaluate("location.hash = '#/upload'")
    page.wait_for_function("document.getElementById('view').dataset.ready === 'upload'")
    for route in held:
        route.continue_()
    page.wait_for_timeout(1000)
    assert page.locator("[data-testid=upload-input]").count() == 1
    assert page.locator("[data-testid=entity-name]").count() == 0


def test_rename_retype_reject_and_mark_an_entity_then_reload(page):
    page.on("dialog", lambda dialog: dialog.accept())  # the reject asks for confirmation
    open_view(page, "#/entity/Safeguard%20Defenders")
    page.fill("[data-testid=rename-input]", "Safeguard Defenders NGO")
    page.click("[data-testid=rename-button]")
    page.wait_for_selector("[data-testid=entity-name]:has-text('Safeguard Defenders NGO')")
    offered = page.eval_on_selector_all("[data-testid=retype-select] option", "options => options.map(o => o.value)")
    assert offered == list(SCHEMA.entity_types)  # the schema's types, no copy of its own (no "LOC", no "NORP")
    page.select_option("[data-testid=retype-select]", "STATE_BODY")
    page.click("[data-testid=retype-button]")
    page.wait_for_selector("[data-testid=entity-type]:has-text('STATE_BODY')")
    open_view(page, "#/entity/Grand%20Montr%C3%A9al")
    page.click("[data-testid=reject-entity]")
    page.wait_for_selector("[data-testid=rejected]")
    # mark a span of a document as an entity: select the words, pick a type, mark
    hit = first_document(page, "Patrol Persuade")
    open_view(page, f"#/doc/{hit}")
    select_words(page, "Patrol and Persuade")
    page.wait_for_selector("[data-testid=mark-selection]:has-text('Patrol and Persuade')")
    page.select_option("[data-testid=mark-type]", "LAW")
    page.click("[data-testid=mark-entity]")
    page.wait_for_selector("[data-testid=doc-entity]:has-text('Patrol and Persuade')")
    page.reload()
    page.wait_for_function("document.getElementById('view').dataset.ready")
    assert page.locator("[data-testid=doc-entity]:has-text('Patrol and Persuade')").count() == 1
    assert page.locator("[data-testid=doc-text] a.mention.LAW:text('Patrol and Persuade')").count() == 1
    open_view(page, "#/entity/Safeguard%20Defenders%20NGO")
    page.reload()
    page.wait_for_selector("[data-testid=entity-name]:has-text('Safeguard Defenders NGO')")
    assert "STATE_BODY" in page.inner_text("[data-testid=entity-type]")
    assert "retype" in page.inner_text("[data-testid=history]") and page.locator("[data-testid=machine]").count() >= 1
    open_view(page, "#/entity/Grand%20Montr%C3%A9al")
    page.reload()
    page.wait_for_selector("[data-testid=rejected]")
    open_view(page, "#/search?q=Montr%C3%A9al")
    assert page.locator("[data-testid=entity-hit]:has-text('Grand Montréal')").count() == 0


def test_add_a_claim_by_hand_from_a_selection_then_reload(page):
    open_view(page, "#/search?q=Patrol")
    hit = first_document(page, "Patrol Persuade")
    open_view(page, f"#/doc/{hit}")
    select_words(page, "Patrol and Persuade")
    page.wait_for_selector("[data-testid=fact-selection]:has-text('Patrol and Persuade')")
    page.fill("[data-testid=fact-claimant]", "Safeguard Defenders")
    page.select_option("[data-testid=fact-stance]", "alleges")
    page.click("[data-testid=add-claim]")
    page.wait_for_selector("[data-testid=hand-fact]:has-text('Safeguard Defenders alleges')")
    page.reload()
    page.wait_for_function("document.getElementById('view').dataset.ready")
    assert page.locator("[data-testid=hand-fact]:has-text('Safeguard Defenders alleges')").count() == 1
    doc = page.evaluate(f"fetch('/api/documents/{hit}').then(r => r.json())")
    hand = [c for c in doc["claims"] if c["extractor"] == "hand"]
    assert len(hand) == 1 and hand[0]["claimant"] == "Safeguard Defenders" and hand[0]["stance"] == "alleges"


def select_words(page, words: str) -> None:
    """Select the first occurrence of ``words`` in the document view's text, as a reader's mouse would."""
    page.evaluate("""(words) => {
        const box = document.querySelector('[data-testid=doc-text]');
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const i = n.data.indexOf(words);
            if (i >= 0) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + words.length);
                          const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return; }
        }
        throw new Error('words not found');
    }""", words)


def first_document(page, query: str) -> str:
    """The id of the first document a search finds."""
    return page.evaluate("(q) => fetch('/api/search?q=' + encodeURIComponent(q)).then(r => r.json()).then(b => b.documents[0].id)", query)
