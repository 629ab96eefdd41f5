"""A text's own "Source:" line names its publisher when no metadata does."""

import pytest

from threadline.ingest.document import make_document
from threadline.ingest.source_line import find_publisher


@pytest.mark.parametrize("text, publisher", [
    ("Source: Harbour Rights Watch\nThe group published its findings on Monday.", "Harbour Rights Watch"),
    ("Quelle: Bundesamt für Beispiele\n\nDer Bericht erschien am Montag.", "Bundesamt für Beispiele"),
    ("The council met on Monday.\nIt approved the budget.\nBron: Gemeente Voorbeeld", "Gemeente Voorbeeld"),
    ("来源：示例日报\n会议于周一举行。", "示例日报"),
])
def test_a_source_line_at_either_end_names_the_publisher(text, publisher):
    assert find_publisher(text) == publisher


@pytest.mark.parametrize("text", [
    "Source: https://example.org/story\nThe council met on Monday.",  # a link, not a name
    "Source: Harbour Daily, 4 May 2023\nThe council met on Monday.",  # a date: a citation
    "Note: the council met on Monday.\nIt approved the budget.",  # another label
    "The mayor said one source: a leaked memo.\nIt was dated May.\nNobody denied it.\nThe council met.",  # a sentence
    "The council met on Monday.\nOne\nTwo\nThree\nSource: Harbour Daily\nFour\nFive\nSix",  # mid-text
])
def test_no_publisher_from_links_citations_other_labels_or_the_middle(text):
    assert find_publisher(text) is None


def test_the_source_line_fills_in_only_where_metadata_is_silent():
    text = "Source: Harbour Rights Watch\nThe group published its findings on Monday."
    assert make_document(text, {}, None).publisher == "Harbour Rights Watch"
    assert make_document(text, {"publisher": "Front Matter Press"}, None).publisher == "Front Matter Press"
