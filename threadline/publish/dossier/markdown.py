"""The brief as Markdown: one function per section, every statement footnoted to its document and sentence.

(The HTML and PDF report, :mod:`threadline.publish.report`, is the other renderer of the same brief.)
"""

from __future__ import annotations

import re

from threadline.model import SCHEMA
from threadline.publish.dossier.model import Brief, Note, Statement
from threadline.publish.dossier.wording import clean
from threadline.publish.safety import link_target


def _md(text: str) -> str:
    """Escape what Markdown would read as markup in running text."""
    return re.sub(r"([\\`*_\[\]<>|&])", r"\\\1", text)


def _md_statement(s: Statement) -> str:
    text = "".join(_md(t) for t, _ in s.parts)
    return text + "".join(f"[^{n}]" for n in s.notes)


def _md_note(n: Note) -> str:
    bits = [f"*{_md(clean(n.title))}*" if n.title else "untitled document"]
    bits.append(_md(n.publisher) if n.publisher else "publisher unknown")
    # a date read from the text's own dateline says so; metadata dates are the norm and go unmarked
    bits.append(
        (n.published + (" (dateline)" if n.date_source == "dateline" else "")) if n.published else "date unknown"
    )
    where = []
    url = link_target(n.url)
    if url:
        where.append(f"<{url}>")
    if n.path:
        where.append(f"file {_md(n.path)}")
    line = ", ".join(bits) + "."
    if where:
        line += " " + "; ".join(where) + "."
    if n.grade:
        line += f" ({n.grade})"
    if n.read_by_rules:
        line += f" ({SCHEMA.RULES_NOTE})"
    # the quote is verbatim (only whitespace is collapsed) and escaped, so a renderer shows it and runs none of it
    return f"[^{n.n}]: {line} Quote: “{_md(n.quote)}”"


def _md_header(brief: Brief) -> list[str]:
    """Title, scope and counts, the period of the sources, protection, and how to read the brief."""
    out: list[str] = [f"# {_md(brief.title)}", ""]
    c = brief.counts
    out.append(
        f"**Scope:** {_md(brief.scope)}. In scope: {c['documents']} document(s), {c['claims']} claim(s), "
        f"{c['relations']} relation(s), {c['events']} event(s), {c['entities']} entities."
    )
    out.append("")
    if brief.documents:
        dates = [d.published for d in brief.documents if d.published]
        if dates:
            out.append(f"**Sources published:** {min(dates)} to {max(dates)}.")
            out.append("")
    out.append(
        "**Protected persons:** "
        + ("INCLUDED in this brief at the analyst's request." if brief.include_protected else "redacted.")
    )
    out.append("")
    out.append(
        "> How to read this brief: every statement is worded as its source words it. "
        "“Alleges” marks an allegation, not an established fact; a denial is shown beside the allegation "
        "it answers. Each footnote gives the document and the verbatim sentence the statement rests on. "
        "The extraction is automatic; check the quoted sentence before relying on a statement."
    )
    out.append("")
    return out


def _md_key_entities(brief: Brief) -> list[str]:
    """The most linked entities, as a table."""
    out: list[str] = ["## Key entities", ""]
    if brief.key_entities:
        out += ["| # | Entity | Type | Country | Linked entities | Documents |", "|---|---|---|---|---|---|"]
        for i, ke in enumerate(brief.key_entities, 1):
            e = ke.entity
            out.append(f"| {i} | {_md(e.name)} | {e.type} | {e.country or ''} | {ke.neighbours} | {ke.documents} |")
        out.append("")
    else:
        out += ["No linked entities in scope.", ""]
    return out


