"""A text's own dateline: the publication date a document states at its head.

A file's creation or modification date says when a copy was made, not when the
story was published, so no reader takes it as ``published``. What counts is
explicit metadata (front matter, a page's ``article:published_time``, a feed
entry's date, an e-mail's Date header) or the dateline the text itself opens
with:

    ROTTERDAM, 4 May 2023 — The association ...
    Published: 4 May 2023
    Monday 4 May 2023
    2023年5月4日

Only whole dates (a day, or a month and year) on one of the first lines count,
and only when nothing but a place, a label or a weekday stands before them: a
date inside a sentence is an event, not a dateline. Pure functions.
"""

from __future__ import annotations

import re

from threadline.extract.dates import WEEKDAYS, find_dates

HEAD_LINES = 6  # a dateline stands on one of a text's first non-blank lines
MAX_LINE = 240
_LABELS = ("published", "posted", "updated", "date", "dated", "first published", "publié le", "publié", "mis à jour",
           "gepubliceerd", "gepubliceerd op", "geplaatst", "datum", "pubblicato", "pubblicato il", "veröffentlicht",
           "veröffentlicht am", "publicado", "fecha", "发布时间", "发布日期", "日期", "發佈時間")
_WEEKDAY_WORDS = {w.casefold() for names in WEEKDAYS.values() for w in names} | {
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lunes", "martes", "miércoles",
    "jueves", "viernes", "sábado", "domingo"}
_PARTICLES = {"de", "del", "der", "di", "da", "van", "von", "la", "le", "el", "am", "an", "sur", "upon", "on"}
_OPENERS = {"on", "in", "at", "since", "from", "by", "until", "after", "before", "as", "le", "au", "en", "dès", "depuis",
            "op", "sinds", "tot", "na", "voor", "am", "im", "seit", "bis", "nach", "vor", "il", "nel", "dal", "dopo",
            "el", "desde", "hasta", "tras"}
_AGENCY = re.compile(r"\s*\([^()]{1,30}\)$")  # "ROTTERDAM (Reuters)"
_AFTER = re.compile(r"^\s*(?:$|[-–—:|/(,]|\(|\d{1,2}[:.h]\d{2}|(?i:by|at|door|par|von|di|um|alle)\s)|^\s*[电讯]|^\s+(?=[\u4e00-\u9fff])")


def find_dateline(text: str) -> str | None:
    """The ISO date (day or month) a text's dateline gives, or None when it has none."""
    seen = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > HEAD_LINES:
            return None
        head = line[:MAX_LINE]
        for hit in find_dates(head):
            if hit.precision == "year" or hit.relative:
                continue
            if _leads(head[:hit.start]) and _AFTER.match(head[hit.end:]):
                return hit.value
            break  # the first date on the line decides: a later one belongs to the sentence
    return None


def _leads(before: str) -> bool:
    """Nothing but a place ("ROTTERDAM,"), a label ("Published:") or a weekday stands before the date."""
    before = before.strip().rstrip(",:–—-").strip()
    if not before:
        return True
    words = before.casefold().rstrip(".:").strip()
    if words in _LABELS or re.sub(r"\s+(?:on|at|le|op|il|am|el)$", "", words) in _LABELS:
        return True
    parts = [p.strip() for p in re.split(r"[,|·•]", before) if p.strip()]
    return bool(parts) and all(_place(p) or p.casefold().rstrip(".") in _WEEKDAY_WORDS
                               or p.casefold().rstrip(":. ") in _LABELS for p in parts) and len(before) <= 60


def _place(part: str) -> bool:
    """A place as datelines write it: "ROTTERDAM", "The Hague", "Reggio di Calabria (ANSA)"."""
    words = _AGENCY.sub("", part).split()
    if words and words[0].casefold() in _OPENERS:
        return False  # "On September 12, 2022, the group …" opens a sentence, not a dateline
    return 0 < len(words) <= 5 and words[0][:1].isupper() and all(
        w[:1].isupper() or w.casefold() in _PARTICLES for w in words) and not any(c.isdigit() for c in part)
