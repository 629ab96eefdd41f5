"""An English and a Chinese report on the same bodies: the gazetteer id makes their entities one.

Both texts are written for this test; the association in them is fictional.
"""

import pytest

from threadline.extract.pipeline import extract
from threadline.model import Document
from threadline.resolve.cluster import resolve
from threadline.resolve.compare import Record

pytestmark = pytest.mark.model

ENGLISH = (
    "Safeguard Defenders said the Fuzhou Public Security Bureau ran a service station in Rotterdam. "
    "The United Front Work Department denied any link to the Dutch Fujian Association."
)
CHINESE = (
    "保护卫士指控福州市公安局在鹿特丹设立了所谓警务服务站。"
    "中共中央統戰部否認與荷蘭福建同鄉會有任何聯繫。"
)


def records(prefix, extraction):
    """Resolution records as the store builds them: name and aliases, type, country, gazetteer id."""
    return [Record(f"{prefix}{i}", e.type, (e.name, *e.aliases), e.country, e.gazetteer_id)
            for i, e in enumerate(extraction.entities)]


def test_chinese_and_english_names_of_one_body_resolve_to_one_entity():
    en, zh = extract(Document(text=ENGLISH)), extract(Document(text=CHINESE))
    assert (en.extractor["language"], zh.extractor["language"]) == ("en", "zh")
    recs = records("en", en) + records("zh", zh)
    resolution = resolve(recs)
    by_name = {r.names[0]: resolution.canonical[r.id] for r in recs}
    for english, chinese in [("United Front Work Department", "中共中央統戰部"),
                             ("Fuzhou Public Security Bureau", "福州市公安局"),
                             ("Safeguard Defenders", "保护卫士")]:
        assert by_name[english] == by_name[chinese], (english, chinese)
    assert len({by_name["United Front Work Department"], by_name["Fuzhou Public Security Bureau"],
                by_name["Safeguard Defenders"]}) == 3
