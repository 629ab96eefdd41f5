"""Chinese names the text's structure marks, beside the word rules of :mod:`zh_mentions`.

    tagged     a personal name jieba's part-of-speech model tags ``nr`` in context, shaped as
               surname + given name (张伟表示, 王小明和李华说), with no title needed
    byline     a name in brackets, alone or after 记者 (（记者 王小明）, (郑小华))
    dateline   the agency that opens a wire dateline (新华社北京3月5日电) and who 据…报道 names
    quoted     a quoted name with a known ending, whole (“海外侨胞服务站”); 《…法》 is a LAW
    subunit    a state body's part after it (公安局 + 交警支队, 外交部 + 领事司)
    repeated   a name found once, wherever else it stands, with the same type

Every source works on token offsets and the folded (simplified) token texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from spacy.tokens import Doc

from threadline.extract.components.mentions import Candidate
from threadline.extract.han import HAN
from threadline.extract.zh_words import ChineseWords

Tagger = Callable[[str], Iterable[tuple[str, str]]]
MAX_QUOTED = 24  # characters: a longer quotation is a sentence, not a name
MAX_SUBUNIT = 4  # tokens after a body that may name its part
_CLOSE = {"(": ")", "（": "）"}
_DATE = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日")
_NOT_INSIDE = frozenset({"v", "vd", "p", "c", "u", "uj", "ul", "d", "r", "m", "q", "y", "e", "o", "x", "f"})


def _han(word: str) -> bool:
    return bool(word) and all(HAN.match(c) for c in word)


class Structure:
    """The structural sources over one document."""

    def __init__(self, words: ChineseWords, stop: frozenset[str], suffix_type: dict[str, str]):
        self.words = words
        self.stop = stop
        self.endings = {**suffix_type, **words.endings}
        self.by_length = sorted(self.endings, key=len, reverse=True)

    # -- people ----------------------------------------------------------------

    def tagged(self, doc: Doc, norms: list[str], tagger: Tagger | None) -> list[Candidate]:
        """Names jieba tags ``nr`` in context that start at a token and end at one; a lone surname
        before a given name it tags ``nr`` makes one name with it (林 / 海涛)."""
        if tagger is None:
            return []
        starts = {t.idx: t.i for t in doc}
        ends = {t.idx + len(t.text): t.i for t in doc}
        out, pos = [], 0
        words = list(tagger(doc.text))
        for n, (word, tag) in enumerate(words):
            begin, pos = pos, pos + len(word)
            end, name = pos, word
            if len(word) == 1 and tag in ("nr", "ng") and n + 1 < len(words) and words[n + 1][1] == "nr":
                name = word + words[n + 1][0]
                end = pos + len(words[n + 1][0])
                if name in self.words.tags:
                    continue
            elif tag != "nr":
                continue
            if not self.person_name(name, known_alone=False):
                continue
            first, last = starts.get(begin), ends.get(end)
            if first is not None and last is not None:
                out.append(Candidate(first, last + 1, "PERSON", "pattern"))
        return out

    def person_name(self, word: str, known_alone: bool = True) -> bool:
        """Shaped as a Chinese personal name and no ordinary word: a dictionary word of two
        characters (高峰, 王朝) is a name only beside a title (``known_alone``)."""
        if word in self.stop or self.words.place(word) or self.words.split_name(word) is None:
            return False
        tag = self.words.tags.get(word)
        if tag is not None and not tag.startswith("nr"):
            return False
        return known_alone or tag is None or len(word) >= 3

    def foreign(self, doc: Doc, norms: list[str], titles: frozenset[str]) -> list[Candidate]:
        """A transliterated name after a title, up to a verb or a stop: 首相吕特称, 议员马泰奥·罗西表示."""
        out: list[Candidate] = []
        for i, norm in enumerate(norms):
            if norm not in titles or doc[i].whitespace_:
                continue
            j = i + 1
            while j < min(len(norms), i + 6) and self._syllables(norms[j], titles):
                j += 1
            while j > i + 1 and norms[j - 1] in self.words.name_dots:
                j -= 1
            name = "".join(norms[i + 1 : j])
            after = norms[j] if j < len(norms) else "。"
            ends = not _han(after) or self.words.tags.get(after, "v").startswith("v") or after in self.stop
            if 2 <= len(name) <= 12 and ends and not self.words.place(name):
                out.append(Candidate(i + 1, j, "PERSON", "pattern"))
        return out

    def _syllables(self, norm: str, titles: frozenset[str]) -> bool:
        if norm in self.words.name_dots:
            return True
        tag = self.words.tags.get(norm)
        return _han(norm) and norm not in self.stop and norm not in titles and tag in (None, "nr", "nrt", "nrfg", "ns")

    def bylines(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        """（记者 王小明 李华）, (郑小华): the bracket holds names and byline words only; a name may
        be cut in two by the segmenter (郑江 / 洛), so the words between separators make one name."""
        out: list[Candidate] = []
        for i, norm in enumerate(norms):
            close = _CLOSE.get(norm)
            if close is None:
                continue
            j = next((k for k in range(i + 1, min(len(norms), i + 12)) if norms[k] in (close, "\n")), None)
            if j is None or norms[j] != close:
                continue
            groups: list[list[int]] = [[]]
            titled = False
            for k in range(i + 1, j):
                if norms[k] in self.words.byline_words or not norms[k].strip() or norms[k] in ("、", "，", ","):
                    titled = titled or norms[k] in self.words.byline_words
                    groups.append([])
                else:
                    groups[-1].append(k)
                    if doc[k].whitespace_:
                        groups.append([])
            names = [g for g in groups if g]
            if names and all(self.person_name("".join(norms[k] for k in g), known_alone=titled) for g in names):
                out.extend(Candidate(g[0], g[-1] + 1, "PERSON", "pattern") for g in names)
        return out

    # -- organisations ---------------------------------------------------------

    def datelines(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        """The agency before the place and date of a dateline; who 据 … 报道 names."""
        out: list[Candidate] = []
        for sent in doc.sents:
            out.extend(self._dateline(norms, sent.start, sent.end))
        for i, norm in enumerate(norms):
            if norm not in self.words.according_to:
                continue
            for j in range(i + 2, min(len(norms), i + 5)):
                if norms[j] in self.words.reported:
                    if self._outlet(norms[i + 1 : j]):
                        out.append(Candidate(i + 1, j, "ORG", "pattern"))
                    break
        return out

    def _dateline(self, norms: list[str], start: int, end: int) -> list[Candidate]:
        head = start
        while head < end and not norms[head].strip():
            head += 1
        for k in range(head + 1, min(end, head + 6)):
            rest = "".join(norms[k : min(end, k + 6)]).replace(" ", "")
            date = _DATE.match(rest)
            if not date or not rest[date.end() :].startswith(self.words.dateline_end):
                continue
            place = k - 1 if self.words.place(norms[k - 1]) else k
            if place > head and all(_han(norms[m]) for m in range(head, place)):
                return [Candidate(head, place, "ORG", "pattern")]
            return []
        return []

    def _outlet(self, words: list[str]) -> bool:
        """据 X 报道: X is an outlet when its words are no function words or pronouns and it ends in
        a name jieba did not know or knows as one, or as outlets' names end (东方快报)."""
        text = "".join(words)
        if len(text) < 3 or not all(_han(w) and w not in self.stop and self.words.tags.get(w) != "r" for w in words):
            return False
        return self.words.tags.get(words[-1]) in (None, "nt", "nz", "j") or text.endswith(self.words.outlet_endings)

    def media(self, norms: list[str]) -> list[Candidate]:
        """A word jieba knows as an organisation that ends as a media outlet does (人民日报, 中新社)."""
        return [
            Candidate(i, i + 1, "ORG", "pattern")
            for i, norm in enumerate(norms)
            if len(norm) >= 3 and self.words.tags.get(norm) in ("nt", "nz") and norm.endswith(self.words.media_endings)
        ]

    def quoted(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        out: list[Candidate] = []
        for i, norm in enumerate(norms):
            close = self.words.quotes.get(norm)
            if close is None:
                continue
            j, length = i + 1, 0
            while j < len(norms) and norms[j] != close and length <= MAX_QUOTED:
                length += len(norms[j])
                j += 1
            if j >= len(norms) or norms[j] != close or j == i + 1:
                continue
            text = "".join(norms[i + 1 : j])
            if not all(_han(c) or c.isdigit() for c in text):
                continue
            kind = self._quoted_type(text, law=norm == "《")
            if kind is not None:
                source = "institution" if kind == "STATE_BODY" else "pattern"
                out.append(Candidate(i + 1, j, kind, source))
        return out

    def _quoted_type(self, text: str, law: bool) -> str | None:
        if law:
            return "LAW" if text.endswith(self.words.law_endings) else None
        ending = next((e for e in self.by_length if text.endswith(e) and len(text) > len(e)), None)
        return self.endings.get(ending) if ending else None

    # -- bodies ----------------------------------------------------------------

    def subunits(self, doc: Doc, norms: list[str], found: list[Candidate]) -> list[Candidate]:
        """A state body followed by its part's name, as one body: 福州市公安局 + 交警支队."""
        out = []
        for c in found:
            if c.type != "STATE_BODY" or c.nested:
                continue
            best = None
            for j in range(c.end, min(len(norms), c.end + MAX_SUBUNIT)):
                norm = norms[j]
                if doc[j].is_sent_start or not _han(norm) or norm in self.stop or norm in self.words.conjunctions:
                    break
                ext = "".join(norms[c.end : j + 1])
                if len(ext) >= 2 and norm.endswith(self.words.subunit_endings):
                    best = j + 1
                if self.words.tags.get(norm) in _NOT_INSIDE or doc[j].whitespace_:
                    break
            if best is not None:
                out.append(Candidate(c.start, best, "STATE_BODY", "institution", None, c.country))
        return out

    # -- repeats ---------------------------------------------------------------

    @staticmethod
    def repeated(doc: Doc, norms: list[str], found: list[Candidate]) -> list[Candidate]:
        """Each name found once, wherever else its text stands on token boundaries (over a bare place:
        欧洲 inside a repeated 欧洲华侨联络服务站)."""
        known: dict[str, Candidate] = {}
        for c in found:
            text = "".join(norms[c.start : c.end])
            if c.type != "GPE" and not c.nested and (len(text) >= 3 or c.type == "PERSON"):
                known.setdefault(text, c)
        if not known:
            return []
        longest = max(c.end - c.start for c in known.values())
        taken = {i for c in found if not c.nested and c.source != "place" for i in range(c.start, c.end)}
        out = []
        for i in range(len(norms)):
            text = ""
            for j in range(i, min(len(norms), i + longest + 2)):
                text += norms[j]
                hit = known.get(text)
                if hit is not None and taken.isdisjoint(range(i, j + 1)):
                    out.append(replace(hit, start=i, end=j + 1))
        return out
