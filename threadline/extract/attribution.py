"""A fitted attribution model: which token is a cue, and which phrase is its source.

Reporting-verb lists miss most of what news attributes ("hopes", "plans to",
"in a statement", "is convinced", "according to"), and they fire on verbs used
in another sense. So cues and sources are scored by two linear models over
parse features, fitted on an attribution corpus by ``scripts/train_attribution.py``
(PolNeAR train; see the README). The fitted weights ship as JSON beside this
module and are only feature names and numbers: no text of the corpus.

- :func:`cue_features` describes a token as a candidate cue (lemma, tags, its
  dependants, quotation marks around it, its subject);
- :func:`source_features` describes a candidate source token relative to a cue
  (the dependency path between them, direction, distance, what kind of word it is).

The same functions build the training data and score at run time, so the two
never drift apart. Scoring is a sum of weights: no numeric library is needed.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from sys import intern

from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Token

from threadline.extract.columns import string_columns

CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "PUNCT"})
SOURCE_POS = frozenset({"PROPN", "NOUN", "PRON"})
QUOTES = frozenset({'"', "“", "”", "«", "»", "„", "‘", "’", "'"})
_MAX_PATH = 4
MODEL_FILE = "attribution_en.json.gz"


def is_cue_candidate(t: Token) -> bool:
    """Words that can head a cue; punctuation only as a colon ("X: ...")."""
    if t.pos_ not in CUE_POS:
        return False
    return t.pos_ != "PUNCT" or t.text == ":"


def is_source_candidate(t: Token) -> bool:
    """Heads of noun phrases: names, nouns and pronouns that are not inside another name."""
    return t.pos_ in SOURCE_POS and t.dep_ not in ("compound", "flat", "nmod:poss") or (t.pos_ == "PROPN" and t.dep_ == "poss")


_DOUBLE = frozenset({'"', "“", "”", "«", "»", "„"})


class _Columns:
    """A Doc's token attributes as plain lists, read once: scoring every token through ``Token`` objects
    (``t.children``, ``doc[j]``) costs more than the arithmetic. Children are read from the heads, in
    token order as ``Token.children`` gives them."""

    __slots__ = ("lower", "text", "lemma", "pos", "dep", "tag", "ent", "head", "children", "quote")

    def __init__(self, doc: Doc):
        lower, text, lemmas, pos, dep, tag, ent = string_columns(doc, (LOWER, ORTH, LEMMA, POS, DEP, TAG, ENT_TYPE))
        lemma = [x.lower() for x in lemmas]
        head = [i + h for i, h in enumerate(doc.to_array(HEAD).astype("int64").tolist())]  # HEAD: offsets, unsigned
        children: list[list[int]] = [[] for _ in head]
        for i, h in enumerate(head):
            if h != i:
                children[h].append(i)
        self.lower, self.text, self.lemma, self.pos, self.dep, self.tag, self.ent = lower, text, lemma, pos, dep, tag, ent
        self.head, self.children = head, children
        self.quote = [x in QUOTES for x in text]

    def word_kind(self, i: int) -> str:
        """:func:`_word_kind` of token i."""
        if self.pos[i] == "PRON":
            return "pron:" + self.lower[i]
        if self.ent[i]:
            return "ent:" + self.ent[i]
        if self.pos[i] == "PROPN":
            return "propn"
        return "noun:" + self.lemma[i]

    def cue_features(self, i: int, marks: QuoteMarks) -> list[str]:
        """:func:`cue_features` of token i, feature for feature and in the same order (so the sums agree exactly)."""
        start, end = marks.bounds[i]
        lem, pos, dep, h = self.lemma[i], self.pos[i], self.dep[i], self.head[i]
        lower, cdeps = self.lower, self.dep
        children = self.children[i]
        deps = sorted({cdeps[c] for c in children})
        prev = lower[i - 1] if i > start else "<s>"
        nxt = lower[i + 1] if i + 1 < end else "</s>"
        f = ["bias", f"l={lem}", f"p={pos}", f"d={dep}", f"t={self.tag[i]}", f"lp={lem}|{pos}", f"ld={lem}|{dep}",
             f"prev={prev}", f"next={nxt}", f"hp={self.pos[h]}|{dep}", f"hl={self.lemma[h]}|{dep}"]
        f += [f"c={d}" for d in deps]
        clausal = any(d in ("ccomp", "xcomp", "parataxis") for d in deps)
        f.append(f"lc={lem}|{clausal}")
        if clausal and any(cdeps[g] == "mark" and lower[g] in ("that", "whether", "if")
                           for c in children for g in self.children[c]):
            f.append(f"lthat={lem}")
        for c in children:
            cdep = cdeps[c]
            if cdep in ("nsubj", "nsubjpass"):
                kind = self.word_kind(c)
                f.append(f"s={kind}")
                f.append(f"ls={lem}|{kind}")
            elif cdep == "prep":
                f.append(f"lprep={lem}|{lower[c]}")
        quote = self.quote
        if any(quote[j] for j in range(max(start, i - 3), i)):
            f.append("quote_before")
        if any(quote[j] for j in range(i + 1, min(end, i + 4))):
            f.append("quote_after")
        if marks.inside[i]:
            f.append("in_quote")
        if start in marks.sentence_has:
            f.append("sent_quote")
        return f

    def cue_score(self, i: int, marks: QuoteMarks, w: _CueTables) -> float:
        """The cue model's sum over :meth:`cue_features` of token i, looked up by the features' values instead
        of their names (no string is built). The weights are added in the same order as
        :meth:`LinearModel.probability` adds them, so the sum is the same float."""
        start, end = marks.bounds[i]
        lem, pos, dep, h = self.lemma[i], self.pos[i], self.dep[i], self.head[i]
        lower, cdeps = self.lower, self.dep
        children = self.children[i]
        deps = sorted({cdeps[c] for c in children})
        prev = lower[i - 1] if i > start else "<s>"
        nxt = lower[i + 1] if i + 1 < end else "</s>"
        z = 0.0
        z += w.flag("bias")
        z += w.l.get(lem, 0.0)
        z += w.p.get(pos, 0.0)
        z += w.d.get(dep, 0.0)
        z += w.t.get(self.tag[i], 0.0)
        z += w.lp.get((lem, pos), 0.0)
        z += w.ld.get((lem, dep), 0.0)
        z += w.prev.get(prev, 0.0)
        z += w.next.get(nxt, 0.0)
        z += w.hp.get((self.pos[h], dep), 0.0)
        z += w.hl.get((self.lemma[h], dep), 0.0)
        for d in deps:
            z += w.c.get(d, 0.0)
        clausal = any(d in ("ccomp", "xcomp", "parataxis") for d in deps)
        z += w.lc.get((lem, str(clausal)), 0.0)
        if clausal and any(cdeps[g] == "mark" and lower[g] in ("that", "whether", "if")
                           for c in children for g in self.children[c]):
            z += w.lthat.get(lem, 0.0)
        for c in children:
            cdep = cdeps[c]
            if cdep in ("nsubj", "nsubjpass"):
                kind = self.word_kind(c)
                z += w.s.get(kind, 0.0)
                z += w.ls.get((lem, kind), 0.0)
            elif cdep == "prep":
                z += w.lprep.get((lem, lower[c]), 0.0)
        quote = self.quote
        if any(quote[j] for j in range(max(start, i - 3), i)):
            z += w.flag("quote_before")
        if any(quote[j] for j in range(i + 1, min(end, i + 4))):
            z += w.flag("quote_after")
        if marks.inside[i]:
            z += w.flag("in_quote")
        if start in marks.sentence_has:
            z += w.flag("sent_quote")
        return z


class _CueTables:
    """The cue weights of :func:`cue_features`, by family and keyed by the values a feature's name is made of:
    ``l=say`` is ``l["say"]``, ``lp=say|VERB`` is ``lp[("say", "VERB")]``. A name with more than one ``|``
    (a lemma holding one) is entered under every way of cutting it in two, so any pair of values that spells
    the name finds its weight."""

    _SINGLE = ("l", "p", "d", "t", "prev", "next", "c", "s", "lthat")
    _PAIRS = ("lp", "ld", "hp", "hl", "lc", "ls", "lprep")

    def __init__(self, weights: dict[str, float]):
        self.flags: dict[str, float] = {}
        single: dict[str, dict[str, float]] = {f: {} for f in self._SINGLE}
        pairs: dict[str, dict[tuple[str, str], float]] = {f: {} for f in self._PAIRS}
        for name, weight in weights.items():
            family, eq, value = name.partition("=")
            if not eq:
                self.flags[name] = weight
            elif family in single:
                single[family][intern(value)] = weight
            elif family in pairs:
                parts = value.split("|")
                for k in range(1, len(parts)):  # interned: a lemma is in many keys, and each key held its own copy
                    pairs[family][intern("|".join(parts[:k])), intern("|".join(parts[k:]))] = weight
        self.l, self.p, self.d, self.t = single["l"], single["p"], single["d"], single["t"]
        self.prev, self.next, self.c, self.s, self.lthat = single["prev"], single["next"], single["c"], single["s"], single["lthat"]
        self.lp, self.ld, self.hp, self.hl = pairs["lp"], pairs["ld"], pairs["hp"], pairs["hl"]
        self.lc, self.ls, self.lprep = pairs["lc"], pairs["ls"], pairs["lprep"]

    def flag(self, name: str) -> float:
        return self.flags.get(name, 0.0)


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class QuoteMarks:
    """Per token of a Doc: an odd number of double quotes before it in its sentence; per sentence start: any quote mark."""

    inside: tuple[bool, ...]
    sentence_has: frozenset[int]
    bounds: tuple[tuple[int, int], ...]  # each token's sentence, as (start, end): Token.sent is slow to ask
    columns: _Columns | None = field(default=None, compare=False, repr=False)  # the Doc's attributes, read once

    @classmethod
    def of(cls, doc: Doc) -> QuoteMarks:
        inside: list[bool] = []
        has: set[int] = set()
        bounds: list[tuple[int, int]] = []
        columns = _Columns(doc)
        text = columns.text
        for sent in doc.sents:
            odd = False
            start, end = sent.start, sent.end
            for i in range(start, end):
                bounds.append((start, end))
                inside.append(odd)
                if text[i] in _DOUBLE:
                    odd = not odd
                if columns.quote[i]:
                    has.add(start)
        return cls(tuple(inside), frozenset(has), tuple(bounds), columns)


def _inside_quote(t: Token, marks: QuoteMarks | None) -> bool:
    if marks is not None:
        return marks.inside[t.i]
    return sum(1 for x in t.sent if x.i < t.i and x.text in _DOUBLE) % 2 == 1


def cue_features(t: Token, marks: QuoteMarks | None = None) -> list[str]:
    doc = t.doc
    i = t.i
    start, end = marks.bounds[i] if marks is not None else (t.sent.start, t.sent.end)
    lem, pos, dep, head = t.lemma_.lower(), t.pos_, t.dep_, t.head
    children = list(t.children)
    deps = sorted({c.dep_ for c in children})
    prev = doc[i - 1].lower_ if i > start else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < end else "</s>"
    f = ["bias", f"l={lem}", f"p={pos}", f"d={dep}", f"t={t.tag_}", f"lp={lem}|{pos}", f"ld={lem}|{dep}",
         f"prev={prev}", f"next={nxt}", f"hp={head.pos_}|{dep}", f"hl={head.lemma_.lower()}|{dep}"]
    f += [f"c={d}" for d in deps]
    clausal = any(d in ("ccomp", "xcomp", "parataxis") for d in deps)
    f.append(f"lc={lem}|{clausal}")
    if clausal and any(g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for c in children for g in c.children):
        f.append(f"lthat={lem}")
    for c in children:
        cdep = c.dep_
        if cdep in ("nsubj", "nsubjpass"):
            kind = _word_kind(c)
            f.append(f"s={kind}")
            f.append(f"ls={lem}|{kind}")
        elif cdep == "prep":
            f.append(f"lprep={lem}|{c.lower_}")
    if any(doc[j].text in QUOTES for j in range(max(start, i - 3), i)):
        f.append("quote_before")
    if any(doc[j].text in QUOTES for j in range(i + 1, min(end, i + 4))):
        f.append("quote_after")
    if _inside_quote(t, marks):
        f.append("in_quote")
    if (start in marks.sentence_has) if marks is not None else any(x.text in QUOTES for x in t.sent):
        f.append("sent_quote")
    return f


def _word_kind(t: Token) -> str:
    if t.pos_ == "PRON":
        return "pron:" + t.lower_
    if t.ent_type_:
        return "ent:" + t.ent_type_
    if t.pos_ == "PROPN":
        return "propn"
    return "noun:" + t.lemma_.lower()


def dependency_path(a: Token, b: Token) -> str:
    """Arc labels from a up to the common ancestor, then down to b ("^ccomp|vnsubj")."""
    up_a = [a, *a.ancestors]
    ids = {t.i: n for n, t in enumerate(up_a)}
    down: list[str] = []
    node = b
    for _ in range(_MAX_PATH * 2):
        if node.i in ids:
            ups = [f"^{t.dep_}" for t in up_a[:ids[node.i]]]
            path = ups + list(reversed(down))
            return "|".join(path) if len(path) <= _MAX_PATH else "far"
        down.append(f"v{node.dep_}")
        if node.head is node:
            break
        node = node.head
    return "far"


def source_features(cue: Token, c: Token, marks: QuoteMarks | None = None) -> list[str]:
    path = dependency_path(cue, c)
    gap = c.i - cue.i
    dist = "0" if gap == 0 else ("-" if gap < 0 else "+") + str(min(abs(gap), 8) if abs(gap) < 4 else ("4-8" if abs(gap) <= 8 else "far"))
    kind = _word_kind(c)
    f = ["bias", f"path={path}", f"pp={path}|{c.pos_}", f"dist={dist}", f"k={kind}", f"cp={c.pos_}", f"ce={c.ent_type_}",
         f"lpath={cue.lemma_.lower()}|{path}", f"cuep={cue.pos_}|{path}", f"kd={kind}|{'before' if gap < 0 else 'after'}"]
    if _inside_quote(c, marks):
        f.append("c_in_quote")
    if any(x.dep_ in ("appos",) for x in c.children):
        f.append("has_appos")
    return f


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression as a table of feature weights."""

    weights: dict[str, float]
    threshold: float

    def probability(self, features: list[str]) -> float:
        get = self.weights.get
        z = 0.0
        for f in features:
            z += get(f, 0.0)
        return _logistic(z)

    @cached_property
    def tables(self) -> _CueTables:
        """The weights as :class:`_CueTables` (for the cue model), built on first use."""
        return _CueTables(self.weights)


