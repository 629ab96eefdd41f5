"""Relations of people to bodies and places: titles before and after a name, "X of Y", a party in brackets,
a role glued to a body ("SPD-Innenexperte"), relative clauses with a role verb ("que dirige X")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from threadline.extract.components.relation_reading import ARTICLES, BODIES, POSSESSIVE, Add, Mention, Reading
from threadline.model.names import fold


def roles(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    doc, view = sent.doc, r.view
    for idx, (start, end, gi) in enumerate(mentions):
        if r.type(gi) != "PERSON":
            continue
        # after the name: ", campaign director of Safeguard Defenders,"
        if end < sent.end and doc[end].text == ",":
            stop = next(
                (t.i for t in doc[end + 1 : sent.end] if t.text in (",", ";", ")") or t.pos_ == "VERB"), sent.end
            )
            phrase = doc[end + 1 : stop]
            role = r.role(phrase)
            orgs = [g for g in view.groups_in(phrase) if r.type(g) in BODIES]
            if role and orgs:
                add(sent, gi, role[0], orgs[0])
        title = r.role(doc[max(sent.start, start - 4) : start])
        # a title before the name, the body after it: "Minister of State Jane Roe at the Home Office"
        if title is not None:
            j = r.skip(doc, end, r.lang.relations.works_at | r.lang.relations.of, sent.end)
            body = r.at.get(j) if j is not None else None
            if body is not None and r.type(body[2]) in BODIES:
                add(sent, gi, title[0], body[2])
                continue
        # "Jane Roe of Amnesty International", "Karl Moser von der CDU", "Jane Roe of the NGO Safeguard Defenders"
        employer = _body_after(doc, r, end, sent.end)
        if employer is not None:
            add(sent, gi, "member_of" if view.groups[employer].kind == "party" else "employed_by", employer)
        # before the name: "foreign ministry spokesman Zhao Lijian", "MEP Place Publique X", "Texas Governor X"
        prev = [m for m in mentions[:idx] if m[1] <= start and r.type(m[2]) in (*BODIES, "GPE")]
        if prev:
            _title_before(sent, r, prev[-1], (start, end, gi), add)
        # "der SPD-Innenexperte Sebastian Fiedler": a body glued by a hyphen to the person's role
        if start - 3 >= sent.start and doc[start - 2].text == "-" and not doc[start - 3].whitespace_:
            _glued(sent, r, doc[start - 3].text, doc[start - 1], gi, add)
        # "the Dutch foreign minister, Wopke Hoekstra"
        before = doc[max(sent.start, start - 6) : start]
        words = [t.lower_ for t in before if not t.is_punct and t.lower_ not in ("the", "a")]
        if words and words[-1] == "minister":
            target = fold(" ".join(words[:-1] + ["ministry"]))
            owner = next(
                (
                    g
                    for g, grp in enumerate(view.groups)
                    if fold(grp.name).endswith(target)
                    or target.endswith(fold(grp.name))
                    and "ministry" in fold(grp.name)
                ),
                None,
            )
            add(sent, gi, "leads", owner)


def _body_after(doc: Doc, r: Reading, end: int, stop: int) -> int | None:
    """The body named in an of-phrase right after a name, past at most two words saying what it is ("the NGO")."""
    j = r.skip(doc, end, r.lang.relations.of, stop)
    if j is None:
        return None
    for _ in range(2):
        if j >= stop or j in r.at or doc[j].is_punct or (r.parsed and doc[j].pos_ in ("VERB", "AUX", "ADP")):
            break
        if not (doc[j].is_lower or doc[j].is_upper):
            return None
        j += 1
    m = r.at.get(j)
    return m[2] if m is not None and r.type(m[2]) in BODIES else None


def _title_before(sent: Span, r: Reading, prev: Mention, person: Mention, add: Add) -> None:
    doc = sent.doc
    ps, pe, pg = prev
    start, gi = person[0], person[2]
    gap = doc[pe:start]
    if gap.text.strip() == ",":  # "the director of the NGO, Jane Roe"
        of = r.lang.relations.of | r.lang.relations.works_at
        lead = [
            t
            for t in doc[max(sent.start, ps - 4) : ps]
            if t.lower_ in of or t.lower_ not in r.lang.relations.articles | ARTICLES
        ]
        role = r.role(doc[max(sent.start, ps - 4) : ps])
        if lead and lead[-1].lower_ in of and role is not None and r.type(pg) in BODIES:
            add(sent, gi, role[0], pg)
        return
    if (
        1 < len(gap) <= 4
        and gap[-1].text == ","
        and not any(t.is_punct and t.text not in ("'s", "’s") for t in gap[:-1])
    ):
        role = r.role(gap[:-1])  # "Amnesty International's director, Jane Roe"
        if role is not None and r.type(pg) in BODIES:
            add(sent, gi, role[0], pg)
        return
    if len(gap) > 3 or any(t.is_punct and t.text not in ("'s", "’s") for t in gap):
        return
    role = r.role(gap) if len(gap) else None
    if role is not None and len(gap) == 1 and gap[0].lower_ in r.lang.relations.bare_heads:
        role = ("leads", role[1], role[2])  # "FBI Director Wray": the body's own director heads it
    if r.type(pg) == "GPE":  # "Texas Governor Jane Roe"; not "Canada's ambassador"
        if role is not None and role[0] == "leads" and not any(t.text in POSSESSIVE for t in gap):
            add(sent, gi, "leads", pg)
        return
    if role is None and len(gap) and gap.text not in ("'s", "’s"):
        return  # "the campaign against Uyghurs": no role, no relation; "the BBC's Jane Roe" is one
    if role is None:
        wide = r.role(doc[max(sent.start, ps - 2) : start])
        if wide is not None and wide[2] > ps:
            return  # "Minister of State Jane Roe": the "body" is a word of the title
        before = r.role(doc[max(sent.start, ps - 2) : ps])
        role = before or ("affiliated_with", 0, 0)
    add(sent, gi, role[0], pg)


def _glued(sent: Span, r: Reading, word: str, compound: Token, gi: int, add: Add) -> None:
    key = fold(word)
    # the glued word names a body whatever type its own mentions got; a place is an origin ("Berlin-Korrespondent")
    body = next(
        (
            g
            for g, grp in enumerate(r.view.groups)
            if grp.type != "GPE" and any(fold(f) == key for f in (grp.name, *grp.forms))
        ),
        None,
    )
    if body is None:
        return
    role = r.role_word(compound.lower_)
    if r.view.groups[body].kind == "party" and role not in ("leads", "spokesperson_for"):
        role = "member_of"
    add(sent, gi, role or "affiliated_with", body)


def brackets(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    """ "Jane Roe (D66)", "Jane Roe (minister of justice) (VVD)": a party in brackets after a person."""
    doc = sent.doc
    for _start, end, gi in mentions:
        if r.type(gi) != "PERSON":
            continue
        i = end
        for _ in range(2):
            if i >= sent.end or doc[i].text != "(":
                break
            close = next((t.i for t in doc[i + 1 : min(sent.end, i + 12)] if t.text == ")"), None)
            if close is None:
                break
            party = next((g for g in r.view.groups_in(doc[i + 1 : close]) if r.view.groups[g].kind == "party"), None)
            if party is not None:
                add(sent, gi, "member_of", party)
                break
            i = close + 1


def relatives(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    """ "el Ministerio, que dirige Jane Roe", "der Verein, den Jane Roe leitet": a relative clause with a role verb."""
    words = r.lang.relations
    if not words.verb_forms:
        return
    doc = sent.doc
    for _start, end, gi in mentions:
        if (
            r.type(gi) not in BODIES
            or end + 3 >= sent.end
            or doc[end].text != ","
            or doc[end + 1].lower_ not in words.relatives
        ):
            continue
        i = end + 2
        verb = words.verb_forms.get(doc[i].lower_)
        person = r.at.get(i + 1) if verb else r.at.get(i)
        if person is None or r.type(person[2]) != "PERSON":
            continue
        if verb is None and person[1] < sent.end:
            verb = words.verb_forms.get(doc[person[1]].lower_)
        if verb:
            add(sent, person[2], verb, gi)
