"""The model's attribute ruler run as lookups: the same attributes, set in a fraction of the time.

spaCy's ``AttributeRuler`` (the tag map, the morph rules and a few two-token
exceptions: 179 patterns in the English model) runs a ``Matcher`` with every
pattern at every token, which costs about a fifth of the stock English
pipeline's CPU time. Its patterns are plain conjunctions of token attributes
(``{"TAG": "VBZ", "LOWER": "gets"}``, ``{"LOWER": {"IN": [...]}}``, a regex or
two), so the
same result comes from reading the attributes the patterns test once per
document, looking each token's row of values up in an index of the patterns
built once from the ruler, and writing what the matching rules set back in one
``Doc.from_array``. It keeps the ruler's order: every rule is matched against
the Doc as it was before any rule applied, and where several rules set the same
attribute of a token the one added last wins.

A ruler with anything else in its patterns (operators, extension attributes,
other predicates) or setting a lexical attribute is left in place:
:func:`replace_ruler` only swaps a ruler it can read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, NORM, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

RULER = "attribute_ruler"
# Attributes a pattern may test, the most telling first (a rule is filed under the fewest values it lists, the
# earlier attribute breaking ties). Anything else (MORPH's feature sets, sentence starts, entities) makes the ruler unreadable here.
READABLE = ("LOWER", "ORTH", "NORM", "LEMMA", "TAG", "POS", "DEP", "SHAPE", "IS_ALPHA", "IS_ASCII",
            "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM")
# Attributes a rule may set: all are the token's own. The ruler also writes its values to the lexeme, a no-op
# for these, but not for lexical attributes such as LOWER, which this component does not write.
WRITABLE = frozenset({LEMMA, NORM, POS, TAG, MORPH, DEP})
_SET_PREDICATES = frozenset({"IN", "NOT_IN"})


class Unreadable(ValueError):
    """A ruler pattern outside the conjunctions of token attributes this component reads."""


@dataclass(frozen=True)
class Test:
    """One attribute of one token: its value is (or, negated, is not) one of ``values``; or, with a ``regex``,
    the value's string contains a match (``strings`` turns the value's hash back into its string)."""

    column: int
    values: frozenset[int] = frozenset()
    negate: bool = False
    regex: re.Pattern[str] | None = None
    strings: StringStore | None = field(default=None, compare=False)

    @property
    def listed(self) -> bool:
        """Whether the test passes only for the values it lists (so a rule can be filed under each)."""
        return self.regex is None and not self.negate

    def passes(self, row: Sequence[int]) -> bool:
        if self.regex is not None and self.strings is not None:
            return self.regex.search(self.strings[row[self.column]]) is not None
        return (row[self.column] in self.values) != self.negate


@dataclass(frozen=True)
class Rule:
    """One ruler pattern: a token test per token of the span, the span's token it sets (``index``, as the
    ruler reads it), and the attributes it sets there, in the order the ruler sets them."""

    order: int
    tokens: tuple[tuple[Test, ...], ...]
    index: int
    sets: tuple[tuple[int, int], ...]

    def target(self, start: int) -> int:
        return start + (self.index if self.index >= 0 else len(self.tokens) + self.index)


def _test(column: int, value: object, strings: StringStore) -> Test:
    """A pattern's value read as the ``Matcher`` reads it: strings through the StringStore, booleans as 0/1,
    ``IN``/``NOT_IN`` lists through ``get_string_id``, ``REGEX`` searched in the value's string."""
    if isinstance(value, bool):
        return Test(column, frozenset({int(value)}))
    if isinstance(value, int):
        return Test(column, frozenset({value}))
    if isinstance(value, str):
        return Test(column, frozenset({strings.add(value)}))
    if isinstance(value, dict) and len(value) == 1:
        (predicate, members), = value.items()
        if predicate == "REGEX" and isinstance(members, str):
            return Test(column, regex=re.compile(members), strings=strings)
        if predicate in _SET_PREDICATES and isinstance(members, list) and all(isinstance(m, (str, int)) and not isinstance(m, bool) for m in members):
            return Test(column, frozenset(get_string_id(m) for m in members), negate=predicate == "NOT_IN")
    raise Unreadable(f"pattern value {value!r}")


