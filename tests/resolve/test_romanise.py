from hypothesis import given
from hypothesis import strategies as st

from threadline.resolve.compare import THRESHOLD
from threadline.resolve.persons import compare_person_names
from threadline.resolve.romanise import (
    pinyin_syllables,
    plain_readings,
    readings,
    segment,
    simplified,
    syllable_units,
)


def words(name):
    return [w for w, _ in syllable_units(name)]


def test_readings_cover_the_romanisation_systems():
    assert "xi" in readings("hsi")  # Wade-Giles
    assert "qin" in readings("ch'in")  # Wade-Giles aspirate
    assert "wang" in readings("wong")  # Cantonese
    assert "chen" in readings("tan")  # Hokkien
    assert "zhang" in readings("cheung") and "zhang" in readings("teo") and "zhang" in readings("chang")
    assert readings("harth") == frozenset()  # not Chinese


def test_joined_pinyin_is_segmented():
    assert segment("xiaoming") == ("xiao", "ming")
    assert segment("jinping") == ("jin", "ping")
    assert segment("harth") is None


def test_units_of_han_and_latin_names_align():
    assert words("王小明") == ["wang", "xiao", "ming"]
    assert words("Wang Xiao-ming") == ["wang", "xiao", "ming"]
    assert words("Wang Xiaoming") == ["wang", "xiao", "ming"]


def test_traditional_folds_to_simplified():
    assert simplified("中共中央統戰部") == "中共中央统战部"


SYLLABLES = sorted(s for s in pinyin_syllables() if len(s) >= 3)


@given(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3))
def test_hyphen_and_space_forms_read_alike(parts):
    spaced = " ".join(parts)
    hyphenated = parts[0] + " " + "-".join(parts[1:])
    readings_of = lambda name: [r for _, r in syllable_units(name)]  # noqa: E731
    # a hyphen is Wade-Giles or Hong Kong usage, so it may add readings, never lose one
    assert all(s <= h for s, h in zip(readings_of(spaced), readings_of(hyphenated), strict=True))
    assert compare_person_names(spaced, hyphenated)[0] >= THRESHOLD


def test_gwoyeu_romatzyh_is_derived_from_pinyin_tone_by_tone():
    from threadline.resolve.gwoyeu import pinyin_of, spellings
    from threadline.resolve.gwoyeu import segment as gwoyeu_segment

    assert spellings("zhao") == ("jau", "jaur", "jao", "jaw")
    assert "shieh" in spellings("xie") and "jeou" in spellings("jiu") and "tsay" in spellings("cai")
    assert "chyi" in spellings("qi") and "liou" in spellings("liu") and "lhiou" in spellings("liu")  # l: tone 1 adds h
    assert spellings("you") == ("iou", "you", "yeou", "yow") and spellings("shi") == ("shy", "shyr", "shyy", "shyh")
    assert pinyin_of("shieh") == {"xie"} and pinyin_of("jyh") == {"zhi"} and pinyin_of("smith") == frozenset()
    assert gwoyeu_segment("jaushieh") == ("jau", "shieh")
    assert all(spellings(s) for s in ("zhang", "jue", "lv", "er", "yuan", "weng", "zi", "ci"))


def test_gwoyeu_romatzyh_reads_only_words_no_other_system_reads():
    assert words("Wu Jaushieh") == ["wu", "jau", "shieh"]  # a joined given name
    assert "liu" in dict(syllable_units("Liou Jiann-guo"))["liou"]  # not li-ou
    assert "cai" in dict(syllable_units("Tsay Ing-wen"))["tsay"]  # a marked name: a word alone too
    assert dict(syllable_units("Dean Lee"))["dean"] == frozenset()  # Western given names stay as written
    assert not plain_readings(dict(syllable_units("Jean-Luc Chen"))["jean"])  # no pinyin, GR's jian included
    assert syllable_units("Jaushieh") == (("jaushieh", frozenset()),)  # nothing else says the name is Chinese
    assert segment("jaushieh") is None  # pinyin's own segmentation does not take Gwoyeu Romatzyh syllables
    assert compare_person_names("Wu Jaushieh", "Wu Zhaoxie")[0] >= THRESHOLD
    assert compare_person_names("Wu Jaushieh", "Wu Zhaoxia")[0] < THRESHOLD
