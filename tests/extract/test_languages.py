"""Dutch and Italian go through the English model: names from the gazetteer and capitalised words,
claims from word lists and the nearest actor, since the parse cannot be trusted."""

import pytest

from threadline.extract.pipeline import extract
from threadline.model import Document

pytestmark = pytest.mark.model


def claims(text):
    ex = extract(Document(text=text))
    return ex, {(c.claimant, c.stance) for c in ex.claims}


def test_dutch_claims_and_language():
    ex, found = claims("De Chinese ambassade in Den Haag ontkende dat er politiebureaus waren. "
                       "Volgens Safeguard Defenders werden dissidenten onder druk gezet. "
                       "Minister Wopke Hoekstra zei dat de kantoren moesten sluiten.")
    assert ex.extractor["language"] == "nl"
    assert ("Safeguard Defenders", "alleges") in found and ("Wopke Hoekstra", "states") in found
    assert any(stance == "denies" for _, stance in found)


def test_italian_places_are_split_and_connectives_are_not_names():
    ex, found = claims("Secondo Safeguard Defenders, la polizia cinese ha aperto stazioni a Prato e Milano.")
    names = {e.name: e.type for e in ex.entities}
    assert ex.extractor["language"] == "it"
    assert names.get("Prato") == "GPE" and names.get("Milano") == "GPE" and "Secondo" not in names
    assert ("Safeguard Defenders", "alleges") in found
