from hypothesis import given
from hypothesis import strategies as st

from threadline.resolve.compare import THRESHOLD
from threadline.resolve.persons import compare_person_names
from threadline.resolve.romanise import pinyin_syllables, readings, segment, simplified, syllable_units


def words(name):
    return [w for w, _ in syllable_units(name)]


def test_readings_cover_the_romanisation_systems():
    assert "xi" in readings("hsi")             # Wade-Giles
    assert "qin" in readings("ch'in")          # Wade-Giles aspirate
    assert "wang" in readings("wong")          # Cantonese
    assert "chen" in readings("tan")           # Hokkien
    assert "zhang" in readings("cheung") and "zhang" in readings("teo") and "zhang" in readings("chang")
    assert readings("harth") == frozenset()    # not Chinese


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
