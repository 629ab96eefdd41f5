"""The generated redaction test of issue 18: three protected people, each in every spelling (spacing,
underscores, hyphens, line breaks, case, accents, Han scripts, pinyin order), planted in every format.
Every GET route, every export and every report is read as each role without 'sensitive'.

- a leak: any planted spelling, or a store id of a protected person, in a response (goal 0);
- an over-redaction: an unprotected person who shares a word with a protected one ("Chen Meili" and
  "Chen Zhiqiang") visible to a sensitive member and missing from the same response (goal 0).
"""

from __future__ import annotations

import html
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from protected_corpus import (
    CONTROL_PHRASES,
    CONTROLS,
    PROTECTED,
    SHORT_SECRETS,
    found,
    plain,
    secret_keys,
    write_corpus,
)

from threadline.web.access import endpoints

pytestmark = pytest.mark.model
PREFIX = "/api/investigations/{investigation}"
BASE = "/api/investigations/alpha"
ROLES = ("owner-n", "editor-n", "reviewer-n", "viewer-n")


@pytest.fixture(scope="module")
def planted_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from threadline.api import Workspace

    folder = tmp_path_factory.mktemp("planted")
    db = folder / "planted.db"
    with Workspace(db) as ws:
        report = ws.add(write_corpus(folder / "corpus"))
        assert not report.failed, report.failed
        for name in PROTECTED:
            ws.protect(name)
    return db


@pytest.fixture
def web_db(planted_store: Path, tmp_path: Path) -> Path:
    """The team's investigation 'alpha' is a copy of the planted store (overrides tests/web/conftest.py)."""
    db = tmp_path / "alpha.db"
    db.write_bytes(planted_store.read_bytes())
    return db


