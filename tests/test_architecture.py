"""Import contracts: the layout's promises, checked over the import graph of the package.

Every import counts, wherever it stands (module top, inside a function, under ``TYPE_CHECKING``): a lazy import
is still a dependency. The graph is read with ``ast``, so nothing is imported to check it.

- ``model`` imports nothing of ours but ``errors`` (a leaf: it imports nothing of ours either);
- ``extract``, ``resolve`` and ``store`` import only ``model`` and ``errors`` (``schema/`` is data, read by model);
- ``cli`` and ``web`` reach the core only through ``threadline.api`` (besides the records and vocabularies of
  ``model``, ``errors``, settings in ``config``, and ``team``, the team-mode service they administer and serve);
- no stage imports a later one (ingest → extract → resolve → store → analyse → publish), and no stage imports
  the shell around them (``api``, ``intake``, ``corrections``, ``team``, ``cli``, ``web``).

Today's code breaks some of these; each break is listed in KNOWN with the issue item that removes it. A new break
fails, and so does a listed one that is gone (delete its line: the list only shrinks).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "threadline"
STAGES = ["ingest", "extract", "resolve", "store", "analyse", "publish"]
SHELL = {"api", "intake", "corrections", "team", "cli", "web"}
VERSION = "threadline.__version__"  # `from threadline import __version__`: a string, allowed anywhere
ALLOWED = {  # component -> the other components of ours it may import
    "model": {"errors"},
    "errors": set(),
    "extract": {"model", "errors"},
    "resolve": {"model", "errors"},
    "store": {"model", "errors"},
    "cli": {"api", "model", "errors", "config", "team", "web"},
    "web": {"api", "model", "errors", "config", "team"},
}

_SHELL_BYPASS = "issue 17 item 1 (follow-up): the command or route gets its call on threadline.api"
_PUBLISH_SAFETY = "issue 17 item 4: link safety is shared, not publish's (publish in parts)"
_PROVENANCE = "issue 17 item 1 (follow-up): the model check belongs beside the pipeline it checks, in extract/"
_STAGE_BACK = "issue 17 item 1 (follow-up): not assigned yet; the shared helper moves to the earlier stage or model/"
KNOWN: dict[tuple[str, str], str] = {
    # extract reaching beyond model and errors, or forward into resolve
    ("threadline.extract.nlp", "threadline.provenance"): _PROVENANCE,
    ("threadline.extract.components.rule_names", "threadline.resolve.places"): _STAGE_BACK,
    # earlier stages using a later one's helper
    ("threadline.ingest.dateline", "threadline.extract.dates"): _STAGE_BACK,
    ("threadline.ingest.document", "threadline.publish.safety"): _PUBLISH_SAFETY,
    ("threadline.analyse.snapshot", "threadline.publish.safety"): _PUBLISH_SAFETY,
    # cli and web around threadline.api
    ("threadline.cli", "threadline.provenance"): _PROVENANCE,
    ("threadline.cli.analyse", "threadline.analyse.graph"): _SHELL_BYPASS,
    ("threadline.cli.analyse", "threadline.analyse.snapshot"): _SHELL_BYPASS,
    ("threadline.cli.analyse", "threadline.analyse.timeline"): _SHELL_BYPASS,
    ("threadline.cli.extract", "threadline.ingest"): _SHELL_BYPASS,
    ("threadline.cli.extract", "threadline.publish.exchange"): _SHELL_BYPASS,
    ("threadline.cli.migrate", "threadline.store.transfer"): _SHELL_BYPASS,
    ("threadline.cli.query", "threadline.store"): _SHELL_BYPASS,
    ("threadline.cli.resolve", "threadline.resolve.cluster"): _SHELL_BYPASS,
    ("threadline.cli.resolve", "threadline.resolve.judgements"): _SHELL_BYPASS,
    ("threadline.cli.serve", "threadline.store"): _SHELL_BYPASS,
    ("threadline.cli.team", "threadline.store"): _SHELL_BYPASS,
    ("threadline.web.jobs", "threadline.ingest"): _SHELL_BYPASS,
    ("threadline.web.routes.documents", "threadline.analyse.redact"): _SHELL_BYPASS,
    ("threadline.web.routes.documents", "threadline.publish.safety"): _SHELL_BYPASS,
    ("threadline.web.routes.graph", "threadline.analyse.views"): _SHELL_BYPASS,
    ("threadline.web.routes.review", "threadline.resolve.judgements"): _SHELL_BYPASS,
    ("threadline.web.snippets", "threadline.analyse.forms"): _SHELL_BYPASS,
    ("threadline.web.state", "threadline.analyse.graph"): _SHELL_BYPASS,
    ("threadline.web.state", "threadline.analyse.redact"): _SHELL_BYPASS,
    ("threadline.web.state", "threadline.store"): _SHELL_BYPASS,
    ("threadline.cli.ingest", "threadline.extract.cluster"): _SHELL_BYPASS,
    ("threadline.extract.cluster", "threadline"): _PROVENANCE,
    ("threadline.extract.cluster", "threadline.provenance"): _PROVENANCE,
}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str], package: Path = PACKAGE) -> set[str]:
    """The modules of ours that a file imports, as precisely as the import names them."""
    name = module_name(path, package)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules or sub == VERSION else base)
    return {m for m in found if m == "threadline" or m.startswith("threadline.")}


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    files = sorted(package.rglob("*.py"))
    modules = {module_name(f, package) for f in files}
    return {module_name(f, package): imports_of(f, modules, package) for f in files}


def component(module: str) -> str:
    """The top-level part of the package a module belongs to ("threadline" itself for the package root)."""
    return module.split(".")[1] if module.count(".") else module


def broken_contracts(graph: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """Every import that breaks a contract, with the contract it breaks."""
    broken: dict[tuple[str, str], str] = {}
    for importer, imported in ((a, b) for a, bs in graph.items() for b in sorted(bs)):
        src, dst = component(importer), component(imported)
        if src == dst or imported == VERSION:
            continue
        if src in ALLOWED and dst not in ALLOWED[src]:
            broken[importer, imported] = f"{src} may import only {sorted(ALLOWED[src]) or 'nothing of ours'}"
        elif src in STAGES and dst in STAGES and STAGES.index(dst) > STAGES.index(src):
            broken[importer, imported] = f"{src} imports a later stage, {dst}"
        elif src in STAGES and dst in SHELL:
            broken[importer, imported] = f"{src} imports the shell around the stages, {dst}"
    return broken


def _lines(pairs: Iterable[tuple[str, str]], why: dict[tuple[str, str], str]) -> str:
    return "\n".join(f"  {a} -> {b}: {why[a, b]}" for a, b in sorted(pairs))


@pytest.fixture(scope="module")
def broken() -> dict[tuple[str, str], str]:
    return broken_contracts(import_graph())


def test_no_new_import_breaks_a_contract(broken: dict[tuple[str, str], str]) -> None:
    new = set(broken) - set(KNOWN)
    assert not new, "imports that break the layout's contracts (see this file's docstring):\n" + _lines(new, broken)


def test_every_known_exception_still_exists(broken: dict[tuple[str, str], str]) -> None:
    gone = set(KNOWN) - set(broken)
    assert not gone, "fixed, so delete from KNOWN:\n" + _lines(gone, KNOWN)


def test_errors_is_a_leaf() -> None:
    assert import_graph()["threadline.errors"] == set()


def test_the_graph_sees_lazy_relative_and_submodule_imports(tmp_path: Path) -> None:
    """The reader finds what the contracts need: an import inside a function, a relative one, a submodule by name."""
    pkg = tmp_path / "threadline"
    (pkg / "store").mkdir(parents=True)
    (pkg / "web").mkdir()
    for f in ("__init__.py", "api.py", "store/__init__.py", "store/sql.py", "web/__init__.py", "web/app.py"):
        (pkg / f).write_text("")
    (pkg / "store" / "sql.py").write_text("def save():\n    from ..api import Workspace\n")
    (pkg / "web" / "app.py").write_text("from threadline import __version__, store\nfrom .. import api\n")
    graph = import_graph(pkg)
    assert graph["threadline.store.sql"] == {"threadline.api"}
    assert graph["threadline.web.app"] == {VERSION, "threadline.store", "threadline.api"}
    assert broken_contracts(graph) == {
        ("threadline.store.sql", "threadline.api"): "store may import only ['errors', 'model']",
        ("threadline.web.app", "threadline.store"): "web may import only ['api', 'config', 'errors', 'model', 'team']",
    }


def test_a_stage_importing_a_later_one_breaks_the_order() -> None:
    graph = {"threadline.ingest.fetch": {"threadline.analyse.graph"}, "threadline.analyse.graph": {"threadline.api"},
             "threadline.publish.report": {"threadline.analyse.graph", "threadline.model"}}
    assert broken_contracts(graph) == {
        ("threadline.ingest.fetch", "threadline.analyse.graph"): "ingest imports a later stage, analyse",
        ("threadline.analyse.graph", "threadline.api"): "analyse imports the shell around the stages, api",
    }
