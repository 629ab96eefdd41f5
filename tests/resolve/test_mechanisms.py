"""One test group per resolution mechanism of issue 13, on names we chose (invented or public figures)."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from threadline.api import match_pair
from threadline.resolve.acronyms import acronym_match
from threadline.resolve.cantonese import hk_spellings, jyutping
from threadline.resolve.cluster import Reference, resolve
from threadline.resolve.compare import THRESHOLD, Record, compare_org_names
from threadline.resolve.hokkien import given_pinyin, spellings, tailo
from threadline.resolve.normalise import compound_parts, org_tokens
from threadline.resolve.persons import compare_person_names, strip_titles
from threadline.resolve.romanise import cantonese_spelt, pinyin_syllables, syllable_units


def same(a, b, type_="PERSON"):
    return match_pair(a, b, type_).same


# -- 1. titles, given names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "titled,bare",
    [
        ("Minister Ana Reyes", "Ana Reyes"),
        ("Sgt. Mark Dolan", "Mark Dolan"),
        ("Mme Claire Dubois", "Claire Dubois"),
        ("Dhr. Jan de Vries", "Jan de Vries"),
        ("il sindaco Matteo Lepore", "Matteo Lepore"),
        ("Frau Dr. Anna Becker", "Anna Becker"),
        ("Sra. Lucía Fernández", "Lucía Fernández"),
        ("习近平主席", "习近平"),
        ("王小明先生", "王小明"),
        ("Robert Harris Jr.", "Robert Harris"),
    ],
)
def test_titles_are_not_name_parts(titled, bare):
    assert strip_titles(titled) == strip_titles(bare)
    assert same(titled, bare)


@pytest.mark.parametrize(
    "titled,bare",
    [
        ("Chinese President Xi Jinping", "Xi Jinping"),
        ("Dutch Prime Minister Mark Rutte", "Mark Rutte"),
        ("H.E. Ambassador Tan Jian", "Tan Jian"),
        ("Sen. Lucia Ferri", "Lucia Ferri"),
        ("Bundesinnenministerin Nancy Faeser", "Nancy Faeser"),
        ("Kriminalhauptkommissar Jens Richter", "Jens Richter"),
        ("外交部发言人汪文斌", "汪文斌"),
        ("国务院总理李强", "李强"),
    ],
)
def test_countries_dotted_abbreviations_compound_offices_and_bodies_before_titles(titled, bare):
    assert strip_titles(titled) == bare


def test_a_dotted_title_needs_its_full_stop():
    assert strip_titles("Sen Lun") == "Sen Lun" and strip_titles("He Jiankui") == "He Jiankui"


@pytest.mark.parametrize(
    "a,b,merged",
    [
        ("Ursula von der Leyen", "U. von der Leyen", True),
        ("Ursula von der Leyen", "Ursula Leyen", False),
        ("Mark van der Berg", "Mark van den Berg", False),
        ("Jean-Pierre Dupont", "J.-P. Dupont", True),
        ("Emily Lau", "Emily Lau Wai-hing", True),
        ("Emily Lau", "Emma Lau Wai-hing", False),
    ],
)
def test_family_name_particles_must_agree_and_a_shared_western_name_carries(a, b, merged):
    assert same(a, b) is merged, match_pair(a, b, "PERSON").explanations


def test_a_title_that_is_also_a_name_stays_when_it_is_all_but_the_surname():
    assert strip_titles("Dean Smith") == "Dean Smith"
    assert strip_titles("John Major") == "John Major"
    assert not same("Dean Smith", "Smith")


@pytest.mark.parametrize(
    "a,b",
    [
        ("John F. Kennedy", "John Fitzgerald Kennedy"),
        ("J. F. Kennedy", "John Kennedy"),
        ("Ana María Reyes", "Ana Reyes"),
        ("Bill Clinton", "William Jefferson Clinton"),
        ("Agnes Chow Ting", "Chow Ting"),
        ("Micheal Chong", "Michael Chong"),
    ],
)
def test_extra_given_names_initials_and_short_forms_are_compatible(a, b):
    score, why = compare_person_names(a, b)
    assert score >= THRESHOLD, why


@pytest.mark.parametrize(
    "a,b",
    [
        ("John Smith", "James Smith"),
        ("J. Smith", "M. Smith"),
        ("John Michael Smith", "John David Smith"),
        ("Daniel Goldberg", "Daniela Goldberg"),
        ("Marco Rossi", "Mario Rossi"),
        ("John F. Kennedy", "John R. Kennedy"),
        ("Agnes Chow Ting", "Chow Hang-tung"),
    ],
)
def test_disagreeing_given_names_never_meet(a, b):
    assert compare_person_names(a, b)[0] < THRESHOLD


@pytest.mark.parametrize(
    "a,b",
    [("Jimmy Lai", "Lai Chee-ying"), ("Emily Lau", "劉慧卿"), ("Michael Ng", "Ng Eng Hen")],
)
def test_an_english_name_beside_another_chinese_name_is_reviewed_never_decided(a, b):
    result = match_pair(a, b, "PERSON")
    assert result.uncertain and "possible adopted English name" in result.explanations[0]


def test_an_adopted_english_name_goes_to_review_with_the_reason():
    result = match_pair("Carrie Lam", "Lam Cheng Yuet-ngor", "PERSON")
    assert result.uncertain and "adopted English name" in result.explanations[0]


WESTERN_GIVEN = [
    "Anna",
    "Marta",
    "Pieter",
    "Lucas",
    "Sofia",
    "Tobias",
    "Claire",
    "Henrik",
    "Olga",
    "Mateo",
    "Nadia",
    "Rutger",
]
SURNAMES = ["Becker", "Visser", "Rossi", "Dubois", "Ortega", "Harth", "Lambert", "Wong", "Chen"]
PINYIN_GIVEN = ["wei", "wen", "ming", "jun", "hua", "lan", "qiang", "ping", "xiaoming", "jinping", "yonglin"]


@settings(deadline=None)  # the first example loads the reading tables
@given(
    st.sampled_from(SURNAMES),
    st.lists(st.sampled_from(WESTERN_GIVEN), min_size=2, max_size=2, unique=True),
    st.booleans(),
)
def test_property_two_different_given_names_never_meet(surname, given_names, middle):
    a = f"{given_names[0]} {'Maria ' if middle else ''}{surname}"
    b = f"{given_names[1]} {surname}"
    assert not same(a, b)


@settings(deadline=None)  # the first example loads the reading tables
@given(
    st.sampled_from(["Wang", "Chen", "Li", "Zhang", "Liu"]),
    st.lists(st.sampled_from(PINYIN_GIVEN), min_size=2, max_size=2, unique=True),
)
def test_property_two_different_pinyin_given_names_never_meet(surname, given_names):
    assert not same(f"{surname} {given_names[0]}", f"{surname} {given_names[1]}")


# -- 2. readings of Han characters -----------------------------------------------------------------


def test_jyutping_comes_from_shipped_data_and_becomes_hong_kong_spelling():
    assert jyutping("陳") == "can" and jyutping("陈") == "can"  # simplified read as traditional
    assert {"chan"} <= hk_spellings("can")
    assert {"cheung"} <= hk_spellings(jyutping("張")) and {"leung"} <= hk_spellings(jyutping("梁"))
    assert {"tsang"} <= hk_spellings(jyutping("曾")) and {"wong"} <= hk_spellings(jyutping("黃"))


@pytest.mark.parametrize(
    "a,b",
    [
        ("Chan Ka-lok", "陳家樂"),
        ("Chan Ka-lok", "Chen Jiale"),
        ("陈家乐", "Chen Jiale"),
        ("Leung Chun-ying", "梁振英"),
        ("Tsang Yam-kuen", "曾蔭權"),
        ("Zhao Leji", "Chao Le-chi"),
        ("Xi Jinping", "Hsi Chin-p'ing"),
    ],
)
def test_romanisation_systems_meet(a, b):
    assert same(a, b), match_pair(a, b, "PERSON").explanations


@pytest.mark.parametrize(
    "a,b",
    [
        ("Tsui Wai-man", "Hui Wai-man"),
        ("徐偉文", "許偉文"),
        ("Tsui Wai-man", "許偉文"),
        ("王小明", "黃小明"),
        ("Wang Xiaoming", "Huang Xiaoming"),
        ("Chan Ka-lok", "Chun Ka-lok"),
    ],
)
def test_sibling_surnames_that_share_a_reading_do_not_merge(a, b):
    assert not same(a, b)


SURNAME_CHARS = list("陳張黃李王林劉何梁鄭謝羅葉楊吳")
GIVEN_CHARS = list("家樂志明偉文國華建英美玲俊傑")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SURNAME_CHARS), st.lists(st.sampled_from(GIVEN_CHARS), min_size=2, max_size=2))
def test_property_romanisation_systems_of_one_name_always_meet(surname, given_chars):
    """Two-character given names, as each system writes them (Hong Kong: hyphenated). A one-syllable
    Hong Kong name that is also valid pinyin ("Chan Ka") is read as pinyin: see the README's limits."""
    han = surname + "".join(given_chars)
    pinyin = lazy_pinyin(surname)[0].capitalize() + " " + "".join(lazy_pinyin("".join(given_chars))).capitalize()
    hk = "-".join(sorted(hk_spellings(jyutping(c)))[0] for c in han).split("-", 1)
    hong_kong = hk[0].capitalize() + (" " + hk[1].capitalize() if len(hk) > 1 else "")
    assert same(han, pinyin), (han, pinyin)
    assert same(han, hong_kong), (han, hong_kong)
    assert same(pinyin, hong_kong), (pinyin, hong_kong)


