"""A document in a language without a parser of its own says so wherever it is shown: stats, show, the
document view (API) and the sources of dossiers and reports."""

from click.testing import CliRunner

from threadline.api import Workspace
from threadline.cli import cli
from threadline.model import SCHEMA

_NL = ("---\ntitle: Politiepost in Utrecht\npublisher: Utrechts Weekblad\nlanguage: nl\n---\n"
       "De politie in Utrecht onderzoekt een Chinees kantoor, zei woordvoerder Anna de Vries. "
       "Volgens Safeguard Defenders werkt het kantoor voor de politie van Fuzhou.\n")
_EN = ("---\ntitle: Office in Leeds\npublisher: Leeds Courier\nlanguage: en\n---\n"
       "Safeguard Defenders said the office in Leeds worked for the police in Fuzhou.\n")


def test_the_schema_says_which_languages_are_read_by_rules():
    assert not SCHEMA.read_by_rules("en") and not SCHEMA.read_by_rules("fr-FR")
    assert SCHEMA.read_by_rules("nl") and SCHEMA.read_by_rules("zh") and SCHEMA.read_by_rules("pt")


def test_stats_show_document_and_dossier_say_read_by_rules(tmp_path):
    (tmp_path / "nl.md").write_text(_NL, encoding="utf-8")
    (tmp_path / "en.md").write_text(_EN, encoding="utf-8")
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["add", str(tmp_path / "nl.md"), str(tmp_path / "en.md"), "--db", db]).exit_code == 0
    with Workspace(db) as ws:
        assert ws.stats()["read_by_rules"] == 1
        snapshot = ws.snapshot()
        ids = {d.title: d.id for d in snapshot.documents.values()}
        assert ws.document(ids["Politiepost in Utrecht"])["read_by_rules"] is True
        assert ws.document(ids["Office in Leeds"])["read_by_rules"] is False
    shown = runner.invoke(cli, ["show", "Safeguard Defenders", "--db", db])
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.output.splitlines() if "source:" in line]
    assert any("Politiepost" in line and "read by rules" in line for line in lines)
    assert all("read by rules" not in line for line in lines if "Office in Leeds" in line)
    stats = runner.invoke(cli, ["stats", "--db", db])
    assert "read_by_rules" in stats.output
    brief = runner.invoke(cli, ["dossier", "--entity", "Safeguard Defenders", "--db", db])
    assert brief.exit_code == 0, brief.output
    notes = [line for line in brief.output.splitlines() if line.startswith("[^")]
    assert any("Politiepost" in n and "read by rules: lower recall" in n for n in notes)
    assert all("read by rules" not in n for n in notes if "Office in Leeds" in n)


def test_the_readers_agree_with_the_pipelines_extraction_loads():
    from threadline.extract.nlp import MODELS, model_for

    for language, spec in SCHEMA.readers.items():
        own = model_for(language) == MODELS.get(language) and language in MODELS and language != "zh"
        assert (spec["reader"] == "model") == own, language


def test_the_rules_ask_the_readers_which_parse_is_a_languages_own():
    from threadline.extract.languages import borrowed_languages, has_own_parser
    from threadline.extract.nlp import MODELS, model_for

    assert has_own_parser("en") and has_own_parser("fr") and has_own_parser(None)  # no language: the default, English
    assert not has_own_parser("de") and not has_own_parser("pt")  # a language no pipeline was trained on
    borrowed = borrowed_languages()
    assert borrowed == {code for code in SCHEMA.readers if code != "en" and model_for(code) == MODELS["en"]}
    assert {"de", "nl", "it", "es"} <= borrowed and not borrowed & {"en", "fr", "zh"}
