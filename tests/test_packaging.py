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
