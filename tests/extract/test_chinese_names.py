"""Chinese names found without a title or a gazetteer entry: jieba's tags in context, bylines,
datelines, quoted names, a body's parts, places from CLDR and GeoNames, and claims that go on
a speaker's words.

The sentences are written for these tests; the people, outlets and bodies in them are fictional.
"""

import gzip
import json
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.extract.han_places import TABLE, build
from threadline.extract.nlp import load_pipeline
from threadline.extract.pipeline import extract
from threadline.model import Document


def entities(text):
    return {e.name: e for e in extract(Document(text=text)).entities}


def typed(text, kind):
    return {name for name, e in entities(text).items() if e.type == kind}


def test_people_without_a_title_from_the_tags_in_context():
    assert typed("张伟表示，该会与当地华人保持联系。", "PERSON") == {"张伟"}
    assert typed("王小明和李华说，他们没有参加。", "PERSON") == {"王小明", "李华"}  # the coordination is split


def test_a_name_stays_apart_from_its_verb_and_a_lone_surname_joins_its_given_name():
    nlp = load_pipeline("zh")
    words = [t.text for t in nlp.make_doc("林海涛说，李华说，他们都不知情。")]
    assert words[4:6] == ["李华", "说"]  # jieba's plain cut glues them: 李华说
    assert typed("林海涛说，李华说，他们都不知情。", "PERSON") == {"林海涛", "李华"}  # 林 / 海涛


def test_byline_and_dateline():
    text = "海峡快讯厦门5月8日电（记者 周立新 陈志刚）温州市公安局刑侦支队副支队长林海涛介绍了情况。"
    found = entities(text)
    assert {n for n, e in found.items() if e.type == "PERSON"} == {"周立新", "陈志刚", "林海涛"}
    assert found["海峡快讯"].type == "ORG"  # the agency that opens the dateline
    assert found["厦门"].type == "GPE"
    assert typed("东南晚报杭州5月8日电 (周立新) 当地侨团发表声明。", "PERSON") == {"周立新"}


def test_according_to_names_the_outlet():
    assert typed("据东方快报报道，该会已经解散。", "ORG") == {"东方快报"}
    assert typed("据南方快讯报道，该会已经解散。", "ORG") == {"南方快讯"}
    assert typed("据当地媒体报道，该会已经解散。据他透露，该会已经解散。", "ORG") == set()


def test_a_body_and_its_part_are_one_body():
    found = entities("温州市公安局刑侦支队副支队长林海涛说，此事已经立案。")
    unit = found["温州市公安局刑侦支队"]
    assert (unit.type, unit.country) == ("STATE_BODY", "CN")
    assert "温州市公安局" not in found


def test_quoted_names_with_an_ending_and_their_repeats():
    ex = extract(Document(text="该会在普拉托设立了“欧洲华侨联络服务站”。此后，欧洲华侨联络服务站多次组织活动。"))
    found = {e.name: e for e in ex.entities}
    assert found["欧洲华侨联络服务站"].type == "FACILITY"
    assert [m.type for m in ex.mentions if m.text == "欧洲华侨联络服务站"] == ["FACILITY", "FACILITY"]
    assert (found["普拉托"].type, found["普拉托"].country) == ("GPE", "IT")  # a GeoNames city
    assert typed("《网络安全法》和《数据安全条例》于当年生效，《红楼梦》是一部小说。", "LAW") == {
        "网络安全法",
        "数据安全条例",
    }


def test_places_from_cldr_and_not_from_ordinary_words():
    found = entities("阿根廷和智利的侨团表示欢迎，城市深度回国。")
    assert {(n, e.country) for n, e in found.items() if e.type == "GPE"} == {("阿根廷", "AR"), ("智利", "CL")}
    assert typed("浙江省和青田县的官员出席了会议。", "GPE") == {"浙江省", "青田县"}


def test_one_character_endings_end_words_of_three_characters():
    found = entities("意大利内政部已对此展开调查，任何外国警方都不得执法。")
    assert (found["意大利内政部"].type, found["意大利内政部"].country) == ("STATE_BODY", "IT")
    assert typed("中国东部的干部和全部部门都有新格局。", "STATE_BODY") == set()
    assert "外国警方" not in found  # 外国 is a word jieba tags as a place, not a place


def test_foreign_names_after_a_title():
    assert typed("议员马泰奥·罗西表示，该站已经关闭。", "PERSON") == {"马泰奥·罗西"}
    assert typed("荷兰首相吕特称，此事正在调查。", "PERSON") == {"吕特"}
    assert typed("意大利外交部发言人罗西表示关注。", "PERSON") == {"罗西"}


def test_a_place_and_its_police_are_the_gazetteer_bureau():
    found = entities("福州公安表示，福州市公安局已开通热线。")
    bodies = [e for e in found.values() if e.type == "STATE_BODY"]
    assert len(bodies) == 1 and bodies[0].gazetteer_id == "Fuzhou Public Security Bureau"
    assert set(bodies[0].aliases) | {bodies[0].name} == {"福州公安", "福州市公安局"}


def test_claims_go_on_with_the_speaker():
    text = "王小明说，该会没有参与此事。他们只是提供了翻译服务而已。\n该会于二〇一〇年在北京成立，现有会员三百余人。"
    claims = extract(Document(text=text)).claims
    assert [(c.claimant, c.stance) for c in claims[:2]] == [("王小明", "states"), ("王小明", "states")]
    assert claims[-1].claimant is None  # a new paragraph is the document's own voice again
    quoted = extract(
        Document(text="该会发表声明。“我们从未收到任何这样的请求。”李华指出，该会一直遵守当地法律。")
    ).claims
    assert [c.claimant for c in quoted] == ["李华", "李华"]
    titled = extract(Document(text="“我们从未收到任何这样的请求。”该会会长李华指出，该会一直守法。")).claims
    assert [c.claimant for c in titled] == ["李华", "李华"]


def test_the_shipped_city_table_equals_a_fresh_build():
    shipped = json.loads(gzip.decompress(resources.files("threadline.extract.patterns").joinpath(TABLE).read_bytes()))
    assert shipped["places"] == build()


def _common_words():
    """Frequent dictionary words that start with a surname and are no name (高峰, 王朝, 金融)."""
    seg = load_pipeline("zh").tokenizer.jieba_seg
    surnames = set(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    )
    words = [
        (seg.tokenizer.FREQ.get(w, 0), w)
        for w, tag in seg.tags.items()
        if 2 <= len(w) <= 3 and w[0] in surnames and not tag.startswith(("nr", "ns", "nt", "nz"))
    ]
    return [w for _, w in sorted(words, reverse=True)[:400]]


COMMON = _common_words()


@pytest.mark.parametrize("template", ["{}表示，此事正在调查。", "会长{}出席。", "据悉，{}说没有此事。", "（{}）"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(COMMON))
def test_a_common_word_never_becomes_a_person_alone(template, word):
    assert word not in typed(template.format(word), "PERSON")
