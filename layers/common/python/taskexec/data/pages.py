"""Opaque page tokens for list routes.

A token is the position of the last item returned. It is checked on the way back in: it must name the same
index partition as the query it continues, so a crafted token cannot read another user's partition, and any
garbage is a 400 rather than a DynamoDB error.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from taskexec.errors import ErrorCode, ServiceError

_BAD_TOKEN = ServiceError(
    ErrorCode.INVALID_REQUEST,
    "nextToken is not valid for this query.",
    suggestion="Send back the nextToken exactly as a previous page returned it, with the same query.",
)


def encode(position: dict[str, str]) -> str:
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, key_names: tuple[str, ...], partition: tuple[str, str]) -> dict[str, dict[str, Any]]:
    """The exclusive start key for DynamoDB, or INVALID_REQUEST."""
    if len(token) > 2048:
        raise _BAD_TOKEN
    try:
        padded = token + "=" * (-len(token) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _BAD_TOKEN from None
    if (
        not isinstance(position, dict)
        or sorted(position) != sorted(key_names)
        or not all(isinstance(v, str) and 0 < len(v) <= 512 for v in position.values())
        or position.get(partition[0]) != partition[1]
    ):
        raise _BAD_TOKEN
    return {name: {"S": value} for name, value in position.items()}
