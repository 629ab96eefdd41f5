"""Chinese sources: jieba segmentation and rule components (no trained model), with
traditional characters folded to simplified ones for matching only.

The texts are written for these tests; the associations and people in them are fictional.
"""

import pytest

from threadline.extract.han import simplified
from threadline.extract.nlp import load_pipeline, pipeline_version
from threadline.extract.pipeline import extract
from threadline.model import Document

TEXT = (
    "荷兰福建同乡会会长王小明表示，该会与中国驻荷兰大使馆保持联系。\n"
    "保护卫士指控福州市公安局在鹿特丹设立了所谓警务服务站。\n"
    "中共中央統戰部否認上述指控，外交部發言人稱相關說法毫無根據。\n"
    "2022年9月4日，中国侨联副主席李明在罗马会见了意大利华侨华人工商会的代表。\n"
    "据新华社报道，青田县公安局尚未证实这一消息。\n"
    "去年十月，荷兰外交部证实已对此展开调查。\n"
)


@pytest.fixture(scope="module")
def ex():
    return extract(Document(text=TEXT, published="2023-03-15"))


def entity(ex, name):
    return next(e for e in ex.entities if e.name == name)


def test_chinese_text_goes_through_the_chinese_pipeline(ex):
    assert ex.extractor["language"] == "zh"
    assert pipeline_version(load_pipeline("zh")).startswith("zh_threadline_jieba-")


def test_offsets_point_into_the_original_traditional_text(ex):
    assert ex.mentions
    for m in ex.mentions:
        assert TEXT[m.evidence.start:m.evidence.end] == m.text
        assert TEXT[m.evidence.start:m.evidence.end] != "" and m.evidence.sentence in TEXT
    assert any(m.text == "中共中央統戰部" for m in ex.mentions)  # not rewritten to simplified


def test_gazetteer_names_in_either_script_carry_the_gazetteer_id(ex):
    assert entity(ex, "中共中央統戰部").gazetteer_id == "United Front Work Department"
    assert entity(ex, "福州市公安局").gazetteer_id == "Fuzhou Public Security Bureau"
    assert entity(ex, "中国侨联").gazetteer_id == "All-China Federation of Returned Overseas Chinese"
    assert entity(ex, "保护卫士").gazetteer_id == "Safeguard Defenders"
    assert entity(ex, "青田县公安局").type == "STATE_BODY"


def test_organisation_endings_take_the_name_before_them(ex):
    assert (entity(ex, "荷兰福建同乡会").type, entity(ex, "荷兰福建同乡会").country) == ("ORG", "NL")
    assert entity(ex, "意大利华侨华人工商会").type == "ORG"
    embassy = entity(ex, "中国驻荷兰大使馆")
    assert (embassy.type, embassy.country) == ("STATE_BODY", "CN")
    assert entity(ex, "荷兰").type == "GPE"  # the place inside the embassy's name stays a mention
    dutch = entity(ex, "荷兰外交部")  # a foreign ministry is not the PRC's 外交部
    assert (dutch.type, dutch.country, dutch.gazetteer_id) == ("STATE_BODY", "NL", None)
    assert entity(ex, "外交部").gazetteer_id == "Ministry of Foreign Affairs of the People's Republic of China"


def test_people_are_found_beside_titles_only(ex):
    people = {e.name for e in ex.entities if e.type == "PERSON"}
    assert people == {"王小明", "李明"}
    relations = {(r.subject, r.predicate, r.object) for r in ex.relations}
    assert ("王小明", "leads", "荷兰福建同乡会") in relations
    assert ("李明", "member_of", "中国侨联") in relations  # 副主席: a vice-chair does not lead


def test_claims_take_the_cue_stance_and_the_nearest_actor_before_it(ex):
    found = {(c.claimant, c.stance, c.cue) for c in ex.claims}
    assert ("王小明", "states", "表示") in found
    assert ("保护卫士", "alleges", "指控") in found
    assert ("中共中央統戰部", "denies", "否認") in found
    assert ("外交部", "states", "稱") in found
    assert ("新华社", "reports", "报道") in found
    assert ("青田县公安局", "states", "证实") in found  # 尚未证实: not confirmed
    assert ("荷兰外交部", "confirms", "证实") in found
    claim = next(c for c in ex.claims if c.cue == "指控")
    assert claim.about == ("福州市公安局", "鹿特丹") and claim.text == "福州市公安局在鹿特丹设立了所谓警务服务站"
    assert claim.evidence.sentence == "保护卫士指控福州市公安局在鹿特丹设立了所谓警务服务站。"