HOKKIEN_SURNAMES = list("陳林黃許蔡郭張鄭王洪楊李")
HOKKIEN_GIVEN = list("文美志明華良興瑞傑英")


def hokkien_spelling(char):
    return sorted(spellings(tailo(char)[0]))[0]


def test_tailo_comes_from_shipped_data_and_becomes_diaspora_spelling():
    assert "tan" in tailo("陳") and "tan" in tailo("陈")  # simplified read as traditional
    assert {"tan"} <= spellings("tan") and {"ng"} <= spellings(tailo("黃")[1]) and "chua" in spellings("tshua")
    assert {"kwee", "quek"} <= spellings("kueh") and "boon" in spellings("bun")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HOKKIEN_SURNAMES), st.lists(st.sampled_from(HOKKIEN_GIVEN), min_size=2, max_size=2))
def test_property_a_hokkien_spelling_meets_its_characters(surname, given_chars):
    """Every reading of the characters, in any of its diaspora spellings, meets the characters."""
    han = surname + "".join(given_chars)
    spelt = " ".join(hokkien_spelling(c).capitalize() for c in han)
    assert same(han, spelt), (han, spelt)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HOKKIEN_SURNAMES), st.lists(st.sampled_from(HOKKIEN_GIVEN), min_size=4, max_size=4))
