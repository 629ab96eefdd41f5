"""Request bodies of the API, the error body, and the team mode account responses.

Investigation routes answer plain JSON objects described in each route's docstring.
Every model forbids fields it does not know.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from threadline.team.roles import load_roles
from threadline.web.conventions import problem_responses


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactReview(Strict):
    action: Literal["accept", "reject", "edit"]
    stance: str | None = Field(None, max_length=40, description="edit: a claim's new stance")
    text: str | None = Field(None, max_length=5000, description="edit: a claim's corrected text")
    predicate: str | None = Field(None, max_length=60, description="edit: a relation's new predicate")
    date: str | None = Field(None, max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="edit: an event's date")
    what: str | None = Field(None, max_length=500, description="edit: an event's description")
    claimant: str | None = Field(None, max_length=300, description="edit: a claim's right claimant (name or id)")
    about: list[Annotated[str, Field(min_length=1, max_length=300)]] | None = Field(
        None, max_length=50, description="edit: the entities a claim is about (names or ids; replaces the list)")
    subject: str | None = Field(None, max_length=300, description="edit: a relation's right subject (name or id)")
    object: str | None = Field(None, max_length=300, description="edit: a relation's right object (name or id)")


class OtherEntity(Strict):
    other: str = Field(..., min_length=1, max_length=300, description="id or name of the other entity")
    confirm: bool = Field(False, description="merge: go ahead although the two types differ (409 otherwise)")


class Rename(Strict):
    name: str = Field(..., min_length=1, max_length=300, description="one of its aliases, or a new name")


class Retype(Strict):
    type: str = Field(..., min_length=1, max_length=20, description="PERSON, ORG, STATE_BODY, ... (schema/entity_types.yaml)")


class Country(Strict):
    country: str | None = Field(None, max_length=60, description="ISO code or country name; null clears it")


class Alias(Strict):
    alias: str = Field(..., min_length=1, max_length=300)


class Rejection(Strict):
    reason: str | None = Field(None, max_length=500, description="why it is spurious")


class Span(Strict):
    start: int = Field(..., ge=0, le=100_000_000, description="offset of the first character in the document's text")
    end: int = Field(..., ge=1, le=100_000_000, description="offset after the last character")


class MarkEntity(Span):
    type: str = Field(..., min_length=1, max_length=20)
    name: str | None = Field(None, max_length=300, description="the entity's name, if not the span's text")
    country: str | None = Field(None, max_length=60)


class NewClaim(Span):
    stance: str = Field(..., max_length=40)
    claimant: str | None = Field(None, max_length=300, description="who claims it; null: the document's own voice")
    about: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(default_factory=list, max_length=50)
    text: str | None = Field(None, max_length=5000, description="the claim in words, if not the span's text")


class NewRelation(Span):
    subject: str = Field(..., min_length=1, max_length=300)
    predicate: str = Field(..., min_length=1, max_length=60)
    object: str = Field(..., min_length=1, max_length=300)


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