def test_an_official_disclosing_their_bodys_work_states_it_and_an_outlet_reports_it():
    text = ("青田县公安局副局长张建国22日在青田披露，该局在米兰设立了两个服务站。\n"
            "据新华社报道，该局在米兰设立了两个服务站。\n")
    found = {(c.claimant, c.stance) for c in extract(Document(text=text)).claims}
    assert ("张建国", "states") in found
    assert ("新华社", "reports") in found


def test_same_sentence_anaphor_points_to_the_topic():
    ex = extract(Document(text="意大利华侨华人工商会曾协助青田县公安局在米兰开展活动，该会否认。"))
    assert [(c.claimant, c.stance) for c in ex.claims] == [("意大利华侨华人工商会", "denies")]


def test_chinese_dates_make_events(ex):
    events = {(v.date, v.precision, v.anchored) for v in ex.events}
    assert ("2022-09-04", "day", False) in events
    assert ("2022-10", "month", True) in events  # 去年十月, against the publication date
    first = next(v for v in ex.events if v.date == "2022-09-04")
    assert {"李明", "中国侨联"} <= set(first.entities) and first.what.startswith("2022年9月4日")


def test_traditional_and_simplified_forms_are_one_entity():
    ex = extract(Document(text="荷蘭福建同鄉會會長王小明表示歡迎。荷兰福建同乡会随后发表声明。"))
    groups = [e for e in ex.entities if e.type == "ORG"]
    assert len(groups) == 1 and {groups[0].name, *groups[0].aliases} == {"荷蘭福建同鄉會", "荷兰福建同乡会"}


@pytest.mark.parametrize("text", [
    "部长会议在社会各界引起关注，金融协会和高速公路管理部门没有回应。",
    "会长和副会长出席了会议，王先生未发表评论。",
    "该协会在会上表示欢迎。",
])
def test_ordinary_words_are_not_names(text):
    ex = extract(Document(text=text))
    assert [e.name for e in ex.entities if e.type in ("ORG", "PERSON", "STATE_BODY")] == []


def test_a_foreign_body_is_not_the_prc_one():
    ex = extract(Document(text="美国国务院发言人表示关注。英国 外交部未置评。"))
    assert {(e.name, e.country, e.gazetteer_id) for e in ex.entities if e.type == "STATE_BODY"} == {
        ("美国国务院", "US", None), ("英国 外交部", "GB", None)}


def test_segmentation_keeps_the_text_and_writes_no_cache_file():
    nlp = load_pipeline("zh")
    text = "中共中央統戰部否認，Safeguard Defenders 表示：２０２２年。\n下一行"
    doc = nlp.make_doc(text)
    assert "".join(t.text_with_ws for t in doc) == text
    assert any(t.text == "中共中央統戰部" for t in doc)  # a gazetteer name stays one token
    import jieba

    assert not jieba.dt.initialized  # jieba's global dictionary (and its temp-dir cache file) is never used


def test_simplified_folding_keeps_every_position():
    for text in ("中共中央統戰部", "香港國安法與維護國家安全條例", "乾隆皇帝的頭髮", "abc 公安局"):
        assert len(simplified(text)) == len(text)
    assert simplified("中共中央統戰部") == "中共中央统战部"


def test_a_body_named_after_another_bodys_whole_name_is_its_part():
    text = ("青田县公安局近日召开会议。\n"
            "青田县公安局交警大队大队长张建国说，该队将在米兰设立服务站。\n")
    found = {(r.subject, r.predicate, r.object) for r in extract(Document(text=text)).relations}
    assert ("青田县公安局交警大队", "part_of", "青田县公安局") in found
    assert not any(r[1] == "part_of" and r[0] == "青田县公安局" for r in found)
