"""Per-language word lists, one data file a language (``patterns/lang/<code>.yaml``).

The rule components ask this module, never a list of their own: function words that
never start or end a name, locatives, name particles, nationality adjectives, state-body
heads, named state bodies and the words relations are read from. Adding a language is
adding a file. Country names in the language come from CLDR, not from the file: from a table built
from babel and shipped (``patterns/cldr_names.json.gz``, :func:`build_cldr_names`), or from babel
itself for a language added since.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from threadline.errors import SchemaError
from threadline.model import SCHEMA
from threadline.model.names import fold

_FOLDER = "lang"
CLDR_TABLE = "cldr_names.json.gz"
CLDR_KINDS = ("territories", "languages")


@dataclass(frozen=True)
class RelationWords:
    """The words the relation rules read in one language (the ``relations`` section of its file)."""

    of: frozenset[str] = frozenset()  # "X of Y": "the council of the university", "der Rat der Stadt"
    by: frozenset[str] = frozenset()  # the agent of a passive or a nominalisation: "by", "par", "von"
    about: frozenset[str] = frozenset()  # the target of an action noun: "the probe into X"
    works_at: frozenset[str] = frozenset()  # a title's body after the name: "Minister X at the Home Office"
    articles: frozenset[str] = frozenset()  # may stand between those words and a name
    based: frozenset[str] = frozenset()  # "based in", "con sede a", "in München ansässigen"
    place_nouns: frozenset[str] = frozenset()  # "X, the capital of Y", "X è una città della Y"
    copulas: frozenset[str] = frozenset()  # "X is a city in Y"
    relatives: frozenset[str] = frozenset()  # "the ministry, which X heads": "que", "che", "die"
    adjuncts: frozenset[str] = frozenset()  # prepositions whose phrase is never a verb's object: "reported from X"
    causatives: frozenset[str] = frozenset()  # verbs (lemmas) whose giver does what they order: "ordered to close"
    roles: dict[str, str] = field(default_factory=dict)  # role word -> predicate ("diputado" -> member_of)
    bare_heads: frozenset[str] = frozenset()  # a staff title that names the head alone: "FBI Director X" leads it
    verb_forms: dict[str, str] = field(default_factory=dict)  # finite verb form -> predicate ("dirige" -> leads)
    nominals: dict[str, str] = field(default_factory=dict)  # action noun -> predicate ("arrest" -> investigated)
    participles: dict[str, str] = field(default_factory=dict)  # passive participle -> predicate ("festgenommen")
    passive_auxiliaries: frozenset[str] = frozenset()  # "wurde", "werd", "è", "fue"


def _by_predicate(raw: dict[str, Any], key: str) -> dict[str, str]:
    return {str(w).lower(): str(pred) for pred, ws in (raw.get(key) or {}).items() for w in ws or ()}


def _relation_words(raw: dict[str, Any]) -> RelationWords:
    return RelationWords(
        of=_words(raw, "of"),
        by=_words(raw, "by"),
        about=_words(raw, "about"),
        works_at=_words(raw, "works_at"),
        articles=_words(raw, "articles"),
        based=_words(raw, "based"),
        place_nouns=_words(raw, "place_nouns"),
        copulas=_words(raw, "copulas"),
        relatives=_words(raw, "relatives"),
        causatives=_words(raw, "causatives"),
        adjuncts=_words(raw, "adjuncts"),
        roles=_by_predicate(raw, "roles"),
        bare_heads=_words(raw, "bare_heads"),
        verb_forms=_by_predicate(raw, "verb_forms"),
        nominals=_by_predicate(raw, "nominals"),
        participles=_by_predicate(raw, "participles"),
        passive_auxiliaries=_words(raw, "passive_auxiliaries"),
    )


@dataclass(frozen=True)
class LanguageData:
    """What the rules need to know about one language."""

    code: str
    capitalises_nouns: bool = False
    function_words: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset()
    locatives: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    according_to: frozenset[str] = frozenset()
    complementisers: frozenset[str] = frozenset()  # they open a reported clause: "dat", "dass", "che"
    determiners: frozenset[str] = frozenset()  # before a word, they make it a noun: "ogni accusa", "die Antwort"
    calendar_words: frozenset[str] = frozenset()
    reportative_words: frozenset[str] = frozenset()  # verb forms of indirect speech ("sei", "gebe")
    reportative_suffixes: tuple[str, ...] = ()  # or their endings ("-rebbe", "-rait")
    reportative_not_after: frozenset[str] = frozenset()
    adjectives: dict[str, str] = field(default_factory=dict)  # inflected form -> country
    state_heads: frozenset[str] = frozenset()
    compound_prefixes: tuple[str, ...] = ()
    of_words: frozenset[str] = frozenset()
    portfolio_roles: frozenset[str] = frozenset()
    portfolios: tuple[tuple[str, ...], ...] = ()  # a ministry's portfolio as words, longest first
    law_heads: frozenset[str] = frozenset()  # "verdrag", "Gesetz", "legge"
    law_compounds: bool = False  # a law head also ends a compound: "vluchtelingenverdrag", "Sicherheitsgesetz"
    organisation_heads: frozenset[str] = frozenset()  # head nouns of non-state bodies: "Verband", "Kongress"
    head_modifiers: frozenset[str] = frozenset()  # adjectives inside a body's name: "openbare veiligheidsdienst"
    bodies: tuple[dict[str, Any], ...] = ()  # named state bodies and organisations
    relations: RelationWords = field(default_factory=RelationWords)
    misconduct: tuple[str, ...] = ()  # folded word beginnings: "harass", "intimid", "bedreig"
    rebuttals: frozenset[str] = frozenset()  # folded words that call a claim false: "lies", "verleumdung", "infondato"
    conditionals: frozenset[str] = frozenset()  # "if", "wenn": they open a hypothetical clause
    obligations: frozenset[str] = frozenset()  # "must", "sollte", "dovrebbe": a demand, a position of the speaker's
    auxiliaries: frozenset[str] = frozenset()  # finite "hat", "heeft": a clause-final participle's subject is by them
    drops_subjects: bool = False  # a finite verb may stand without its subject: "Admite que …" is still someone's word
    nonfinite_endings: tuple[str, ...] = ()  # infinitives and gerunds, which have no subject to drop: "-ar", "-endo"
    impersonal_subjects: frozenset[str] = frozenset()  # beside a cue, they say nobody is named: "heißt es", "si legge"
    genitive_suffixes: tuple[str, ...] = ()  # a name's possessive ending: "Chinas", "Deutschlands"
    compound_links: tuple[str, ...] = ()  # endings of a compound's first part: "Diffamierungs-", "Sicherheits-"
    derived_suffixes: tuple[str, ...] = ()  # endings that make a noun of a word: "Menschenrecht" + "-ler"
    titles: frozenset[str] = frozenset()  # words that stand before a name and are no part of it: "Indiener"
    interface_words: frozenset[str] = frozenset()  # a web page's buttons and menus: "Download", "Teilen"
    government_words: frozenset[str] = frozenset()  # alone, they name the government: "Gobierno", "Ejecutivo"
    work_nouns: frozenset[str] = frozenset()  # "report", "Bericht": the capitalised words right after one are a title
    # "This report documents …": a work named so is the document itself, which speaks in its own voice
    self_determiners: frozenset[str] = frozenset()  # "this", "our", "present"
    self_nouns: frozenset[str] = frozenset()  # "report", "release", "briefing"
    # how a people is named from its language's CLDR name: ending of the language name -> endings of the
    # people's name ("Uigurisch" -> "Uiguren", "uiguro" -> "uiguri")
    people_endings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def territories(self) -> dict[str, str]:
        """Folded CLDR country and region names in the language -> code ("" for a region); read on first use."""
        return _territories(self.code) if self.code else {}

    @property
    def peoples(self) -> frozenset[str]:
        """Folded names of peoples in the language ("uiguren", "tibeter", "uyghurs"), made from CLDR's language
        names by the file's ``people_endings``: a people is no person and no organisation."""
        return _peoples(self.code, self.people_endings) if self.code and self.people_endings else frozenset()

    def reportative(self, word: str, previous: str = "") -> bool:
        """A verb form that marks reported speech in this language ("gebe", "sarebbe", "aurait")."""
        low = word.lower()
        if previous.lower() in self.reportative_not_after:
            return False
        return low in self.reportative_words or any(
            low.endswith(x) and len(low) > len(x) + 1 for x in self.reportative_suffixes
        )

    def is_rebuttal(self, word: str) -> bool:
        """A word that calls a claim false without a negation ("fabrication", "smears", "haltlos", "bulo")."""
        return fold(word) in self.rebuttals

    def is_misconduct(self, word: str) -> bool:
        """A word of coercion, crime or covert conduct ("harassed", "intimidatie", "bedroht")."""
        return bool(self.misconduct) and fold(word).startswith(self.misconduct)

    def genitive_bases(self, word: str) -> list[str]:
        """The forms a word may be the possessive of: "Chinas" -> ["China"], "Verfassungsschutzes" -> [...]."""
        return [word[: -len(x)] for x in self.genitive_suffixes if len(word) > len(x) + 2 and word.endswith(x)]

    def law_head(self, word: str) -> bool:
        """A law's head noun of the language, or (where the language writes compounds) a compound on one."""
        low = word.lower()
        return low in self.law_heads or (
            self.law_compounds and any(low.endswith(h) and len(low) > len(h) + 3 for h in self.law_heads)
        )

    def head_of(self, word: str) -> str | None:
        """The state-body head a word is or ends with: "polizei", "Bundesinnenministerium" -> "ministerium"."""
        low = word.lower()
        if low in self.state_heads:
            return low
        if not self.capitalises_nouns and not self.compound_prefixes:
            return None
        for head in self.state_heads:
            if len(low) > len(head) + 2 and low.endswith(head):
                return head
        return None


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in raw.get(key) or ())


