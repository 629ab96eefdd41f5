"""The browser libraries ship with the package: committed copies of pinned npm packages, hash-checked,
each with its licence, and nothing anywhere is loaded from a CDN."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "threadline" / "web" / "static"
VENDOR = STATIC / "vendor"


def manifest() -> tuple[dict[str, str], dict[str, str]]:
    """(npm package -> version, file -> sha256) from vendor/SHA256SUMS."""
    packages, files = {}, {}
    for line in (VENDOR / "SHA256SUMS").read_text("utf-8").splitlines():
        if line.startswith("# npm "):
            _, _, name, version = line.split()
            packages[name] = version
        elif line.strip():
            digest, name = line.split(maxsplit=1)
            files[name] = digest
    return packages, files


def test_vendored_files_match_their_hashes() -> None:
    _, files = manifest()
    present = {p.name for p in VENDOR.iterdir()} - {"SHA256SUMS"}
    assert present == set(files), "vendor/ and SHA256SUMS disagree: run scripts/vendor-js.sh"
    for name, digest in files.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} was changed by hand"


def test_vendored_versions_are_the_pinned_ones() -> None:
    packages, _ = manifest()
    lock = json.loads((ROOT / "js" / "package-lock.json").read_text("utf-8"))["packages"]
    wanted = json.loads((ROOT / "js" / "package.json").read_text("utf-8"))["dependencies"]
    assert set(packages) == set(wanted)
    for name, version in packages.items():
        assert lock[f"node_modules/{name}"]["version"] == version, f"{name}: vendor/ is not the locked version"


def test_every_library_has_its_licence() -> None:
    assert "MIT" in (VENDOR / "cytoscape.LICENSE").read_text("utf-8")
    assert "Apache License" in (VENDOR / "swagger-ui.LICENSE").read_text("utf-8")
    assert (VENDOR / "swagger-ui-bundle.THIRD-PARTY.txt").stat().st_size > 1000


def test_no_cdn_anywhere() -> None:
    """No page, script, stylesheet or template the package serves loads anything from another origin."""
    loads = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|@import\s+url\(\s*["']?https?:|cdn\.jsdelivr|unpkg\.com""")
    checked = []
    for folder in (STATIC, ROOT / "threadline" / "publish" / "templates"):
        for path in folder.iterdir():
            if path.is_file() and path.suffix in (".html", ".js", ".css", ".j2"):
                checked.append(path.name)
                assert not loads.search(path.read_text("utf-8")), f"{path.name} loads from another origin"
    assert {"index.html", "docs.html", "app.js"} <= set(checked)


def test_docs_page_uses_the_vendored_swagger_ui(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from threadline.web import create_app

    client = TestClient(create_app(str(tmp_path / "empty.db")))
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in page.text and "http" not in page.text
    csp = page.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "http" not in csp
    for asset in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css", "/static/docs.js"):
        assert client.get(asset).status_code == 200, asset
