"""Roles are data: schema/roles.yaml is read and checked, and the README's table matches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadline.errors import InputError, SchemaError
from threadline.team.roles import load_roles, parse_roles

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def test_the_four_roles_nest():
    roles = load_roles()
    assert list(roles.roles) == ["owner", "editor", "reviewer", "viewer"]
    perms = {name: role.permissions for name, role in roles.roles.items()}
    assert perms["viewer"] == {"read"}
    assert perms["viewer"] < perms["reviewer"] < perms["editor"] < perms["owner"] == set(roles.permissions)
    assert {"manage", "audit"} & perms["editor"] == set()
    assert roles.allows("reviewer", "review") and not roles.allows("reviewer", "curate")


def test_unknown_role_and_undeclared_permission_are_errors():
    with pytest.raises(InputError, match="unknown role"):
        load_roles().get("boss")
    with pytest.raises(SchemaError, match="undeclared"):
        parse_roles({"permissions": {"read": "x"}, "roles": {"viewer": {"permissions": ["read", "fly"]}}})
    with pytest.raises(SchemaError):
        parse_roles(["not", "a", "mapping"])


def test_the_readme_roles_table_matches_roles_yaml():
    section = README.split("### Roles", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        table[cells[0].strip("`")] = cells[1:]
    roles = load_roles()
    assert set(table) == set(roles.permissions), "one README row per permission"
    header_line = next(line for line in section.splitlines() if line.startswith("| permission"))
    header = [c.strip() for c in header_line.strip("|").split("|")]
    assert [h for h in header if h in roles.roles] == list(roles.roles), "one README column per role"
    for permission, cells in table.items():
        for role, cell in zip(header[1:], cells):
            if role in roles.roles:
                assert (cell == "yes") == roles.allows(role, permission), (permission, role)
