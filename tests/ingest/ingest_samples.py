"""Test files built in code: a PDF by hand, a DOCX, an e-mail, a feed, zips. All text is invented."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

PAGE_ONE = ("The Harbour Friendship Association opened an office in Rotterdam in March 2021.\n"
            "Its chair, Anna Berg, said the office would host language classes.")
PAGE_TWO = ("In a report published on 4 May 2023, the Coastal Rights Monitor alleged that the office "
            "collected details about students.")
PAGE_THREE = "The association denied the claim and said it had closed the office in June 2023."


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text block per page, uncompressed streams, exact xref offsets."""
    objects: list[bytes] = [b"", b""]  # catalog and page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for text in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in text.split("\n"):
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % content)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = None
    if title:
        objects.append(b"<< /Title (%s) /Author (Research Desk) /CreationDate (D:20230504120000Z) >>" % title.encode("latin-1"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, b" /Info %d 0 R" % info if info else b"", xref)
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """The same PDF encrypted with RC4 (needs no extra package)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.title = "Annual review of the Harbour Friendship Association"
    document.core_properties.author = "Lena Vos"
    document.core_properties.created = dt.datetime(2022, 9, 14, 10, 0)
    document.add_paragraph("The association held eleven cultural events in Antwerp in 2022.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Event"
    table.cell(0, 1).text = "City"
    table.cell(1, 0).text = "Lantern festival"
    table.cell(1, 1).text = "Ghent"
    document.add_paragraph("Its treasurer, Pieter Visser, resigned in November 2022.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_eml(html: bool = False, attachments: dict[str, bytes] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Coastal Rights Monitor <press@monitor.example>"
    message["To"] = "desk@example.org"
    message["Subject"] = "Statement on the Rotterdam office"
    message["Date"] = "Thu, 04 May 2023 09:30:00 +0200"
    message["Message-ID"] = "<statement-42@monitor.example>"
    text = "The Coastal Rights Monitor said on Thursday that the Rotterdam office remained open."
    if html:
        message.set_content("<html><body><p>" + text + "</p><p>The association did not reply.</p></body></html>",
                            subtype="html")
    else:
        message.set_content(text + "\n")
    for name, data in (attachments or {}).items():
        if name.endswith(".txt"):
            message.add_attachment(data.decode("utf-8"), filename=name)
        else:
            maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Harbour Gazette</title>
    <link>https://gazette.example/</link>
    <language>en-gb</language>
    <item>
      <title>Association opens office</title>
      <link>https://gazette.example/office</link>
      <pubDate>Tue, 02 Mar 2021 08:00:00 GMT</pubDate>
      <description>&lt;p&gt;The Harbour Friendship Association opened an office in Rotterdam, its chair said.&lt;/p&gt;</description>
    </item>
    <item>
      <title>Monitor publishes report</title>
      <link>https://gazette.example/report</link>
      <pubDate>Thu, 04 May 2023 10:00:00 GMT</pubDate>
      <description>The Coastal Rights Monitor alleged that the office collected details about students.</description>
    </item>
    <item>
      <title>Empty entry</title>
      <link>https://gazette.example/empty</link>
      <description></description>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Monitor updates</title>
  <id>urn:example:monitor</id>
  <updated>2023-05-04T10:00:00Z</updated>
  <entry>
    <title>Office closes</title>
    <id>urn:example:monitor:1</id>
    <link href="https://monitor.example/closes"/>
    <updated>2023-06-20T10:00:00Z</updated>
    <author><name>Research Desk</name></author>
    <content type="html">&lt;p&gt;The association said it had closed the Rotterdam office in June 2023.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path
