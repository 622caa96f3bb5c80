"""Checks every request passes before any route code or schema validation runs.

Order matters and follows the contract: size and JSON first (cheap, no identity needed), then who the caller
is (token claims, then the user row, authoritative on every request), then attempts to smuggle identity or
privilege in through the body, query string or headers.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from typing import Any

from taskexec import config
from taskexec.data import user_store
from taskexec.data.faults import is_database_fault, to_service_error
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError
from taskexec.identity import Identity

ESCALATION_FIELDS = frozenset(
    {
        "userid",
        "createdbyid",
        "role",
        "roles",
        "group",
        "groups",
        "cognitogroups",
        "isadmin",
        "admin",
        "issuperadmin",
        "superadmin",
        "permissions",
        "privileges",
        "claims",
        "sub",
        "owner",
        "ownerid",
        "identity",
        "scopes",
        "actas",
        "impersonate",
    }
)
"""Names (folded: lower case, no '-', '_' or ':') that try to say who the caller is or what they may do."""

ESCALATION_HEADERS = frozenset(f"x{name}" for name in ESCALATION_FIELDS) | {"xamznoidcidentity", "xforwardeduser"}

MAX_DEPTH = 32


def fold(name: str) -> str:
    return re.sub(r"[-_:\s.]", "", name).lower()


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
    if _depth(body) > MAX_DEPTH:
        raise ServiceError(ErrorCode.INVALID_REQUEST, f"The body nests deeper than {MAX_DEPTH} levels.")
    return body


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _keys(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            yield here
            yield from _keys(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, f"{path}[{index}]")


def escalation_fields(event: dict[str, Any], body: Any, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Where the request tries to supply identity or privilege: body keys, query names, headers."""
    found = [
        f"body.{path}" for path in _keys(body) if fold(re.split(r"[.\[]", path)[-1]) in ESCALATION_FIELDS - allowed
    ]
    found += [f"query.{name}" for name in (event.get("queryStringParameters") or {}) if fold(name) in ESCALATION_FIELDS]
    found += [f"header.{name}" for name in (event.get("headers") or {}) if fold(name) in ESCALATION_HEADERS]
    return found


def authenticate(identity: Identity) -> User:
    """The caller's user row; 403 USER_NOT_REGISTERED / USER_INACTIVE, or 503 when it cannot be read."""
    try:
        user = user_store.get_user(identity.user_id)
    except Exception as exc:
        if is_database_fault(exc):
            raise to_service_error(exc) from exc
        raise
    if user is None:
        raise ServiceError(
            ErrorCode.USER_NOT_REGISTERED,
            "This account has no user record in the service.",
            suggestion="Finish signing up, or ask an administrator to register the account.",
        )
    if not user.active:
        raise ServiceError(
            ErrorCode.USER_INACTIVE, "This account is not active.", suggestion="Ask a SUPER_ADMIN to reactivate it."
        )
    return user


def escalation_error(fields: list[str]) -> ServiceError:
    return ServiceError(
        ErrorCode.PRIVILEGE_ESCALATION_ATTEMPT,
        "The request tries to set identity or privileges; they come only from your sign-in.",
        suggestion="Remove " + ", ".join(fields[:5]) + " from the request.",
    )
