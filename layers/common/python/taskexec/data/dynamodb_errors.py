"""DynamoDB failures translated to the contract's errors; never an AWS message or table name to the caller.

Two kinds of failure come back from DynamoDB, and they are nobody else's:
- the caller's: a ValidationException caused by a value the caller sent (a key over 2048 bytes for a hash
  key or 1024 for a range key, an item over 400 KB, an empty key string, a number out of range). That is a
  4xx: VALIDATION_FAILED naming the field where the store knows it, INVALID_REQUEST otherwise. Monitoring
  counts it as INVALID, so a caller cannot turn bad input into an outage;
- the service's: throttling (SERVICE_BUSY), timeouts, connection errors and server-side errors
  (DATABASE_UNAVAILABLE). Only these count as FAILED.
A ValidationException that no caller's value explains is a defect in our own request (an expression, a
type): INTERNAL_ERROR, logged, and counted as FAILED as well, since it is ours to fix.

The request path bounds caller values before they reach DynamoDB where that is natural (schemas, the
assignee hint, page tokens); the classification here is the net under those bounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from taskexec.errors import ServiceError, busy, database_unavailable, internal_error, value_rejected

THROTTLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "LimitExceededException",
    }
)
VALIDATION_CODES = frozenset({"ValidationException", "ValidationError"})
"""`ValidationException` for a single call; `ValidationError` is its name in a transaction's cancellation
reasons."""

CALLER_VALUE_PHRASES = (
    "exceeded the maximum",  # Item size has exceeded the maximum allowed size; Size of hashkey has exceeded...
    "exceeded the size limit",  # Aggregated size of all range keys has exceeded the size limit of 1024 bytes
    "must be under",  # Hash primary key values must be under 2048 bytes
    "too large",
    "too long",
    "empty string",  # The AttributeValue for a key attribute cannot contain an empty string value
    "number overflow",
    "number underflow",
)
"""What DynamoDB says when a value itself is refused, as opposed to the request's shape. Plain substring
tests on a bounded message: linear time whatever the message."""
_MESSAGE_SCAN = 1000


def aws_error_code(exc: BaseException) -> str | None:
    """The AWS error code behind a botocore or pynamodb exception, if any."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "") or None
    if isinstance(exc, PynamoDBException) and exc.cause is not None:
        # Read the cause itself: pynamodb's cause_response_code raises on causes without a response
        # (timeouts, connection errors).
        return aws_error_code(exc.cause)
    return None


def _client_error(exc: BaseException) -> ClientError | None:
    if isinstance(exc, ClientError):
        return exc
    if isinstance(exc, PynamoDBException) and exc.cause is not None:
        return _client_error(exc.cause)
    return None


def _refuses_a_value(message: Any) -> bool:
    text = str(message or "")[:_MESSAGE_SCAN].lower()
    return any(phrase in text for phrase in CALLER_VALUE_PHRASES)


def is_caller_value_fault(exc: BaseException) -> bool:
    """True when DynamoDB refused a value (its size, an empty key), not the service or our request's shape.

    Looks through pynamodb's wrapping and into a cancelled transaction's reasons, where the refusal of one
    item arrives as `ValidationError`.
    """
    error = _client_error(exc)
    if error is None:
        return False
    code = str(error.response.get("Error", {}).get("Code") or "")
    if code in VALIDATION_CODES:
        return _refuses_a_value(error.response.get("Error", {}).get("Message"))
    if code == "TransactionCanceledException":
        reasons = error.response.get("CancellationReasons") or []
        return any(
            isinstance(r, dict) and r.get("Code") in VALIDATION_CODES and _refuses_a_value(r.get("Message"))
            for r in reasons
        )
    return False


def is_database_fault(exc: BaseException) -> bool:
    return isinstance(exc, (ClientError, BotoCoreError, PynamoDBException))


def to_service_error(exc: BaseException, field: str | None = None) -> ServiceError:
    """The contract's error for a database fault.

    A caller's refused value: VALIDATION_FAILED on `field` when the store knows it, else INVALID_REQUEST.
    Throttling: SERVICE_BUSY. Another ValidationException: INTERNAL_ERROR (our request is wrong). Anything
    else (timeouts, connection errors, 5xx, a missing table or permission): DATABASE_UNAVAILABLE.
    """
    if is_caller_value_fault(exc):
        return value_rejected(field)
    code = aws_error_code(exc)
    if code in THROTTLE_CODES:
        return busy()
    if code in VALIDATION_CODES:
        return internal_error()
    return database_unavailable()


@contextmanager
def caller_values(field: str | None = None) -> Iterator[None]:
    """Around a store call that carries a caller's value: a refused value becomes the caller's 4xx (on
    `field` when given) instead of reaching the API as a database fault. Other faults pass unchanged."""
    try:
        yield
    except (ClientError, PynamoDBException) as exc:
        if is_caller_value_fault(exc):
            raise value_rejected(field) from None
        raise
