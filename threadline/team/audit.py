"""The audit trail's records and its CSV form. Entries are appended, never changed or removed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Every action the audit log records (the README lists them).
ACTIONS = {
    "login": "a successful sign-in",
    "login.failed": "a failed sign-in (wrong password, unknown account or rate limited)",
    "logout": "a sign-out",
    "upload": "documents uploaded for ingest",
    "ingest": "an upload's ingest finished (added, unchanged, failed)",
    "review.accept": "a fact accepted",
    "review.reject": "a fact rejected",
    "review.edit": "a fact corrected",
    "merge.answer": "an uncertain merge answered (same, different, unsure)",
    "merge": "two entities merged",
    "not-same": "two entities recorded as different",
    "split": "an entity split back into its members",
    "protect": "a person protected",
    "unprotect": "a person's protection lifted",
    "export": "the evidence graph exported",
    "report": "a report written",
    "grant": "a membership granted or changed",
    "revoke": "a membership revoked",
    "audit.export": "the audit log exported",
    "user.add": "an account created (CLI)",
    "user.remove": "an account removed (CLI)",
    "user.passwd": "a password changed (CLI)",
    "user.token": "an API token made (CLI)",
    "investigation.add": "an investigation registered (CLI)",
}
COLUMNS = ("id", "time", "user", "investigation", "action", "target", "client", "protected", "detail")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    time: str                 # ISO 8601, UTC
    user: str | None          # the account (None for a failed login naming no account)
    investigation: str | None
    action: str
    target: str | None
    client: str | None        # the caller's address
    protected: bool           # whether protected persons were included in what the action showed or wrote
    detail: dict[str, Any] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in COLUMNS}


def utc_iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_csv(entries: Iterable[AuditEntry]) -> str:
    """The log as CSV text, one row per entry, the detail as JSON."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        row = e.view()
        row["detail"] = json.dumps(e.detail, ensure_ascii=False, sort_keys=True)
        row["protected"] = int(e.protected)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Spreadsheet formula injection: a cell starting with = + - @ is read as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