def _name(key: object) -> str:
    if not isinstance(key, str):
        raise Unreadable(f"pattern attribute {key!r}")
    name = "ORTH" if key.upper() == "TEXT" else key.upper()
    if name not in READABLE:
        raise Unreadable(f"pattern attribute {key!r}")
    return name


def _token_tests(spec: dict[str, object], columns: list[str], strings: StringStore) -> tuple[Test, ...]:
    """A token's tests, the one to file its rule under first: the fewest listed values, then the most telling
    attribute."""
    tests = [_test(columns.index(_name(key)), value, strings) for key, value in spec.items()]
    return tuple(sorted(tests, key=lambda t: (not t.listed, len(t.values), t.column)))


@dataclass(frozen=True)
class Start:
    """What a token's row of values starts: the values its one-token rules set, and the longer rules whose
    first token it matches (each still to be checked against the tokens after it)."""

    values: dict[int, int]
    rules: tuple[Rule, ...]
    spans: tuple[Rule, ...]


class AttributeTables:
    """The ruler's rules filed under each value their first token's first test lists (rules whose first token
    lists none, only excluding values or matching a regex, are tried at every row), and a Doc's new attribute
    values worked out once per distinct row of values."""

    def __init__(self, rules: Iterable[Rule], columns: Sequence[str]):
        self.rules = tuple(rules)
        self.writes: list[int | str] = sorted({attr for rule in self.rules for attr, _ in rule.sets})
        self.reads: list[int | str] = [IDS[name] for name in columns]
        self.indexed: dict[tuple[int, int], list[tuple[Rule, tuple[Test, ...]]]] = {}  # with the tests left
        self.always: list[Rule] = []
        for rule in self.rules:
            first = rule.tokens[0][0] if rule.tokens[0] else None
            if first is None or not first.listed:
                self.always.append(rule)
                continue
            for value in first.values:
                self.indexed.setdefault((first.column, value), []).append((rule, rule.tokens[0][1:]))
        self.telling, self.patterns = _telling(self.rules, len(columns))

    @classmethod
    def read(cls, ruler: AttributeRuler) -> AttributeTables:
        """The tables of a ruler's patterns; raises :class:`Unreadable` for a pattern they cannot hold."""
        strings = ruler.vocab.strings
        patterns = cast(list[dict[str, Any]], ruler.patterns)
        used = {_name(key) for p in patterns for tokens in p["patterns"] for spec in tokens for key in spec}
        columns = [name for name in READABLE if name in used]
        rules = []
        for order, pattern in enumerate(patterns):
            sets = tuple(ruler.attrs[order].items())
            if any(attr not in WRITABLE for attr, _ in sets):
                raise Unreadable(f"rule {order} sets {pattern['attrs']!r}")
            index = int(pattern.get("index", 0))
            for tokens in pattern["patterns"]:
                if not tokens or not -len(tokens) <= index < len(tokens):
                    raise Unreadable(f"rule {order}: index {index} outside its pattern")
                rules.append(Rule(order, tuple(_token_tests(spec, columns, strings) for spec in tokens), index, sets))
        return cls(rules, columns)

    def start(self, row: Sequence[int]) -> Start:
        """The rules whose first token a row of values matches, in rule order."""
        found = [r for r in self.always if all(t.passes(row) for t in r.tokens[0])]
        for column, value in enumerate(row):
            found.extend(r for r, rest in self.indexed.get((column, value), ()) if all(t.passes(row) for t in rest))
        found.sort(key=lambda r: r.order)
        single = tuple(r for r in found if len(r.tokens) == 1)
        return Start(_applied(single), single, tuple(r for r in found if len(r.tokens) > 1))

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and self.writes:
            self._write(doc, self.changes(doc))
        return doc

    def changes(self, doc: Doc) -> list[dict[int, int]]:
        """Each token's new attribute values, every rule matched against the Doc as it came in. Tokens with
        the same telling values (:meth:`_telling_in`) share one :meth:`start` (a memo for this Doc only)."""
        rows = _columns(doc, self.reads)
        telling = self._telling_in(doc, rows)
        seen: dict[tuple[int | None, ...], Start] = {}
        starts = []
        extra: dict[int, list[Rule]] = {}
        for i, row in enumerate(rows):
            key = _told(row, telling)
            start = seen.get(key)
            if start is None:
                start = seen[key] = self.start(row)
            starts.append(start)
            for rule in start.spans:
                if _continues(rule, rows, i):
                    extra.setdefault(rule.target(i), []).append(rule)
        values = [s.values for s in starts]
        for i, rules in extra.items():
            values[i] = _applied(starts[i].rules + tuple(rules))
        return values

    def _telling_in(self, doc: Doc, rows: Sequence[Sequence[int]]) -> list[frozenset[int]]:
        """Per column, the values that can change what :meth:`start` finds: those a first token's test lists
        (``self.telling``) and, in a column a regex reads, this Doc's values whose string it matches. Two rows
        alike in these values (any other value standing for none) pass and fail the same tests, so they share
        one :meth:`start` -- most rows differ only in words and dependencies no rule names."""
        telling = list(self.telling)
        strings = doc.vocab.strings
        for column, regexes in self.patterns.items():
            found = {row[column] for row in rows} - telling[column]
            telling[column] |= {v for v in found if any(r.search(strings[v]) for r in regexes)}
        return telling

    def _write(self, doc: Doc, values: list[dict[int, int]]) -> None:
        place = {attr: j for j, attr in enumerate(self.writes)}
        columns = _columns(doc, self.writes)
        for row, new in zip(columns, values):
            for attr, value in new.items():
                row[place[attr]] = value
        doc.from_array(self.writes, numpy.array(columns, dtype=numpy.uint64))  # type: ignore[arg-type]


