"""Group mentions into the entities of one document, collecting their aliases.

Rules, each a union of mention groups:
  same folded text; same gazetteer entry; an acronym in brackets after a name;
  a surname or titled form of a full personal name; a one-letter slip in one
  word ("Kwon"/"Kwong"); a name extended by a prepositional phrase or led by a
  country adjective ("State Council"/"Chinese State Council"); "China's X" =
  "Chinese X"; "X authorities" = "X government".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from threadline.extract.common_words import common_words
from threadline.extract.components.mentions import Candidate
from threadline.extract.han import simplified
from threadline.extract.languages import language_data
from threadline.extract.patterns import Patterns, load_patterns
from threadline.model.names import fold, initials

_PREPOSITIONS = {"in", "on", "of", "for", "to", "at", "en", "de", "du", "des", "à", "au", "van", "di", "del", "della"}
_ARTICLES = {"the", "la", "le", "les", "el", "los", "las", "il", "lo", "gli", "l", "het", "die", "das", "dem", "der"}
_SPELLED = {"ORG", "STATE_BODY", "GPE", "LAW", "EVENT"}  # kinds of names an acronym stands for
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "m", "mme", "mlle", "sir", "dame"}


@dataclass
class EntityGroup:
    """One entity of the document: its mentions and the forms they take."""

    name: str
    type: str
    forms: list[str]
    mentions: list[Candidate] = field(default_factory=list)
    gazetteer: str | None = None
    country: str | None = None
    kind: str | None = None


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def one_letter_slip(a: str, b: str) -> bool:
    """True when two multi-letter words differ by one inserted letter ("Kwon"/"Kwong")."""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def near_spelling(a: str, b: str) -> bool:
    """Same words but one slipped letter in one of them, for names of 10+ letters."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or min(len(a), len(b)) < 10:
        return False
    diff = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(diff) == 1 and one_letter_slip(*diff[0])