def _adjectives(raw: dict[str, Any]) -> dict[str, str]:
    endings = raw.get("adjective_endings") or [""]
    rules = endings if isinstance(endings, dict) else {"": endings}
    out: dict[str, str] = {}
    stems = list((raw.get("adjectives") or {}).items())
    for code, region_stems in (raw.get("region_adjectives") or {}).items():
        stems += [(code, stem) for stem in region_stems]  # a region's adjective names its country: "bayerisch" -> DE
    for code, stem in stems:
        if isinstance(stem, list):  # the forms themselves: Dutch "chinees", "chinese"
            out.update({str(form).lower(): str(code) for form in stem})
            continue
        stem = str(stem).lower()
        tail = max((t for t in rules if stem.endswith(t)), key=len)
        base = stem[: len(stem) - len(tail)]
        for ending in rules[tail]:
            out.setdefault(base + str(ending), str(code))
    return out


def cldr_names(code: str, kind: str) -> tuple[tuple[str, str], ...]:
    """CLDR's names in a language of the territories or the languages (``kind``), as (code, name) pairs in babel's
    order (the first of two names that fold alike wins); none for a locale CLDR lacks.

    From the shipped table when it has the language: babel would load the whole locale (4-5 MiB, 0.05 CPU-s
    with its import, in every process that extracts) for two of its sections."""
    shipped = _shipped_cldr().get(code)
    if shipped is not None:
        return tuple((str(k), str(v)) for k, v in shipped[kind])
    return _babel_names(code, kind)


