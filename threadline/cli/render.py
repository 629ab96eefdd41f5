"""Terminal output: tables and source lines, shared by the commands."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from threadline.model import SCHEMA

console = Console(highlight=False, soft_wrap=False)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    t = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    console.print(t)


def source(row: dict[str, Any]) -> str:
    """"title (publisher, date from its source), p. N" for a fact's document; the page only for paged documents (PDF)."""
    title = row.get("title") or row.get("path") or row.get("doc_id") or "?"
    bits = [b for b in (row.get("publisher"), dated(row.get("published"), row.get("date_source"))) if b]
    page = f", p. {row['page']}" if row.get("page") else ""
    rules = f" [{SCHEMA.RULES_NOTE}]" if SCHEMA.read_by_rules(row.get("doc_language")) else ""
    return f"{title}" + (f" ({', '.join(bits)})" if bits else "") + page + rules


def dated(published: str | None, date_source: str | None) -> str | None:
    """A publication date with where it came from: "2023-05-04 [dateline]"."""
    if not published:
        return None
    return f"{published} [{date_source}]" if date_source else published


def quote(sentence: str, width: int = 220) -> str:
    sentence = " ".join(sentence.split())
    return "“" + (sentence if len(sentence) <= width else sentence[: width - 1] + "…") + "”"
