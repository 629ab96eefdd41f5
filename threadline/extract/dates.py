"""Find dates in text and keep their precision; resolve relative dates against a reference day.

Pure functions: text in, :class:`DateHit` out. Month names cover English,
French, Dutch and Italian; Chinese dates are read in Arabic or Chinese numerals
(2022年9月4日, 二〇二二年九月, 九月四日, 去年十月).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    1: ["January", "Jan", "janvier", "januari", "gennaio"],
    2: ["February", "Feb", "février", "fevrier", "februari", "febbraio"],
    3: ["March", "Mar", "mars", "maart", "marzo"],
    4: ["April", "Apr", "avril", "aprile"],
    5: ["May", "mai", "mei", "maggio"],
    6: ["June", "Jun", "juin", "juni", "giugno"],
    7: ["July", "Jul", "juillet", "juli", "luglio"],
    8: ["August", "Aug", "août", "aout", "augustus", "agosto"],
    9: ["September", "Sept", "Sep", "septembre", "settembre"],
    10: ["October", "Oct", "octobre", "oktober", "ottobre"],
    11: ["November", "Nov", "novembre"],
    12: ["December", "Dec", "décembre", "decembre", "dicembre"],
}
WEEKDAYS = {
    0: ["Monday", "lundi", "maandag", "lunedì"], 1: ["Tuesday", "mardi", "dinsdag", "martedì"],
    2: ["Wednesday", "mercredi", "woensdag", "mercoledì"], 3: ["Thursday", "jeudi", "donderdag", "giovedì"],
    4: ["Friday", "vendredi", "vrijdag", "venerdì"], 5: ["Saturday", "samedi", "zaterdag", "sabato"],
    6: ["Sunday", "dimanche", "zondag", "domenica"],
}
_MONTH_OF = {name.lower(): num for num, names in MONTHS.items() for name in names}
_WEEKDAY_OF = {name.lower(): num for num, names in WEEKDAYS.items() for name in names}
# English month names must be capitalised ("may" is a verb); other languages write them in lower case
_MONTH = "(?:" + "|".join(sorted({n if n[0].isupper() else f"(?i:{n})" for ns in MONTHS.values() for n in ns}, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"

_ABSOLUTE = [
    ("day", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("day", re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s*,?\s+(?P<y>{_YEAR})\b")),
    ("day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b")),
    ("month", re.compile(rf"\b(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    ("year", re.compile(rf"(?<![\d,.©-])\b(?P<y>{_YEAR})\b(?![\d,.]\d)")),
]
# Chinese: 2022年9月4日, ２０２２年, 二〇二二年九月; month and day alone are relative (九月四日, 9月)
_CN_DIGITS = "〇零一二三四五六七八九"
_CN_YEAR = rf"(?P<y>\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年"
_CN_MONTH = r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月"
_CN_DAY = r"(?P<d>\d{1,2}|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
_CN_BEFORE = rf"(?<![\d{_CN_DIGITS}十两几])"
_CN_ABSOLUTE = [
    ("day", re.compile(rf"{_CN_BEFORE}{_CN_YEAR}\s*{_CN_MONTH}\s*{_CN_DAY}")),
    ("month", re.compile(rf"{_CN_BEFORE}{_CN_YEAR}\s*{_CN_MONTH}")),
    ("year", re.compile(rf"{_CN_BEFORE}{_CN_YEAR}")),
]
_NUMERAL = re.compile(rf"[\d{_CN_DIGITS}]")  # what each absolute pattern (its year at least) cannot do without
_CN_RELATIVE = [
    ("day", re.compile(rf"(?P<rel>去年|今年|前年)\s*{_CN_MONTH}\s*{_CN_DAY}")),
    ("month", re.compile(rf"(?P<rel>去年|今年|前年)\s*{_CN_MONTH}")),
    ("day", re.compile(rf"{_CN_BEFORE}(?<!年){_CN_MONTH}\s*{_CN_DAY}")),
    ("month", re.compile(rf"{_CN_BEFORE}(?<![年第个每]){_CN_MONTH}")),
    ("year", re.compile(r"(?P<rel>去年|今年|前年)")),
]
_CN_YEARS_BACK = {"今年": 0, "去年": 1, "前年": 2}

_WEEKDAY = "(?:" + "|".join(sorted({n for ns in WEEKDAYS.values() for n in ns}, key=len, reverse=True)) + ")"
_RELATIVE = [
    ("day", re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH})(?!\s*,?\s*\d)")),
    ("day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?!,?\s*\d)")),
    ("month", re.compile(rf"\b(?i:in|since|until|by|early|late|mid|en|depuis|début|fin)[\s-]+(?P<m>{_MONTH})(?!\s+\d)\b")),
    ("day", re.compile(rf"\b(?i:on|last|this|le|ce)\s+(?P<w>(?i:{_WEEKDAY}))\b")),
    ("year", re.compile(r"\b(?P<rel>last year|this year|earlier this year|l'année dernière|l’année dernière|cette année)\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class DateHit:
    """A date found in text: ISO value at its precision, character span, and whether it was relative."""

    value: str
    precision: str
    start: int
    end: int
    relative: bool = False


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def find_dates(text: str, reference: dt.date | None = None) -> list[DateHit]:
    """Absolute dates in the text, plus relative ones when a reference day (publication) is known."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    absolute: list[tuple[str, re.Pattern[str]]] = []
    if _NUMERAL.search(text):  # every absolute date has a numeral in it, and a Chinese one a 年
        absolute = (_CN_ABSOLUTE if "年" in text else []) + _ABSOLUTE
    for precision, rx in absolute:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if text[max(0, m.start() - 12):m.start()].lower().rstrip().endswith(("copyright", "©", "(c)")):
                continue
            groups = m.groupdict()
            if rx in _CN_PATTERNS:
                y, mon, day = _cn_parts(groups)
                if not 1900 <= y <= 2099 or (mon is not None and not 1 <= mon <= 12):
                    continue
            elif groups:
                y = int(groups["y"])
                mon = _MONTH_OF[groups["m"].rstrip(".").lower()] if groups.get("m") else None
                day = int(re.sub(r"\D", "", groups["d"])) if groups.get("d") else None
            else:
                y, mon, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if day is not None and (mon is None or not _valid(y, mon, day)):
                continue
            hits.append(DateHit(_iso(y, mon, day), precision, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    if reference is not None:
        hits.extend(_relative(text, reference, free, taken))
    return sorted(hits, key=lambda h: h.start)


def _relative(text: str, ref: dt.date, free, taken) -> list[DateHit]:  # type: ignore[no-untyped-def]
    out = []
    chinese = _CN_RELATIVE if "年" in text or "月" in text else []  # each Chinese pattern names a year or a month
    for precision, rx in chinese + _RELATIVE:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            if rx in _CN_PATTERNS:
                value = _cn_relative(g, ref)
                if value is None:
                    continue
            elif g.get("m"):
                mon = _MONTH_OF[g["m"].rstrip(".").lower()]
                day = int(re.sub(r"\D", "", g["d"])) if g.get("d") else None
                year = ref.year if (mon, day or 1) <= (ref.month, ref.day) else ref.year - 1
                if day is not None and not _valid(year, mon, day):
                    continue
                value = _iso(year, mon, day)
            elif g.get("w"):
                back = (ref.weekday() - _WEEKDAY_OF[g["w"].lower()]) % 7
                value = (ref - dt.timedelta(days=back)).isoformat()
            else:
                rel = g["rel"].lower()
                value = _iso(ref.year - 1 if "last" in rel or "dernière" in rel else ref.year)
            out.append(DateHit(value, precision, m.start(), m.end(), relative=True))
            taken.append((m.start(), m.end()))
    return out


_CN_PATTERNS = frozenset(rx for _, rx in _CN_ABSOLUTE + _CN_RELATIVE)
_CN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def _cn_int(text: str) -> int:
    """An Arabic (also full-width) or Chinese numeral: 2022, ２０２２, 二〇二二, 九, 十一, 二十四."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[units] if units else 0)
    return int("".join(str(_CN_VALUE[c]) for c in text))


def _cn_parts(groups: dict[str, str | None]) -> tuple[int, int | None, int | None]:
    year, month, day = groups.get("y"), groups.get("m"), groups.get("d")
    return _cn_int(year or "0"), _cn_int(month) if month else None, _cn_int(day) if day else None


def _cn_relative(g: dict[str, str | None], ref: dt.date) -> str | None:
    """去年十月, 今年, 九月四日: a Chinese date without its year, read against the publication day."""
    _, mon, day = _cn_parts({"m": g.get("m"), "d": g.get("d")})
    rel = g.get("rel")
    if rel:
        year = ref.year - _CN_YEARS_BACK[rel]
    elif mon is not None:
        year = ref.year if (mon, day or 1) <= (ref.month, ref.day) else ref.year - 1
    else:
        return None
    if mon is not None and not 1 <= mon <= 12:
        return None
    if day is not None and (mon is None or not _valid(year, mon, day)):
        return None
    return _iso(year, mon, day)


def parse_published(value: object) -> dt.date | None:
    """A publication date from metadata ("2022-11-02", "2022-11", "2022"), or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None
