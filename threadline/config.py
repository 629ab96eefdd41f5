"""Settings as data: each has a name, an environment variable, a default and help."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


DB = Setting("db", "THREADLINE_DB", "threadline.db", "Store location: a SQLite file path or a postgresql:// URL.")
USER = Setting("user", "THREADLINE_USER", os.environ.get("USER", "analyst"), "Name recorded with review decisions.")
SERVER_DB = Setting("server_db", "THREADLINE_SERVER_DB", "threadline-server.db",
                    "Team mode: the registry of users, investigations, memberships and the audit log (SQLite path or postgresql:// URL).")

SETTINGS = (DB, USER, SERVER_DB)
