"""PDF text as prose: wrapped lines joined (hyphenation too), spaces collapsed, running headers and footers dropped.

The end-to-end test prints an article of our own to PDF with WeasyPrint (narrow
pages, justified and hyphenated, a running header and page numbers) and checks
that the PDF yields the same text and the same claims as the article as .txt.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from threadline.ingest import page_of, read_document
from threadline.ingest.formats.pdf_layout import drop_running_lines, reflow_pages

HEADLINE = "Harbour association denies collecting data"
PARAGRAPHS = [
    "The Harbour Friendship Association opened an office in Rotterdam in March 2021. Its chair, Anna Berg, "
    "said the office would host language classes for the children of the neighbourhood.",
    "In a report published in May 2023, the Coastal Rights Monitor alleged that the office collected personal "
    "details about students and passed them to the consulate of a foreign state.",
    "\u201cWe have never collected anything about anyone, and we never will,\u201d Anna Berg said, calling the "
    "allegations unfounded and irresponsible.",
    "Councillor Pieter de Graaf said the municipality would examine the association\u2019s accounts before "
    "renewing its lease on the building next year.",
    "The Coastal Rights Monitor said it stood by its findings and accused the association of intimidating "
    "the families who had spoken to its researchers.",
    "Local residents told reporters that the classes were popular and that the office had been quiet for "
    "most of the year, apart from a few evening meetings.",
]
HEADER = "Rotterdam Weekly Bulletin \u2014 Harbour edition"


def article_text() -> str:
    return HEADLINE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def article_pdf() -> bytes:
    """The article printed narrow, justified and hyphenated, with a header and a page number on every page."""
    weasyprint = pytest.importorskip("weasyprint")
    css = ("@page { size: 110mm 150mm; margin: 22mm 14mm;"
           f" @top-center {{ content: '{HEADER}'; font-size: 8pt; }}"
           " @bottom-center { content: 'Page ' counter(page) ' of ' counter(pages); font-size: 8pt; } }"
           " body { font: 10pt serif; } h1 { font-size: 16pt; }"
           " p { margin: 0 0 1em; text-align: justify; hyphens: auto; }")
    body = f"<h1>{html.escape(HEADLINE)}</h1>" + "".join(f"<p>{html.escape(p)}</p>" for p in PARAGRAPHS)
    page = f"<html lang='en'><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=page).write_pdf()


@pytest.fixture(scope="module")
def pdf_and_txt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pdf_layout")
    pdf, txt = folder / "article.pdf", folder / "article.txt"
    pdf.write_bytes(article_pdf())
    txt.write_text(article_text(), encoding="utf-8")
    return pdf, txt


def words(text: str) -> list[str]:
    return text.split()


def test_printed_article_reads_back_as_its_text(pdf_and_txt: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    pdf, txt = pdf_and_txt
    raw = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(raw) >= 2, "the fixture must run over several pages"
    assert any(line.rstrip().endswith("\u2010") for page in raw for line in page.splitlines()), "no hyphenated line"
    doc = read_document(pdf)
    assert HEADER not in doc.text and "Page 1" not in doc.text and "of 2" not in doc.text
    assert "  " not in doc.text
    for paragraph in [HEADLINE, *PARAGRAPHS]:
        assert paragraph in doc.text  # one line, no hyphen left, nothing cut
    assert words(doc.text) == words(read_document(txt).text)
    last = PARAGRAPHS[-1]
    assert page_of(doc.meta, doc.text.index(last[-30:])) == len(raw)
    assert page_of(doc.meta, 0) == 1


@pytest.mark.model
def test_pdf_yields_the_claims_of_the_same_text(pdf_and_txt: tuple[Path, Path]) -> None:
    from threadline.api import extract_document

    pdf, txt = pdf_and_txt

    def claims(path: Path) -> set[tuple[object, ...]]:
        ex = extract_document(read_document(path))
        return {(c.claimant, c.stance, c.text, c.evidence.sentence) for c in ex.claims}

    from_pdf, from_txt = claims(pdf), claims(txt)
    assert from_txt, "the article must hold claims"
    assert any("never collected anything" in sentence for *_, sentence in from_txt)
    assert from_pdf == from_txt


# -- the rules, line by line -----------------------------------------------------------------------

FULL = "A" + "x" * 59  # a full line that starts with a capital


def test_hyphenated_word_is_joined_and_a_real_hyphen_kept() -> None:
    text, _ = reflow_pages([f"{FULL}\nThe office col-\nlected the state-\nowned data\nin a state-owned building."])
    assert "collected" in text and "col-" not in text
    assert "state-owned data" in text  # the document writes "state-owned" elsewhere: the hyphen is the word's
    text, _ = reflow_pages(["The soft hyphen cuts a re\u00ad\nport; so does the typographic de\u2010\ntail."])
    assert "report;" in text and "detail." in text


def test_short_line_before_a_capital_stays_a_line() -> None:
    text, _ = reflow_pages([f"Headline about the harbour\n{FULL}\nAnna Berg said.\nNext paragraph starts here."])
    assert text.startswith("Headline about the harbour\n")
    assert f"{FULL} Anna Berg said.\nNext paragraph" in text  # a short last line of a paragraph ends it


def test_long_line_before_a_capital_is_wrapped_and_lower_case_always_continues() -> None:
    line = "the report, which ran to forty pages, was written by the"
    text, _ = reflow_pages([f"{FULL}\n{line}\nCoastal Rights Monitor in May."])
    assert text == f"{FULL} {line} Coastal Rights Monitor in May."


def test_spaces_collapse() -> None:
    text, _ = reflow_pages(["Anna   Berg\u00a0 said\t\tso."])
    assert text == "Anna Berg said so."


def test_chinese_lines_join_without_a_space() -> None:
    text, _ = reflow_pages(["荷兰福建同乡会会长王小\n明表示欢迎。\n该会随后发表声明。"])
    assert text == "荷兰福建同乡会会长王小明表示欢迎。\n该会随后发表声明。"


def test_running_headers_footers_and_page_numbers_go() -> None:
    bodies = ["The office opened.", "It closed in June.", "Nobody was charged."]
    pages = [[f"Monitor report {n}", bodies[n - 1], f"- {n} -"] for n in (1, 2, 3)]
    pages[0][0] = "Masthead of the first page"
    kept = drop_running_lines(pages)
    assert kept == [["Masthead of the first page", bodies[0]], [bodies[1]], [bodies[2]]]


def test_a_line_the_body_repeats_is_not_a_running_line() -> None:
    repeated = "The association denied it."
    pages = [["Top one", "a", "b", "c", repeated, "d", "e", "f", repeated], ["Top two", "g", repeated]]
    assert repeated in drop_running_lines(pages)[1]


def test_one_page_keeps_its_first_and_last_lines() -> None:
    assert drop_running_lines([["Title", "Body."]]) == [["Title", "Body."]]


def test_paragraph_going_on_over_a_page_break_is_joined_and_pages_start_right() -> None:
    text, starts = reflow_pages([f"{FULL}\n{FULL} and the", "", "office closed. A new page.", "Last page."])
    assert f"{FULL} and the office closed. A new page.\n\nLast page." == text[len(FULL) + 1:]
    assert starts[1] == starts[2] == text.index("office closed")
    assert starts[3] == text.index("Last page.")