@dataclass(frozen=True)
class AttributionModel:
    cue: LinearModel
    source: LinearModel
    trained_on: str

    def cue_probability(self, t: Token, marks: QuoteMarks | None = None) -> float:
        return self.cue.probability(cue_features(t, marks)) if is_cue_candidate(t) else 0.0

    def verb_evidence(self, lemma: str) -> float:
        """How much a verb's own word says "attribution" to the fitted model, whatever surrounds it: the weights of
        its lemma, of its lemma as a verb and of its lemma with nothing clausal after it. High for acts of speech
        ("blast", "cite", "endorse"), low for deeds ("revoke", "vote", "impose"): the corpus's usage, not a list."""
        w = self.cue.weights
        return w.get(f"l={lemma}", 0.0) + w.get(f"lp={lemma}|VERB", 0.0) + w.get(f"lc={lemma}|False", 0.0)

    def cue_probabilities(self, doc: Doc, marks: QuoteMarks | None = None) -> list[float]:
        """Every token's cue probability, the quotation marks counted once for the whole Doc."""
        marks = marks or QuoteMarks.of(doc)
        columns = marks.columns or _Columns(doc)
        tables, score, pos, text = self.cue.tables, columns.cue_score, columns.pos, columns.text
        return [_logistic(score(i, marks, tables)) if pos[i] in CUE_POS and (pos[i] != "PUNCT" or text[i] == ":")
                else 0.0 for i in range(len(doc))]

    def best_source(self, cue: Token, marks: QuoteMarks | None = None) -> tuple[Token, float] | None:
        """The most likely source token in the cue's sentence, if any is likely enough."""
        best: tuple[Token, float] | None = None
        start, end = marks.bounds[cue.i] if marks is not None else (cue.sent.start, cue.sent.end)
        for c in cue.doc[start:end]:
            if c.i == cue.i or not is_source_candidate(c):
                continue
            p = self.source.probability(source_features(cue, c, marks))
            if best is None or p > best[1]:
                best = (c, p)
        return best if best is not None and best[1] >= self.source.threshold else None


def model_from_dict(data: dict) -> AttributionModel:
    return AttributionModel(LinearModel(data["cue"]["weights"], data["cue"]["threshold"]),
                            LinearModel(data["source"]["weights"], data["source"]["threshold"]),
                            data.get("trained_on", ""))


@lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    """The fitted English model shipped with the package."""
    raw = resources.files("threadline.extract.patterns").joinpath(MODEL_FILE).read_bytes()
    return model_from_dict(json.loads(gzip.decompress(raw)))
