"""Analysis commands end to end on the example corpus: path, neighbours, rank, communities, timeline, protect."""

import json
import shutil

import pytest
from click.testing import CliRunner

from threadline.cli import cli

pytestmark = pytest.mark.model


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def db(stored_corpus, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(stored_corpus, copy)
    return str(copy)


def test_path_prints_hops_with_sources(db):
    result = run("path", "Safeguard Defenders", "Ministry of Public Security", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Shortest path" in result.output and "independent source" in result.output and "“" in result.output
    data = json.loads(run("path", "Safeguard Defenders", "Ministry of Public Security", "--db", db, "--json").output)
    hops = data["best_evidenced"]
    assert hops and all(h["evidence"] and h["evidence"][0]["sentence"] for h in hops)


def test_path_without_connection_exits_1(db):
    result = CliRunner().invoke(cli, ["path", "Safeguard Defenders", "Ministry of Public Security", "--db", db, "--max-hops", "1"])
    assert result.exit_code == 1 and "no path within 1 hops" in result.output


def test_neighbours_with_filters(db):
    rows = json.loads(run("neighbours", "Safeguard Defenders", "--db", db, "--json").output)
    assert rows and all(r["evidence"] for r in rows)
    alleged = json.loads(run("neighbours", "Safeguard Defenders", "--stance", "alleges", "--db", db, "--json").output)
    assert alleged and {r["label"] for r in alleged} == {"alleges"}
    states = json.loads(run("neighbours", "Safeguard Defenders", "--type", "STATE_BODY", "--db", db, "--json").output)
    assert len(states) < len(rows)
    late = json.loads(run("neighbours", "Safeguard Defenders", "--since", "2030", "--db", db, "--json").output)
    assert late == []


def test_rank_and_communities(db):
    ranked = json.loads(run("rank", "--by", "pagerank", "--type", "STATE_BODY", "--db", db, "--json").output)
    assert ranked and all(r["type"] == "STATE_BODY" for r in ranked)
    assert ranked == sorted(ranked, key=lambda r: -r["pagerank"])
    groups = json.loads(run("communities", "--db", db, "--json").output)
    assert groups and all(len(g) >= 3 for g in groups)


def test_timeline_by_country_is_ordered_and_sourced(db):
    entries = json.loads(run("timeline", "--country", "NL", "--db", db, "--json").output)
    assert entries and all(e["source"] for e in entries)
    happened = [e["happened"] for e in entries if e["happened"]]
    assert happened == sorted(happened)
    assert any(e["kind"] == "event" for e in entries) and any(e["kind"] != "event" for e in entries)


def test_protected_person_disappears_from_every_analysis_output(db):
    assert run("protect", "Wang Jingyu", "--db", db).exit_code == 0
    outputs = [
        run("neighbours", "Netherlands", "--depth", "2", "--db", db, "--json").output,
        run("timeline", "--country", "NL", "--db", db, "--json").output,
        run("rank", "--db", db, "--limit", "500", "--json").output,
        run("communities", "--db", db, "--min-size", "1", "--json").output,
    ]
    for out in outputs:
        assert "Wang Jingyu" not in out and "Jingyu" not in out
    assert "[protected person" not in outputs[2] + outputs[3]  # no node, not even a placeholder, to rank or group
    shown = run("timeline", "--country", "NL", "--db", db, "--json", "--include-protected").output
    assert "Wang Jingyu" in shown
    assert run("unprotect", "Wang Jingyu", "--db", db).exit_code == 0
    assert "Wang Jingyu" in run("timeline", "--country", "NL", "--db", db, "--json").output
