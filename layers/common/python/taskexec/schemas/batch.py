"""POST /ai/execute/batch bodies: the items are execute bodies, validated one by one by the batch service."""

from typing import Any

from pydantic import Field

from taskexec.schemas.common import Schema, Strict

MAX_BATCH = 25


class BatchRequest(Strict):
    items: list[dict[str, Any]] = Field(
        min_length=1, max_length=MAX_BATCH, description="1..25 bodies of POST /ai/execute, each executed on its own"
    )


class BatchResult(Schema):
    status: int
    body: dict[str, Any]


class BatchResponse(Schema):
    results: list[BatchResult]
