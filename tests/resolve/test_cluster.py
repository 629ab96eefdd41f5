"""Clustering: judgements always win over the scorer; canonical ids are stable."""

from hypothesis import given
from hypothesis import strategies as st

from threadline.resolve.blocking import record_keys
from threadline.resolve.cluster import resolve
from threadline.resolve.compare import Record
from threadline.resolve.judgements import Decision, Judgement

PEOPLE = [
    Record("e1", "PERSON", ("Wang Xiaoming",)),
    Record("e2", "PERSON", ("Wong Siu-ming",)),
    Record("e3", "PERSON", ("王小明",)),
    Record("e4", "PERSON", ("Wang Wei",)),
    Record("e5", "PERSON", ("Wang Wen",)),
    Record("e6", "PERSON", ("Laura Harth",)),
    Record("e7", "PERSON", ("Laura Hart",)),
]


def test_machine_merges_and_keeps_apart():
    r = resolve(PEOPLE)
    assert r.canonical["e2"] == r.canonical["e3"] == r.canonical["e1"] == "e1"
    assert len({r.canonical["e4"], r.canonical["e5"], r.canonical["e1"]}) == 3


def test_uncertain_pairs_go_to_review_not_into_clusters():
    r = resolve(PEOPLE)
    assert r.canonical["e6"] != r.canonical["e7"]
    assert {(p.a, p.b) for p in r.review} == {("e6", "e7")}


def test_split_keeps_members_apart_on_every_rerun():
    split = Decision(Judgement.SPLIT, "e1", members=("e1", "e2", "e3"))
    r = resolve(PEOPLE, [split])
    assert len({r.canonical["e1"], r.canonical["e2"], r.canonical["e3"]}) == 3
    assert r.refused >= 1


def test_positive_judgement_joins_what_the_scorer_would_not():
    r = resolve(PEOPLE, [Decision(Judgement.POSITIVE, "e6", "e7")])
    assert r.canonical["e6"] == r.canonical["e7"] and r.review == []


def test_canonical_id_is_the_oldest_member():
    r = resolve(list(reversed(PEOPLE[:3])))
    assert set(r.canonical.values()) == {"e3"}


pairs = st.tuples(st.sampled_from([p.id for p in PEOPLE]), st.sampled_from([p.id for p in PEOPLE])).filter(
    lambda p: p[0] != p[1]
)


@given(st.lists(st.tuples(st.sampled_from([Judgement.POSITIVE, Judgement.NEGATIVE]), pairs), max_size=6))
def test_a_stored_judgement_always_wins(judgements):
    decisions = [Decision(j, a, b) for j, (a, b) in judgements]
    r = resolve(PEOPLE, decisions)
    members: dict[str, set[str]] = {}
    for entity, canonical in r.canonical.items():
        members.setdefault(canonical, set()).add(entity)
    negatives = [(d.a, d.b) for d in decisions if d.judgement is Judgement.NEGATIVE]
    for d in decisions:
        if d.judgement is Judgement.NEGATIVE:
            assert r.canonical[d.a] != r.canonical[d.b]
        elif r.canonical[d.a] != r.canonical[d.b]:
            # refused only because joining would put a negatively judged pair together
            ca, cb = members[r.canonical[d.a]], members[r.canonical[d.b]]
            assert any((x in ca and y in cb) or (x in cb and y in ca) for x, y in negatives)


def test_hokkien_and_gwoyeu_spellings_are_blocked_with_their_pinyin_and_merged():
    """Resolution compares only records that share a key: a Hokkien given name no system but Hokkien
    reads ("Teck") and Gwoyeu Romatzyh ("Jaushieh") key on their pinyin."""
    records = [
        Record("h1", "PERSON", ("Quek Beng Teck",)),
        Record("h2", "PERSON", ("Guo Mingde",)),
        Record("h3", "PERSON", ("Guo Mingzhe",)),
        Record("g1", "PERSON", ("Wu Jaushieh",)),
        Record("g2", "PERSON", ("Wu Zhaoxie",)),
    ]
    r = resolve(records)
    assert r.canonical["h1"] == r.canonical["h2"] != r.canonical["h3"]
    assert r.canonical["g1"] == r.canonical["g2"]


def test_a_body_named_with_and_without_its_administrative_level_shares_a_block():
    records = [
        Record("p1", "STATE_BODY", ("Fuzhou police",)),
        Record("p2", "STATE_BODY", ("福州市公安局",)),
        Record("p3", "STATE_BODY", ("Zhejiang police",)),
        Record("p4", "STATE_BODY", ("Zhejiang Provincial Public Security Department",)),
        Record("p5", "STATE_BODY", ("杭州市公安局",)),
    ]
    keys = [{k for k in record_keys(r) if "|o:" in k} for r in records]  # the whole name's concepts, not one word
    assert keys[0] & keys[1] and keys[2] & keys[3] and not keys[3] & keys[4]
    r = resolve(records)
    assert r.canonical["p1"] == r.canonical["p2"] and r.canonical["p3"] == r.canonical["p4"] != r.canonical["p5"]
