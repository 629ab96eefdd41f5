"""The browser UI under its real Content-Security-Policy (test_browser.py bypasses it for Playwright's
string predicates): local mode draws pages and the graph with no CSP violation, and team mode signs in,
picks the investigation, reviews with the CSRF header, and signs out."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct horse battery staple"  # conftest.Team gives every user this one


def serve(app):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, base: str):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    page.problems = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    page.on("console", lambda m: "Content Security Policy" in m.text and page.problems.append(m.text))
    page.base = base  # type: ignore[attr-defined]
    return page


@pytest.fixture
def local_site(web_db):
    from threadline.web import create_app

    server, thread, base = serve(create_app(str(web_db)))
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def team_site(corpus_team):
    server, thread, base = serve(corpus_team.app)
    yield base, corpus_team
    server.should_exit = True
    thread.join(timeout=10)


def test_local_ui_works_under_the_csp(browser, local_site):
    page = open_page(browser, local_site)
    page.goto(local_site + "/#/entity/UFWD")
    page.wait_for_selector("#view[data-ready=entity] [data-testid=entity-name]")
    page.click("[data-testid=open-graph]")
    page.wait_for_selector("[data-testid=graph-canvas] canvas")
    page.wait_for_selector("[data-testid=graph-info]:has-text('entities')")
    page.goto(local_site + "/#/search?q=consular")
    page.wait_for_selector("#view[data-ready=search]")
    page.click("[data-testid=document-hit] a >> nth=0")
    page.wait_for_selector("[data-testid=doc-text]")
    assert page.locator("aside.doc-side").count() == 1
    assert not page.problems, page.problems


def test_team_ui_signs_in_reviews_and_signs_out(browser, team_site):
    base, team = team_site
    page = open_page(browser, base)
    page.goto(base + "/")
    page.wait_for_selector("[data-testid=login-form]")
    page.fill("[data-testid=login-user]", "reviewer-n")
    page.fill("[data-testid=login-password]", "not the password")
    page.click("[data-testid=login-form] button")
    page.wait_for_selector("[data-testid=login-error]:has-text('wrong user name or password')")
    page.fill("[data-testid=login-password]", PASSWORD)
    page.click("[data-testid=login-form] button")
    page.wait_for_selector("[data-testid=investigation-picker]")
    assert "alpha (reviewer)" in page.inner_text("[data-testid=investigation-picker]")
    page.wait_for_selector("#view[data-ready=home]")  # the home view has drawn; a later one will not be overwritten
    page.goto(base + "/#/review?kind=claim")
    item = page.locator("[data-testid=review-item]").first
    item.wait_for()
    claim = item.get_attribute("data-id")
    page.keyboard.press("a")
    page.wait_for_selector(f"[data-id='{claim}'] [data-testid=status]:text('accepted')")
    accepted = [e for e in team.registry.audit("alpha") if e.action == "review.accept"]
    assert [(e.user, e.target) for e in accepted] == [("reviewer-n", claim)]
    page.click("[data-testid=team-bar] button:text('sign out')")
    page.wait_for_selector("[data-testid=login-form]")
    assert [e.action for e in team.registry.audit()][:1] == ["logout"]
    assert not page.problems, page.problems


def sign_in(browser, base: str, user: str):
    page = open_page(browser, base)
    page.goto(base + "/")
    page.wait_for_selector("[data-testid=login-form]")
    page.fill("[data-testid=login-user]", user)
    page.fill("[data-testid=login-password]", PASSWORD)
    page.click("[data-testid=login-form] button")
    page.wait_for_selector("#view[data-ready=home]")
    return page


def test_the_ui_shows_only_what_the_role_allows(browser, team_site):
    base, team = team_site
    viewer = sign_in(browser, base, "viewer-n")
    viewer.goto(base + "/#/review?kind=claim")
    viewer.locator("[data-testid=review-item]").first.wait_for()
    assert viewer.locator("[data-testid=review-item] button").count() == 0  # nothing to press
    viewer.keyboard.press("a")  # and the key does nothing
    viewer.goto(base + "/#/entity/UFWD")
    viewer.wait_for_selector("#view[data-ready=entity] [data-testid=entity-name]")
    assert viewer.locator("[data-testid=accept], [data-testid=protect], [data-testid=merge-input]").count() == 0
    assert viewer.locator("[data-nav=upload]").count() == 0
    viewer.goto(base + "/#/upload")
    viewer.wait_for_selector("[data-testid=upload-not-allowed]")
    assert viewer.locator("[data-testid=upload-zone], [data-testid=upload-input]").count() == 0
    assert not [e for e in team.registry.audit("alpha") if e.action.startswith("review.")]
    assert not viewer.problems, viewer.problems
    editor = sign_in(browser, base, "editor-n")
    editor.goto(base + "/#/entity/UFWD")
    editor.wait_for_selector("#view[data-ready=entity] [data-testid=entity-name]")
    assert editor.locator("[data-testid=accept]").count() > 0 and editor.locator("[data-testid=merge-input]").count() == 1
    editor.goto(base + "/#/upload")
    editor.wait_for_selector("[data-testid=upload-zone]")
    assert not editor.problems, editor.problems

