"""The analyst's corrections, as :class:`~threadline.api.Workspace` methods.

Each correction is appended to the decisions (who, when) and then replayed by the
store (:mod:`threadline.store.corrections`), so it survives every later ``add``,
``resolve`` and re-extraction, and each can be retracted:

    ws.rename("UFWD", "United Front Work Department")   # threadline entity rename UFWD "United Front ..."
    ws.retype("Safeguard Defenders", "ORG")             # threadline entity retype ...
    ws.set_country("Safeguard Defenders", "ES")         # threadline entity country ...
    ws.add_alias("UFWD", "统战部")                       # threadline entity alias ...
    ws.reject_entity("Police")                          # threadline entity reject ...
    ws.add_entity(doc_id, 120, 140, "ORG")              # threadline entity add DOC --span 120:140 --type ORG
    ws.add_claim(doc_id, 300, 360, "alleges", claimant="Safeguard Defenders", about=["UFWD"])
    ws.retract(17)                                      # threadline retract 17
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from threadline import config
from threadline.errors import InputError, NotFound
from threadline.model import SCHEMA, Entity
from threadline.model.names import fold
from threadline.model.rows import DecisionRow
from threadline.resolve.exact import entity_id as machine_entity_id
from threadline.resolve.judgements import JUDGEMENT_ACTIONS
from threadline.store.corrections import ENTITY_ACTIONS, FACT_ACTIONS, hand_fact_id
from threadline.store.profile import PAGE

if TYPE_CHECKING:
    from threadline.resolve.cluster import Resolution
    from threadline.store import Store

MAX_NAME = 300
SENTENCE_END = re.compile(r"[.!?。！？](?=[\s\"'”’»)\]]|$)|\n")

# The fields of a fact an analyst may correct (schema/facts.yaml); entity fields take names or ids and are stored as
# ids in another column.
FACT_FIELDS = {kind.name: tuple(kind.fields) for kind in SCHEMA.fact_kinds.values()}
ENTITY_FIELDS = {f: column for kind in SCHEMA.fact_kinds.values() for f, column in kind.fields.items() if column != f}
DATE_FORMS = {4: "year", 7: "month", 10: "day"}  # ISO date at its precision: 2022, 2022-10, 2022-10-25


def date_precision(value: str) -> str:
    """The precision of an ISO date given at year, month or day (``2022-10`` is a month); InputError otherwise."""
    precision = DATE_FORMS.get(len(value))
    try:
        if precision is None or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
            raise ValueError
        date.fromisoformat(value + "-01-01"[len(value) - 4:])
    except ValueError:
        raise InputError(f"a date is an ISO date at a year, a month or a day (2022, 2022-10, 2022-10-25), not {value!r}") from None
    return precision


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or sentences) holding ``text[start:end]``: from the last end of a sentence before it
    to the next one after it, without surrounding white space."""
    s0 = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        s0 = m.end()
    after = SENTENCE_END.search(text, max(end - 1, start))
    s1 = len(text) if after is None else (after.end() if after.group() != "\n" else after.start())
    while s0 < start and text[s0].isspace():
        s0 += 1
    while s1 > end and text[s1 - 1].isspace():
        s1 -= 1
    return s0, max(s1, end)


def clean_name(name: str | None, what: str = "name") -> str:
    value = " ".join((name or "").split())
    if not value:
        raise InputError(f"the {what} cannot be empty")
    if len(value) > MAX_NAME:
        raise InputError(f"the {what} is longer than {MAX_NAME} characters")
    return value


def country_code(value: str | None) -> str | None:
    """An ISO 3166 alpha-2 code, from a code or a country name the schema knows; None or '' clears."""
    from threadline.model.countries import countries

    text = (value or "").strip()
    if not text or text.lower() in ("none", "-"):
        return None
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    code = countries().code(fold(text)) or countries().code(text.lower())
    if code is None:
        raise InputError(f"unknown country {text!r}: give an ISO code such as CN or NL")
    return code


