"""Dossiers: a sourced brief on one country or one entity, built from a redacted snapshot.

Everything here starts from a :class:`~threadline.analyse.snapshot.Snapshot` (protected
persons are already redacted there) and never from the store. The brief is first built as
data (:func:`build_brief`), then written as Markdown (:func:`dossier`) or as HTML/PDF by
:mod:`threadline.publish.report`.

Wording follows the stance of each claim and never upgrades attribution: an allegation
reads "X alleges that ..." or "According to X, ...", a denial "X denies ...", and what a
document says in its own voice "<publisher> reports ...". Every statement carries a
footnote giving its document (title, publisher, date, URL or path) and the verbatim
sentence it rests on.

The parts:

- :mod:`~threadline.publish.dossier.model`: the brief as data (notes, statements, sections);
- :mod:`~threadline.publish.dossier.scope`: what a brief covers (one entity, or a country's entities and documents);
- :mod:`~threadline.publish.dossier.wording`: statements worded by stance, and the footnote registry;
- :mod:`~threadline.publish.dossier.sections`: one function per section, and :func:`build_brief`;
- :mod:`~threadline.publish.dossier.markdown`: the Markdown renderer, one function per section.
"""

from __future__ import annotations

from threadline.analyse.snapshot import Snapshot
from threadline.publish.dossier.markdown import render_markdown
from threadline.publish.dossier.model import (
    Brief,
    Contest,
    KeyEntity,
    Note,
    OpenQuestion,
    Part,
    StateLink,
    Statement,
    TimelineItem,
    brief_summary,
)
from threadline.publish.dossier.scope import Scope, resolve_scope
from threadline.publish.dossier.sections import build_brief
from threadline.publish.dossier.wording import Notes, Wording

__all__ = [
    "Brief",
    "Contest",
    "KeyEntity",
    "Note",
    "Notes",
    "OpenQuestion",
    "Part",
    "Scope",
    "StateLink",
    "Statement",
    "TimelineItem",
    "Wording",
    "brief_summary",
    "build_brief",
    "dossier",
    "render_markdown",
    "resolve_scope",
]


def dossier(snapshot: Snapshot, country: str | None = None, entity: str | None = None) -> str:
    """A Markdown brief on one country (ISO code) or one entity, every statement footnoted to its source."""
    return render_markdown(build_brief(snapshot, country=country, entity=entity))
