from threadline.extract.language import detect_language


def test_detects_english_and_french():
    assert detect_language("The ministry said that the offices were closed and that the police had been told.") == "en"
    assert detect_language("Le ministère a dit que les bureaux de la police sont fermés et que la France est concernée.") == "fr"


def test_defaults_to_english_without_evidence():
    assert detect_language("") == "en"
    assert detect_language("Safeguard Defenders") == "en"


import pytest  # noqa: E402

from threadline.extract.language import LANGUAGES, han_share, language_code  # noqa: E402
from threadline.extract.pipeline import language_of  # noqa: E402
from threadline.model import Document  # noqa: E402


@pytest.mark.parametrize("lang, text", [
    ("nl", "De Chinese ambassade in Den Haag ontkende dat er politiebureaus waren."),
    ("it", "Secondo l'associazione, la polizia cinese ha aperto due stazioni a Prato e Milano."),
    ("de", "Die chinesische Botschaft in Berlin wies die Vorwürfe am Montag zurück."),
    ("es", "La embajada china en Madrid negó las acusaciones de la organización."),
    ("fr", "L'ambassade de Chine a démenti ces informations dans un communiqué."),
    ("en", "The embassy rejected the report and said the offices were closed."),
])
def test_detects_every_handled_language(lang, text):
    assert detect_language(text) == lang


def test_chinese_is_told_by_script_even_when_short():
    assert detect_language("中共") == "zh"
    assert detect_language("中共中央統戰部否認上述指控。") == "zh"  # traditional characters
    assert detect_language("Safeguard Defenders（保护卫士）表示，荷兰福建同乡会否认。") == "zh"
    # an English text quoting a Chinese name stays English
    assert detect_language("The United Front Work Department (中共中央统战部) oversees the work, the report said.") == "en"
    assert detect_language("東京で日本の警察が発表した。") != "zh"  # kana: Japanese, not Chinese
    assert han_share("abc") == 0.0 and han_share("中文") == 1.0


def test_detection_is_deterministic_and_reads_only_the_start():
    text = "De Chinese ambassade ontkende alles. " * 120 + "The embassy said. " * 2000  # Dutch fills the sample
    assert {detect_language(text) for _ in range(3)} == {"nl"}
    assert detect_language(text) in LANGUAGES


def test_an_explicit_language_wins_and_is_normalised():
    assert language_code("zh-Hant") == "zh" and language_code("FR_fr") == "fr" and language_code(" ") is None
    assert language_of(Document(text="The embassy said so and the ministry agreed.", language="fr")) == "fr"
    assert language_of(Document(text="中共中央统战部否认。", language="zh-CN")) == "zh"
    assert language_of(Document(text="中共中央统战部否认。")) == "zh"


PARAGRAPHS = {
    "en": "The committee said on Tuesday that it would publish the findings of its inquiry once the ministry had "
          "answered every question, and that the police were still looking into the matter.",
    "fr": "Le comité a indiqué mardi qu'il publierait les conclusions de son enquête dès que le ministère aurait "
          "répondu à toutes les questions, et que la police examinait encore l'affaire.",
    "de": "Der Ausschuss teilte am Dienstag mit, er werde die Ergebnisse seiner Untersuchung veröffentlichen, sobald "
          "das Ministerium alle Fragen beantwortet habe, und die Polizei prüfe die Sache noch.",
    "nl": "De commissie zei dinsdag dat zij de bevindingen van haar onderzoek zou publiceren zodra het ministerie "
          "alle vragen had beantwoord, en dat de politie de zaak nog onderzocht.",
    "it": "La commissione ha detto martedì che avrebbe pubblicato i risultati della sua indagine non appena il "
          "ministero avesse risposto a tutte le domande, e che la polizia stava ancora esaminando il caso.",
    "es": "La comisión dijo el martes que publicaría las conclusiones de su investigación en cuanto el ministerio "
          "hubiera respondido a todas las preguntas, y que la policía seguía examinando el asunto.",
}


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_a_paragraph_is_told_by_its_marker_words_without_the_ngram_model(lang, monkeypatch):
    from threadline.extract import language

    def no_model():
        raise AssertionError("the n-gram model was loaded for a paragraph the marker words decide")

    monkeypatch.setattr(language, "_identifier", no_model)
    language._detect.cache_clear()
    assert detect_language(PARAGRAPHS[lang]) == lang


def test_a_text_without_a_leading_language_still_reaches_the_fallbacks(monkeypatch):
    from threadline.extract import language

    asked = []
    real = language._identifier

    def counting():
        asked.append(True)
        return real()

    monkeypatch.setattr(language, "_identifier", counting)
    language._detect.cache_clear()
    assert detect_language("Safeguard Defenders, Madrid, Lisboa, Roma: report 2022") in LANGUAGES
    assert asked  # too few marker words: the statistical model decides


def test_shipped_language_markers_equal_a_fresh_build():
    import gzip
    import json
    from importlib import resources

    from threadline.extract.common_words import MARKERS, build_markers

    shipped = json.loads(gzip.decompress(resources.files("threadline.extract.patterns").joinpath(MARKERS).read_bytes()))
    assert shipped["words"] == build_markers()