def test_property_a_hokkien_spelling_never_meets_other_given_names(surname, given_chars):
    """A Hokkien spelling of one name never meets characters whose given names read otherwise."""
    first, other = given_chars[:2], given_chars[2:]
    if all(set(tailo(a)) & set(tailo(b)) for a, b in zip(first, other)):
        return  # every part shares a reading: the spelling may write either name
    spelt = " ".join(hokkien_spelling(c).capitalize() for c in surname + "".join(first))
    assert not same(surname + "".join(other), spelt), (surname + "".join(other), spelt)


@pytest.mark.parametrize(
    "a,b",
    [
        ("陳嘉庚", "Tan Kah Kee"),
        ("許文遠", "Khaw Boon Wan"),
        ("黃永宏", "Ng Eng Hen"),
        ("蔡文興", "Tjoa Boen Hing"),
        ("Huang Yonghong", "Ng Eng Hen"),
        ("Hu Wenhu", "Aw Boon Haw"),
    ],
)
def test_hokkien_spellings_meet_characters_and_a_pinyin_family_name(a, b):
    assert same(a, b), match_pair(a, b, "PERSON").explanations


@pytest.mark.parametrize(
    "a,b",
    [
        ("黃志明", "Ong Chee Beng"),
        ("王志明", "Ng Chee Beng"),
        ("Wang Yonghong", "Ng Eng Hong"),
        ("Ng Chee Beng", "Goh Chee Beng"),
        ("Koh Boon Heng", "Khoo Boon Heng"),
        ("Michael Ng", "Michael Huang"),
        ("Ng Ka-ming", "Huang Jiaming"),
    ],
)
def test_hokkien_family_names_that_share_a_mandarin_reading_or_none_stay_apart(a, b):
    assert not same(a, b)


