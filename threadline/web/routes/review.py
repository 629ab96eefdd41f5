"""The review queue: accept, reject or edit machine-made facts; answer uncertain merges."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from threadline.api import Workspace
from threadline.errors import InputError
from threadline.model import rows
from threadline.resolve.judgements import Judgement
from threadline.web.access import audit, needs, user_name, visible_entity
from threadline.web.conventions import page
from threadline.web.models import Fact, MergeAnswered, MergeCandidate, Page
from threadline.web.routes import ID, workspace
from threadline.web.schemas import FactReview, MergeAnswer

router = APIRouter(tags=["review"])
ANSWERS = {"same": Judgement.POSITIVE, "different": Judgement.NEGATIVE, "unsure": Judgement.UNSURE}


@router.get("/review/queue", dependencies=[needs("read")], response_model=list[Fact], responses=Page.RESPONSE)
def queue(
    request: Request,
    response: Response,
    kind: str = Query("claim", pattern="^(claim|relation)$"),
    status: str = Query("machine", pattern="^(machine|accepted|rejected|all)$"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
    ws: Workspace = Depends(workspace),
) -> list[dict[str, Any]]:
    """Claims or relations in a review status (default: not yet reviewed), allegations first."""
    return page(request, response, ws, ws.review_queue(kind, status, 10**9, 0), limit, offset)


@router.post("/review/facts/{fact_id}", dependencies=[needs("review")], response_model=Fact)
def review_fact(request: Request, body: FactReview, fact_id: str = Path(..., max_length=100, pattern=ID),
                ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Accept, reject or edit one fact; the decision is stored with its time. Returns the fact as it now stands."""
    changes = body.model_dump(exclude={"action"}, exclude_none=True)
    if body.action != "edit" and changes:
        raise InputError(f"only an edit takes new values ({', '.join(changes)} given with {body.action})")
    fact = ws.review(fact_id, body.action, changes, user_name(request))
    audit(request, f"review.{body.action}", fact_id, kind=fact.get("kind"), changes=changes)
    return fact


@router.get("/review/merges", dependencies=[needs("read")], response_model=list[MergeCandidate], responses=Page.RESPONSE)
def merges(request: Request, response: Response, limit: int = Query(50, ge=1, le=500),
           offset: int = Query(0, ge=0, le=10_000_000), ws: Workspace = Depends(workspace)) -> list[rows.MergeCandidate]:
    """Pairs of entities the resolver was unsure of, with its explanation, best first."""
    return page(request, response, ws, ws.review_candidates(), limit, offset)


@router.post("/review/merges", dependencies=[needs("review")], response_model=MergeAnswered)
def answer(request: Request, body: MergeAnswer, ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    """Answer one uncertain pair (same, different, unsure) and re-resolve."""
    visible_entity(request, ws, body.a), visible_entity(request, ws, body.b)  # both must exist (NotFound otherwise)
    ws.answer(body.a, body.b, ANSWERS[body.answer], user_name(request))
    ws.resolve()
    audit(request, "merge.answer", body.a, other=body.b, answer=body.answer)
    return {"a": body.a, "b": body.b, "answer": body.answer, "remaining": len(ws.review_candidates())}
