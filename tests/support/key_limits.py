"""DynamoDB's key size limits on reads, which moto checks only on writes.

Real DynamoDB refuses any request naming a partition key value over 2048 bytes or a sort key value over
1024 bytes with a ValidationException, reads included (GetItem, Query, ...). moto lets such reads through,
so a test of "a caller's 3 KB value reaches a key lookup" would pass for the wrong reason. The
`dynamodb_key_limits` fixture (import `key_limits_fixture` into a test module to use it) puts the limits
in front of moto for every botocore client in the process, as an interceptor of `devkit.botocalls`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from devkit.botocalls import Call, Send, intercepting

HASH_KEY_MAX_BYTES = 2048
RANGE_KEY_MAX_BYTES = 1024
HASH_KEY_TOO_LONG = (
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"
)
_PLACEHOLDER = re.compile(r":[A-Za-z0-9_]+")


def _size(value: dict[str, Any]) -> int:
    raw = value.get("S") or value.get("N") or value.get("B") or ""
    return len(raw.encode() if isinstance(raw, str) else raw)


def _key_values(operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The attribute values a request uses as keys (item keys, or a query's key condition operands)."""
    if operation in {"GetItem", "DeleteItem", "UpdateItem"}:
        return list((params.get("Key") or {}).values())
    if operation == "Query":
        names = _PLACEHOLDER.findall(params.get("KeyConditionExpression") or "")
        values = params.get("ExpressionAttributeValues") or {}
        return [values[n] for n in names if n in values]
    if operation == "TransactWriteItems":
        found: list[dict[str, Any]] = []
        for entry in params.get("TransactItems") or []:
            for action in entry.values():
                found.extend((action.get("Key") or {}).values())
        return found
    return []


def too_long(operation: str, params: dict[str, Any]) -> bool:
    return any(_size(value) > HASH_KEY_MAX_BYTES for value in _key_values(operation, params))


@pytest.fixture(name="dynamodb_key_limits")
def key_limits_fixture(aws: Any) -> Iterator[list[str]]:
    """Refuse reads and writes whose key values exceed DynamoDB's limits; yields the refused operations."""
    refused: list[str] = []

    def limited(call: Call, send: Send) -> Any:
        if too_long(call.operation, call.params):
            refused.append(call.operation)
            raise call.refusal("ValidationException", HASH_KEY_TOO_LONG)
        return send()

    with intercepting(limited, service="dynamodb"):
        yield refused
