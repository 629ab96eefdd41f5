"""Chinese name mentions without a trained model, from rules over jieba tokens.

Every token is matched in its simplified form (traditional characters folded
character for character), so 中共中央統戰部 and 中共中央统战部 are one name;
spans stay token offsets into the original text.

    gazetteer  known bodies and people by their Chinese (or Latin) names -> gazetteer id
    ending     a run of name words before an organisation ending (lexicon ``chinese.suffixes``):
               荷兰福建同乡会 ORG, 荷兰外交部 STATE_BODY; 中国驻荷兰大使馆 keeps 荷兰 as a place
    dictionary an organisation name jieba knows as one word, when it opens with a country: 美国国务院
    person     surname + one or two characters beside a title: 会长王小明, 张华先生
    place      a word that names a place (:class:`~threadline.extract.zh_words.ChineseWords`): a country
               or region (CLDR), a province, a GeoNames city, a known place with a place ending

The structural sources (names jieba tags as people in context, bylines, datelines, quoted names,
a body's parts, repeats) are in :mod:`zh_structure`.

A national prefix joins a known body (中国外交部 is the PRC foreign ministry);
any other place before a short generic name makes another body (荷兰外交部).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from threadline.extract.components.mentions import Candidate
from threadline.extract.components.zh_structure import Structure, Tagger
from threadline.extract.han import HAN, has_han, simplified
from threadline.extract.patterns import GazetteerEntry, Patterns, load_patterns
from threadline.extract.zh_words import ChineseWords
from threadline.model.names import fold

MAX_NAME_TOKENS = 12
SHORT_ALIAS = 3  # a gazetteer name this short after a foreign place names another body ("荷兰外交部")
_RANK = {"gazetteer": 4, "institution": 3, "pattern": 2, "place": 1}
_NAME_TAGS = frozenset({"nz", "nt", "j", "nrt"})  # ns alone is no name: jieba tags 外国, 城市 so
_PLACE_ENDINGS = ("省", "市", "县", "区", "州")
_EMBASSIES = frozenset({"大使馆", "总领事馆", "领事馆"})
_STATE_ENDINGS = ("部", "局", "院", "政府", "委员会", "署", "厅", "办公室", "国会", "议会", "警方", "馆")
_FUNCTION_WORDS = frozenset("的 与 和 及 在 了 是 为 由 向 对 据 该 其 这 那 各 等 并 曾 将 已 被 把 从 于 以 之 所谓 也 都 还 又 或 而".split())
_NOT_GIVEN = frozenset({"u", "p", "c", "d", "v", "r", "m", "q", "f", "y", "uj", "ul", "ud", "uz", "ug", "uv"})


def folded_tokens(doc: Doc) -> list[str]:
    """Each token's text with traditional characters folded to simplified ones."""
    text = simplified(doc.text)
    return [text[t.idx:t.idx + len(t.text)] for t in doc]


@dataclass(frozen=True)
class _Names:
    """Gazetteer names indexed for token n-gram lookup."""

    han: dict[str, GazetteerEntry]      # simplified Chinese name
    latin: dict[str, GazetteerEntry]    # folded Latin name
    acronyms: dict[str, GazetteerEntry]  # exact capitals
    han_prefixes: frozenset[str]        # every prefix of a Chinese name, to stop a scan early

    @classmethod
    def build(cls, patterns: Patterns) -> _Names:
        han: dict[str, GazetteerEntry] = {}
        latin: dict[str, GazetteerEntry] = {}
        acronyms: dict[str, GazetteerEntry] = {}
        for entry in patterns.gazetteer:
            for name in entry.names:
                if has_han(name):
                    han.setdefault(simplified(name).replace(" ", ""), entry)
                elif name.isupper() and len(name) <= 8:
                    acronyms.setdefault(name, entry)
                else:
                    latin.setdefault(fold(name), entry)
        prefixes = frozenset(name[:k] for name in han for k in range(1, len(name) + 1))
        return cls(han, latin, acronyms, prefixes)

    def lookup(self, text: str, norm: str) -> GazetteerEntry | None:
        if has_han(norm):
            return self.han.get(norm.replace(" ", ""))
        if not text[:1].isupper():
            return None  # Latin names in running text start with a capital
        return self.acronyms.get(text) or (self.latin.get(fold(text)) if not text.isupper() or len(text) > 8 else None)


