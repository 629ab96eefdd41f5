"""One-letter typing slips: the only misspelling resolution forgives, and only in long words."""

from __future__ import annotations


def slip(a: str, b: str, min_length: int = 4) -> bool:
    """One inserted letter ("Kwon"/"Kwong")."""
    if abs(len(a) - len(b)) != 1 or min(len(a), len(b)) < min_length:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def typo(a: str, b: str, min_length: int = 4) -> bool:
    """One inserted, deleted, replaced or swapped letter: a typing slip in a word."""
    if a == b or min(len(a), len(b)) < min_length:
        return False
    if len(a) != len(b):
        return slip(a, b, min_length)
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
