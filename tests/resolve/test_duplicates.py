"""Near-duplicate detection, the pure part: shingles, signatures, the LSH index. No model needed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.resolve.duplicates import (
    SCHEME,
    THRESHOLD,
    DuplicateIndex,
    from_bytes,
    same_story,
    shingles,
    signature,
    signature_similarity,
    similarity,
    to_bytes,
    words,
)

STORY = (
    "The council of the harbour town said on Tuesday that it would review the lease of a community office run by "
    "a hometown association, after a monitoring group reported that volunteers there had pressed residents to go "
    "back to their country of origin. A spokesperson for the association denied this and said the office helped "
    "older members with pension forms and licence renewals. The council said it would publish its findings before "
    "the summer recess, and the police said they had read the report but would not comment on any inquiry."
)
COPY = "Town to examine lease of association office\n\n" + STORY + "\n\nDistributed by a regional wire service; all rights reserved."
OTHER = (
    "Residents of a northern suburb said this week that callers from an office above a grocery shop had phoned "
    "them repeatedly and suggested they travel home to answer questions. The office is registered as a cultural "
    "association that teaches languages at weekends; its chairman said volunteers only help with paperwork."
)

word = st.text(alphabet=st.characters(categories=["Ll", "Lu", "Nd"]), min_size=1, max_size=8)
spaces = st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n\n "]), min_size=1, max_size=60)


def test_words_fold_case_and_drop_punctuation() -> None:
    assert words("The U.N. said: “No!”\n\nIt's ﬁne") == ["the", "u", "n", "said", "no", "it", "s", "fine"]


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("Only three words") == frozenset(["only three words"])
    assert shingles(" ,.;! ") == frozenset()
    assert similarity(frozenset(), frozenset()) == 0.0


def test_a_syndicated_copy_is_the_same_story_and_another_article_is_not() -> None:
    story, copy, other = shingles(STORY), shingles(COPY), shingles(OTHER)
    assert similarity(story, copy) >= THRESHOLD and same_story(story, copy)
    assert similarity(story, other) < 0.1 and not same_story(story, other)


def test_index_finds_the_copy_by_exact_similarity() -> None:
    index = DuplicateIndex()
    index.add("story", signature(shingles(STORY)))
    index.add("other", signature(shingles(OTHER)))
    known = {"story": shingles(STORY), "other": shingles(OTHER)}
    found = index.match(shingles(COPY), signature(shingles(COPY)), known.get)
    assert found is not None and found.key == "story"
    assert found.similarity == similarity(shingles(COPY), known["story"])
    unrelated = "A court in the capital fined a shipping firm for breaking export rules on dual-use goods last year."
    assert index.match(shingles(unrelated), signature(shingles(unrelated)), known.get) is None
    index.remove("story")
    assert "story" not in index and len(index) == 1
    assert index.match(shingles(COPY), signature(shingles(COPY)), known.get) is None


def test_a_candidate_that_is_gone_is_skipped() -> None:
    index = DuplicateIndex()
    index.add("story", signature(shingles(STORY)))
    assert index.match(shingles(COPY), signature(shingles(COPY)), lambda key: None) is None


def test_signatures_round_trip_as_bytes_and_are_pinned() -> None:
    sig = signature(shingles(STORY))
    assert sig.shape == (128,) and len(to_bytes(sig)) == 512
    assert np.array_equal(from_bytes(to_bytes(sig)), sig)
    # Stored signatures are only comparable with signatures made the same way: if this changes, change SCHEME.
    assert SCHEME == "minhash-affine32-w5-p128-s20240611-v1"
    assert to_bytes(signature(shingles("one two three four five six")))[:16].hex() == "cf1b91e0b24641736ffd2115f2b07d2d"


@settings(max_examples=60, deadline=None)
@given(st.lists(word, min_size=1, max_size=40))
def test_a_text_is_the_same_story_as_itself(ws: list[str]) -> None:
    text = " ".join(ws)
    a = shingles(text)
    assert similarity(a, shingles(text)) == 1.0
    assert signature_similarity(signature(a), signature(shingles(text))) == 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(word, min_size=1, max_size=40), spaces)
def test_whitespace_and_case_do_not_change_shingles_or_signature(ws: list[str], gaps: list[str]) -> None:
    plain = " ".join(ws)
    spaced = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(ws))
    assert shingles(spaced) == shingles(plain)
    if plain.isascii():  # case folding is not an involution for every letter (dotless i, Greek with accents)
        assert shingles(plain.upper()) == shingles(plain)
    assert np.array_equal(signature(shingles(spaced)), signature(shingles(plain)))


@settings(max_examples=40, deadline=None)
@given(st.lists(word, min_size=6, max_size=40), st.lists(word, min_size=6, max_size=40))
def test_similarity_is_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    sa, sb = shingles(" ".join(a)), shingles(" ".join(b))
    assert similarity(sa, sb) == similarity(sb, sa)
    assert 0.0 <= similarity(sa, sb) <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(word, min_size=1, max_size=30), min_size=1, max_size=6))
def test_signatures_and_candidates_are_datasketchs(texts: list[list[str]]) -> None:
    """The signature and the LSH candidates are what datasketch's affine32 MinHash and MinHashLSH give."""
    datasketch = pytest.importorskip("datasketch")  # the test extra: the package itself needs numpy only
    lsh = datasketch.MinHashLSH(threshold=THRESHOLD, num_perm=128, params=(21, 6))
    index = DuplicateIndex()
    sets = [shingles(" ".join(ws)) for ws in texts] + [shingles(STORY), shingles(COPY), frozenset()]
    for n, shingle_set in enumerate(sets):
        theirs = datasketch.MinHash(num_perm=128, seed=20240611, scheme="affine32")
        theirs.update_batch([s.encode("utf-8") for s in shingle_set])
        ours = signature(shingle_set)
        assert ours.dtype == np.uint32 and np.array_equal(ours, theirs.hashvalues)
        lean = datasketch.LeanMinHash(seed=20240611, hashvalues=ours, scheme="affine32")
        assert index.candidates(ours) == sorted(lsh.query(lean))
        if str(n) not in lsh:
            lsh.insert(str(n), lean)
            index.add(str(n), ours)
    index.remove("0")
    lsh.remove("0")
    probe = signature(sets[0])
    assert index.candidates(probe) == sorted(lsh.query(datasketch.LeanMinHash(seed=20240611, hashvalues=probe, scheme="affine32")))
