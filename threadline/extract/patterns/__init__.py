"""Pattern data for the rule components: gazetteer and word lists (countries come from the model).

The YAML files beside this module are data, written for Threadline and
reviewed like code. :func:`load_patterns` reads them once; components get the
resulting :class:`Patterns` passed in and never read files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from threadline.errors import SchemaError
from threadline.extract.inflect import inflections
from threadline.model.countries import countries
from threadline.model.names import fold

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when PyYAML has it: ten times faster


def _read(name: str) -> Any:
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)


@dataclass(frozen=True)
class GazetteerEntry:
    """A recurring body with its known names, e.g. the UFWD and "DTFU"."""

    name: str
    type: str
    kind: str | None
    country: str | None
    aliases: tuple[str, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

_LONGEST_COUNTRY = 6  # words in the longest country name ("people s republic of china")


@dataclass(frozen=True)
class Patterns:
    """All rule data, indexed for the components."""

    gazetteer: tuple[GazetteerEntry, ...]
    lexicon: dict[str, Any]
    countries: tuple[dict[str, Any], ...]
    by_key: dict[str, GazetteerEntry] = field(default_factory=dict)
    adjective_country: dict[str, str] = field(default_factory=dict)
    name_country: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, dict[str, str]] = field(default_factory=dict)
    hearings: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # role -> language -> header labels

    def verb_class(self, lemma: str, lang: str) -> str | None:
        """The reporting-verb class of a lemma (say, allege, deny, ...), or None."""
        return self.verbs.get(lang, self.verbs["en"]).get(lemma.lower())

    def first_country(self, name: str) -> str | None:
        """The first country a name names, by name or adjective, the longest name first at each word: "Embassy of
        the People's Republic of China in the United Kingdom" and "ambassade de Chine en France" are China's,
        "Ministero degli Esteri cinese" too."""
        words = fold(name.replace("’", "'")).split()
        for i in range(len(words)):
            for n in range(min(_LONGEST_COUNTRY, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + n])
                code = self.name_country.get(phrase) or (self.adjective_country.get(phrase) if n == 1 else None)
                if code:
                    return code
        return None

    def words(self, *path: str) -> frozenset[str]:
        """A word list from the lexicon as a lower-cased set."""
        node: Any = self.lexicon
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            return frozenset(w.lower() for values in node.values() for w in values)
        return frozenset(str(w).lower() for w in node or [])


def _entries(data: Any) -> tuple[GazetteerEntry, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise SchemaError("gazetteer.yaml must be a mapping with a list under 'entries'")
    out = []
    for raw in data["entries"]:
        try:
            out.append(
                GazetteerEntry(
                    name=str(raw["name"]),
                    type=str(raw["type"]),
                    kind=raw.get("kind"),
                    country=raw.get("country"),
                    aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                    source=str(raw["source"]),
                )
            )
        except KeyError as exc:
            raise SchemaError(f"gazetteer entry {raw!r} lacks {exc}") from None
    return tuple(out)


def _language_entries(known: set[str]) -> tuple[GazetteerEntry, ...]:
    """Named state bodies and organisations from the per-language files (lang/<code>.yaml); a name the
    main gazetteer already has stays with it."""
    from threadline.extract.languages import language_data, languages

    out = []
    for code in languages():
        for raw in language_data(code).bodies:
            names = [str(raw["name"]), *(str(a) for a in raw.get("aliases") or ())]
            if any(fold(n) in known for n in names):
                continue
            known.update(fold(n) for n in names)
            out.append(GazetteerEntry(names[0], str(raw["type"]), raw.get("kind"), raw.get("country"),
                                      tuple(names[1:]), f"threadline/extract/patterns/lang/{code}.yaml"))
    return tuple(out)


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """Read and index the pattern data shipped with the package."""
    gazetteer = _entries(_read("gazetteer.yaml"))
    gazetteer += _language_entries({fold(n) for e in gazetteer for n in e.names})
    world = countries()
    patterns = Patterns(gazetteer=gazetteer, lexicon=_read("lexicon.yaml"), countries=world.entries,
                        adjective_country=dict(world.by_adjective), name_country=dict(world.by_name),
                        hearings={role: {lang: tuple(w.lower() for w in ws) for lang, ws in by_lang.items()}
                                  for role, by_lang in _read("hearings.yaml").items()})
    for lang, table in patterns.lexicon["reporting_verbs"].items():
        listed = {verb.lower(): cls for cls, verbs in table.items() for verb in verbs}
        inflected = {form: cls for verb, cls in listed.items() for form in inflections(verb, lang)}
        patterns.verbs[lang] = {**inflected, **listed}
    for entry in gazetteer:
        for name in entry.names:
            patterns.by_key.setdefault(fold(name), entry)
    return patterns
