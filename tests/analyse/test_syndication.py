"""Syndicated copies grouped through MinHash bands give the groups of the exact, every-pair comparison."""

from __future__ import annotations

import random

from threadline.analyse.sources import exact_syndication_groups, syndication_groups
from threadline.resolve.duplicates import shingles, similarity

VOCAB = (
    "harbour council permit depot ferry quay ledger inspector tender berth cargo warden pier dredging "
    "tariff mooring lighthouse customs vessel crane tide notice hearing budget"
).split()


def story(rng: random.Random, words: int) -> list[str]:
    return [rng.choice(VOCAB) + str(rng.randint(0, 40)) for _ in range(words)]


def edited(rng: random.Random, words: list[str], share: float) -> list[str]:
    """A copy with about ``share`` of its words replaced, and a new headline and footer."""
    out = [w if rng.random() > share else rng.choice(VOCAB) for w in words]
    return ["Reprinted", "from", rng.choice(VOCAB)] + out + ["Share", "this", "story"]


def corpus(seed: int = 3) -> dict[str, str]:
    """Invented stories, each with copies edited lightly to heavily, so that pairs fall on both sides of 0.8;
    shuffled, with a few empty and one-word texts."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(40):
        base = story(rng, rng.randint(30, 400))
        texts.append(" ".join(base))
        for share in rng.sample([0.0, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.4], k=rng.randint(1, 5)):
            texts.append(" ".join(edited(rng, base, share)))
    texts += ["", "", "tide", "tide", " ".join(story(rng, 3))]
    rng.shuffle(texts)
    return {f"doc-{i:03d}": t for i, t in enumerate(texts)}


def test_banded_grouping_equals_the_exact_one() -> None:
    for seed in (3, 4, 5):
        texts = corpus(seed)
        exact = exact_syndication_groups(texts)
        assert syndication_groups(texts) == exact
        copies = [d for d, g in exact.items() if d != g]
        assert len(copies) > 25 and len(set(exact.values())) > 40  # many groups, many copies in them


def test_pairs_on_both_sides_of_the_threshold_are_in_the_corpus() -> None:
    texts = corpus(3)
    sets = {d: shingles(t) for d, t in texts.items()}
    groups = syndication_groups(texts)
    near = [similarity(sets[d], sets[g]) for d, g in groups.items() if d != g]
    assert min(near) >= 0.8 and min(near) < 0.85  # copies close to the threshold were found
    ids = list(texts)
    below = [similarity(sets[a], sets[b]) for a in ids[:80] for b in ids[:80] if a < b]
    assert any(0.6 <= s < 0.8 for s in below)  # and near misses exist, which stay apart


def test_empty_and_short_texts() -> None:
    texts = {"a": "", "b": "", "c": "tide", "d": "tide", "e": "one two three four five six"}
    assert (
        syndication_groups(texts)
        == exact_syndication_groups(texts)
        == {"a": "a", "b": "b", "c": "c", "d": "c", "e": "e"}
    )
    assert syndication_groups({}) == {}
