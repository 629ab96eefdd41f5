"""Redaction of protected persons: names and aliases replaced everywhere, in one place."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any


class Redactor:
    """Replaces every surface form of protected persons with a neutral placeholder."""

    def __init__(self, forms: dict[str, str]):
        # longest forms first, so "Wang Xiaoming" goes before "Wang"
        self.forms = dict(sorted(forms.items(), key=lambda kv: -len(kv[0])))
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in self.forms) + r")(?!\w)", re.IGNORECASE)
            if self.forms else None
        )
        self.placeholders = set(forms.values())

    @classmethod
    def for_entities(cls, entities: list[dict[str, Any]], include_protected: bool) -> "Redactor":
        forms: dict[str, str] = {}
        if not include_protected:
            n = 0
            for e in sorted(entities, key=lambda e: str(e.get("id", ""))):  # numbered by id, as for_responses does
                if e["protected"]:
                    n += 1
                    label = f"[protected person {n}]"
                    for form in (e["name"], *e["aliases"]):
                        if form and len(form) >= 2:
                            forms[form] = label
        return cls(forms)

    @classmethod
    def for_responses(cls, protected: list[dict[str, Any]]) -> "Redactor":
        """For web API responses: the names, aliases and store ids of protected persons.

        Each of ``protected`` has the canonical ``id``, ``name``, ``aliases`` and
        ``members`` (stored ids). Labels are numbered as in the snapshot, and ids
        become the id exports give the person (store ids are hashes of names).
        """
        from threadline.model.records import content_id

        forms: dict[str, str] = {}
        for n, e in enumerate(sorted(protected, key=lambda e: str(e["id"])), start=1):
            label = f"[protected person {n}]"
            for form in (e["name"], *e["aliases"]):
                if form and len(form) >= 2:
                    forms[form] = label
            public = content_id("protected", label, prefix="ent-", size=16)
            for member in {e["id"], *e["members"]}:
                forms[member] = public
        return cls(forms)

    def value(self, data: Any) -> Any:
        """A JSON value with every string in it, keys included, redacted."""
        if self.pattern is None:
            return data
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, list):
            return [self.value(v) for v in data]
        if isinstance(data, dict):
            return {(self.text(k) if isinstance(k, str) else k): self.value(v) for k, v in data.items()}
        return data

    def text(self, value: str | None) -> str | None:
        if value is None or self.pattern is None:
            return value
        return self.pattern.sub(lambda m: self.forms.get(m.group(0)) or self._lookup(m.group(0)), value)

    def _lookup(self, found: str) -> str:
        for form, label in self.forms.items():
            if form.lower() == found.lower():
                return label
        return "[protected person]"

    def entity(self, entity: Any) -> Any:
        if self.pattern is None or not entity.protected:
            return entity
        label = self.text(entity.name)
        return replace(entity, name=label, aliases=())