class ChineseMentionFinder:
    def __init__(self, tags: dict[str, str], patterns: Patterns, tagger: Tagger | None = None):
        lex: dict[str, Any] = patterns.lexicon["chinese"]
        self.tags = tags
        self.tagger = tagger
        self.words = ChineseWords.build(tags, patterns)
        self.names = _Names.build(patterns)
        self.titles = frozenset(lex["titles"]) | self.words.titles
        self.surnames = sorted(lex["surnames"], key=len, reverse=True)
        self.suffix_type = {s: kind for kind, words in lex["suffixes"].items() for s in words}
        self.suffix_type.update({s: kind for s, kind in self.words.endings.items() if s not in self.suffix_type})
        self.suffixes = re.compile("|".join(map(re.escape, sorted(self.suffix_type, key=len, reverse=True))) + "|会")
        self.overseas = frozenset(lex["overseas_words"])
        self.name_words = frozenset(lex["name_words"])
        self.national = frozenset(lex["national"])
        self.stationed = str(lex["stationed"])
        self.countries = self.words.countries
        self._by_length = sorted(self.countries, key=len, reverse=True)
        self.stop = _FUNCTION_WORDS | self.titles | frozenset(patterns.verbs.get("zh", {}))
        self.structure = Structure(self.words, self.stop, self.suffix_type)

    def __call__(self, doc: Doc) -> Doc:
        norms = folded_tokens(doc)
        gazetteer = self._gazetteer(doc, norms)
        endings = self._endings(doc, norms)
        gazetteer, endings = self._settle(norms, gazetteer, endings)
        found = gazetteer + endings + self._dictionary(norms) + self._people(doc, norms) + self._places(doc, norms)
        s = self.structure
        found += s.tagged(doc, norms, self.tagger) + s.bylines(doc, norms) + s.datelines(doc, norms)
        found += s.media(norms) + s.quoted(doc, norms) + s.foreign(doc, norms, self.titles)
        chosen = _reconcile(found)
        parts = s.subunits(doc, norms, chosen)
        chosen = [c for c in chosen if c.nested or not any(p.start <= c.start and c.end <= p.end for p in parts)] + parts
        chosen = _reconcile(chosen + s.repeated(doc, norms, chosen))
        doc._.tl_mentions = [self._police(norms, c) for c in chosen]
        return doc

    def _police(self, norms: list[str], cand: Candidate) -> Candidate:
        """福州公安 is the 福州市公安局 of the gazetteer, when it has one."""
        text = "".join(norms[cand.start:cand.end])
        ending = next((e for e in self.words.police_endings if text.endswith(e)), None)
        if cand.type != "STATE_BODY" or cand.gazetteer or ending is None:
            return cand
        place = text[: -len(ending)]
        entry = next((self.names.han[place + full] for full in self.words.police_full if place + full in self.names.han), None)
        return replace(cand, gazetteer=entry.name, country=entry.country) if entry is not None else cand

    # -- sources ---------------------------------------------------------------

    def _gazetteer(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        out: list[Candidate] = []
        i = 0
        while i < len(doc):
            hit = self._known_han(doc, norms, i) if has_han(norms[i]) else None
            if hit is None and doc[i].text[:1].isupper():
                for j in range(min(len(doc), i + MAX_NAME_TOKENS), i, -1):
                    span = doc[i:j]
                    if "\n" in span.text or span[-1].is_space:
                        continue
                    entry = self.names.lookup(span.text, span.text)
                    if entry is not None:
                        hit = Candidate(i, j, entry.type, "gazetteer", entry.name, entry.country)
                        break
            if hit is None:
                i += 1
                continue
            free = not out or out[-1].end < i
            before = norms[i - 1] if i > 0 and free else ""
            if hit.type in ("STATE_BODY", "ORG") and before in self.national:
                hit = replace(hit, start=i - 1)  # 中国 + 国务院侨务办公室
            elif hit.type in ("STATE_BODY", "ORG") and self.countries.get(before, "CN") != "CN" \
                    and len("".join(norms[i:hit.end])) <= SHORT_ALIAS:
                source = "institution" if hit.type == "STATE_BODY" else "pattern"  # 美国 + 国务院: not the PRC's
                hit = Candidate(i - 1, hit.end, hit.type, source, None, self.countries[before])
            out.append(hit)
            i = hit.end
        return out

    def _known_han(self, doc: Doc, norms: list[str], i: int) -> Candidate | None:
        """The longest Chinese gazetteer name starting at token i."""
        best, text = None, ""
        for j in range(i, min(len(doc), i + MAX_NAME_TOKENS)):
            text += norms[j]
            if text not in self.names.han_prefixes:
                break
            entry = self.names.han.get(text)
            if entry is not None:
                best = Candidate(i, j + 1, entry.type, "gazetteer", entry.name, entry.country)
            if doc[j].whitespace_:
                break
        return best

    def _endings(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        ends = {t.idx + len(t.text): t.i for t in doc}
        text = "".join(n + t.whitespace_ for n, t in zip(norms, doc))
        out = []
        for m in self.suffixes.finditer(text):
            last = ends.get(m.end())
            if last is None:
                continue
            first = next(k for k in range(last, -1, -1) if doc[k].idx <= m.start())
            kind = self.suffix_type.get(m.group())
            if kind is None and not (norms[first] == "会" or norms[first] not in self.tags):
                continue  # a bare 会 ends a name only as a word of its own ("…华人会"), not in 社会
            prefix = norms[first][:m.start() - doc[first].idx]
            if len(m.group()) == 1 and kind is not None:
                if len(prefix) < 2:
                    continue  # a one-character ending (部, 局) ends a word of three or more: 内政部, not 干部 or 东部
                prefix = ""  # and its word is no name by itself (新格局): a proper word must stand before it
            found = self._run(doc, norms, first, m.group(), kind or "ORG", prefix)
            if found is not None:
                out.extend(found)
        return out

    def _run(self, doc: Doc, norms: list[str], first: int, ending: str, kind: str, prefix: str) -> list[Candidate] | None:
        """The name before an ending (``prefix``: the ending's token before the ending, as 工 in 工商会):
        walk back over name words; None unless a proper name word is among them."""
        start, overseas, places = first, False, []
        proper = len(prefix) >= 2 and self._proper(prefix)
        station: int | None = None
        k = first - 1
        while k >= 0 and not doc[k + 1].is_sent_start:
            norm = norms[k]
            if norm == self.stationed and ending in _EMBASSIES and station is None and start < first:
                station = k
            elif self._name_word(norm):
                proper = proper or self._proper(norm)
                overseas = overseas or norm in self.overseas
                if station is None and self.words.place(norm):
                    places.append(k)
            elif norm.isdigit() and k < first:
                pass  # "110" in a station's name
            else:
                break
            start = k
            k -= 1
        if station is not None and station == start:
            start = station + 1  # "驻" with no country before it is not part of the name
            station = None
        while start < first and norms[start].isdigit():
            start += 1  # a number opens no name
        if not proper or (kind == "ORG" and ending == "会" and not overseas):
            return None
        country = self._country_of("".join(norms[start:first + 1]))
        source = "institution" if kind == "STATE_BODY" else "pattern"
        out = [Candidate(start, first + 1, kind, source, None, country)]
        if station is not None:
            out += [Candidate(k, k + 1, "GPE", "place", None, self.countries.get(norms[k]), nested=True) for k in places if k > station]
        return out

    def _dictionary(self, norms: list[str]) -> list[Candidate]:
        out = []
        for i, norm in enumerate(norms):
            if len(norm) < 4 or self.tags.get(norm) != "nt":
                continue
            country = self._country_of(norm)
            if country:
                kind = "STATE_BODY" if norm.endswith(_STATE_ENDINGS) else "ORG"
                out.append(Candidate(i, i + 1, kind, "institution" if kind == "STATE_BODY" else "pattern", None, country))
        return out

    def _country_of(self, name: str) -> str | None:
        """The country whose Chinese name a name opens with (中国驻荷兰大使馆 -> CN)."""
        return next((self.countries[c] for c in self._by_length if name.startswith(c) and len(name) > len(c)), None)

    def _people(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        found: list[Candidate] = []
        for i, norm in enumerate(norms):
            if norm not in self.titles:
                continue
            for span in (self._name_at(norms, i + 1, forward=True), self._name_at(norms, i - 1, forward=False)):
                if span is not None:
                    found.append(Candidate(span[0], span[1], "PERSON", "pattern"))
        names = {"".join(norms[c.start:c.end]) for c in found}
        taken = {(c.start, c.end) for c in found}
        for i in range(len(norms)):  # the same name again, without its title
            for j in (i + 1, i + 2):
                if j <= len(norms) and "".join(norms[i:j]) in names and (i, j) not in taken:
                    found.append(Candidate(i, j, "PERSON", "pattern"))
        return found

    def _name_at(self, norms: list[str], k: int, forward: bool) -> tuple[int, int] | None:
        """A personal name of one token, or surname + given name in two, ending or starting at token k."""
        if not 0 <= k < len(norms):
            return None
        if self._full_name(norms[k]):
            after = norms[k + 1] if forward and k + 1 < len(norms) else ""
            if len(norms[k]) == 2 and len(after) == 1 and self._given(after):
                return k, k + 2  # jieba cut a three-character name after its second character: 刘榕 + 彦
            return k, k + 1
        pair = (k, k + 2) if forward else (k - 1, k + 1)
        if pair[0] < 0 or pair[1] > len(norms):
            return None
        surname, given = norms[pair[0]], norms[pair[0] + 1]
        return pair if surname in self.surnames and self._given(given) else None

    def _full_name(self, word: str) -> bool:
        if not 2 <= len(word) <= 4 or not all(HAN.match(c) for c in word) or word in self.stop:
            return False
        tag = self.tags.get(word)
        if tag is not None and not tag.startswith("nr"):
            return False  # an ordinary word that starts with a surname ("金融", "高速")
        return any(word.startswith(s) and 1 <= len(word) - len(s) <= 2 for s in self.surnames)

    def _given(self, word: str) -> bool:
        if not 1 <= len(word) <= 2 or not all(HAN.match(c) for c in word) or word in self.stop:
            return False
        tag = self.tags.get(word)
        return tag is None or tag.startswith("nr") or (len(word) == 1 and tag not in _NOT_GIVEN)

    def _places(self, doc: Doc, norms: list[str]) -> list[Candidate]:
        out = []
        for i, norm in enumerate(norms):
            if len(norm) >= 2 and self.words.place(norm):
                out.append(Candidate(i, i + 1, "GPE", "place", None, self.words.country_of_place(norm)))
        return out

    # -- word classes ----------------------------------------------------------

    def _proper(self, norm: str) -> bool:
        if self.words.place(norm) or self.tags.get(norm) in _NAME_TAGS:
            return True
        if len(norm) >= 3 and norm.endswith(_PLACE_ENDINGS) and norm not in self.name_words:
            return True
        return norm not in self.tags and 2 <= len(norm) <= 4 and all(HAN.match(c) for c in norm)  # a word jieba did not know

    def _name_word(self, norm: str) -> bool:
        if not norm or norm in self.stop or not all(HAN.match(c) for c in norm):
            return False
        return norm in self.name_words or self._proper(norm)

    # -- settling overlaps -----------------------------------------------------

    def _settle(self, norms: list[str], gazetteer: list[Candidate], endings: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
        """A known name at the end of a longer name: national prefix -> the known body; a place before a
        short generic name -> another body; otherwise the known name stands."""
        keep_g: list[Candidate | None] = list(gazetteer)
        drop_e: set[int] = set()
        for ei, e in enumerate(endings):
            if e.nested:
                continue
            for gi, g in enumerate(keep_g):
                if g is None or not (e.start < g.start and g.end == e.end):
                    continue
                prefix = "".join(norms[e.start:g.start])
                if prefix in self.national:
                    keep_g[gi] = replace(g, start=e.start)
                    drop_e.add(ei)
                elif len("".join(norms[g.start:g.end])) <= SHORT_ALIAS:
                    keep_g[gi] = None
                else:
                    drop_e.add(ei)
        return [g for g in keep_g if g is not None], [e for ei, e in enumerate(endings) if ei not in drop_e]


def _reconcile(found: list[Candidate]) -> list[Candidate]:
    """Higher-ranked, then longer spans win; nested places stay inside the body that names them."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for cand in sorted((c for c in found if not c.nested), key=lambda c: (-_RANK[c.source], -(c.end - c.start), c.start)):
        if taken.isdisjoint(range(cand.start, cand.end)):
            chosen.append(cand)
            taken.update(range(cand.start, cand.end))
    for cand in (c for c in found if c.nested):
        if any(c.start <= cand.start and cand.end <= c.end and c.source == "institution" for c in chosen):
            chosen.append(cand)
    return sorted(set(chosen), key=lambda c: (c.start, c.end))


@Language.factory("threadline_zh_mentions_v1", assigns=["doc._.tl_mentions"])
def make_chinese_mention_finder(nlp: Language, name: str) -> ChineseMentionFinder:
    if not Doc.has_extension("tl_mentions"):
        Doc.set_extension("tl_mentions", default=None)
    segmenter = getattr(nlp.tokenizer, "jieba_seg", None)
    return ChineseMentionFinder(dict(getattr(segmenter, "tags", {}) or {}), load_patterns(), getattr(segmenter, "tagged", None))