def _columns(doc: Doc, attrs: list[int | str]) -> list[list[int]]:
    """A row of the attributes' values per token (``Doc.to_array`` gives a flat array for one attribute)."""
    return cast(list[list[int]], doc.to_array(attrs).reshape(len(doc), len(attrs)).tolist())


def _telling(rules: Iterable[Rule], width: int) -> tuple[tuple[frozenset[int], ...], dict[int, tuple[re.Pattern[str], ...]]]:
    """The values each column's first-token tests list or exclude, and the regexes first-token tests search
    each column with: all that :meth:`AttributeTables.start` reads of a row (later tokens are matched against
    the rows themselves)."""
    listed: list[set[int]] = [set() for _ in range(width)]
    patterns: dict[int, list[re.Pattern[str]]] = {}
    for rule in rules:
        for test in rule.tokens[0]:
            listed[test.column] |= test.values
            if test.regex is not None:
                patterns.setdefault(test.column, []).append(test.regex)
    return tuple(frozenset(v) for v in listed), {c: tuple(r) for c, r in patterns.items()}


def _told(row: Sequence[int], telling: Sequence[frozenset[int]]) -> tuple[int | None, ...]:
    """A row's telling values, ``None`` for each value no first-token test can tell from any other."""
    return tuple([v if v in t else None for v, t in zip(row, telling)])  # a list comprehension: faster than a generator here


def _continues(rule: Rule, rows: Sequence[Sequence[int]], start: int) -> bool:
    """Whether the tokens after ``start`` match the rest of a rule whose first token matched there."""
    if start + len(rule.tokens) > len(rows):
        return False
    return all(t.passes(rows[start + j]) for j in range(1, len(rule.tokens)) for t in rule.tokens[j])


def _applied(rules: Iterable[Rule]) -> dict[int, int]:
    """What a token's matched rules set, the later rule winning where two set one attribute."""
    values: dict[int, int] = {}
    for rule in sorted(rules, key=lambda r: r.order):
        values.update(rule.sets)
    return values


@Language.factory("threadline_attribute_tables_v1")
def make_attribute_tables(nlp: Language, name: str) -> AttributeTables:
    """The pipeline's attribute ruler as tables (see :func:`replace_ruler`)."""
    return AttributeTables.read(_ruler(nlp))


def _ruler(nlp: Language) -> AttributeRuler:
    ruler = nlp.get_pipe(RULER)
    if not isinstance(ruler, AttributeRuler):
        raise Unreadable(f"{RULER} is a {type(ruler).__name__}")
    return ruler


def replace_ruler(nlp: Language) -> bool:
    """Swap the pipeline's attribute ruler for its tables, in its place, when every pattern can be read."""
    if RULER not in nlp.pipe_names:
        return False
    try:
        AttributeTables.read(_ruler(nlp))
    except Unreadable:
        return False
    nlp.add_pipe("threadline_attribute_tables_v1", name="tl_attribute_tables", after=RULER)
    nlp.remove_pipe(RULER)
    return True


__all__ = ["AttributeTables", "Unreadable", "replace_ruler"]
