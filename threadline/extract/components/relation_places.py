"""Relations of place and structure: "X in Y", "Hamilton, Ontario", "X, capitale de la région Y", "based in",
"X (ACR) of Y" and "Y's X" (part_of)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from threadline.extract.components.relation_reading import (
    ARTICLES,
    BODIES,
    LOCATIVE,
    PLACES,
    POSSESSIVE,
    Add,
    Mention,
    Reading,
)
from threadline.extract.han import HAN
from threadline.model.names import fold


def locations(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    doc, view, places = sent.doc, r.view, r.places
    for start, end, gi in mentions:
        if r.type(gi) not in ("ORG", "STATE_BODY", "FACILITY", "EVENT"):
            continue
        for s2, _, gj in mentions:
            if r.type(gj) not in PLACES or gj == gi:
                continue
            if start < s2 < end:  # "embassy in Dublin" inside one name
                between = doc[start:s2]
            elif s2 >= end:
                between = doc[end + 1 if doc[end].text == "," else end : s2]  # "X, in Hamilton"
                if len([t for t in between if t.lower_ not in ARTICLES]) > 1:
                    continue
            else:
                continue
            words = [t.lower_ for t in between if t.lower_ not in ARTICLES]
            if words and words[-1] in LOCATIVE:
                add(sent, gi, "located_in", gj)
        # "the Chinese Embassy in Italy" as one name, with Italy named elsewhere in the document
        inner = [t.i for t in doc[start + 1 : end - 1] if t.lower_ in r.lang.locatives]  # not "Alliance on China"
        if inner:
            add(sent, gi, "located_in", places.get(fold(doc[inner[-1] + 1 : end].text)))
    for _start, end, gi in mentions:  # "Canada's McMaster University": a place's organisation is located there
        if r.type(gi) != "GPE" or end + 1 >= sent.end or doc[end].text not in POSSESSIVE:
            continue
        after = next(((s2, gj) for s2, _, gj in mentions if s2 > end), None)
        if after is None or after[0] - end > 2:
            continue
        if r.type(after[1]) in ("ORG", "FACILITY"):
            add(sent, after[1], "located_in", gi)
        elif r.type(after[1]) == "GPE" and r.is_country(gi) and not r.is_country(after[1]):
            add(sent, after[1], "located_in", gi)  # "China's Zhejiang province"
    lower, place_nouns = view.lower, r.lang.relations.place_nouns
    for i in range(sent.start, sent.end):  # "Fuzhou is a city in the province of Fujian"
        if lower[i] not in place_nouns:
            continue
        t = doc[i]
        if t.dep_ in ("attr", "appos"):
            subj_tokens = [c for c in t.head.children if c.dep_ in ("nsubj",)] if t.dep_ == "attr" else [t.head]
            subj = next((view.token_group.get(x.i) for x in subj_tokens if view.token_group.get(x.i) is not None), None)
            inner_groups = [view.token_group.get(x.i) for x in t.subtree if x.i != t.i]
            place = next((g for g in inner_groups if g is not None and r.type(g) == "GPE" and g != subj), None)
            if subj is not None and r.type(subj) == "GPE":
                add(sent, subj, "located_in", place)


def place_nouns(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    """ "Lyon, capitale de la région X", "Prato è una città della Toscana", without a parse."""
    words = r.lang.relations
    if not words.place_nouns:
        return
    doc = sent.doc
    for _start, end, gi in mentions:
        if r.type(gi) != "GPE":
            continue
        noun = next((j for j in range(end, min(sent.end, end + 5)) if doc[j].lower_ in words.place_nouns), None)
        if noun is None or any(j in r.view.token_group or doc[j].text in ".;:()" for j in range(end, noun)):
            continue
        if doc[end].text != "," and not any(doc[j].lower_ in words.copulas for j in range(end, noun)):
            continue
        links = words.of | r.lang.locatives | LOCATIVE
        j = noun + 1
        while j < min(sent.end, noun + 5) and j not in r.at and doc[j].text not in ",.;:()":
            j += 1
        place = r.at.get(j)
        # the place noun says what the name after it is, whatever type the name got ("capoluogo della Lombardia")
        if place is not None and any(doc[k].lower_ in links for k in range(noun + 1, j)):
            add(sent, gi, "located_in", place[2])


def places(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    """ "Hamilton, Ontario": a place, a comma and the larger place it lies in; never inside a list of places."""
    doc = sent.doc
    joins = r.lang.conjunctions | {",", "and", "or", "&", "/"}

    for a, b in zip(mentions, mentions[1:], strict=False):
        if r.type(a[2]) != "GPE" or r.type(b[2]) != "GPE" or a[2] == b[2] or b[0] != a[1] + 1 or doc[a[1]].text != ",":
            continue
        if r.is_country(a[2]):
            continue  # "Canada, Ontario" is no address
        before = a[0] - 1
        if (
            before > sent.start
            and doc[before].text in joins
            and any(m[1] == before and r.type(m[2]) == "GPE" for m in mentions)
        ):
            continue  # "Milan, Rome, Turin": a list
        after = b[1]
        if after < sent.end and doc[after].text in POSSESSIVE:
            continue
        if after < sent.end and doc[after].lower_ in r.lang.conjunctions | {"and", "or", "&"}:
            continue  # "Rome, Milan and other cities"
        if (
            after + 1 < sent.end
            and doc[after].text == ","
            and (after + 1 in r.at or doc[after + 1].lower_ in joins or doc[after + 1].is_title)
        ):
            continue  # "Croydon, Glasgow, and Hendon"
        add(sent, a[2], "located_in", b[2])


def based(sent: Span, r: Reading, add: Add) -> None:
    """ "an NGO based in Leeds", "con sede a Roma", "dem in München ansässigen Verein"."""
    based = r.lang.relations.based
    if not based:
        return
    doc, view = sent.doc, r.view
    lower = view.lower
    for i in range(sent.start, sent.end):
        two = i + 1 < sent.end and f"{lower[i]} {lower[i + 1]}" in based
        if lower[i] not in based and not two:
            continue
        t = doc[i]
        nxt = t.i + (2 if two else 1)
        place = _place_after(doc, r, nxt, sent.end)
        if place is not None:
            add(sent, _based_body(doc, r, t), "located_in", place)
            continue
        # before a noun: "die in München ansässige Gesellschaft"
        prev = next(
            (m for m in r.within(doc[max(sent.start, t.i - 6) : t.i]) if m[1] == t.i and r.type(m[2]) in PLACES),
            None,
        )
        body = r.at.get(nxt)
        if (
            prev is not None
            and prev[0] > sent.start
            and doc[prev[0] - 1].lower_ in r.lang.locatives | LOCATIVE
            and body is not None
            and r.type(body[2]) in (*BODIES, "FACILITY")
        ):
            add(sent, view.token_group.get(body[0]), "located_in", prev[2])


def _place_after(doc: Doc, r: Reading, i: int, end: int) -> int | None:
    j = r.skip(doc, i, frozenset(r.lang.locatives | LOCATIVE), end)
    m = r.at.get(j) if j is not None else None
    return m[2] if m is not None and r.type(m[2]) in PLACES else None


def _based_body(doc: Doc, r: Reading, t: Token) -> int | None:
    """The organisation "based" describes: from the parse when it has one, else the body named just before."""
    view = r.view
    head = t.head if t.dep_ in ("acl", "amod", "appos", "advcl") else None
    if head is not None:
        if head.dep_ in ("attr", "appos") and view.token_group.get(head.i) is None:
            head = (
                next((c for c in head.head.children if c.dep_ == "nsubj"), head.head)
                if head.dep_ == "attr"
                else head.head
            )
        gi = view.token_group.get(head.i)
        if gi is not None and r.type(gi) in (*BODIES, "FACILITY"):
            return gi
    for i in range(t.i - 1, max(t.sent.start, t.i - 5) - 1, -1):
        gi = view.token_group.get(i)
        if gi is not None:
            return gi if r.type(gi) in (*BODIES, "FACILITY") else None
    return None


def parts(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    """ "the Student Council (SC) of Canada's Linwood University", "the university's council": part_of."""
    doc = sent.doc
    of = r.lang.relations.of
    for a in mentions:
        if r.type(a[2]) not in BODIES:
            continue
        i = a[1]
        if i + 2 < sent.end and doc[i].text == "(" and doc[i + 2].text == ")":
            i += 3  # a bracketed acronym
        elif i < sent.end and doc[i].text == ")" and "(" in doc[a[0] : a[1]].text:
            i += 1  # a name that took in the opening bracket of its acronym
        j = r.skip(doc, i, of, sent.end)
        if j is not None:
            place = r.at.get(j)
            if (
                place is not None
                and r.type(place[2]) == "GPE"
                and place[1] < sent.end
                and doc[place[1]].text in POSSESSIVE
            ):
                j = place[1] + 1
            b = r.at.get(j)
            if b is not None and r.type(b[2]) in BODIES:
                add(sent, a[2], "part_of", b[2])
        if i < sent.end and doc[i].text in ("'s", "’s"):  # "the European Parliament's committee"
            b = r.at.get(i + 1)
            if b is not None and r.type(b[2]) in BODIES and r.role(doc[b[0] : b[1]]) is None:
                add(sent, b[2], "part_of", a[2])


def named_parts(sent: Span, r: Reading, mentions: list[Mention], add: Add) -> None:
    """"福州市公安局交警支队" after "福州市公安局": in a script written without spaces a body's name that begins with
    another body's whole name is its part (the bureau's traffic police detachment), the way Chinese names units."""
    names = {g: r.view.groups[g].name for _, _, g in mentions if r.type(g) in BODIES and _unspaced(r.view.groups[g].name)}
    if not names:
        return  # a name written with spaces says "X of Y" instead, which ``parts`` reads
    bodies = {grp.name: g for g, grp in enumerate(r.view.groups) if grp.type in BODIES}
    for g, name in names.items():
        whole = max((n for n in bodies if len(n) >= _SHORTEST_PARENT and len(n) < len(name) and name.startswith(n)),
                    key=len, default=None)
        if whole is not None:
            add(sent, g, "part_of", bodies[whole])


_SHORTEST_PARENT = 3  # characters: "公安局" alone names no one body


def _unspaced(name: str) -> bool:
    """A name in a script written without spaces between words (Chinese)."""
    return bool(name) and " " not in name and all(HAN.match(c) for c in name)
