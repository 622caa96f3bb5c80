"""The caller's identity, taken only from the claims the API Gateway JWT authorizer verified."""

import re
from typing import Any, NamedTuple

from taskexec.errors import ErrorCode, ServiceError

_SUB = re.compile(r"[A-Za-z0-9-]{1,128}")
"""Matched whole (fullmatch): `$` would also accept a trailing newline."""


class Identity(NamedTuple):
    user_id: str
    email: str | None = None
    username: str | None = None
    """No groups: the role comes from the user's row on every request, never from the token's groups."""


def identity_from_event(event: dict[str, Any]) -> Identity:
    """Claims live at requestContext.authorizer.jwt.claims; anything missing or odd is 401."""
    claims = (((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt") or {}).get("claims")
    if not isinstance(claims, dict):
        raise _unauthenticated()
    sub = claims.get("sub")
    if not isinstance(sub, str) or not _SUB.fullmatch(sub):
        raise _unauthenticated()
    email = claims.get("email")
    username = claims.get("cognito:username") or claims.get("username")
    return Identity(
        user_id=sub,
        email=email if isinstance(email, str) else None,
        username=username if isinstance(username, str) else None,
    )


def _unauthenticated() -> ServiceError:
    return ServiceError(
        ErrorCode.UNAUTHENTICATED,
        "The request carries no usable identity.",
        suggestion="Sign in and send the ID or access token as 'Authorization: Bearer <token>'.",
    )
