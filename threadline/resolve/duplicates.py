"""Same story, another copy: word shingles, MinHash signatures and an LSH index over them.

One definition of "the same story" serves ingest and analysis: two texts are
copies when the Jaccard similarity of their word 5-shingles (case-folded,
NFKC-normalised words, so punctuation, spacing and line breaks do not count)
is at least 0.8. A wire story syndicated under another headline and footer
passes; two articles on the same event written separately do not.

MinHash signatures (128 permutations, fixed seed, so runs and machines agree)
and an LSH index only *find candidates* fast; the decision and the similarity
reported are always the exact Jaccard of the two texts' shingles. The LSH bands
are chosen for recall at the threshold (see ``BANDS``), because a false
candidate costs one exact comparison and a missed one is a duplicate stored.

Pure: no files and no store. The store keeps signatures as bytes
(:func:`to_bytes`, :func:`from_bytes`) under :data:`SCHEME`, so a change of
parameters is noticed rather than mixing incomparable signatures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch imports scipy: loaded only when signatures are made
    from datasketch import LeanMinHash  # type: ignore[import-untyped]

SIZE = 5           # words per shingle
THRESHOLD = 0.8    # Jaccard similarity from which two texts are one story
NUM_PERM = 128
SEED = 20240611
BANDS = (21, 6)    # 21 bands of 6 rows: candidate probability 0.998 at J=0.8, 0.93 at 0.7, 0.28 at 0.5
_MINHASH = "affine32"
SCHEME = f"minhash-{_MINHASH}-w{SIZE}-p{NUM_PERM}-s{SEED}-v1"
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The text's words, normalised: NFKC, case-folded; punctuation and whitespace dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SIZE) -> frozenset[str]:
    """Word ``size``-shingles of a text; a text shorter than ``size`` words is one shingle."""
    w = words(text)
    if len(w) <= size:
        return frozenset([" ".join(w)]) if w else frozenset()
    return frozenset(" ".join(w[i:i + size]) for i in range(len(w) - size + 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def same_story(a: frozenset[str], b: frozenset[str], threshold: float = THRESHOLD) -> bool:
    return similarity(a, b) >= threshold


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=_MINHASH).permutations


def signature(shingle_set: Iterable[str]) -> np.ndarray:
    """The MinHash signature of a shingle set: NUM_PERM unsigned integers, deterministic."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=_MINHASH)
    m.update_batch([s.encode("utf-8") for s in shingle_set])
    return m.hashvalues


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


@dataclass(frozen=True)
class Match:
    """The text a new one copies, and how similar they are (exact Jaccard)."""

    key: str
    similarity: float


class DuplicateIndex:
    """Signatures of known texts, queried for the one a new text is a copy of."""

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=BANDS)

    def __len__(self) -> int:
        return len(self.lsh.keys)

    def __contains__(self, key: str) -> bool:
        return key in self.lsh

    def add(self, key: str, sig: np.ndarray) -> None:
        if key not in self.lsh:
            self.lsh.insert(key, _lean(sig))

    def remove(self, key: str) -> None:
        if key in self.lsh:
            self.lsh.remove(key)

    def candidates(self, sig: np.ndarray) -> list[str]:
        """Keys whose signatures share a band with this one, sorted (so ties resolve the same way)."""
        return sorted(self.lsh.query(_lean(sig)))

    def match(self, shingle_set: frozenset[str], sig: np.ndarray,
              shingles_of: Callable[[str], frozenset[str] | None]) -> Match | None:
        """The most similar known text at or above the threshold, by exact Jaccard; None if there is none.

        ``shingles_of(key)`` gives a candidate's shingles (None: no longer available).
        """
        best: Match | None = None
        for key in self.candidates(sig):
            other = shingles_of(key)
            if other is None:
                continue
            score = similarity(shingle_set, other)
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(key, score)
        return best


def _lean(sig: np.ndarray) -> LeanMinHash:
    from datasketch import LeanMinHash  # type: ignore[import-untyped]

    return LeanMinHash(seed=SEED, hashvalues=sig, scheme=_MINHASH)
