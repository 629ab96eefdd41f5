"""Cut a joined word into known pieces, fewest first: pinyin and Gwoyeu Romatzyh syllables, compound parts."""

from __future__ import annotations

from collections.abc import Container


def fewest_pieces(word: str, pieces: Container[str], shortest: int = 1, longest: int | None = None) -> tuple[str, ...] | None:
    """The cut of ``word`` into members of ``pieces`` with the fewest of them (the first found among equals),
    each ``shortest`` to ``longest`` characters long; None when no cut exists."""
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for j in range(i + shortest, min(n, i + longest) + 1 if longest else n + 1):
            piece = word[i:j]
            if piece in pieces:
                there = best[j]
                if there is None or len(here) + 1 < len(there):
                    best[j] = here + (piece,)
    return best[n]
