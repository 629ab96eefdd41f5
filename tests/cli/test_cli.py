"""The ``threadline`` command end to end, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from threadline.cli import cli
from threadline.ingest import read_document

GOOD_DOCS = {
    "embassy.txt": (
        "Embassy denies running an office in Lisbon\n\n"
        "The human rights group Safeguard Defenders alleged on 4 March 2023 that an office in Lisbon "
        "was run by police from Qingtian. The Chinese embassy in Lisbon denied the claim."
    ),
    "ministry.txt": (
        "Ministry questions consulate volunteers\n\n"
        "The Ministry of Foreign Affairs said on 12 June 2023 that it had summoned the Chinese ambassador. "
        "According to the ministry, the consulate in Porto had recruited volunteers."
    ),
}
JUNK = bytes(range(256)) * 4
QUERY_COMMANDS = [["stats"], ["entities"], ["show", "Safeguard Defenders"], ["claims"], ["search", "police"]]


def runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return runner().invoke(cli, list(args), env=env, catch_exceptions=True)


def no_crash(result: Result) -> None:
    """The command ended on purpose: no uncaught exception, no traceback for the user."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def stats(db: Path) -> dict[str, int]:
    result = run("stats", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write_docs(folder: Path, junk: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD_DOCS.items():
        (folder / name).write_text(text + "\n", "utf-8")
    if junk:
        (folder / "broken.txt").write_bytes(JUNK)
    return folder


# -- help --------------------------------------------------------------------------------------------


def check_documented(command: click.Command) -> None:
    """Fail unless a command has a docstring (its --help text)."""
    assert command.help and command.help.strip(), f"command {command.name!r} has no docstring"


def test_check_documented_catches_a_command_without_docstring() -> None:
    @click.command()
    def bare() -> None:
        pass

    with pytest.raises(AssertionError, match="no docstring"):
        check_documented(bare)


def test_there_are_commands() -> None:
    assert {"add", "extract", "stats", "entities", "show", "claims", "search"} <= set(cli.commands)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    check_documented(command)
    result = run(name, "--help")
    assert result.exit_code == 0
    first = command.help.strip().splitlines()[0]
    assert " ".join(first.split()[:4]) in " ".join(result.output.split())
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{name} {param.opts[0]} has no help"


def test_group_help_and_version() -> None:
    result = run("--help")
    assert result.exit_code == 0 and "add" in result.output and "search" in result.output
    assert run("--version").exit_code == 0


# -- errors without the model ------------------------------------------------------------------------------


@pytest.mark.parametrize("args", QUERY_COMMANDS, ids=lambda a: a[0])
def test_query_on_missing_store_is_a_clear_error(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "nowhere" / "missing.db"
    result = run(*args, "--db", str(db))
    no_crash(result)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error: no store at") and str(db) in message and "\n" not in message
    assert not db.exists() and not db.parent.exists()  # asking must not create a store


def test_bad_stance_is_a_usage_error(tmp_path: Path) -> None:
    result = run("claims", "--stance", "bogus", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "bogus" in result.stderr and "alleges" in result.stderr


def test_bad_entity_type_is_a_usage_error(tmp_path: Path) -> None:
    result = run("entities", "--type", "SPACESHIP", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2 and "SPACESHIP" in result.stderr


def test_add_and_extract_need_arguments() -> None:
    assert run("add").exit_code == 2
    assert run("extract").exit_code == 2


def test_extract_of_unreadable_file_fails_cleanly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(JUNK)
    result = run("extract", str(junk))
    no_crash(result)
    assert result.exit_code == 1 and "binary content" in result.stderr and result.stdout == ""


def test_empty_store_answers_queries(tmp_path: Path) -> None:
    from threadline.store import SQLiteStore

    db = tmp_path / "empty.db"
    SQLiteStore(db).close()
    assert stats(db) == {"documents": 0, "near_duplicates": 0, "entities": 0, "extracted_entities": 0, "mentions": 0, "relations": 0, "claims": 0, "read_by_rules": 0,
                         "events": 0}
    result = run("show", "Anyone", "--db", str(db))
    assert result.exit_code == 1 and "no entity named 'Anyone'" in result.stderr
    assert run("search", "police", "--db", str(db), "--json").stdout.strip() == "[]"
    result = run("search", "   ", "--db", str(db))
    no_crash(result)
    assert result.exit_code == 1 and "empty search query" in result.stderr


# -- add --------------------------------------------------------------------------------------------------


def _unwrapped(text: str) -> str:
    """Text with all whitespace removed, so a message rich wrapped at the terminal width still matches."""
    return "".join(text.split())


@pytest.mark.model
def test_add_reports_broken_file_and_stores_the_rest(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    db = tmp_path / "inv.db"
    result = run("add", str(docs), "--db", str(db))
    no_crash(result)
    assert result.exit_code == 1
    broken = str(docs / "broken.txt")
    assert _unwrapped(f"{broken}: binary content (NUL bytes), not text") in _unwrapped(result.stderr)
    assert "2 added, 0 already stored, 1 failed" in result.stdout
    assert stats(db)["documents"] == 2

    again = run("add", str(docs), "--db", str(db))
    no_crash(again)
    assert again.exit_code == 1  # the broken file still fails
    assert "0 added, 2 already stored, 1 failed" in again.stdout
    counts = stats(db)
    assert counts["documents"] == 2

    good_only = run("add", *(str(docs / n) for n in GOOD_DOCS), "--db", str(db), "--quiet")
    assert good_only.exit_code == 0 and good_only.stdout == ""
    assert stats(db) == counts


def test_add_reports_each_failure_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path.joinpath(*["a-rather-long-folder-name-for-reports"] * 12)
    folder.mkdir(parents=True)
    (folder / "broken.txt").write_bytes(JUNK)
    result = run("add", str(folder), "--db", str(tmp_path / "inv.db"), "--quiet")
    assert result.exit_code == 1
    assert f"error {folder / 'broken.txt'}: binary content (NUL bytes), not text" in result.stderr.splitlines()


def test_add_of_missing_path_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    result = run("add", str(missing), "--db", str(tmp_path / "inv.db"), "--quiet")
    no_crash(result)
    assert result.exit_code == 1
    assert _unwrapped(f"{missing}: no such file") in _unwrapped(result.stderr)


@pytest.mark.model
def test_add_corpus_through_cli_matches_the_api(tmp_path: Path, corpus: Path, stored_corpus: Path) -> None:
    db = tmp_path / "cli.db"
    result = run("add", str(corpus), "--db", str(db))
    no_crash(result)
    assert result.exit_code == 0, result.output
    assert "8 added, 0 already stored, 0 failed" in result.stdout
    assert "Most mentioned entities" in result.stdout
    assert stats(db) == stats(stored_corpus)


# -- queries on the example corpus --------------------------------------------------------------------------


@pytest.mark.model
def test_stats_json(stored_corpus: Path) -> None:
    counts = stats(stored_corpus)
    assert set(counts) == {"documents", "near_duplicates", "entities", "extracted_entities", "mentions", "relations",
                           "claims", "events", "read_by_rules"}
    assert counts["documents"] == 8 and counts["near_duplicates"] == 0
    assert counts["read_by_rules"] == 0  # the example corpus is English
    assert all(isinstance(v, int) and v > 0 for k, v in counts.items() if k not in ("near_duplicates", "read_by_rules"))
    table = run("stats", "--db", str(stored_corpus))
    assert table.exit_code == 0 and "documents" in table.stdout and str(counts["mentions"]) in table.stdout


@pytest.mark.model
def test_db_from_environment(stored_corpus: Path, tmp_path: Path) -> None:
    result = run("stats", "--json", env={"THREADLINE_DB": str(stored_corpus)})
    assert result.exit_code == 0 and json.loads(result.stdout)["documents"] == 8
    missing = tmp_path / "other.db"
    result = run("stats", "--json", "--db", str(missing), env={"THREADLINE_DB": str(stored_corpus)})
    assert result.exit_code == 1 and str(missing) in result.stderr  # --db wins over the environment


@pytest.mark.model
def test_entities_by_type_json(stored_corpus: Path) -> None:
    result = run("entities", "--type", "STATE_BODY", "--json", "--db", str(stored_corpus))
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and rows
    for row in rows:
        assert {"id", "type", "name", "country", "mentions", "documents", "aliases"} <= set(row)
        assert row["type"] == "STATE_BODY" and row["id"].startswith("ent-") and row["name"]
        assert row["mentions"] >= 1 and 1 <= row["documents"] <= row["mentions"]
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    lower = run("entities", "--type", "state_body", "--json", "--limit", "3", "--db", str(stored_corpus))
    assert lower.exit_code == 0 and json.loads(lower.stdout) == rows[:3]


@pytest.mark.model
def test_show_entity(stored_corpus: Path) -> None:
    as_json = run("show", "Safeguard Defenders", "--json", "--db", str(stored_corpus))
    assert as_json.exit_code == 0
    (profile,) = json.loads(as_json.stdout)
    assert profile["name"] == "Safeguard Defenders" and profile["claims_by"]
    docs = {m["doc_id"] for m in profile["mentions"]}
    assert len(docs) >= 2

    result = run("show", "safeguard defenders", "--db", str(stored_corpus))
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "Safeguard Defenders" in out and profile["type"] in out
    assert f"{len(profile['mentions'])} mentions in {len(docs)} documents" in out
    others = [a for a in profile["aliases"] if a != profile["name"]]
    assert ("aliases: " in out) == bool(others)
    for alias in others:
        assert alias in out
    assert "Claims by it" in out and "source: " in out
    assert "Mentions" in out


@pytest.mark.model
def test_show_unknown_name(stored_corpus: Path) -> None:
    result = run("show", "Zorblax Holdings", "--db", str(stored_corpus))
    no_crash(result)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: no entity named 'Zorblax Holdings'")
    assert result.stdout == ""


@pytest.mark.model
def test_claims_by_with_stance(stored_corpus: Path) -> None:
    result = run("claims", "--by", "Safeguard Defenders", "--stance", "alleges", "--json", "--db", str(stored_corpus))
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows
    for row in rows:
        assert row["stance"] == "alleges" and row["claimant"] == "Safeguard Defenders"
        assert row["sentence"] and row["title"]
    everything = json.loads(run("claims", "--json", "--db", str(stored_corpus)).stdout)
    assert len(everything) > len(rows)
    assert {r["id"] for r in rows} <= {r["id"] for r in everything}
    text = run("claims", "--by", "Safeguard Defenders", "--stance", "alleges", "--db", str(stored_corpus))
    assert text.exit_code == 0 and "alleges" in text.stdout and "source:" in text.stdout
    none = run("claims", "--by", "Zorblax Holdings", "--db", str(stored_corpus))
    assert none.exit_code == 0 and "no claims match" in none.stdout


@pytest.mark.model
def test_search(stored_corpus: Path) -> None:
    result = run("search", "Capel Street", "--json", "--db", str(stored_corpus))
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [Path(r["path"]).name for r in rows] == ["02-ireland.md"]
    assert "[Capel]" in rows[0]["snippet"] and "[Street]" in rows[0]["snippet"]
    text = run("search", "Capel Street", "--db", str(stored_corpus))
    assert text.exit_code == 0 and "Ireland tells China" in " ".join(text.stdout.split())
    odd = run("search", '"police" OR (', "--db", str(stored_corpus))
    no_crash(odd)
    assert odd.exit_code == 0


# -- extract --------------------------------------------------------------------------------------------------


@pytest.mark.model
def test_extract_prints_one_object_with_verbatim_evidence(tmp_path: Path) -> None:
    path = write_docs(tmp_path / "docs", junk=False) / "embassy.txt"
    result = run("extract", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # exactly one JSON object
    assert isinstance(data, dict)
    assert {"entities", "relations", "claims", "events"} <= set(data)
    assert data["document"]["id"] == read_document(path).id
    file_text = path.read_text("utf-8")
    text = read_document(path).text
    facts = [*data["claims"], *data["relations"], *data["events"]]
    assert data["claims"] and data["events"], "the test document should yield claims and an event"
    for fact in facts:
        assert fact["evidence"] and fact["evidence"] in file_text
        assert text[fact["start"]:fact["end"]] == fact["evidence"]
    names = {e["name"] for e in data["entities"]}
    assert "Safeguard Defenders" in names
    assert any(c["stance"] == "denies" for c in data["claims"])
    assert any(e["date"] == "2023-03-04" for e in data["events"])


@pytest.mark.model
def test_extract_to_folder(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", junk=False)
    out = tmp_path / "out"
    result = run("extract", str(docs / "embassy.txt"), str(docs / "ministry.txt"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["embassy.json", "ministry.json"]
    for name in ("embassy", "ministry"):
        data = json.loads((out / f"{name}.json").read_text("utf-8"))
        assert data["document"]["path"] == str(docs / f"{name}.txt")
        assert {"entities", "relations", "claims", "events"} <= set(data)


@pytest.mark.model
def test_extract_several_files_prints_json_lines(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs")
    result = run("extract", str(docs / "embassy.txt"), str(docs / "broken.txt"), str(docs / "ministry.txt"))
    no_crash(result)
    assert result.exit_code == 1  # the broken file is reported, the others still extracted
    lines = result.stdout.strip().splitlines()
    assert [Path(json.loads(line)["document"]["path"]).name for line in lines] == ["embassy.txt", "ministry.txt"]
    assert "broken.txt" in result.stderr


def test_extract_reports_a_fault_on_one_document_and_goes_on_with_the_others(tmp_path: Path, monkeypatch) -> None:
    import threadline.cli.extract as command

    docs = write_docs(tmp_path / "docs", junk=False)
    real = command.extract_document

    def faulty(document):
        if document.path and document.path.endswith("embassy.txt"):
            raise ValueError("min() arg is an empty sequence")
        return real(document)

    monkeypatch.setattr(command, "extract_document", faulty)
    out = tmp_path / "out"
    result = run("extract", str(docs / "embassy.txt"), str(docs / "ministry.txt"), "--out", str(out))
    assert result.exit_code == 1
    assert "embassy.txt: extraction failed (ValueError" in result.stderr and "bug in Threadline" in result.stderr
    assert [p.name for p in out.iterdir()] == ["ministry.json"]


def test_show_says_a_list_longer_than_the_cap_is_longer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractions import store_busy_bureau

    from threadline.store.profile_pages import ProfilePages

    db = tmp_path / "cap.db"
    store_busy_bureau(db)  # 12 mentions
    exact = " ".join(run("show", "Dune Bureau", "--db", str(db), "--limit", "2").stdout.split())
    assert "12 mentions" in exact and "more than" not in exact
    monkeypatch.setattr(ProfilePages, "total_cap", 5)
    out = " ".join(run("show", "Dune Bureau", "--db", str(db), "--limit", "2").stdout.split())
    assert "more than 5 mentions" in out and "12 mentions" not in out
    (profile,) = json.loads(run("show", "Dune Bureau", "--db", str(db), "--json").stdout)
    assert profile["totals"]["mentions"] == 5 and profile["capped"]["mentions"] and len(profile["mentions"]) == 12
    part = " ".join(run("show", "Dune Bureau", "--db", str(db), "--part", "mentions", "--limit", "4",
                        "--offset", "6").stdout.split())
    assert "mentions 7–10 of more than 5" in part
    monkeypatch.setattr(ProfilePages, "total_cap", 12)
    part = " ".join(run("show", "Dune Bureau", "--db", str(db), "--part", "mentions", "--offset", "6").stdout.split())
    assert "mentions 7–12 of 12" in part
