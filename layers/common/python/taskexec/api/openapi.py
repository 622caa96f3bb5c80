"""OpenAPI response and parameter declarations shared by the routes, so the generated document shows every
status a route can answer with its real body.

Some answers come from API Gateway, not from a handler, and keep its shape (`{"message": ...}`): 401 from the
JWT authorizer, 429 from stage throttling, 404 when no route matches. Everything else is the contract's error
body (`Error`).
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader
from pydantic import WithJsonSchema

from taskexec.schemas.common import (
    ID_PATTERN,
    PAGE_POSITION_PATTERN,
    Error,
    GatewayBadRequest,
    GatewayNotFound,
    GatewayThrottled,
    GatewayUnauthorized,
)

RETRY_AFTER: dict[str, OpenAPIResponseHeader] = {
    "Retry-After": {
        "description": "Seconds to wait before retrying (SERVICE_BUSY)",
        "schema": {"type": "integer", "minimum": 1},
    }
}

IDEMPOTENCY_REPLAYED: dict[str, OpenAPIResponseHeader] = {
    "Idempotency-Replayed": {
        "description": "true: the stored answer to an earlier request with the same Idempotency-Key and body",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def body_of(model: Any, description: str) -> OpenAPIResponse:
    """A response whose JSON body is `model` (a pydantic model, or a union of them: a `oneOf`)."""

    return {"description": description, "content": {"application/json": {"model": model}}}


def replayable(response: OpenAPIResponse) -> OpenAPIResponse:
    """A success a retry with the same Idempotency-Key answers again, saying so in a header."""
    return {**response, "headers": IDEMPOTENCY_REPLAYED}


def _error(description: str) -> OpenAPIResponse:
    return body_of(Error, description)


GATEWAY_RESPONSES: dict[int, OpenAPIResponse] = {
    401: body_of(
        GatewayUnauthorized | Error,
        'API Gateway\'s JWT authorizer: {"message": "Unauthorized"}; UNAUTHENTICATED when the claims are unusable',
    ),
    429: body_of(GatewayThrottled, 'API Gateway\'s stage throttling: {"message": "Too Many Requests"}'),
}

SERVICE_UNAVAILABLE: OpenAPIResponse = {
    **_error("SERVICE_BUSY (throttled; with Retry-After), DATABASE_UNAVAILABLE"),
    "headers": RETRY_AFTER,
}


def unavailable_or(model: Any, description: str) -> OpenAPIResponse:
    """A 503 whose body is `model` or an error (SERVICE_BUSY, DATABASE_UNAVAILABLE), with Retry-After: GET
    /ai/health-check answers 503 with its report when critical. A function rather than a constant, so this module
    does not import the health schemas (and the monitoring models under them) into every handler."""
    return {**body_of(model | Error, description), "headers": RETRY_AFTER}


ERROR_RESPONSES: dict[int, OpenAPIResponse] = {
    **GATEWAY_RESPONSES,
    400: body_of(
        Error | GatewayBadRequest,
        'INVALID_JSON, INVALID_REQUEST; API Gateway\'s {"message": "Bad Request"} when it cannot parse the request',
    ),
    403: _error("INSUFFICIENT_PRIVILEGES, USER_NOT_REGISTERED, USER_INACTIVE, PRIVILEGE_ESCALATION_ATTEMPT"),
    404: body_of(Error | GatewayNotFound, 'NOT_FOUND; API Gateway\'s {"message": "Not Found"} when no route matches'),
    409: _error("IDEMPOTENCY_CONFLICT, CONFLICT"),
    413: _error("PAYLOAD_TOO_LARGE"),
    422: _error("VALIDATION_FAILED, NO_TASK_DETECTED, INVALID_ASSIGNEE, DUE_DATE_IN_PAST, LIMIT_EXCEEDED"),
    500: _error("INTERNAL_ERROR"),
    503: SERVICE_UNAVAILABLE,
}
"""Every route may answer these: the guard runs before any route code (size, JSON, identity, user row)."""

TaskId = Annotated[str, Path(pattern=ID_PATTERN, min_length=1, max_length=128, description="A task's id")]
UserId = Annotated[str, Path(pattern=ID_PATTERN, min_length=1, max_length=128, description="A user's id (sub)")]
Limit = Annotated[int, Query(ge=1, le=100, description="Page size, 1..100")]
PageToken = Annotated[
    str | None,
    Query(
        pattern=PAGE_POSITION_PATTERN,
        max_length=2048,
        description="nextToken of the previous page of the same query (else 400 INVALID_REQUEST)",
    ),
]
IdempotencyKey = Annotated[
    str | None,
    # The document's schema of the header; the key is checked by taskexec.api.idempotency, which answers 400
    # INVALID_REQUEST, where a constraint on the parameter would make Powertools answer 422 VALIDATION_FAILED.
    WithJsonSchema({"type": "string", "pattern": "^[!-~]{1,128}$", "minLength": 1, "maxLength": 128}),
    Header(
        alias="Idempotency-Key",
        description=(
            "Optional. A retry with the same key and body answers the first response (with Idempotency-Replayed: "
            "true) and writes nothing new; the same key with another body is 409 IDEMPOTENCY_CONFLICT. Kept 24 "
            "hours, per caller and route. A key that is not 1..128 visible ASCII characters is 400 INVALID_REQUEST."
        ),
    ),
]