def build_cldr_names() -> dict[str, dict[str, list[list[str]]]]:
    """The shipped table: for each language with a data file, its CLDR names of each kind (needs babel; used by
    scripts/build_extract_tables.py)."""
    return {code: {kind: [list(pair) for pair in _babel_names(code, kind)] for kind in CLDR_KINDS} for code in languages()}


def _babel_names(code: str, kind: str) -> tuple[tuple[str, str], ...]:
    try:
        from babel import Locale

        return tuple((str(k), str(v)) for k, v in getattr(Locale.parse(code), kind).items())
    except Exception:  # no babel, or an unknown locale: no names; the rules do without them
        return ()


@lru_cache(maxsize=1)
def _shipped_cldr() -> dict[str, Any]:
    try:
        data = resources.files("threadline.extract.patterns").joinpath(CLDR_TABLE).read_bytes()
    except FileNotFoundError:
        return {}
    return dict(json.loads(gzip.decompress(data))["names"])


@lru_cache(maxsize=16)
def _territories(code: str) -> dict[str, str]:
    """Country and region names in the language, from CLDR: "Tschechien" -> CZ, "Europa" -> ""."""
    out: dict[str, str] = {}
    for key, name in cldr_names(code, "territories"):
        if key.isalpha() and len(key) == 2:
            out.setdefault(fold(name), key)
        elif key.isdigit():
            out.setdefault(fold(name), "")
    return out


