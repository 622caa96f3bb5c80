"""POST /ai/execute/batch bodies.

Items are validated one by one by the batch service, so a bad item fails alone (its result carries the error)
rather than failing the batch: the request model holds them as plain objects, and the document still types
each as an execute body, and each result's body as what POST /ai/execute would have answered.
"""

from typing import Annotated, Any

from pydantic import Field

from taskexec.schemas.common import DocumentedAs, Error, Schema, Strict
from taskexec.schemas.execute import DryRunResponse, ExecuteRequest, ExecuteResponse

MAX_BATCH = 25


class BatchRequest(Strict):
    items: list[Annotated[dict[str, Any], DocumentedAs(ExecuteRequest)]] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="1..25 bodies of POST /ai/execute, each executed on its own: an invalid one fails alone",
    )


class BatchResult(Schema):
    status: int = Field(description="What POST /ai/execute would have answered: 201, 200 (dry run) or an error's")
    body: Annotated[dict[str, Any], DocumentedAs(ExecuteResponse | DryRunResponse | Error)] = Field(
        description="The executed task, the dry run's plan, or the error body"
    )


class BatchResponse(Schema):
    results: list[BatchResult] = Field(description="One per item, in input order")