def _md_state_links(brief: Brief) -> list[str]:
    """Each key entity's links to state bodies, with the passages they rest on."""
    out: list[str] = ["## Links to state bodies", ""]
    any_links = False
    for ke in brief.key_entities:
        if not ke.state_links:
            continue
        any_links = True
        e = ke.entity
        out += [f"### {_md(e.name)} ({e.type}{', ' + e.country if e.country else ''})", ""]
        for sl in ke.state_links:
            l = sl.link
            arrow = f"{_md(e.name)} → {_md(sl.other.name)}" if sl.outgoing else f"{_md(sl.other.name)} → {_md(e.name)}"
            kind = f"claim, {l.label}" if l.kind == "claim" else l.label.replace("_", " ")
            flags = " · contested" if l.contested else ""
            out.append(
                f"- **{arrow}** ({kind}) · {l.independent} independent source(s) · best grade: {sl.grade_label}{flags}"
            )
            for st in sl.evidence:
                out.append(f"  - {_md_statement(st)}")
            if sl.more:
                out.append(f"  - … and {sl.more} more passage(s).")
        if ke.more_links:
            out.append(f"- … and {ke.more_links} more link(s) to state bodies.")
        out.append("")
    if not any_links:
        out += ["No links between the key entities and state bodies in scope.", ""]
    return out


def _md_timeline(brief: Brief) -> list[str]:
    """When it happened and when it was said."""
    out: list[str] = [
        "## Timeline",
        "",
        "*Happened* is when an event took place, at the precision the source gives; "
        "*said* is when the document saying it was published. A claim has only a *said* date.",
        "",
    ]
    for item in brief.timeline:
        when = []
        if item.happened:
            when.append(f"happened {item.happened}")
        when.append(f"said {item.said}" if item.said else "said: date unknown")
        out.append(f"- **{' · '.join(when)}** — {_md_statement(item.statement)}")
    if not brief.timeline:
        out.append("No dated events or claims in scope.")
    if brief.timeline_more:
        out.append(f"- … and {brief.timeline_more} more entries.")
    out.append("")
    return out


def _md_contested(brief: Brief) -> list[str]:
    """Allegations beside the denials of the accused, then the other denials."""
    out: list[str] = [
        "## Contested points",
        "",
        "Allegations shown beside the denials of the accused party (the accused itself, "
        "its spokespeople or staff, or, for a state, that state's bodies).",
        "",
    ]
    for contest in brief.contested:
        out += [f"### Against {_md(contest.accused)}", ""]
        for st in contest.allegations:
            out.append(f"- **Allegation:** {_md_statement(st)}")
        if contest.more_allegations:
            out.append(f"- … and {contest.more_allegations} more allegation(s).")
        for st in contest.denials:
            out.append(f"- **Denial:** {_md_statement(st)}")
        if contest.more_denials:
            out.append(f"- … and {contest.more_denials} more denial(s).")
        out.append("")
    if not brief.contested:
        out += ["No allegation in scope is met by a denial from the accused.", ""]
    if brief.other_denials:
        out += ["Other denials in scope, not matched to an allegation against the one denying:", ""]
        out += [f"- **Denial:** {_md_statement(st)}" for st in brief.other_denials]
        out.append("")
    return out


def _md_open_questions(brief: Brief) -> list[str]:
    """Allegations resting on a single independent source."""
    out: list[str] = [
        "## Open questions",
        "",
        "Allegations that rest on a single independent source (syndicated copies count once): "
        "no other independent document in this investigation carries them.",
        "",
    ]
    for q in brief.open_questions:
        out.append(f"- {_md_statement(q.statement)} — one independent source ({q.grade_label}).")
    if not brief.open_questions:
        out.append("No allegation in scope rests on a single independent source.")
    if brief.open_more:
        out.append(f"- … and {brief.open_more} more.")
    out.append("")
    return out


def _md_sources(brief: Brief) -> list[str]:
    """The footnotes: each document and the verbatim sentence quoted."""
    out: list[str] = []
    if brief.notes:
        out += ["## Sources", ""]
        out += [_md_note(n) for n in brief.notes]
        out.append("")
    return out


SECTIONS = (_md_header, _md_key_entities, _md_state_links, _md_timeline, _md_contested, _md_open_questions, _md_sources)


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown, section by section."""
    return "\n".join(line for section in SECTIONS for line in section(brief))
