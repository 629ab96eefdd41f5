"""Request bodies of the API (responses are plain JSON objects described in each route's docstring)."""

from __future__ import annotations

from typing import Literal

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