def texts_of(reply) -> str:
    """Every string a response carries, decoded from JSON, JSON lines, XML/HTML entities or a zip of CSV files."""
    kind = reply.headers.get("content-type", "")
    if kind.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    body = reply.content.decode("utf-8", errors="replace")
    pieces = []
    for line in (body.splitlines() if not kind.startswith("application/json") else [body]):
        try:
            pieces.append("\n".join(_strings(json.loads(line))))
        except ValueError:
            pieces.append(html.unescape(line))
    return "\n".join(pieces)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def upload(team, user: str, name: str, text: str) -> str:
    c = team.client(user)
    job = c.post(f"{BASE}/uploads", files=[("files", (name, text.encode("utf-8")))]).json()["id"]
    for _ in range(600):
        if c.get(f"{BASE}/uploads/{job}").json()["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("upload did not finish")


def plan(team) -> list[tuple[str, str, dict]]:
    """(route template, url, query) for every GET route: every entity, document and job, every name variant as input."""
    s = team.client("owner-s")
    entities = s.get(f"{BASE}/entities", params={"limit": 500}).json()
    ids = [e["id"] for e in entities]
    docs = sorted({d["id"] for q in ("Harbour", "Rights", "said", "陈志强", "Chen") for d in
                   s.get(f"{BASE}/search", params={"q": q, "limit": 200}).json()["documents"]})
    variants = [v for vs in PROTECTED.values() for v in vs if "\n" not in v]
    names = [*ids, *variants, *CONTROLS, "Chen", "Mr Chen"]
    edges = s.get(f"{BASE}/graph", params={"limit": 2000, "include_protected": True}).json()["edges"]
    jobs = [j["id"] for j in s.get(f"{BASE}/uploads").json()]
    reqs: list[tuple[str, str, dict]] = [("/stats", "/stats", {}), ("/vocabulary", "/vocabulary", {})]
    words = [*variants, *CONTROLS, "Chen", "Harbour Rights Monitor", "said", "followed", "陈志强", "person"]
    reqs += [("/search", "/search", {"q": q}) for q in words]
    reqs += [("/search", "/search", {"q": "", "stance": st}) for st in ("alleges", "denies", "states")]
    reqs += [("/entities", "/entities", {"q": q}) for q in words]
    reqs += [("/entities", "/entities", {"limit": 500}), ("/entities", "/entities", {"type": "PERSON", "limit": 500})]
    for name in names:
        reqs += [("/entities/{entity_id}", f"/entities/{name}", {}), ("/entities/{entity_id}/history", f"/entities/{name}/history", {})]
        reqs += [("/entities/{entity_id}/rows/{part}", f"/entities/{name}/rows/{part}", {"limit": 500})
                 for part in ("mentions", "claims_by", "claims_about", "relations", "events")]
        reqs += [("/entities/{entity_id}", f"/entities/{name}", {"limit": 1, "offset": 1})]
        reqs += [("/entities/{entity_id}/merge-preview", f"/entities/{name}/merge-preview", {"other": o})
                 for o in ("Harbour Rights Monitor", "Chen")]
    reqs += [("/documents/{doc_id}", f"/documents/{d}", {}) for d in docs]
    reqs += [("/graph", "/graph", {"limit": 2000, "include_protected": flag}) for flag in (False, True)]
    reqs += [("/graph", "/graph", {"focus": i, "depth": 2, "include_protected": True}) for i in ids]
    reqs += [("/graph/path", "/graph/path", {"a": a, "b": "Harbour Rights Monitor", "include_protected": True}) for a in names[: len(ids) + 6]]
    reqs += [("/graph/link", "/graph/link", {"a": e["source"], "b": e["target"], "include_protected": True}) for e in edges]
    reqs += [("/review/queue", "/review/queue", {"kind": k, "status": "all", "limit": 500}) for k in ("claim", "relation")]
    reqs += [("/review/merges", "/review/merges", {"limit": 500}), ("/uploads", "/uploads", {})]
    reqs += [("/uploads/{job_id}", f"/uploads/{j}", {}) for j in jobs]
    reqs += [("/export", "/export", {"format": f, "include_protected": flag}) for f in ("csv", "ftm", "gexf", "graphml")
             for flag in (False, True)]
    reqs += [("/report", "/report", {"entity": n, "include_protected": True}) for n in ("Harbour Rights Monitor", *CONTROLS, *PROTECTED)]
    reqs += [("/report", "/report", {"country": c, "include_protected": True}) for c in ("NL", "PL", "BE", "CN")]
    reqs += [("/members", "/members", {}), ("/audit", "/audit", {}), ("/audit", "/audit", {"format": "csv"})]
    return [(PREFIX + t, BASE + u, q) for t, u, q in reqs]


def test_no_spelling_of_a_protected_person_reaches_a_member_without_sensitive(corpus_team):
    upload(corpus_team, "owner-s", "Marta_Kowalczyk_upload.txt",
           "Marta Kowalczyk wrote to the Harbour Rights Monitor again in 2024.\n")
    upload(corpus_team, "editor-s", "chen-zhiqiang-letter.txt", "Chen Zhiqiang said in 2024 that the letters had stopped.\n")
    requests = plan(corpus_team)
    gets = {e.path for e in endpoints(corpus_team.app) if e.api and "GET" in e.methods and e.path.startswith(PREFIX)}
    assert gets <= {t for t, _, _ in requests}, f"GET routes the test does not call: {gets - {t for t, _, _ in requests}}"
    keys = secret_keys()
    sensitive = corpus_team.client("owner-s")
    hidden_ids = set()
    for name in PROTECTED:
        page = sensitive.get(f"{BASE}/entities/{name}").json()
        hidden_ids |= {page["id"], *page["members"]}
    leaks, over, made, ok = [], [], 0, 0
    seen = {}
    for _template, url, query in requests:
        full_reply = sensitive.get(url, params=query)
        seen[(url, json.dumps(query, sort_keys=True))] = texts_of(full_reply) if full_reply.status_code == 200 else ""
    for user in ROLES:
        c = corpus_team.client(user)
        for _template, url, query in requests:
            reply = c.get(url, params=query)
            made += 1
            assert reply.status_code < 500, (user, url, query, reply.text[:300])
            ok += reply.status_code == 200
            text = texts_of(reply)
            for person, person_keys in keys.items():
                leaks += [(user, url, query, person, k) for k in found(person_keys, text)]
            leaks += [(user, url, query, "store id", i) for i in hidden_ids if i in reply.text]
            leaks += [(user, url, query, "short form", p) for p in SHORT_SECRETS if plain(p) in plain(text)]
            asks_for_secret = any(found(k, " ".join(map(str, query.values()))) for k in keys.values())
            # asking for a protected name rightly finds less, and a path may have to go round a protected person
            if reply.status_code == 200 and not asks_for_secret and not url.endswith("/graph/path"):
                full = plain(seen[(url, json.dumps(query, sort_keys=True))])
                mine = plain(text)
                counted = "/documents/" in url  # the same text, only blanked: every namesake must still be there
                over += [(user, url, query, n) for n in (*CONTROLS, *CONTROL_PHRASES)
                         if (full.count(plain(n)) > mine.count(plain(n)) if counted else plain(n) in full and plain(n) not in mine)]
    planted = "\n".join(seen.values())  # what a sensitive member was shown
    for person, variants in PROTECTED.items():  # the test means something only if the sensitive view has the spellings
        missing = [v for v in variants if v not in planted and v.casefold() not in planted.casefold()]
        assert not missing, (person, missing)
    print(f"\nredaction probe: {made} requests as {len(ROLES)} roles ({ok} answered 200), "
          f"{len(leaks)} leaks, {len(over)} over-redactions")
    assert ok > made // 3
    assert not leaks, leaks[:20]
    assert not over, over[:20]


def test_the_same_probe_through_the_library(planted_store, tmp_path):
    """Exports, dossiers and reports written by the library (the CLI's path) without include_protected."""
    from threadline.api import Workspace

    keys = secret_keys()
    texts = []
    with Workspace(planted_store) as ws:
        for fmt, name in (("ftm", "x.ftm.json"), ("gexf", "x.gexf"), ("graphml", "x.graphml"), ("csv", "csv")):
            ws.export(fmt, tmp_path / name, **({"body_text": True} if fmt == "ftm" else {}))
        for scope in ({"country": "NL"}, {"entity": "Harbour Rights Monitor"}, {"entity": "Chen Meili"},
                      {"entity": "Piotr Nowak"}):
            texts.append(ws.dossier(**scope))
            texts.append(ws.report(tmp_path / "r.html", **scope).read_text("utf-8"))
        shown = ws.dossier(entity="Harbour Rights Monitor", include_protected=True)
    texts += [html.unescape(p.read_text("utf-8")) for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".html"]
    blob = "\n".join(texts)
    leaks = [(person, k) for person, person_keys in keys.items() for k in found(person_keys, blob)]
    leaks += [("short form", p) for p in SHORT_SECRETS if plain(p) in plain(blob)]
    assert not leaks, leaks
    assert "Chen Meili" in blob  # the unprotected namesake stays
    assert found(keys["Marta Kowalczyk"], shown)  # and the protected person is there when asked for
