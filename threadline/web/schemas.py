"""Request bodies of the API, the error body, and the team mode account responses.

Investigation routes answer plain JSON objects described in each route's docstring.
Every model forbids fields it does not know.
"""

from __future__ import annotations

from typing import Literal

from threadline.team.registry import NAME
from threadline.web.conventions import problem_responses
from threadline.team.roles import load_roles

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactReview(Strict):
    action: Literal["accept", "reject", "edit"]
    stance: str | None = Field(None, max_length=40, description="edit: a claim's new stance")
    text: str | None = Field(None, max_length=5000, description="edit: a claim's corrected text")
    predicate: str | None = Field(None, max_length=60, description="edit: a relation's new predicate")
    date: str | None = Field(None, max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="edit: an event's date")
    what: str | None = Field(None, max_length=500, description="edit: an event's description")


class OtherEntity(Strict):
    other: str = Field(..., min_length=1, max_length=300, description="id or name of the other entity")


class Protection(Strict):
    protected: bool = True


class MergeAnswer(Strict):
    a: str = Field(..., min_length=1, max_length=64)
    b: str = Field(..., min_length=1, max_length=64)
    answer: Literal["same", "different", "unsure"]


class ErrorBody(BaseModel):
    """Every error: a message, and for invalid requests the problems one by one."""

    error: str
    details: list[str] | None = None


ERRORS = problem_responses({  # every error is RFC 9457 problem details (web.conventions)
    400: "the request cannot be carried out",
    404: "no such entity, document, fact or job",
    409: "the decision contradicts an earlier one",
    413: "the request body is too large",
    422: "invalid input",
})
TEAM_ERRORS = {**ERRORS, **problem_responses({
    401: "not signed in, or the token or session is not valid",
    403: "the role does not allow this, or the CSRF token is missing",
    404: "no such investigation (or not a member of it), entity, document, fact or job",
    429: "too many failed sign-ins; try again after Retry-After seconds",
})}


# -- team mode ---------------------------------------------------------------------------

Role = Literal[tuple(load_roles().roles)]  # type: ignore[valid-type]


class Login(Strict):
    user: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=1, max_length=1024)


class Grant(Strict):
    role: Role = Field(..., description="owner, editor, reviewer or viewer (schema/roles.yaml)")  # type: ignore[valid-type]
    sensitive: bool = Field(False, description="may see protected persons")


class Membership(Strict):
    investigation: str
    role: str
    sensitive: bool
    permissions: list[str]


class Member(Strict):
    user: str
    role: str
    sensitive: bool


class Me(Strict):
    mode: Literal["team"] = "team"
    user: str | None = Field(None, description="null: not signed in")
    csrf_header: str = "X-CSRF-Token"


class AuditRow(Strict):
    id: int
    time: str
    user: str | None
    investigation: str | None
    action: str
    target: str | None
    client: str | None
    protected: bool
    detail: dict[str, object]