@pytest.mark.parametrize(
    "a,b,merged",
    [
        ("Szeto Wah", "司徒華", True),
        ("Szeto Wah", "Situ Hua", True),
        ("Ouyang Weiwen", "Auyeung Wai-man", True),
        ("Chukot Leung", "諸葛亮", True),
        ("Szeto Wah", "司馬華", False),
        ("Auyeung Wai-man", "Au Wai-man", False),
    ],
)
def test_a_joined_two_character_family_name_is_two_parts(a, b, merged):
    assert same(a, b) is merged, match_pair(a, b, "PERSON").explanations


def test_a_hokkien_given_name_reads_as_the_pinyin_of_common_characters():
    """From the shipped tables: the spelling's Tâi-lô, the common characters with it, their pinyin."""
    assert "wen" in given_pinyin("boon") and "qin" in given_pinyin("khim") and "de" in given_pinyin("teck")
    assert "xiu" in given_pinyin("siew") and "ming" in given_pinyin("beng")
    assert "ming" not in given_pinyin("boon") and given_pinyin("smith") == ()
    assert 2 <= len(given_pinyin("chee")) <= 15  # a handful of likely syllables, not every reading


@pytest.mark.parametrize(
    "hokkien,pinyin",
    [
        ("Tan Chee Keong", "Chen Zhiqiang"),  # 陳志強
        ("Lim Siew Hua", "Lin Xiuhua"),  # 林秀華
        ("Ong Teck Hock", "Wang Defu"),  # 王德福
        ("Koh Kim Lian", "Xu Jinlian"),  # 許金蓮
        ("Goh Beng Kok", "Wu Mingguo"),  # 吳明國
        ("Chen Bi-hui", "Chen Meihui"),  # 陳美惠, Taiwanese spelling
        ("Beng Kok Goh", "Mingguo Wu"),  # both in Western order
    ],
)
def test_a_hokkien_given_name_meets_its_pinyin_without_characters(hokkien, pinyin):
    assert same(hokkien, pinyin), match_pair(hokkien, pinyin, "PERSON").explanations


@pytest.mark.parametrize(
    "hokkien,pinyin",
    [
        ("Tan Chee Keong", "Chen Zhixiong"),  # another second given name
        ("Lim Siew Hua", "Lin Xiuling"),
        ("Ong Teck Hock", "Wang Dehai"),
        ("Goh Beng Kok", "Zhou Mingguo"),  # another family name
        ("Chua Kim Hock", "Quan Jinfu"),  # 泉 is read tsuâ too, but a family name meets only family names
        ("Kim Hock Chua", "Jinfu Quan"),  # the pinyin name's joined given name says which part is the family name
        ("Ng Ka-wing", "Huang Jiarong"),  # spelt in Hong Kong style: Ng is 吳 there
        ("Michael Ng Beng Kok", "Michael Huang Mingguo"),  # beside a Western name Ng may be 吳 or 黃
    ],
)
def test_a_hokkien_given_name_never_meets_another_pinyin_name(hokkien, pinyin):
    assert not same(hokkien, pinyin), match_pair(hokkien, pinyin, "PERSON").explanations


