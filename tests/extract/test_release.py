"""A text that calls itself a release or a report, against one that only mentions someone's."""

import pytest

from threadline.extract.patterns import load_patterns
from threadline.extract.release import declares_release


def declares(text: str) -> bool:
    words = load_patterns().words
    return declares_release(text, words("release_labels"), words("self_reference_determiners"),
                            words("self_reference_nouns"))


@pytest.mark.parametrize("text", [
    "Press release\n\nHarbour Rights Watch calls on the council to act.",
    "Harbour Rights Watch\nPRESS RELEASE: 14 March 2024\nThe group calls on the council to act.",
    "Ein Titel\n\nPresseerklärung vom 3. Mai 2021\n\nDie Gruppe fordert den Rat auf zu handeln.",
    "A title\n\nThis latest report documents forty cases of threats against reporters.",
    "Een titel\n\nDit rapport beschrijft veertig gevallen van bedreiging.",
])
def test_a_label_at_the_head_or_an_opening_that_refers_to_the_text_itself(text):
    assert declares(text)


@pytest.mark.parametrize("text", [
    "The council met on Monday.\n\nIn a press release, Harbour Rights Watch called on it to act.",
    "Press release criticised\n\nThe group's statement drew criticism from the council.",  # a headline about one
    "The council met on Monday.\n\nReuters contributed to this report.",
    "A title\nOne\nTwo\nThree\nFour\nFive\nSix\nThis report documents forty cases.",  # too far down
])
def test_a_story_that_mentions_a_release_or_credits_its_reporting_is_not_one(text):
    assert not declares(text)