def acronym_fits(acronym: str, name: str) -> bool:
    """An acronym fits a name if most of its letters are the name's initials, in any order."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    inits = initials(name)
    if not letters or len(inits) < 2:
        return False
    return sum(1 for c in letters if c in inits) / len(letters) >= 0.5


class EntityGrouper:
    def __init__(self, patterns: Patterns):
        self.patterns = patterns
        self.entries = {e.name: e for e in patterns.gazetteer}
        self.synonyms = [set(group) for group in patterns.lexicon["institutions"]["synonyms"]]
        self.organisation_heads = frozenset(
            fold(w) for w in patterns.lexicon["type_keywords"]["state_exceptions"] if " " not in w
        )  # "university", "foundation": heads of bodies that are no state's

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Candidate] = list(doc._.tl_mentions or [])
        mentions = self._add_bracketed_acronyms(doc, mentions)
        mentions = self._add_bare_surnames(doc, mentions)
        mentions, bare = self._add_bare_heads(doc, mentions)
        mentions = self._add_plural_acronyms(doc, mentions)
        texts = [doc[m.start:m.end].text for m in mentions]
        keys = [fold(simplified(t)) for t in texts]  # 荷蘭福建同鄉會 = 荷兰福建同乡会
        uf = _UnionFind(len(mentions))
        self._possessive_forms: set[str] = set()  # folded forms that are another form's possessive: never the name
        self._link(doc, mentions, texts, keys, uf)
        self._link_bare_heads(mentions, keys, bare, uf)
        doc._.tl_entities = self._groups(mentions, texts, uf)
        return doc

    # -- bracketed acronyms ----------------------------------------------------

    def _add_bracketed_acronyms(self, doc: Doc, mentions: list[Candidate]) -> list[Candidate]:
        """"Name (ACR)": make sure ACR is a mention, typed like the name."""
        starts = {m.start: m for m in mentions}
        extra = []
        for m in mentions:
            i = m.end
            if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
                acr = doc[i + 1]
                if acr.text.isupper() and 2 <= len(acr.text) <= 8 and acr.i not in starts:
                    if acronym_fits(acr.text, doc[m.start:m.end].text) or m.gazetteer:
                        extra.append(Candidate(acr.i, acr.i + 1, m.type, "alias", m.gazetteer, m.country))
        return sorted(mentions + extra, key=lambda c: (c.start, c.end))

    def _add_bare_surnames(self, doc: Doc, mentions: list[Candidate]) -> list[Candidate]:
        """"Harth" after "Laura Harth": the model often misses a bare surname; find it."""
        surnames: dict[str, Candidate] = {}
        for m in mentions:
            words = [t for t in doc[m.start:m.end] if t.is_alpha]
            if m.type == "PERSON" and len(words) >= 2 and words[0].lower_ not in _HONORIFICS and len(words[-1]) >= 3:
                surnames.setdefault(words[-1].text, m)
        if not surnames:
            return mentions
        covered = {i for m in mentions for i in range(m.start, m.end)}
        extra = []
        wanted = {doc.vocab.strings[text] for text in surnames}  # their words' ids: no token is built to compare it
        for i, orth in enumerate(doc.to_array("ORTH").tolist()):
            if orth not in wanted:
                continue
            t = doc[i]
            owner = surnames.get(t.text)
            if owner is not None and t.i not in covered and t.i >= owner.end and t.pos_ == "PROPN":
                start = t.i - 1 if t.i > 0 and doc[t.i - 1].lower_.rstrip(".") in _HONORIFICS else t.i
                extra.append(Candidate(start, t.i + 1, "PERSON", "alias"))
        return sorted(mentions + extra, key=lambda c: (c.start, c.end))

    def _add_bare_heads(self, doc: Doc, mentions: list[Candidate]) -> tuple[list[Candidate], dict[int, int]]:
        """"des Verfassungsschutzes" after "der Bayerische Verfassungsschutz": in a language that capitalises
        its nouns, a body named by an adjective and its head noun is named by the head alone too, in any of
        its genitive forms, when no other body of the document has that head. Returns the mentions and, for
        each bare head found, the start of the body it names."""
        data = language_data(doc._.tl_language if Doc.has_extension("tl_language") else None)
        if not data.capitalises_nouns:
            return mentions, {}
        owners: dict[str, set[str]] = {}
        named: dict[str, Candidate] = {}
        for m in mentions:
            words = [t for t in doc[m.start:m.end] if t.is_alpha]
            if not words:
                continue
            owners.setdefault(words[-1].lower_, set()).add(fold(doc[m.start:m.end].text))
            if m.type == "STATE_BODY" and len(words) == 2 and words[0].lower_ in data.adjectives \
                    and data.head_of(words[1].text):
                named[words[1].lower_] = m
        heads = {head: m for head, m in named.items() if len(owners[head]) == 1}
        if not heads:
            return mentions, {}
        covered = {i for m in mentions for i in range(m.start, m.end)}
        forms = {head + ending: m for head, m in heads.items() for ending in ("", *data.genitive_suffixes)}
        wanted = {doc.vocab.strings.add(form): m for form, m in forms.items()}  # read as ids: no token is built to compare
        extra, bare = [], {}
        for i, low in enumerate(doc.to_array("LOWER").tolist()):
            owner = wanted.get(low)
            if owner is None or i in covered or not doc[i].text[:1].isupper():
                continue
            extra.append(Candidate(i, i + 1, "STATE_BODY", "alias", None, owner.country))
            bare[i] = owner.start
        return sorted(mentions + extra, key=lambda c: (c.start, c.end)), bare

    def _add_plural_acronyms(self, doc: Doc, mentions: list[Candidate]) -> list[Candidate]:
        """"campus CSSAs" after "CSSA": an acronym with a plural "s" is a mention of the acronym's body."""
        acronyms: dict[str, Candidate] = {}
        for m in mentions:
            if m.end - m.start == 1:
                text = doc[m.start].text
                if 2 <= len(text) <= 8 and text.isupper() and text.isalpha():
                    acronyms.setdefault(text + "s", m)
        if not acronyms:
            return mentions
        covered = {i for m in mentions for i in range(m.start, m.end)}
        wanted = {doc.vocab.strings.add(text): m for text, m in acronyms.items()}  # read as ids, as for surnames
        extra = [
            Candidate(i, i + 1, wanted[orth].type, "alias", wanted[orth].gazetteer, wanted[orth].country)
            for i, orth in enumerate(doc.to_array("ORTH").tolist())
            if orth in wanted and i not in covered
        ]
        return sorted(mentions + extra, key=lambda c: (c.start, c.end)) if extra else mentions

    def _link_bare_heads(self, mentions: list[Candidate], keys: list[str], bare: dict[int, int], uf: _UnionFind) -> None:
        if not bare:
            return
        by_start = {m.start: i for i, m in enumerate(mentions)}
        for start, owner in bare.items():
            i, j = by_start.get(start), by_start.get(owner)
            if i is not None and j is not None:
                uf.union(j, i)
                self._possessive_forms.add(keys[i])  # the bare head is a form of the name, never the name

    # -- linking rules ---------------------------------------------------------

    def _link(self, doc: Doc, mentions: list[Candidate], texts: list[str], keys: list[str], uf: _UnionFind) -> None:
        n = len(mentions)
        first: dict[str, int] = {}
        by_gaz: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key in first:
                uf.union(first[key], i)
            first.setdefault(key, i)
            gaz = mentions[i].gazetteer
            if gaz:
                if gaz in by_gaz:
                    uf.union(by_gaz[gaz], i)
                by_gaz.setdefault(gaz, i)
        by_start = {m.start: i for i, m in enumerate(mentions)}
        for i, m in enumerate(mentions):  # Name (ACR)
            j = by_start.get(m.end + 1)
            if j is not None and m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
                if mentions[j].end == m.end + 2 and (acronym_fits(texts[j], texts[i]) or (m.gazetteer and m.gazetteer == mentions[j].gazetteer)):
                    uf.union(i, j)
        distinct = sorted(first.items(), key=lambda kv: kv[1])
        for a_pos, (ka, ia) in enumerate(distinct):
            for kb, ib in distinct[a_pos + 1:]:
                if self._same(mentions[ia], mentions[ib], ka, kb, texts[ia], texts[ib]):
                    uf.union(ia, ib)
        self._link_law_short_forms(mentions, keys, first, uf)
        self._link_possessives(doc, mentions, keys, first, uf)
        self._link_spelled_acronyms(mentions, texts, uf)
        self._link_also_known_as(doc, mentions, uf)
        self._link_short_person_names(mentions, texts, keys, uf)
        self._link_short_organisations(doc, mentions, keys, uf)
        self._link_plural_acronyms(mentions, texts, keys, first, uf)
        self._link_government_words(doc, keys, first, uf)
        del n

    def _link_short_organisations(self, doc: Doc, mentions: list[Candidate], keys: list[str], uf: _UnionFind) -> None:
        """ "McMaster" and "McMaster University": one word that is no common word of the language, alone,
        is the one organisation of the document named by that word and an organisation's head noun
        ("University", "Stiftung"); no person's name may hold the word, and a place stays a place."""
        language = doc._.tl_language if Doc.has_extension("tl_language") else None
        lang = language or "en"
        heads = self.organisation_heads | language_data(language).organisation_heads
        people = {w for i, m in enumerate(mentions) if m.type == "PERSON" and len(keys[i].split()) >= 2 for w in keys[i].split()}
        longer: dict[str, set[int]] = {}
        for i, m in enumerate(mentions):
            words = keys[i].split()
            if m.type == "ORG" and len(words) == 2 and words[1] in heads \
                    and words[0] not in common_words(lang) and words[0] not in common_words("en"):
                longer.setdefault(words[0], set()).add(uf.find(i))
        for i, m in enumerate(mentions):
            word = keys[i]
            if m.type not in ("PERSON", "ORG") or " " in word or m.gazetteer or word in people:
                continue
            owners = longer.get(word, set())
            if len(owners) == 1:
                uf.union(next(iter(owners)), i)

    def _link_plural_acronyms(
        self, mentions: list[Candidate], texts: list[str], keys: list[str], first: dict[str, int], uf: _UnionFind
    ) -> None:
        """ "CSSAs" and "CSSA": an acronym with a plural "s" is the acronym."""
        for i, text in enumerate(texts):
            if len(text) >= 3 and text.endswith("s") and text[:-1].isupper() and text[:-1].isalpha():
                j = first.get(keys[i][:-1])
                if j is not None and texts[j].isupper():
                    uf.union(j, i)

    def _link_government_words(self, doc: Doc, keys: list[str], first: dict[str, int], uf: _UnionFind) -> None:
        """ "el Gobierno" and "el Ejecutivo": the words a language names its government by, alone, name
        one body in a document (the language's data lists them)."""
        data = language_data(doc._.tl_language if Doc.has_extension("tl_language") else None)
        found = [first[w] for w in sorted(data.government_words) if w in first]
        for i in found[1:]:
            uf.union(found[0], i)

    def _link_possessives(
        self, doc: Doc, mentions: list[Candidate], keys: list[str], first: dict[str, int], uf: _UnionFind
    ) -> None:
        """ "Chinas" with "China", "Merkels" with "Merkel": a name's possessive in a language that
        marks one (its data's genitive endings) is the name, when the name itself is in the document."""
        language = doc._.tl_language if Doc.has_extension("tl_language") else None
        data = language_data(language)
        if not data.genitive_suffixes:
            return
        for i, key in enumerate(keys):
            if " " in key:
                continue
            for base in data.genitive_bases(key):
                j = first.get(base)
                if j is not None and j != i and mentions[j].type == mentions[i].type:
                    uf.union(j, i)
                    self._possessive_forms.add(key)
                    break

    def _link_law_short_forms(
        self, mentions: list[Candidate], keys: list[str], first: dict[str, int], uf: _UnionFind
    ) -> None:
        """ "Verdrag van Wenen" and "Verdrag van Wenen inzake diplomatiek verkeer": a law's name of three
        words or more that begins one longer law's name of the document is that law (two: neither)."""
        laws = {key: i for key, i in first.items() if mentions[i].type == "LAW"}
        for key, i in laws.items():
            if len(key.split()) < 3:
                continue
            longer = {uf.find(j) for other, j in laws.items() if other.startswith(key + " ")}
            if len(longer) == 1:
                uf.union(next(iter(longer)), i)

    def _link_spelled_acronyms(self, mentions: list[Candidate], texts: list[str], uf: _UnionFind) -> None:
        """ "VN" and "Verenigde Naties", "ONU" and "Organizzazione delle Nazioni Unite" where no bracket
        pairs them: an acronym whose letters are exactly the initials of one name of the document, in
        order, is that name's (an acronym two names spell is left alone)."""
        named: dict[str, set[int]] = {}
        for i, m in enumerate(mentions):
            text = texts[i]
            if m.type in _SPELLED and len(text.split()) >= 2 and not m.nested:
                code = initials(text)
                if len(code) >= 2:
                    named.setdefault(code, set()).add(uf.find(i))
        for i, m in enumerate(mentions):
            text = texts[i]
            if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()) or m.type not in _SPELLED:
                continue
            owners = {uf.find(j) for j in named.get(text, ())}
            if len(owners) == 1 and (
                m.gazetteer is None or mentions[next(iter(owners))].gazetteer in (None, m.gazetteer)
            ):
                owner = next(iter(owners))
                uf.union(owner, i)
                if m.type != mentions[owner].type:
                    mentions[i] = replace(m, type=mentions[owner].type)

    def _link_also_known_as(self, doc: Doc, mentions: list[Candidate], uf: _UnionFind) -> None:
        """ "Zhu Yong, also known as Jason Zhu": one person, two names."""
        for i, m in enumerate(mentions):
            if m.type != "PERSON":
                continue
            for j in range(i + 1, min(i + 3, len(mentions))):
                if mentions[j].type != "PERSON":
                    continue  # only two people can be one; the words between them are not read
                gap = " ".join(t.lower_ for t in doc[m.end : mentions[j].start] if not t.is_punct)
                if gap in ("also known as", "known as", "alias", "aka", "a.k.a", "dit", "alias di"):
                    uf.union(i, j)

    def _same(self, a: Candidate, b: Candidate, ka: str, kb: str, ta: str, tb: str) -> bool:
        if a.gazetteer and b.gazetteer and a.gazetteer != b.gazetteer:
            return False
        compatible = a.type == b.type or {a.type, b.type} <= {"PERSON", "ORG"}
        if not compatible:
            return False
        if near_spelling(ka, kb):
            return True
        if a.type != b.type:
            return False
        if self._extends(ka, kb) or self._extends(kb, ka):
            return True
        if a.type == "GPE":
            code = self.patterns.name_country.get(ka)
            return code is not None and code == self.patterns.name_country.get(kb)
        return self._institution_key(ka) == self._institution_key(kb) != ""

    def _extends(self, short: str, long_: str) -> bool:
        """ "X" vs "X in Y" / "Chinese X" (X of two words or more)."""
        if not long_.startswith(short + " ") and not long_.endswith(" " + short):
            return False
        if long_.startswith(short + " "):
            rest = long_[len(short) + 1 :].split()
            if " " not in short and self._country_of(rest) is not None:
                return (
                    False  # "Gobierno" and "Gobierno de la República Popular China": the bare head is another country's
                )
            return rest[0] in _PREPOSITIONS
        lead = long_[: -len(short) - 1]
        return lead in self.patterns.adjective_country and len(short.split()) >= 2

    def _country_of(self, words: list[str]) -> tuple[str, int] | None:
        """The country an of-phrase at the end of a name names, and where the phrase starts:
        "de la republica popular china" -> ("CN", 0)."""
        joiners = _PREPOSITIONS | _ARTICLES
        for k in range(1, len(words)):
            code = self.patterns.name_country.get(" ".join(words[k:]))
            if code and words[k - 1] in joiners:
                start = k - 1
                while start > 0 and words[start - 1] in joiners:
                    start -= 1
                return code, start
        return None

    def _institution_key(self, key: str) -> str:
        """ "china foreign ministry" and "chinese foreign ministry" share a key; so do authorities/government;
        so do a body named with its country's adjective after it or an of-phrase of its country's name
        ("ministerio de exteriores chino", "ministerio de exteriores de china")."""
        words = key.split()
        if len(words) < 2:
            return ""
        code = self.patterns.adjective_country.get(words[0]) or self.patterns.name_country.get(words[0])
        body = words[1:]
        if not code:
            code = self.patterns.adjective_country.get(words[-1])
            body = words[:-1]
            found = None if code else self._country_of(words)
            if found and found[1] > 0:
                code, body = found[0], words[: found[1]]
            body = [w for w in body if w not in _PREPOSITIONS and w not in _ARTICLES]
        if not code:
            return ""
        rest = []
        for w in body:
            for group in self.synonyms:
                if w in group:
                    w = sorted(group)[0]
            rest.append(w)
        return code + " " + " ".join(rest)

    def _link_short_person_names(self, mentions: list[Candidate], texts: list[str], keys: list[str], uf: _UnionFind) -> None:
        full: dict[str, set[int]] = {}
        org_full: dict[str, set[int]] = {}  # two or three capitalised words the model called an organisation
        for i, m in enumerate(mentions):
            words = keys[i].split()
            if m.type == "PERSON" and len(words) >= 2 and words[0] not in _HONORIFICS:
                for w in (words[0], words[-1]):
                    full.setdefault(w, set()).add(uf.find(i))
            elif m.type == "ORG" and m.source == "ner" and 2 <= len(words) <= 3 and texts[i].istitle():
                org_full.setdefault(words[-1], set()).add(uf.find(i))
        for i, m in enumerate(mentions):
            words = keys[i].split()
            titled = bool(words) and words[0] in _HONORIFICS
            if titled:
                words = words[1:]
            if len(words) != 1 or m.gazetteer or keys[i] in self.patterns.name_country:
                continue
            if m.type not in ("PERSON", "ORG", "GPE") and not titled:
                continue
            owners = full.get(words[0], set()) or (org_full.get(words[0], set()) if titled else set())
            if len(owners) == 1:
                uf.union(next(iter(owners)), i)
            elif owners and m.type != "PERSON":
                mentions[i] = replace(m, type="PERSON")  # "Wang" of two Wangs: a person, just not which one
        self._link_titled_surnames(mentions, keys, full, uf)

    def _link_titled_surnames(self, mentions: list[Candidate], keys: list[str], full: dict[str, set[int]],
                              uf: _UnionFind) -> None:
        """"Obama … Mr. Obama", "Reyes … Ms. Reyes" with no full name in the text: the bare surname is the titled
        person's, when one titled person alone bears it (a "Mr. Li" and a "Ms. Li" stay apart from a bare "Li")."""
        titled: dict[str, set[int]] = {}
        for i, m in enumerate(mentions):
            words = keys[i].split()
            if m.type == "PERSON" and len(words) == 2 and words[0] in _HONORIFICS and words[1] not in full:
                titled.setdefault(words[1], set()).add(uf.find(i))
        for i, m in enumerate(mentions):
            key = keys[i]
            owners = titled.get(key, set())
            if " " in key or len(owners) != 1 or m.gazetteer or key in self.patterns.name_country \
                    or m.type not in ("PERSON", "ORG"):
                continue
            uf.union(next(iter(owners)), i)
            if m.type != "PERSON":
                mentions[i] = replace(m, type="PERSON")  # the model's "Reyes" (ORG) is Ms. Reyes

    # -- groups ----------------------------------------------------------------

    def _groups(self, mentions: list[Candidate], texts: list[str], uf: _UnionFind) -> list[EntityGroup]:
        members: dict[int, list[int]] = {}
        for i in range(len(mentions)):
            members.setdefault(uf.find(i), []).append(i)
        groups = []
        for idx in members.values():
            ms = [mentions[i] for i in idx]
            forms: list[str] = []
            for i in idx:
                if fold(texts[i]) not in {fold(f) for f in forms}:
                    forms.append(texts[i])
            gaz = next((m.gazetteer for m in ms if m.gazetteer), None)
            entry = self.entries.get(gaz) if gaz else None
            kind = entry.type if entry else _vote(ms)
            named = [f for f in forms if fold(f) not in self._possessive_forms] or forms
            name = _pick_name(named, [texts[i] for i in idx], kind, entry.name if entry else None)
            country = (entry.country if entry else None) or next((m.country for m in ms if m.country), None)
            if country is None and kind == "GPE":
                country = self.patterns.name_country.get(fold(name))
            groups.append(EntityGroup(name, kind, [name] + [f for f in forms if f != name], ms, gaz, country, entry.kind if entry else None))
        return groups


