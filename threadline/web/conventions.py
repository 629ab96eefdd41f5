"""API conventions in one place: named operation ids, paged lists, and RFC 9457 problem details.

- Every operation has a name of its own (``listEntities``), not the framework's
  ``entities_api_entities_get``; a route without one stops the app at start-up.
- A list route takes ``limit`` and ``offset`` and answers the page as a JSON array,
  with the whole list's length in ``X-Total-Count`` (redacted rows not counted).
- Every error is a problem details object (RFC 9457) served as
  ``application/problem+json``: ``type``, ``title``, ``status``, ``detail``; for
  compatibility ``error`` repeats ``detail``, and invalid input lists ``details``.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

Row = TypeVar("Row", bound=Mapping[str, Any])  # a row of a list page: a dict, or a typed one (threadline.model.rows)

PROBLEM_TYPE = "application/problem+json"
OPERATION_IDS = {  # route function -> operation id
    "stats": "getStats", "schema_vocabulary": "getVocabulary", "search": "search",
    "entities": "listEntities", "entity": "getEntity", "entity_rows": "listEntityRows", "history": "listEntityHistory", "merge": "mergeEntities",
    "not_same": "markNotSame", "split": "splitEntity", "protect": "protectEntity",
    "rename": "renameEntity", "retype": "retypeEntity", "country": "setEntityCountry", "alias": "addEntityAlias",
    "reject": "rejectEntity", "merge_preview": "previewMerge", "mark_entity": "markEntity", "add_claim": "addClaim",
    "add_relation": "addRelation", "retract": "retractDecision",
    "document": "getDocument",
    "graph": "getGraph", "path": "findPaths", "link": "listLinkEvidence",
    "queue": "listReviewQueue", "review_fact": "reviewFact", "merges": "listMergeCandidates", "answer": "answerMerge",
    "upload": "uploadDocuments", "jobs": "listUploads", "job": "getUpload",
    "export": "exportInvestigation", "report": "getReport",
    "login": "logIn", "logout": "logOut", "me": "getMe", "investigations": "listInvestigations",
    "members": "listMembers", "grant": "grantMembership", "revoke": "revokeMembership", "audit_log": "getAuditLog",
}


def operation_id(route: APIRoute) -> str:
    if not route.include_in_schema:  # the UI page and the docs page are no API operations
        return route.name
    try:
        return OPERATION_IDS[route.name]
    except KeyError:
        raise RuntimeError(f"{route.path}: no operation id for {route.name!r}; add it to web.conventions.OPERATION_IDS") from None


def page(request: Request, response: Response, ws: Any, items: list[Row], limit: int, offset: int) -> list[Row]:
    """One page of ``items``; the total goes to ``X-Total-Count``, leaving out rows redaction would drop."""
    from threadline.web.access import access
    from threadline.web.hardening import without_records_of
    from threadline.web.routes import state

    if not access(request).sensitive:
        hidden = state(request).hidden_ids(ws)
        items = without_records_of(items, hidden) if hidden else items
    response.headers["X-Total-Count"] = str(len(items))
    return items[offset:offset + limit]


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")
    type: str = Field("about:blank", description="about:blank: the status says it all")
    title: str = Field(description="the status's phrase, e.g. Not Found")
    status: int
    detail: str = Field(description="what went wrong, for a person")
    error: str = Field(description="the same as detail (older clients read this)")
    details: list[str] | None = Field(None, description="invalid input: each problem")


def problem(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, "error": detail, **extra}


def problem_responses(descriptions: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` entries for these error statuses, documented as problem details."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {status: {"model": Problem, "description": text, "content": {PROBLEM_TYPE: {"schema": schema}}}
            for status, text in descriptions.items()}
