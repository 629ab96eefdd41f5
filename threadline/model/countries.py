"""Countries: names and adjectives in several languages, keyed by ISO code.

Shared by extraction ("Chinese embassy") and resolution ("Ambassade de Chine"
= "Chinese Embassy"); the data is ``schema/countries.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from threadline.model.names import fold
from threadline.model.schema import load_yaml


@dataclass(frozen=True)
class Countries:
    entries: tuple[dict, ...]
    by_name: dict[str, str]        # folded name -> code
    by_adjective: dict[str, str]   # lower-case adjective -> code
    adjective: dict[str, str]      # code -> English adjective

    def code(self, word: str) -> str | None:
        """The country a folded name or an adjective stands for, if any."""
        return self.by_name.get(word) or self.by_adjective.get(word)


@lru_cache(maxsize=1)
def countries() -> Countries:
    text = resources.files("threadline.schema").joinpath("countries.yaml").read_text("utf-8")
    entries = tuple(load_yaml(text)["countries"])
    by_name: dict[str, str] = {}
    by_adjective: dict[str, str] = {}
    adjective: dict[str, str] = {}
    for entry in entries:
        code = str(entry["code"])
        for name in entry.get("names") or ():
            by_name.setdefault(fold(str(name)), code)
        adjectives = [str(a) for a in entry.get("adjectives") or ()]
        for adj in adjectives:
            by_adjective.setdefault(adj.lower(), code)
        if adjectives:
            adjective[code] = adjectives[0]
    return Countries(entries, by_name, by_adjective, adjective)
