"""Turning results and errors into HTTP responses of the contract's shape."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from pydantic import BaseModel

from taskexec.errors import ServiceError

JSON_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _dump(payload: BaseModel | dict[str, Any], exclude_none: bool) -> str:
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json", exclude_none=exclude_none)
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def json_response(
    payload: BaseModel | dict[str, Any],
    status: int = 200,
    *,
    exclude_none: bool = False,
    headers: dict[str, str] | None = None,
) -> Response[str]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=_dump(payload, exclude_none),
        headers={**JSON_HEADERS, **(headers or {})},
    )


def error_headers(err: ServiceError) -> dict[str, str]:
    return {"Retry-After": str(err.retry_after)} if err.retry_after else {}


def error_response(err: ServiceError, request_id: str) -> Response[str]:
    return json_response(err.body(request_id), err.status, headers=error_headers(err))


def error_event_response(err: ServiceError, request_id: str) -> dict[str, Any]:
    """The same error as a raw Lambda proxy response, for refusals made before the resolver runs."""
    return {
        "statusCode": err.status,
        "headers": {"Content-Type": content_types.APPLICATION_JSON, **JSON_HEADERS, **error_headers(err)},
        "body": _dump(err.body(request_id), False),
        "isBase64Encoded": False,
    }
