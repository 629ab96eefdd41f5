"""Team mode: accounts, roles, memberships and the audit trail, for running Threadline as a shared server.

    roles.py        roles and permissions, read from schema/roles.yaml
    credentials.py  Argon2 passwords; API tokens and session ids (kept only as SHA-256)
    ratelimit.py    the login rate limit, a pure rule
    audit.py        audit entries and their CSV form
    store.py        the rows, in SQLite or PostgreSQL (the audit table refuses UPDATE and DELETE)
    registry.py     Registry: what the CLI (threadline user, investigation, audit) and the web app call

Single-user local mode needs none of this.
"""

from threadline.team.audit import AuditEntry
from threadline.team.registry import Investigation, Member, Registry
from threadline.team.roles import Roles, load_roles

__all__ = ["AuditEntry", "Investigation", "Member", "Registry", "Roles", "load_roles"]
