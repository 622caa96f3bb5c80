"""DynamoDB failures translated to the contract's 503s; never an AWS message or table name to the caller."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from taskexec.errors import ServiceError, busy, database_unavailable

THROTTLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "LimitExceededException",
    }
)


def aws_error_code(exc: BaseException) -> str | None:
    """The AWS error code behind a botocore or pynamodb exception, if any."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "") or None
    if isinstance(exc, PynamoDBException) and exc.cause is not None:
        # Read the cause itself: pynamodb's cause_response_code raises on causes without a response
        # (timeouts, connection errors).
        return aws_error_code(exc.cause)
    return None


def is_database_fault(exc: BaseException) -> bool:
    return isinstance(exc, (ClientError, BotoCoreError, PynamoDBException))


def to_service_error(exc: BaseException) -> ServiceError:
    """Throttling becomes SERVICE_BUSY (retry soon); anything else from the database DATABASE_UNAVAILABLE."""
    if aws_error_code(exc) in THROTTLE_CODES:
        return busy()
    return database_unavailable()
