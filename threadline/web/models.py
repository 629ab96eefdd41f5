"""Response models of the investigation API, so the OpenAPI description types every success response.

Each model names the fields a client can rely on, with their types; the
records are rows of the store, so a model allows further fields rather than
drop one a newer store adds. Lists are bare JSON arrays (the browser UI reads
them as such); their routes take ``limit`` and ``offset`` and say the total
in the ``X-Total-Count`` header.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """A row as the store gives it: the fields listed, and possibly more."""

    model_config = ConfigDict(extra="allow")


Flag = bool | int  # SQLite answers 0/1, PostgreSQL true/false


class Source(Record):
    doc_id: str | None = None
    title: str | None = None
    path: str | None = None
    publisher: str | None = None
    published: str | None = None


class Stats(Record):
    counts: dict[str, int]
    facets: dict[str, dict[str, int]]
    revision: str


class GraphStyle(Record):
    shape: str
    color: str


class EntityType(Record):
    name: str
    label: str
    person: bool
    graph: GraphStyle | None = None


class ReviewState(Record):
    name: str
    label: str


class Vocabulary(Record):
    """The schema's entity types, stances and review states: what the UI offers in its menus and draws."""

    types: list[EntityType]
    stances: list[str]
    stance_colors: dict[str, str]
    statuses: list[ReviewState]


class DocumentHit(Record):
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    snippet: str | None = None


class EntitySummary(Record):
    id: str
    type: str
    name: str
    country: str | None = None
    protected: Flag | None = None
    mentions: int | None = None


class Claim(Source):
    id: str
    stance: str
    text: str | None = None
    sentence: str | None = None
    status: str | None = None
    claimant: str | None = None
    claimant_id: str | None = None
    about: list[str] = Field([], description="names of the entities the claim is about")


class SearchTotals(Record):
    documents: int
    entities: int
    claims: int


class SearchResult(Record):
    query: str
    documents: list[DocumentHit]
    entities: list[EntitySummary]
    claims: list[Claim]
    total: SearchTotals = Field(description="matches before the limit")
    facets: dict[str, dict[str, int]]


class Decision(Record):
    id: int
    target: str
    action: str
    user: str | None = None
    created_at: str | None = None
    deleted_at: str | None = None


class EntityProfile(Record):
    id: str
    type: str
    name: str
    country: str | None = None
    aliases: list[str] = []
    members: list[str] = []
    claims_by: list[Claim] = []
    claims_about: list[Claim] = []
    relations: list[Record] = []
    events: list[Record] = []
    mentions: list[Record] = []
    totals: dict[str, int] = Field({}, description="each list's length, counted up to 10,000 rows")
    capped: dict[str, bool] = Field({}, description="true for a list longer than the cap: its total is the cap, "
                                                    "and the list has more rows")
    page: dict[str, int | None] = Field({}, description="offset and limit of the lists given")
    history: list[Decision] | None = Field(None, description="decisions taken on it (entity page only)")


class Done(Record):
    ok: bool


class Split(Record):
    members: list[str] = Field(description="ids of the entities it falls back into")


class Protected(Record):
    protected: bool
    members: list[str]


class DocumentView(Record):
    id: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    date_source: str | None = None
    language: str | None = None
    read_by_rules: bool = False
    url: str | None = None
    text: str
    locations: list[str] = []
    mentions: list[Record] = []
    claims: list[Record] = []
    relations: list[Record] = []
    events: list[Record] = []
    entities: list[Record] = []


class GraphNode(Record):
    id: str
    name: str
    type: str


class GraphEdge(Record):
    id: str
    source: str
    target: str
    kind: str
    label: str


class Graph(Record):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


class GraphPath(Record):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    strength: float | None = None
    hops: list[Record] = []


class Paths(Record):
    shortest: GraphPath | None = None
    best_evidenced: GraphPath | None = None


class LinkEvidence(GraphEdge):
    evidence: list[Record] = []


class Fact(Record):
    id: str
    kind: str
    status: str | None = None


class MergePreview(Record):
    a: str
    b: str
    keep: str = Field(description="the entity that names the merged one")
    type: str = Field(description="the merged entity's type")
    needs_confirmation: bool = Field(description="the types differ: the merge needs confirm")
    changes: list[str] = Field(description="what the merge changes, in words")


class MergeCandidate(Record):
    a: str
    b: str
    score: float | None = None


class MergeAnswered(Record):
    a: str
    b: str
    answer: str
    remaining: int


class Job(Record):
    id: str
    files: list[str]
    total: int
    state: str = Field(description="queued, running, done or failed")
    done: int
    added: list[str]
    unchanged: list[str]
    failed: list[dict[str, str]]
    skipped: list[dict[str, str]] = Field(default_factory=list, description="archive members not read, with why")


class Page:
    """The ``X-Total-Count`` header of a list route, for its ``responses``."""

    HEADERS: dict[str, Any] = {"X-Total-Count": {"description": "items in the whole list, before limit and offset",
                                                 "schema": {"type": "integer"}}}
    RESPONSE: dict[int | str, dict[str, Any]] = {200: {"headers": HEADERS}}
    # An entity's list is counted up to a cap: a longer one says so, and X-Total-Count is then the cap.
    CAPPED: dict[int | str, dict[str, Any]] = {200: {"headers": {**HEADERS, "X-Total-Capped": {
        "description": "present (true) when the list is longer than X-Total-Count, the cap its count stops at",
        "schema": {"type": "boolean"}}}}}