HOKKIEN_PINYIN_SURNAMES = list("陳林許蔡郭王洪楊李")
HOKKIEN_PINYIN_GIVEN = list("文美志華良興傑英金德秀強國福祥惠蓮")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(HOKKIEN_PINYIN_SURNAMES),
    st.lists(st.sampled_from(HOKKIEN_PINYIN_GIVEN), min_size=2, max_size=2),
    st.integers(min_value=0, max_value=20),
)
def test_property_every_hokkien_spelling_of_common_given_names_meets_their_pinyin(surname, given_chars, pick):
    """Any diaspora spelling of common given-name characters meets the characters' pinyin."""
    words = [hokkien_spelling(surname)]
    for char in given_chars:
        options = sorted(spellings(tailo(char)[0]))
        words.append(options[pick % len(options)])
    spelt = " ".join(w.capitalize() for w in words)
    assume(not cantonese_spelt(syllable_units(spelt)))  # "Hee Kim Kim" may be a Hong Kong name: 許 is not Hee there
    assume(not all(w in pinyin_syllables() for w in words))  # "Tan Bi Bi" reads as pinyin (譚碧碧)
    py = lazy_pinyin(surname + "".join(given_chars))
    pinyin = py[0].capitalize() + " " + "".join(py[1:]).capitalize()
    assert same(spelt, pinyin), (spelt, pinyin, match_pair(spelt, pinyin, "PERSON").explanations)


# -- 3. organisations across languages -------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b",
    [
        ("青田同乡会", "Qingtian Tongxianghui"),
        ("青田同乡会", "Qingtian Hometown Association"),
        ("福建商会", "Fujian Chamber of Commerce"),
        ("统战部", "Tongzhanbu"),
        ("中国驻米兰总领事馆", "Consolato Generale della Repubblica Popolare Cinese a Milano"),
        ("Consulate General of China in Florence", "Consolato Generale della Cina a Firenze"),
        ("Chinese Consulate General in Frankfurt", "Chinesisches Generalkonsulat in Frankfurt"),
    ],
)
def test_one_organisation_in_characters_pinyin_english_and_italian(a, b):
    score, why = compare_org_names(a, b)
    assert score >= THRESHOLD, why


def test_places_are_one_token_under_any_name_and_different_places_stay_apart():
    assert org_tokens("Milano")[0] == org_tokens("Milan")[0] == org_tokens("米兰")[0]
    assert compare_org_names("青田同乡会", "文成同乡会")[0] < THRESHOLD
    assert compare_org_names("福建商会", "浙江商会")[0] < THRESHOLD


# -- 4. acronyms -----------------------------------------------------------------------------------


def test_compound_words_split_into_known_parts():
    assert compound_parts("bundeskriminalamt") == ("bundes", "kriminal", "amt")
    assert compound_parts("bundeskanzleramt") is None


@pytest.mark.parametrize(
    "acronym,full",
    [
        ("BKA", "Bundeskriminalamt"),
        ("BfV", "Bundesamt für Verfassungsschutz"),
        ("PRC MPS", "Ministry of Public Security"),
        ("CCP UFWD", "United Front Work Department"),
        ("AISE", "Agenzia Informazioni e Sicurezza Esterna"),
        ("US DOJ", "Department of Justice"),
    ],
)
def test_acronyms_beyond_initials(acronym, full):
    assert acronym_match(acronym, full)


@pytest.mark.parametrize(
    "acronym,full",
    [
        ("BKA", "Bundeskanzleramt"),
        ("PRC MPS", "Ministry of State Security"),
        ("LKA", "Bundeskriminalamt"),
        ("US DOJ", "Ministry of Justice of China"),
    ],
)
def test_acronyms_of_other_bodies_do_not_match(acronym, full):
    assert not acronym_match(acronym, full)


# -- 5. missions and police by place ---------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b",
    [
        ("the Chinese embassy in Lisbon", "Embassy of the People's Republic of China in Portugal"),
        ("Chinese Embassy in The Hague", "Chinese Embassy in the Netherlands"),
        ("中国驻意大利大使馆", "Chinese Embassy in Rome"),
        ("Kunming police", "Kunming Public Security Bureau"),
        ("Kunming PSB", "Kunming police"),
        ("Fuzhou police", "Fuzhou Municipal Public Security Bureau"),
        ("Qingtian police", "青田县公安局"),
    ],
)
def test_missions_by_capital_and_police_by_city(a, b):
    assert same(a, b, "STATE_BODY"), match_pair(a, b, "STATE_BODY").explanations


