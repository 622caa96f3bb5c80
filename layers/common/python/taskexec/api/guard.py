"""Checks every request passes before any route code or schema validation runs.

Order matters and follows the contract: size and JSON first (cheap, no identity needed), then who the caller
is (token claims, then the user row, authoritative on every request), then attempts to smuggle identity or
privilege in through the body, query string or headers.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from taskexec import config, escalation, shapes, standing
from taskexec.data import user_store
from taskexec.data.dynamodb_errors import is_database_fault, to_service_error
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError
from taskexec.identity import Identity


def raw_body(event: dict[str, Any]) -> bytes:
    body = event.get("body")
    if body is None:
        return b""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise ServiceError(ErrorCode.INVALID_REQUEST, "The body is not valid base64.") from None
    return str(body).encode("utf-8", "surrogatepass")


def parse_body(event: dict[str, Any]) -> Any:
    """The JSON body (None when empty), or 413 / 400 before anything else looks at it."""
    data = raw_body(event)
    limit = config.settings().max_body_bytes
    if len(data) > limit:
        raise ServiceError(
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"The body is larger than {limit // 1024} KiB.",
            suggestion="Send a shorter message, or split a batch into several requests.",
        )
    if not data.strip():
        return None
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        raise ServiceError(
            ErrorCode.INVALID_JSON,
            "The body is not valid JSON.",
            suggestion="Send a JSON object with Content-Type: application/json.",
        ) from None
    refused = shapes.refusal(body)
    if refused is not None:
        raise refused
    return body


def escalation_fields(
    event: dict[str, Any],
    body: Any,
    allowed: frozenset[str] = frozenset(),
    allowed_query: frozenset[str] = frozenset(),
    carried: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> list[str]:
    """Where an HTTP request tries to supply identity or privilege: body keys, query names, headers. The
    `carried` top-level body fields hold another record's data (a preview's copy of an event, whose task has a
    `createdById`): their keys describe that record and claim nothing for the caller, so they are not read."""
    if carried and isinstance(body, dict):
        body = {key: value for key, value in body.items() if key not in carried}
    query, headers = event.get("queryStringParameters") or {}, event.get("headers") or {}
    return escalation.found(body, query, headers, allowed=allowed, allowed_query=allowed_query, only=only)


def authenticate(identity: Identity) -> User:
    """The caller's user row; 403 USER_NOT_REGISTERED / USER_INACTIVE, or 503 when it cannot be read."""
    try:
        user = user_store.get_user(identity.user_id)
    except Exception as exc:
        if is_database_fault(exc):
            raise to_service_error(exc) from exc
        raise
    return standing.admitted(user, standing.ACCOUNT)
