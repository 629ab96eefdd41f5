"""Chinese text helpers for extraction: traditional-to-simplified folding that keeps
every character where it was, and a jieba segmenter that reads the folded text.

Folding is for matching only: the document's text is never rewritten, so the
offsets of every token and fact still point into the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return bool(HAN.search(text))


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters folded to simplified ones, character for character.

    OpenCC converts phrases, which may change a text's length; where it does,
    each character is converted on its own so that position ``i`` of the result
    is always character ``i`` of the input, folded.
    """
    if not has_han(text):
        return text
    out = _t2s().convert(text)
    if len(out) == len(text):
        return out
    chars = [_t2s().convert(c) for c in text]
    return "".join(c if len(c) == 1 else o for c, o in zip(chars, text))


class FoldedJieba:
    """A private jieba tokenizer that segments the simplified text and returns original slices.

    Quacks like the ``jieba`` module for spaCy's Chinese tokenizer (``cut``). It
    builds jieba's prefix dictionary from the dictionary jieba ships, in memory:
    no download, and no cache file read from or written to the temp directory.
    ``words`` (simplified word -> jieba tag: gazetteer names, places) are added so
    that known names stay whole; ``tags`` holds every dictionary word's tag.

    Text is cut by jieba's part-of-speech tokenizer (``jieba.posseg``): its hidden Markov
    model over characters and tags keeps an unknown personal name whole and apart from the
    verb after it (刘榕彦 / 说, not 刘榕 / 彦 or 李华说), and :meth:`tagged` gives each
    word's tag in its context (``nr`` for such a name).
    """

    def __init__(self, words: Mapping[str, str] | None = None):
        import jieba
        import jieba.posseg

        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        tokenizer.initialized = True
        self.tags: dict[str, str] = dict(jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
        for word, tag in sorted((words or {}).items()):
            tokenizer.add_word(word, tag=tag)
            self.tags[word] = tag
        self.tokenizer = tokenizer
        self.posseg = jieba.posseg.POSTokenizer(tokenizer)
        self.version = str(jieba.__version__)

    def cut(self, text: str, cut_all: bool = False, HMM: bool = True) -> Iterator[str]:  # noqa: N803 (jieba's name)
        pos = 0
        for piece, _tag in self.tagged(text, HMM=HMM):
            yield text[pos:pos + len(piece)]
            pos += len(piece)
        if pos < len(text):
            yield text[pos:]

    def tagged(self, text: str, HMM: bool = True) -> Iterator[tuple[str, str]]:  # noqa: N803 (jieba's name)
        """The folded text's words with their tags in context, as :meth:`cut` segments it."""
        for pair in self.posseg.cut(simplified(text), HMM=HMM):
            yield pair.word, pair.flag

    def known(self, word: str) -> bool:
        """Whether a (simplified) word is in jieba's dictionary."""
        return bool(self.tokenizer.FREQ.get(word))
