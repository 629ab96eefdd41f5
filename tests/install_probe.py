"""Run inside a clean venv that has only Threadline's wheel installed (tests/test_install.py).

Writes one file of every documented format, ingests the folder with ``Workspace.add``, reads an HTML
page once more with trafilatura made unimportable, and prints what it found as JSON. It imports nothing
from the test extras: only the package and its own dependencies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest_samples import ATOM, PAGE_ONE, PAGE_TWO, RSS, make_docx, make_eml, make_pdf, make_zip, write

HTML = ("<!doctype html><html lang='en'><head><title>Harbour office opens</title></head><body><nav>Home</nav>"
        "<article><p>The Harbour Friendship Association opened an office in Rotterdam in March 2021.</p>"
        "<p>Its chair, Anna Berg, said the office would host language classes.</p></article></body></html>")
FILES = {
    "note.txt": ("Safeguard Defenders alleged on 4 May 2023 that the Harbour Friendship Association ran an "
                 "undeclared police station in Rotterdam. Anna Berg, chair of the Harbour Friendship Association, "
                 "denied the claim.\n"),
    "brief.md": "---\ntitle: Monitor brief\npublisher: Coastal Rights Monitor\npublished: 2023-05-04\n---\n"
                "The Coastal Rights Monitor alleged that the association reported on students in Rotterdam.\n",
    "page.html": HTML,
    "report.pdf": make_pdf([PAGE_ONE, PAGE_TWO], title="Monitor report"),
    "review.docx": make_docx(),
    "statement.eml": make_eml(),
    "gazette.rss": RSS,
    "updates.atom": ATOM,
    "bundle.zip": make_zip({"inner.txt": b"The association denied the claim in June 2023.\n"}),
    "wire.xml": RSS.replace("Harbour Gazette", "Wire Service").replace("gazette.example", "wire.example")
                   .replace("opened an office in Rotterdam, its chair said", "was registered in Antwerp in 2019")
                   .replace("alleged that the office collected details about students",
                            "said the Antwerp branch hosted a visiting delegation in 2022"),
    "notice.xhtml": ("<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml' lang='en'>"
                     "<head><title>Council notice</title></head><body><p>The city council of Ghent said in May 2023 "
                     "that it had ended its lease with the Harbour Friendship Association.</p></body></html>"),
}


def main(folder: Path) -> None:
    from threadline import Workspace
    from threadline.ingest import read_document

    inbox = folder / "inbox"
    for name, content in FILES.items():
        write(inbox / name, content)
    with Workspace(folder / "probe.db") as ws:
        report = ws.add([inbox], jobs=1)
        stats = ws.stats()
        documents = [d["path"] or "" for d in ws.store.snapshot_rows()["documents"]]
    try:  # the plain install must have trafilatura's whole import chain, not just the fallback
        import trafilatura

        trafilatura_reads = "Anna Berg" in (trafilatura.bare_extraction(HTML).text or "")
    except ImportError as exc:
        trafilatura_reads = str(exc)
    sys.modules["trafilatura"] = None  # type: ignore[assignment]  # a broken optional parser
    fallback = read_document(inbox / "page.html")
    print(json.dumps({
        "failed": [str(f) for f in report.failed],
        "documents": stats["documents"],
        "entities": stats["entities"],
        "suffixes": sorted({Path(p.split("!")[0].split("#")[0]).suffix for p in documents}),
        "trafilatura_reads": trafilatura_reads,
        "fallback_title": fallback.title,
        "fallback_text": fallback.text,
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
