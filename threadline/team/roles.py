"""Roles as data (``schema/roles.yaml``): which permissions each role of a membership grants."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from threadline.errors import InputError, SchemaError
from threadline.model.schema import load_yaml


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class Roles:
    """Every permission with its description, and every role with the permissions it grants."""

    permissions: dict[str, str]
    roles: dict[str, Role]

    def get(self, name: str) -> Role:
        role = self.roles.get(name)
        if role is None:
            raise InputError(f"unknown role {name!r}; roles: {', '.join(self.roles)}")
        return role

    def allows(self, role: str, permission: str) -> bool:
        return permission in self.get(role).permissions


def parse_roles(data: Any) -> Roles:
    """Check and read the roles file; every permission a role lists must be declared."""
    if not isinstance(data, dict) or not isinstance(data.get("permissions"), dict) or not isinstance(data.get("roles"), dict):
        raise SchemaError("roles.yaml needs a 'permissions' mapping and a 'roles' mapping")
    permissions = {str(k): str(v) for k, v in data["permissions"].items()}
    roles = {}
    for name, spec in data["roles"].items():
        granted = frozenset(str(p) for p in (spec or {}).get("permissions") or ())
        unknown = granted - set(permissions)
        if unknown:
            raise SchemaError(f"role {name!r} lists undeclared permissions: {', '.join(sorted(unknown))}")
        roles[str(name)] = Role(str(name), str((spec or {}).get("label", "")), granted)
    if not roles:
        raise SchemaError("roles.yaml declares no role")
    return Roles(permissions, roles)


@lru_cache(maxsize=1)
def load_roles() -> Roles:
    text = resources.files("threadline.schema").joinpath("roles.yaml").read_text("utf-8")
    return parse_roles(load_yaml(text))
