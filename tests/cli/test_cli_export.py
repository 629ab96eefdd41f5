"""export, import-ftm and xref through the CLI."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result
from followthemoney import model

from threadline.cli import cli

REFERENCE = [
    {"id": "os-wang", "schema": "Person", "properties": {"name": ["WANG Wen-bin"], "topics": ["role.pep"]},
     "datasets": ["peps"]},
    {"id": "os-mps", "schema": "PublicBody", "properties": {
        "name": ["Ministry of Public Security of the People's Republic of China"],
        "alias": ["Ministry of Public Security"], "country": ["cn"], "topics": ["sanction"]}},
    {"id": "os-co", "schema": "Company", "properties": {"name": ["Unrelated Trading Ltd"], "country": ["gb"]}},
    {"id": "os-addr", "schema": "Address", "properties": {"full": ["1 Main Street"]}},
    {"id": "os-sanction", "schema": "Sanction", "properties": {"entity": [{"id": "os-mps", "schema": "PublicBody"}]}},
]


def runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(*args: str) -> Result:
    result = runner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write_lines(path: Path, entities: list[dict]) -> Path:
    text = "".join(json.dumps(e) + "\n" for e in entities)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, "utf-8")
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    from threadline.api import Workspace

    db = tmp_path / "empty.db"
    Workspace(db).close()
    return str(db)


@pytest.fixture
def db(stored_corpus: Path, tmp_path: Path) -> str:
    copy = tmp_path / "corpus.db"
    shutil.copy(stored_corpus, copy)
    return str(copy)


# -- no model needed -------------------------------------------------------------------------------

def test_bad_format_is_a_usage_error(empty_db: str, tmp_path: Path) -> None:
    result = run("export", "--db", empty_db, "--format", "pdf", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and "pdf" in result.stderr


def test_format_and_output_are_required(empty_db: str, tmp_path: Path) -> None:
    assert run("export", "--db", empty_db, "-o", str(tmp_path / "x")).exit_code == 2
    assert run("export", "--db", empty_db, "--format", "ftm").exit_code == 2


def test_body_text_is_for_ftm_only(empty_db: str, tmp_path: Path) -> None:
    result = run("export", "--db", empty_db, "-f", "gexf", "-o", str(tmp_path / "g.gexf"), "--body-text")
    assert result.exit_code == 2 and "--body-text" in result.stderr


def test_csv_needs_a_folder(empty_db: str) -> None:
    result = run("export", "--db", empty_db, "-f", "csv", "-o", "-")
    assert result.exit_code == 2 and "folder" in result.stderr


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    result = run("export", "--db", str(tmp_path / "none.db"), "-f", "ftm", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 1 and "no store" in result.stderr and "Traceback" not in result.output


def test_empty_store_exports_empty_files(empty_db: str, tmp_path: Path) -> None:
    result = run("export", "--db", empty_db, "-f", "graphml", "-o", str(tmp_path / "g.graphml"), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["counts"] == {"nodes": 0, "edges": 0}
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == 0


def test_import_ftm_reports_what_it_kept(empty_db: str, tmp_path: Path) -> None:
    ref = write_lines(tmp_path / "opensanctions.json.gz", REFERENCE)
    result = run("import-ftm", str(ref), "--db", empty_db, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"dataset": "opensanctions", "loaded": 3, "skipped": {"Address": 1, "Sanction": 1}}
    again = run("import-ftm", str(ref), "--db", empty_db, "--dataset", "opensanctions")
    assert again.exit_code == 0 and "loaded 3 entities into reference set opensanctions" in again.stdout
    from threadline.store import open_store

    with open_store(empty_db) as store:
        assert store.reference_sets() == {"opensanctions": 3}  # loading again replaces
        row = next(r for r in store.reference_entities() if r["id"] == "os-mps")
    assert row["names"][1] == "Ministry of Public Security" and row["countries"] == ["CN"]
    assert json.loads(row["raw"])["properties"]["topics"] == ["sanction"]


def test_import_ftm_rejects_bad_lines_whole(empty_db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(REFERENCE[0]) + "\n{not json\n", "utf-8")
    result = run("import-ftm", str(bad), "--db", empty_db)
    assert result.exit_code == 1 and "line 2" in result.stderr
    missing = run("import-ftm", str(tmp_path / "nothing.json"), "--db", empty_db)
    assert missing.exit_code == 1 and "no file" in missing.stderr
    from threadline.store import open_store

    with open_store(empty_db) as store:
        assert store.reference_sets() == {}  # nothing half-loaded


def test_xref_without_a_reference_set(empty_db: str) -> None:
    result = run("xref", "--db", empty_db)
    assert result.exit_code == 1 and "import-ftm" in result.stderr


# -- the example corpus ----------------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("fmt,name", [("ftm", "out.json"), ("gexf", "out.gexf"), ("graphml", "out.graphml"), ("csv", "out")])
def test_export_every_format(db: str, tmp_path: Path, fmt: str, name: str) -> None:
    target = tmp_path / name
    result = run("export", "--db", db, "--format", fmt, "-o", str(target), "--json")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)["counts"]
    if fmt == "ftm":
        lines = target.read_text("utf-8").splitlines()
        assert len(lines) == counts["entities"] > 100
        assert all(model.get_proxy(json.loads(line)).schema for line in lines)
    elif fmt == "csv":
        assert sorted(p.name for p in target.iterdir()) == ["claims.csv", "edges.csv", "events.csv", "nodes.csv", "relations.csv"]
    else:
        g = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(target)
        assert (g.number_of_nodes(), g.number_of_edges()) == (counts["nodes"], counts["edges"])


@pytest.mark.model
def test_export_ftm_to_stdout(db: str) -> None:
    result = run("export", "--db", db, "-f", "ftm", "-o", "-")
    assert result.exit_code == 0
    schemata = {model.get_proxy(json.loads(line)).schema.name for line in result.stdout.splitlines()}
    assert {"Article", "Person", "PublicBody", "UnknownLink"} <= schemata
    assert "wrote ftm" in result.stderr


@pytest.mark.model
def test_import_then_xref(db: str, tmp_path: Path) -> None:
    ref = write_lines(tmp_path / "peps.json", REFERENCE)
    assert run("import-ftm", str(ref), "--db", db).exit_code == 0
    result = run("xref", "--db", db, "--json")
    assert result.exit_code == 0, result.stderr
    matches = {(m["entity"], m["reference_id"]): m for m in json.loads(result.stdout)}
    wang = matches[("Wang Wenbin", "os-wang")]  # the name alone, with no second property: possible, never same
    assert wang["status"] == "possible" and not wang["same"] and wang["score"] >= 0.9
    assert wang["type"] == "PERSON" and wang["topics"] == ["role.pep"]
    assert "same parts" in wang["explanations"][0] and "name only" in wang["explanations"][-1]
    mps = matches[("Ministry of Public Security", "os-mps")]
    assert mps["same"] and mps["explanations"] and mps["dataset"] == "peps"
    assert not any(ref_id == "os-co" for _, ref_id in matches)
    assert not any(name == "Wang" for name, _ in matches)  # a bare surname is no match for a full name
    table = run("xref", "--db", db, "--limit", "1")
    assert table.exit_code == 0 and "os-" in table.stdout and "status" in table.stdout
    assert len(json.loads(run("xref", "--db", db, "--json", "--limit", "1").stdout)) == 1
    other = run("xref", "--db", db, "--dataset", "nothing")
    assert other.exit_code == 1 and "no reference set 'nothing'" in other.stderr
