"""Corrections: rename, retype, set the country of, alias, reject or mark an entity; add a claim or relation by hand;
see what a merge would change; retract any decision. Each is a decision with who and when (threadline.corrections)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request

from threadline.api import Workspace
from threadline.errors import Forbidden, InputError
from threadline.model.rows import DecisionRow
from threadline.web.access import access, audit, needs, registry, user_name, visible_entity
from threadline.web.models import Decision, EntityProfile, Fact, MergePreview
from threadline.web.routes import ID, state, workspace
from threadline.web.routes.entities import ENTITY
from threadline.web.schemas import Alias, Country, MarkEntity, NewClaim, NewRelation, Rejection, Rename, Retype

router = APIRouter(tags=["corrections"])
DOC = Path(..., max_length=100, pattern=ID)


def _profile(request: Request, ws: Workspace, profile: dict[str, Any], action: str, **detail: Any) -> dict[str, Any]:
    audit(request, action, profile["id"], **detail)
    return {**profile, "history": ws.history(profile["id"])}


@router.post("/entities/{entity_id}/rename", dependencies=[needs("curate")], response_model=EntityProfile)
def rename(request: Request, body: Rename, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Give an entity another canonical name (one of its aliases or a new one); returns the entity as it now is."""
    profile = ws.rename(visible_entity(request, ws, entity_id), body.name, user_name(request))
    return _profile(request, ws, profile, "entity.rename", name=body.name)


@router.post("/entities/{entity_id}/retype", dependencies=[needs("curate")], response_model=EntityProfile)
def retype(request: Request, body: Retype, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Change an entity's type; returns the entity as it now is."""
    profile = ws.retype(visible_entity(request, ws, entity_id), body.type, user_name(request))
    return _profile(request, ws, profile, "entity.retype", type=body.type)


@router.post("/entities/{entity_id}/country", dependencies=[needs("curate")], response_model=EntityProfile)
def country(request: Request, body: Country, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Set an entity's country (ISO code or name), or clear it with null."""
    profile = ws.set_country(visible_entity(request, ws, entity_id), body.country, user_name(request))
    return _profile(request, ws, profile, "entity.country", country=body.country)


@router.post("/entities/{entity_id}/aliases", dependencies=[needs("curate")], response_model=EntityProfile)
def alias(request: Request, body: Alias, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Record another name of an entity."""
    profile = ws.add_alias(visible_entity(request, ws, entity_id), body.alias, user_name(request))
    return _profile(request, ws, profile, "entity.alias", alias=body.alias)


@router.post("/entities/{entity_id}/reject", dependencies=[needs("curate")], response_model=EntityProfile)
def reject(request: Request, body: Rejection, entity_id: str = ENTITY, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Reject a spurious entity: it, its mentions and the facts resting on it leave every analysis and export."""
    profile = ws.reject_entity(visible_entity(request, ws, entity_id), user_name(request), body.reason)
    return _profile(request, ws, profile, "entity.reject", reason=body.reason)


@router.get("/entities/{entity_id}/merge-preview", dependencies=[needs("read")], response_model=MergePreview)
def merge_preview(request: Request, entity_id: str = ENTITY, other: str = Query(..., min_length=1, max_length=300),
                  ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """What merging with ``other`` would change, and whether it needs ``confirm`` (the types differ)."""
    return ws.merge_preview(visible_entity(request, ws, entity_id), visible_entity(request, ws, other))


def _unredacted(request: Request, ws: Workspace, doc_id: str) -> None:
    """Offsets of a span are offsets in the stored text: a member who sees it redacted cannot give them."""
    if access(request).sensitive:
        return
    text = (ws.store.document_text(doc_id) or ("", None))[0]
    if state(request).protected(ws).redactor().document(doc_id, text).text != text:
        raise InputError("this document names a protected person: marking spans in it needs access to protected persons")


@router.post("/documents/{doc_id}/entities", dependencies=[needs("curate")], response_model=EntityProfile)
def mark_entity(request: Request, body: MarkEntity, doc_id: str = DOC, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Mark a span of the document's text as a mention of an entity (the stored one of that type and name, or a new one)."""
    _unredacted(request, ws, doc_id)
    profile = ws.add_entity(doc_id, body.start, body.end, body.type, body.name, body.country, user_name(request))
    return _profile(request, ws, profile, "entity.add", doc=doc_id, start=body.start, end=body.end)


@router.post("/documents/{doc_id}/claims", dependencies=[needs("review")], response_model=Fact)
def add_claim(request: Request, body: NewClaim, doc_id: str = DOC, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Add a claim by hand from the sentence around a span: who (null: the document itself) says what about whom."""
    _unredacted(request, ws, doc_id)
    claimant = visible_entity(request, ws, body.claimant) if body.claimant else None
    about = [visible_entity(request, ws, name) for name in body.about]
    fact = ws.add_claim(doc_id, body.start, body.end, body.stance, claimant, about, body.text, user_name(request))
    audit(request, "claim.add", fact["id"], doc=doc_id)
    return fact


@router.post("/documents/{doc_id}/relations", dependencies=[needs("review")], response_model=Fact)
def add_relation(request: Request, body: NewRelation, doc_id: str = DOC, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Add a relation by hand from the sentence around a span."""
    _unredacted(request, ws, doc_id)
    fact = ws.add_relation(doc_id, body.start, body.end, visible_entity(request, ws, body.subject), body.predicate,
                           visible_entity(request, ws, body.object), user_name(request))
    audit(request, "relation.add", fact["id"], doc=doc_id)
    return fact


@router.post("/decisions/{decision_id}/retract", dependencies=[needs("review")], response_model=Decision)
def retract(request: Request, decision_id: str = Path(..., max_length=18, pattern=r"^[0-9]+$", description="a decision's id"),
            ws: Workspace = Depends(workspace)) -> DecisionRow:
    """Withdraw a decision: it stays on record, marked retracted, and no longer applies.
    Decisions on entities (corrections, merges, protection) need the curate permission."""
    decision = ws.store.decision(int(decision_id))
    if registry(request) is not None and decision["action"] in Workspace.ENTITY_DECISIONS and "curate" not in access(request).permissions:
        raise Forbidden(f"retracting a {decision['action']} needs curate")
    if not access(request).sensitive and decision["target"] in state(request).hidden_ids(ws):
        from threadline.errors import NotFound

        raise NotFound(f"no decision {decision_id}")
    done = ws.retract(int(decision_id), user_name(request))
    audit(request, "retract", done["target"], decision=decision_id, retracted=done["action"])
    return done
