"""A small corpus written for the redaction tests: three protected people, each written in every
variant redaction must catch, planted in every format ingest reads; and unprotected people who share
a word with them, whose names must stay visible.

The texts are invented for these tests; names and places are fictional.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from email.message import EmailMessage
from pathlib import Path

# name -> the spellings planted in the documents (each must be blanked for members without 'sensitive')
PROTECTED = {
    "Marta Kowalczyk": ["Marta Kowalczyk", "MARTA KOWALCZYK", "Márta Kowalczyk", "Marta_Kowalczyk", "marta-kowalczyk",
                        "Marta\nKowalczyk", "Kowalczyk", "martakowalczyk"],
    "Chen Zhiqiang": ["Chen Zhiqiang", "Chen Zhi-qiang", "Zhiqiang Chen", "chen_zhiqiang", "陈志强", "陳志強"],
    "Şule Yıldırım": ["Şule Yıldırım", "Sule Yildirim", "sule-yildirim", "ŞULE YILDIRIM", "Yıldırım"],
}
# unprotected people sharing a word with a protected one ("Chen"): they must stay visible
CONTROLS = ["Chen Meili", "Piotr Nowak"]
CONTROL_PHRASES = ["Chen said the association"]  # a short form ("Chen") that refers to the unprotected namesake
# the same short form where it refers to the protected person: it must be blanked there, and only there
SHORT_SECRETS = ["Chen said he had reported"]

JAVASCRIPT = "javascript:alert(document.domain)"


def plain(text: str) -> str:
    """Text as the leak check compares it: no case, no accents, simplified Han, every non-letter run one space."""
    from threadline.resolve.romanise import simplified

    text = unicodedata.normalize("NFKD", simplified(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("ı", "i")
    return " " + re.sub(r"[\W_]+", " ", text).strip() + " "


def secret_keys() -> dict[str, set[str]]:
    """For each protected person, every key whose presence in a response is a leak."""
    out: dict[str, set[str]] = {}
    for name, variants in PROTECTED.items():
        keys = {plain(v).strip() for v in variants}
        keys |= {k.replace(" ", "") for k in keys if " " in k}
        out[name] = keys
    return out


def found(keys: set[str], text: str) -> list[str]:
    flat = plain(text)
    squeezed = flat.replace(" ", "")
    hits = [k for k in keys if f" {k} " in flat]
    hits += [k for k in keys if " " not in k and not k.isascii() and k in squeezed]  # Han names have no spaces
    return sorted(set(hits))


def _docx(paragraphs: list[str], title: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (ASCII only: the standard Helvetica font)."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
    for line in text.split("\n"):
        ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _eml() -> bytes:
    message = EmailMessage()
    message["From"] = "Harbour Rights Monitor <desk@monitor.example>"
    message["To"] = "editors@example.org"
    message["Subject"] = "Statement by Marta Kowalczyk"
    message["Date"] = "Mon, 06 Mar 2023 10:00:00 +0100"
    message.set_content("The Harbour Rights Monitor said on Monday that MARTA KOWALCZYK had been questioned twice.\n"
                        "Piotr Nowak, a lawyer in Gdansk, confirmed that his client had filed a complaint.\n")
    message.add_attachment("Kowalczyk said the officers asked about her neighbours.\n", filename="Marta_Kowalczyk_notes.txt")
    return message.as_bytes()


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example/</link>
<item><title>Dissident followed in Rotterdam</title><link>https://gazette.example/2023/chen-zhiqiang-followed</link>
<pubDate>Tue, 02 May 2023 08:00:00 GMT</pubDate>
<description>The dissident Zhiqiang Chen said he was followed by two men in Rotterdam in April 2023.</description></item>
<item><title>Association answers</title><link>{js}</link><pubDate>Wed, 03 May 2023 08:00:00 GMT</pubDate>
<description>Chen Meili, a spokesperson for the Harbour Friendship Association, denied that it monitored students.</description></item>
</channel></rss>
""".replace("{js}", JAVASCRIPT)


def write_corpus(folder: Path) -> list[Path]:
    """Every format, every variant; returns the files to ingest."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "Marta_Kowalczyk_statement.txt": (
            "The witness Marta Kowalczyk told the Harbour Rights Monitor that officers visited her flat in Gdansk in 2022.\n"
            "Kowalczyk said she was afraid to speak to reporters. The statement names Marta\nKowalczyk as its author.\n"
            "Piotr Nowak, a lawyer in Gdansk, said the visits broke Polish law.\n"),
        "marta.md": (
            "---\ntitle: Márta Kowalczyk speaks about the visits\npublisher: Harbour Gazette\npublished: 2023-03-07\n"
            "url: https://gazette.example/2023/marta-kowalczyk-speaks\n---\n\n"
            "Márta Kowalczyk said the officers came back in January 2023. The Harbour Rights Monitor alleged that the "
            "consulate in Gdansk had ordered the visits. Piotr Nowak said the complaint was still open.\n"),
        "association.md": (
            "---\ntitle: Association denies monitoring\npublisher: Harbour Gazette\npublished: 2023-05-04\n"
            f"url: \"{JAVASCRIPT}\"\n---\n\n"
            "Chen Meili, a spokesperson for the Harbour Friendship Association, denied on Thursday that it monitored "
            "students. Chen said the association only organised cultural events.\n"
            "Safeguard Defenders alleged that the Harbour Friendship Association sent students a form at "
            "[the form](javascript:alert('md')) with <img src=x onerror=\"alert('img')\"><script>alert('quote')</script> in it.\n"),
        "chen.html": (
            "<html><head><title>Chen Zhi-qiang describes being followed</title></head><body><article>"
            "<h1>Chen Zhi-qiang describes being followed</h1>"
            "<p>The dissident Chen Zhiqiang said he was followed in Rotterdam in 2023. The Harbour Rights Monitor "
            "alleged that the Chinese embassy in The Hague organised the surveillance.</p>"
            "<p>Chen Zhiqiang said the men photographed his house. Chen Meili, a spokesperson for the Harbour "
            "Friendship Association, said the association had no part in it.</p></article></body></html>"),
        "zh.txt": "荷兰福建同乡会会长陈志强指控中国驻荷兰大使馆监视华人。据报道，会长陳志強说他在鹿特丹被跟踪。\n",
        "sule.docx": _docx(["The journalist Şule Yıldırım said in 2022 that she had received threats in Antwerp.",
                            "Sule Yildirim said the Harbour Rights Monitor had documented the messages.",
                            "Yıldırım told the court that the messages came from one account."],
                           "ŞULE YILDIRIM: threats in Antwerp"),
        "sule-yildirim.pdf": _pdf("Sule Yildirim told the Harbour Rights Monitor in 2023 that the threats had stopped.\n"
                                  "Piotr Nowak said the case was closed."),
        "monitor.eml": _eml(),
        "gazette.rss": RSS,
    }
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("notes/chen_zhiqiang.txt", "Chen Zhiqiang said in 2023 that the Harbour Rights Monitor kept his letters.\n"
                                                    "Chen said he had reported the men to the Rotterdam police in May 2023.\n")
        archive.writestr("notes/nowak.txt", "Piotr Nowak said in 2023 that the Harbour Rights Monitor kept the letters.\n")
    (folder / "bundle.zip").write_bytes(bundle.getvalue())
    paths.append(folder / "bundle.zip")
    return paths
