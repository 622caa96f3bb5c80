"""The shape a caller's JSON is held to before anything walks it: how deep it nests and how many keys it has.

Every way in applies the same bounds after its size limit (the HTTP guard after the 256 KiB body limit, the
TaskRequested consumer after EventBridge's 256 KB), so the code that walks a body afterwards (the escalation
check, validation, the answer's details) never recurses deeper than MAX_DEPTH or lists more than MAX_KEYS
problems. Both walks here are iterative and stop as soon as a bound is passed.
"""

from typing import Any

from taskexec.errors import ErrorCode, ServiceError

MAX_DEPTH = 32
"""Levels of nesting; an execute body needs 3, a batch 4."""
MAX_KEYS = 1000
"""Keys at any depth; a batch of 25 structured tasks has about 200."""


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deep `value` nests (a scalar is 1), counted no further than limit + 1."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > limit:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def keys(value: Any, limit: int = MAX_KEYS) -> int:
    """How many object keys `value` holds at any depth, counted no further than limit + 1."""
    count, stack = 0, [value]
    while stack and count <= limit:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def refusal(value: Any, what: str = "The body") -> ServiceError | None:
    """400 INVALID_REQUEST for a value past either bound (None within them)."""
    if depth(value) > MAX_DEPTH:
        return ServiceError(ErrorCode.INVALID_REQUEST, f"{what} nests deeper than {MAX_DEPTH} levels.")
    if keys(value) > MAX_KEYS:
        return ServiceError(
            ErrorCode.INVALID_REQUEST,
            f"{what} has more than {MAX_KEYS} keys.",
            suggestion="Send only the fields of the execute body.",
        )
    return None
