"""The review queue: accept, reject or edit machine-made facts; answer uncertain merges."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from threadline.api import Workspace
from threadline.resolve.judgements import Judgement
from threadline.web.routes import workspace
from threadline.web.schemas import FactReview, MergeAnswer

router = APIRouter(tags=["review"])
ANSWERS = {"same": Judgement.POSITIVE, "different": Judgement.NEGATIVE, "unsure": Judgement.UNSURE}


@router.get("/review/queue")
def queue(
    kind: str = Query("claim", pattern="^(claim|relation)$"),
    status: str = Query("machine", pattern="^(machine|accepted|rejected|all)$"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
    ws: Workspace = Depends(workspace),
) -> list[dict[str, Any]]:
    """Claims or relations in a review status (default: not yet reviewed), allegations first."""
    return ws.review_queue(kind, status, limit, offset)


@router.post("/review/facts/{fact_id}")
def review_fact(fact_id: str, body: FactReview, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Accept, reject or edit one fact; the decision is stored with its time. Returns the fact as it now stands."""
    changes = body.model_dump(exclude={"action"}, exclude_none=True)
    if body.action != "edit" and changes:
        from threadline.errors import InputError

        raise InputError(f"only an edit takes new values ({', '.join(changes)} given with {body.action})")
    return ws.review(fact_id, body.action, changes)


@router.get("/review/merges")
def merges(limit: int = Query(50, ge=1, le=500), ws: Workspace = Depends(workspace)) -> list[dict[str, Any]]:
    """Pairs of entities the resolver was unsure of, with its explanation, best first."""
    return ws.review_candidates(limit)


@router.post("/review/merges")
def answer(body: MergeAnswer, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Answer one uncertain pair (same, different, unsure) and re-resolve."""
    ws.entity_id(body.a), ws.entity_id(body.b)  # both must exist (NotFound otherwise)
    ws.answer(body.a, body.b, ANSWERS[body.answer])
    ws.resolve()
    return {"a": body.a, "b": body.b, "answer": body.answer, "remaining": len(ws.review_candidates())}