def _vote(ms: list[Candidate]) -> str:
    if any(m.source == "institution" for m in ms):
        return "STATE_BODY"
    multi_person = any(m.type == "PERSON" and m.end - m.start >= 2 for m in ms)
    if multi_person:
        return "PERSON"
    return Counter(m.type for m in ms).most_common(1)[0][0]


def _pick_name(forms: list[str], occurrences: list[str], kind: str, gazetteer_name: str | None) -> str:
    if gazetteer_name and any(fold(f) == fold(gazetteer_name) for f in forms):
        return next(f for f in forms if fold(f) == fold(gazetteer_name))
    candidates = [f for f in forms if not (f.isupper() and len(f) <= 8)] or forms
    if kind == "PERSON":
        plain = [f for f in candidates if f.split()[0].lower().rstrip(".") not in _HONORIFICS] or candidates
        return max(plain, key=lambda f: len(f.split()))
    counts = Counter(fold(o) for o in occurrences)
    return max(candidates, key=lambda f: (counts[fold(f)], -candidates.index(f)))


@Language.factory("threadline_entities_v1", assigns=["doc._.tl_entities"], requires=["doc._.tl_mentions"])
def make_entity_grouper(nlp: Language, name: str) -> EntityGrouper:
    if not Doc.has_extension("tl_entities"):
        Doc.set_extension("tl_entities", default=None)
    return EntityGrouper(load_patterns())