class Corrections:
    """Correction methods of Workspace (which supplies ``store``, ``entity_id`` and ``resolve``)."""

    store: Store
    # Decisions on entities (corrections, merges and splits, protection), as against reviews of facts: in team
    # mode, taking one back needs the curate permission.
    ENTITY_DECISIONS = frozenset({*ENTITY_ACTIONS, *JUDGEMENT_ACTIONS, "protect", "unprotect"})

    def entity_id(self, name: str) -> str:
        raise NotImplementedError

    def resolve(self) -> Resolution:
        raise NotImplementedError

    # -- entities ---------------------------------------------------------------------------

    def _correct(self, entity: str, action: str, value: dict[str, Any], user: str | None) -> dict[str, Any]:
        """Store an entity correction, replay every correction through a resolution run; the entity as it now is."""
        self.store.decide(entity, action, user or config.USER.value(), value)
        self.resolve()
        return self.store.entity_profile(entity, limit=PAGE)  # the first page of each list, as show gives it

    def _change(self, entity: str, field: str, new: str | None, action: str, user: str | None, same: str) -> dict[str, Any]:
        """Correct one field of an entity, refusing a change to what it already is (``same`` says so, given the entity)."""
        row = self.store.entity_profile(entity, limit=1)  # its own fields are all this needs
        if new == row[field]:
            raise InputError(same.format(name=row["name"], new=new or "none"))
        return self._correct(entity, action, {field: new, "before": row[field]}, user)

    def rename(self, name: str, new_name: str, user: str | None = None) -> dict[str, Any]:
        """Give an entity another canonical name: one of its aliases or a new one (which becomes an alias too)."""
        entity = self.entity_id(name)
        return self._change(entity, "name", clean_name(new_name), "rename", user, "{name!r} is already called that")

    def retype(self, name: str, type_: str, user: str | None = None) -> dict[str, Any]:
        """Change an entity's type (PERSON, ORG, STATE_BODY, ...); every member of it changes with it."""
        entity = self.entity_id(name)
        new = SCHEMA.check_type(type_.strip().upper())
        return self._change(entity, "type", new, "retype", user, "{name!r} is already a {new}")

    def set_country(self, name: str, country: str | None, user: str | None = None) -> dict[str, Any]:
        """Set an entity's country (ISO code or a known country name), or clear it with None."""
        entity = self.entity_id(name)
        return self._change(entity, "country", country_code(country), "set_country", user, "{name!r} already has country {new}")

    def add_alias(self, name: str, alias: str, user: str | None = None) -> dict[str, Any]:
        """Record another name an entity goes by (it then finds and resolves under it)."""
        entity = self.entity_id(name)
        profile = self.store.entity_profile(entity, limit=1)
        new = clean_name(alias, "alias")
        if fold(new) in {fold(a) for a in (profile["name"], *profile["aliases"])}:
            raise InputError(f"{new!r} is already a name of {profile['name']!r}")
        return self._correct(entity, "add_alias", {"alias": new}, user)

    def reject_entity(self, name: str, user: str | None = None, reason: str | None = None) -> dict[str, Any]:
        """Mark an entity spurious: it, its mentions and the facts resting on it leave every analysis and export."""
        entity = self.entity_id(name)
        profile = self.store.entity_profile(entity, limit=1)
        if profile.get("rejected"):
            raise InputError(f"{profile['name']!r} is already rejected")
        value = {"name": profile["name"], "members": profile["members"], **({"reason": reason.strip()} if reason else {})}
        return self._correct(entity, "reject_entity", value, user)

    def add_entity(self, doc_id: str, start: int, end: int, type_: str, name: str | None = None,
                   country: str | None = None, user: str | None = None) -> dict[str, Any]:
        """Mark ``text[start:end]`` of a stored document as a mention of an entity of ``type_``.

        The entity is the stored one of that type and name if there is one, else a new
        one named by the span (or ``name``); the mention is accepted, made by hand.
        """
        found = self.store.document_text(doc_id)
        if found is None:
            raise NotFound(f"no document with id {doc_id}")
        text = found[0]
        if not 0 <= start < end <= len(text):
            raise InputError(f"span {start}:{end} is not inside the document (0:{len(text)})")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            raise InputError("the span holds only white space")
        type_ = SCHEMA.check_type(type_.strip().upper())
        span = text[start:end]
        label = clean_name(name or span)
        entity = next((f["id"] for f in self.store.find_entities(label) if f["type"] == type_),
                      machine_entity_id(Entity(label, type_)))
        marked = self.store.document(doc_id)["mentions"]
        if any(m["start"] == start and m["end"] == end and m["entity_id"] == self._canonical(entity) for m in marked):
            raise InputError(f"{span!r} at {start}:{end} is already a mention of that entity")
        s0, s1 = sentence_around(text, start, end)
        value = {"doc_id": doc_id, "start": start, "end": end, "text": span, "sentence": text[s0:s1], "type": type_,
                 "name": label, "country": country_code(country)}
        return self._correct(entity, "add_entity", value, user)

    def _canonical(self, entity: str) -> str:
        """The canonical id of a stored entity id (itself if unknown)."""
        found = self.store.find_entities(entity) if entity.startswith("ent-") else []
        return str(found[0]["id"]) if found else entity

    # -- merging safely -----------------------------------------------------------------------

    def merge_preview(self, a: str, b: str) -> dict[str, Any]:
        """What merging two entities would change, and whether it needs confirming (their types differ)."""
        # exact totals: what a merge moves is counted in full, however many (a preview is asked for rarely)
        pa, pb = (self.store.entity_profile(self.entity_id(x), limit=1, exact=True) for x in (a, b))
        if pa["id"] == pb["id"]:
            raise InputError(f"{a!r} and {b!r} are one entity already")
        keep, other = (pa, pb) if self.store.oldest([pa["id"], pb["id"]]) == pa["id"] else (pb, pa)
        n = other["totals"]
        moves = {"mentions": n["mentions"], "claims": n["claims_by"] + n["claims_about"], "relations": n["relations"],
                 "events": n["events"]}
        differ = pa["type"] != pb["type"]
        changes = [f"{other['name']!r} ({other['type']}) joins {keep['name']!r} ({keep['type']}), which names the merged entity",
                   "its " + ", ".join(f"{n} {k}" for k, n in moves.items()) + " then count for the merged entity"]
        if differ:
            changes.insert(1, f"the merged entity is a {keep['type']}: {other['name']!r} is no longer shown as a {other['type']}")
        if keep.get("country") != other.get("country") and other.get("country"):
            changes.append(f"its country stays {keep.get('country') or 'unknown'} (not {other['country']})")
        return {"a": pa["id"], "b": pb["id"], "name_a": pa["name"], "name_b": pb["name"], "type_a": pa["type"],
                "type_b": pb["type"], "keep": keep["id"], "name": keep["name"], "type": keep["type"],
                "needs_confirmation": differ, "moves": moves, "changes": changes}

    # -- facts ----------------------------------------------------------------------------------

    def _fact_changes(self, fact: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """Only the fields an analyst may correct, each checked: vocabulary values, and names of stored entities as ids."""
        editable = FACT_FIELDS.get(fact["kind"], ())
        given = {k: v for k, v in changes.items() if v is not None and v != "" and v != []}
        unknown = set(given) - set(editable)
        if unknown:
            raise InputError(f"a {fact['kind']} cannot have {', '.join(sorted(unknown))} edited; editable: {', '.join(editable) or 'nothing'}")
        clean: dict[str, Any] = {}
        for key, value in given.items():
            if key in ENTITY_FIELDS:
                column = ENTITY_FIELDS[key]
                new = self.entity_id(str(value))
                if self._canonical(fact.get(column) or "") != new:
                    clean[column] = new
            elif key == "about":
                names = [value] if isinstance(value, str) else list(value)
                ids = list(dict.fromkeys(self.entity_id(str(n)) for n in names))
                if sorted(ids) != sorted({self._canonical(x) for x in fact.get("about") or ()}):
                    clean["about"] = ids
            else:
                text = str(value).strip()
                if key == "stance":
                    SCHEMA.check_stance(text)
                if key == "predicate":
                    SCHEMA.check_predicate(text)
                if not text:
                    raise InputError(f"{key} cannot be empty")
                if text != fact.get(key):
                    clean[key] = text
                if key == "date" and (precision := date_precision(text)) != fact.get("precision"):
                    clean["precision"] = precision  # the precision follows the date's form (schema/facts.yaml: derived)
        if not clean:
            raise InputError("nothing to change: give a new value for " + (", ".join(editable) or "nothing"))
        return clean

    def _span(self, doc_id: str, start: int, end: int) -> tuple[str, int, int]:
        """The text of a span of a stored document, and the bounds of the sentence holding it."""
        found = self.store.document_text(doc_id)
        if found is None:
            raise NotFound(f"no document with id {doc_id}")
        text = found[0]
        if not 0 <= start < end <= len(text) or not text[start:end].strip():
            raise InputError(f"span {start}:{end} is not a piece of text inside the document (0:{len(text)})")
        s0, s1 = sentence_around(text, start, end)
        return " ".join(text[start:end].split()), s0, s1

    def _add_fact(self, kind: str, value: dict[str, Any], user: str | None) -> dict[str, Any]:
        fact_id = hand_fact_id(kind, value)
        try:
            self.store.fact(fact_id)
        except NotFound:
            pass
        else:
            raise InputError(f"that {kind} is already stored ({fact_id})")
        with self.store.atomic():
            self.store.decide(fact_id, f"add_{kind}", user or config.USER.value(), value)
            self.store.replay_fact_decisions(target=fact_id)
        return self.store.fact(fact_id)

    def add_claim(self, doc_id: str, start: int, end: int, stance: str, claimant: str | None = None,
                  about: Iterable[str] = (), text: str | None = None, user: str | None = None) -> dict[str, Any]:
        """A claim made by hand from the sentence around ``start:end``: who (None: the document's own voice) says what about whom."""
        piece, s0, s1 = self._span(doc_id, start, end)
        sentence = self.store.document_text(doc_id)[0][s0:s1]  # type: ignore[index]
        value = {"doc_id": doc_id, "start": s0, "end": s1, "sentence": sentence, "stance": SCHEMA.check_stance(stance.strip()),
                 "text": " ".join(text.split()) if text and text.strip() else piece,
                 "claimant_id": self.entity_id(claimant) if claimant else None,
                 "about": list(dict.fromkeys(self.entity_id(n) for n in about))}
        return self._add_fact("claim", value, user)

    def add_relation(self, doc_id: str, start: int, end: int, subject: str, predicate: str, object_: str,
                     user: str | None = None) -> dict[str, Any]:
        """A relation made by hand from the sentence around ``start:end``: subject, predicate, object."""
        _, s0, s1 = self._span(doc_id, start, end)
        sentence = self.store.document_text(doc_id)[0][s0:s1]  # type: ignore[index]
        value = {"doc_id": doc_id, "start": s0, "end": s1, "sentence": sentence, "subject_id": self.entity_id(subject),
                 "predicate": SCHEMA.check_predicate(predicate.strip()), "object_id": self.entity_id(object_)}
        if value["subject_id"] == value["object_id"]:
            raise InputError("a relation needs two different entities")
        return self._add_fact("relation", value, user)

    # -- retraction ---------------------------------------------------------------------------------

    def retract(self, decision_id: int, user: str | None = None) -> DecisionRow:
        """Withdraw a decision: it stays on record as retracted (with who and when) and stops applying."""
        decision = self.store.decision(decision_id)
        if decision["deleted_at"]:
            raise InputError(f"decision {decision_id} is already retracted")
        if decision["action"] == "retract":
            raise InputError("a retraction cannot be retracted; take the decision again instead")
        action, target = decision["action"], decision["target"]
        with self.store.atomic():
            self.store.retract(decision_id)
            self.store.decide(target, "retract", user or config.USER.value(), {"decision": decision_id, "action": action})
            if action in FACT_ACTIONS:
                self.store.restore_fact(target)
                self.store.replay_fact_decisions(target=target)
            elif action in ("protect", "unprotect"):
                latest = [d for d in self.store.decisions(("protect", "unprotect")) if d["target"] == target]
                self.store.set_protected(target, bool(latest) and latest[-1]["action"] == "protect")
        if action in ENTITY_ACTIONS or action in JUDGEMENT_ACTIONS:
            self.resolve()
        return self.store.decision(decision_id)