@lru_cache(maxsize=16)
def _peoples(code: str, endings: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
    out: set[str] = set()
    for _, name in cldr_names(code, "languages"):
        word = fold(name)
        if " " in word or len(word) < 4:
            continue
        tail = max((t for t, _ in endings if word.endswith(t)), key=len, default=None)
        if tail is None:
            continue
        stem = word[: len(word) - len(tail)]
        out.update(stem + e for t, ends in endings if t == tail for e in ends)
    return frozenset(out - set(_territories(code)))  # "Ägyptisch" -> "Ägypten" is the country


def _parse(raw: dict[str, Any]) -> LanguageData:
    if not isinstance(raw, dict) or "code" not in raw:
        raise SchemaError("a language file must be a mapping with a 'code'")
    bodies = raw.get("state_bodies") or {}
    named = [{**b, "type": "STATE_BODY"} for b in bodies.get("named") or ()]
    named += [{**b, "type": "ORG"} for b in raw.get("organisations") or ()]
    code = str(raw["code"])
    return LanguageData(
        code=code,
        capitalises_nouns=bool(raw.get("capitalises_nouns")),
        function_words=_words(raw, "function_words"),
        conjunctions=_words(raw, "conjunctions"),
        locatives=_words(raw, "locatives"),
        name_particles=_words(raw, "name_particles"),
        according_to=_words(raw, "according_to"),
        complementisers=_words(raw, "complementisers"),
        determiners=_words(raw, "determiners"),
        calendar_words=_words(raw, "months") | _words(raw, "weekdays"),
        reportative_words=_words(raw.get("reportative") or {}, "words"),
        reportative_suffixes=tuple(str(x).lower() for x in (raw.get("reportative") or {}).get("suffixes") or ()),
        reportative_not_after=_words(raw.get("reportative") or {}, "not_after"),
        adjectives=_adjectives(raw),
        state_heads=_words(bodies, "heads"),
        compound_prefixes=tuple(str(p).lower() for p in bodies.get("compound_prefixes") or ()),
        of_words=_words(bodies, "of_words"),
        portfolio_roles=_words(bodies, "portfolio_roles"),
        head_modifiers=_words(bodies, "head_modifiers"),
        portfolios=tuple(
            sorted({tuple(str(p).lower().split()) for p in bodies.get("portfolios") or ()}, key=lambda p: -len(p))
        ),
        bodies=tuple(named),
        relations=_relation_words(raw.get("relations") or {}),
        misconduct=tuple(sorted({fold(str(w)) for w in raw.get("misconduct") or ()})),
        rebuttals=frozenset(fold(str(w)) for w in raw.get("rebuttals") or ()),
        conditionals=_words(raw, "conditionals"),
        obligations=_words(raw, "obligations"),
        auxiliaries=_words(raw, "auxiliaries"),
        drops_subjects=bool(raw.get("drops_subjects")),
        nonfinite_endings=_suffixes(raw, "nonfinite_endings"),
        impersonal_subjects=_words(raw, "impersonal_subjects"),
        genitive_suffixes=_suffixes(raw, "genitive_suffixes"),
        compound_links=_suffixes(raw, "compound_links"),
        derived_suffixes=_suffixes(raw, "derived_suffixes"),
        titles=_words(raw, "titles"),
        organisation_heads=_words(raw, "organisation_heads"),
        law_heads=_words(raw, "law_heads"),
        law_compounds=bool(raw.get("law_compounds")),
        interface_words=_words(raw, "interface_words"),
        government_words=frozenset(fold(str(w)) for w in raw.get("government_words") or ()),
        work_nouns=_words(raw, "work_nouns"),
        self_determiners=_words(raw, "self_determiners"),
        self_nouns=_words(raw, "self_nouns"),
        people_endings=tuple(
            (fold(str(t)) if t else "", tuple(fold(str(e)) if e else "" for e in ends or ("",)))
            for t, ends in (raw.get("people_endings") or {}).items()
        ),
    )


def _suffixes(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    """Word endings, longest first (so the longest that fits is tried first)."""
    return tuple(sorted({str(x).lower() for x in raw.get(key) or ()}, key=lambda x: (-len(x), x)))


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The languages that have a data file."""
    folder = resources.files("threadline.extract.patterns").joinpath(_FOLDER)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@lru_cache(maxsize=16)
def language_data(code: str | None) -> LanguageData:
    """A language's data; a language without a file gets empty lists."""
    if not code or code not in languages():
        return LanguageData(code or "")
    text = resources.files("threadline.extract.patterns").joinpath(_FOLDER, f"{code}.yaml").read_text("utf-8")
    return _parse(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@lru_cache(maxsize=64)
def has_own_parser(language: str | None) -> bool:
    """A pipeline trained on the language reads it (``schema/readers.yaml``: ``reader: model``), so its tags and parse
    are the language's own; any other language is read by rules over a borrowed parse, where words beat tags."""
    return not SCHEMA.read_by_rules(language)


@lru_cache(maxsize=1)
def borrowed_languages() -> frozenset[str]:
    """The languages the default (English) pipeline reads for want of their own: read by rules, with no pipeline
    named in ``schema/readers.yaml`` (German, Dutch, Italian, Spanish; Chinese has jieba)."""
    return frozenset(code for code, spec in SCHEMA.readers.items() if spec.get("reader") == "rules" and not spec.get("pipeline"))
