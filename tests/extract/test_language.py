from threadline.extract.language import detect_language


def test_detects_english_and_french():
    assert detect_language("The ministry said that the offices were closed and that the police had been told.") == "en"
    assert detect_language("Le ministère a dit que les bureaux de la police sont fermés et que la France est concernée.") == "fr"


def test_defaults_to_english_without_evidence():
    assert detect_language("") == "en"
    assert detect_language("Safeguard Defenders") == "en"
