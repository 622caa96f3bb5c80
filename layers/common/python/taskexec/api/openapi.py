"""OpenAPI response declarations shared by the routes, so the generated document shows real bodies."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel

from taskexec.schemas.common import ErrorResponse


def body_of(model: type[BaseModel], description: str) -> OpenAPIResponse:
    return {"description": description, "content": {"application/json": {"model": model}}}


ERROR_RESPONSES: dict[int, OpenAPIResponse] = {
    status: body_of(ErrorResponse, description)
    for status, description in {
        400: "INVALID_JSON, INVALID_REQUEST",
        401: "UNAUTHENTICATED",
        403: "INSUFFICIENT_PRIVILEGES, USER_NOT_REGISTERED, USER_INACTIVE, PRIVILEGE_ESCALATION_ATTEMPT",
        404: "NOT_FOUND",
        409: "IDEMPOTENCY_CONFLICT, CONFLICT",
        413: "PAYLOAD_TOO_LARGE",
        422: "VALIDATION_FAILED, NO_TASK_DETECTED, INVALID_ASSIGNEE, DUE_DATE_IN_PAST",
        500: "INTERNAL_ERROR",
        503: "SERVICE_BUSY (with Retry-After), DATABASE_UNAVAILABLE",
    }.items()
}
