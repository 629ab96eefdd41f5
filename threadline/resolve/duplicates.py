"""Same story, another copy: word shingles, MinHash signatures and an LSH index over them.

One definition of "the same story" serves ingest and analysis: two texts are
copies when the Jaccard similarity of their word 5-shingles (case-folded,
NFKC-normalised words, so punctuation, spacing and line breaks do not count)
is at least 0.8. A wire story syndicated under another headline and footer
passes; two articles on the same event written separately do not.

MinHash signatures (128 permutations, fixed seed, so runs and machines agree)
and an LSH index only *find candidates* fast (both as datasketch 2 computes them,
with its "affine32" scheme; a test checks the two agree bit for bit, and this
module needs numpy only: datasketch imports scipy, 30 MiB and most of a second
that every ``add`` would pay); the decision and the similarity
reported are always the exact Jaccard of the two texts' shingles. The LSH bands
are chosen for recall at the threshold (see ``BANDS``), because a false
candidate costs one exact comparison and a missed one is a duplicate stored.

Pure: no files and no store. The store keeps signatures as bytes
(:func:`to_bytes`, :func:`from_bytes`) under :data:`SCHEME`, so a change of
parameters is noticed rather than mixing incomparable signatures.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

SIZE = 5           # words per shingle
THRESHOLD = 0.8    # Jaccard similarity from which two texts are one story
NUM_PERM = 128
SEED = 20240611
BANDS = (21, 6)    # 21 bands of 6 rows: candidate probability 0.998 at J=0.8, 0.93 at 0.7, 0.28 at 0.5
_MINHASH = "affine32"
_EMPTY = np.uint32(0xFFFFFFFF)  # a signature's value before any shingle is seen
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))  # MurmurHash3's finaliser
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
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations h -> a * h + b (mod 2**32), ``a`` odd, drawn from numpy's RandomState(SEED)
    as datasketch's ``MinHash(seed=SEED, scheme="affine32")`` draws them."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _hash32(data: bytes) -> int:
    """The first four bytes of the SHA-1, little-endian (datasketch's ``sha1_hash32``)."""
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


def signature(shingle_set: Iterable[str]) -> np.ndarray:
    """The MinHash signature of a shingle set: NUM_PERM unsigned integers, deterministic.

    Each shingle's 32-bit hash is mixed once by MurmurHash3's finaliser, then put through every
    permutation; the signature keeps each permutation's least value (uint32 arithmetic wraps, which is the
    modulo)."""
    hashes = [_hash32(s.encode("utf-8")) for s in shingle_set]
    if not hashes:
        return np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX
    hv = np.array(hashes, dtype=np.uint32).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    return (hv * a + b).min(axis=0)


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
    """Signatures of known texts, queried for the one a new text is a copy of.

    LSH over :data:`BANDS`: a signature is cut into bands of rows, and two texts are candidates when any band
    is the same in both (one table per band, from the band's bytes to the keys that have it)."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        bands, rows = BANDS
        self._ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self._tables: list[dict[bytes, set[str]]] = [{} for _ in self._ranges]
        self._keys: dict[str, list[bytes]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def _bands(self, sig: np.ndarray) -> list[bytes]:
        sig = np.asarray(sig, dtype=np.uint32)
        return [sig[start:end].tobytes() for start, end in self._ranges]

    def add(self, key: str, sig: np.ndarray) -> None:
        if key in self._keys:
            return
        bands = self._keys[key] = self._bands(sig)
        for band, table in zip(bands, self._tables):
            table.setdefault(band, set()).add(key)

    def remove(self, key: str) -> None:
        bands = self._keys.pop(key, None)
        for band, table in zip(bands or (), self._tables):
            keys = table[band]
            keys.discard(key)
            if not keys:
                del table[band]

    def candidates(self, sig: np.ndarray) -> list[str]:
        """Keys whose signatures share a band with this one, sorted (so ties resolve the same way)."""
        found: set[str] = set()
        for band, table in zip(self._bands(sig), self._tables):
            found.update(table.get(band, ()))
        return sorted(found)

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