@pytest.mark.parametrize(
    "a,b",
    [
        ("Fuzhou police", "Fuqing Public Security Bureau"),
        ("Fuzhou PSB", "Fuqing PSB"),
        ("福州市公安局", "福清市公安局"),
        ("Chinese Embassy in Lisbon", "Chinese Embassy in Madrid"),
        ("Portuguese Embassy in China", "Chinese Embassy in Lisbon"),
        ("Chinese Consulate General in Milan", "Chinese Embassy in Italy"),
        ("Kunming police", "Kunming Overseas Police Service Station"),
    ],
)
def test_sibling_bureaus_and_other_missions_never_meet(a, b):
    assert not same(a, b, "STATE_BODY")


@pytest.mark.parametrize(
    "a,b",
    [
        ("Anhui police", "安徽省公安厅"),
        ("Anhui Provincial Department of Public Security", "Anhui PSB"),
        ("Public Security Department of Hubei Province", "湖北公安"),
        ("Hubei Public Security Department", "湖北省公安厅"),
    ],
)
def test_a_province_s_police_is_its_public_security_department(a, b):
    assert same(a, b, "STATE_BODY"), compare_org_names(a, b)


@pytest.mark.parametrize(
    "a,b",
    [
        ("安徽省公安厅", "合肥市公安局"),  # the province and its capital
        ("Anhui Provincial Public Security Department", "Hefei police"),
        ("湖北省公安厅", "湖北省武汉市公安局"),
        ("吉林省公安厅", "吉林市公安局"),  # a province and a city of one name
        ("Jilin Public Security Department", "Jilin City Public Security Bureau"),
        ("湖北省公安厅", "湖北省国家安全厅"),
        ("Hubei Public Security Department", "Ministry of Public Security"),
    ],
)
def test_a_province_s_department_never_meets_a_city_s_bureau_or_another_body(a, b):
    assert not same(a, b, "STATE_BODY"), compare_org_names(a, b)


def test_a_place_s_own_level_is_kept_when_its_name_swallows_it():
    assert org_tokens("吉林市公安局")[1:] == ("municipal", "police")
    assert org_tokens("吉林省公安厅")[1:] == ("provincial", "police")  # 省 and 公安厅 say provincial once
    assert org_tokens("青田县公安局")[-2:] == ("county", "police")


# -- 6. reference sets -----------------------------------------------------------------------------


def test_a_reference_entity_that_lists_both_names_joins_them():
    records = [
        Record("e1", "PERSON", ("Carrie Lam",)),
        Record("e2", "PERSON", ("Lam Cheng Yuet-ngor",)),
        Record("e3", "PERSON", ("Lam Wing-kee",)),
    ]
    alone = resolve(records)
    assert alone.canonical["e1"] != alone.canonical["e2"]
    ref = Reference("sanctions:hk-1", "PERSON", ("Carrie Lam", "Lam Cheng Yuet-ngor", "林鄭月娥"))
    joined = resolve(records, references=[ref])
    assert joined.canonical["e1"] == joined.canonical["e2"] != joined.canonical["e3"]


def test_a_reference_set_never_overrules_a_judgement():
    from threadline.resolve.judgements import Decision, Judgement

    records = [Record("e1", "PERSON", ("Carrie Lam",)), Record("e2", "PERSON", ("Lam Cheng Yuet-ngor",))]
    ref = Reference("sanctions:hk-1", "PERSON", ("Carrie Lam", "Lam Cheng Yuet-ngor"))
    kept = resolve(records, [Decision(Judgement.NEGATIVE, "e1", "e2")], references=[ref])
    assert kept.canonical["e1"] != kept.canonical["e2"]


@pytest.mark.parametrize("latin", ["Chen Guole", "Chen Guoyue"])
def test_a_character_with_two_readings_meets_either_romanisation(latin):
    assert same("陳國樂", latin)  # 樂 is read yue or le; a passport may carry either


def test_another_reading_never_joins_two_names_written_in_characters():
    assert not same("陳國樂", "陳國勒")  # 勒 is le too: different characters, different people
