"""The one low-level DynamoDB client, for the verbs pynamodb has no model method for (TransactWriteItems
with mixed tables and free-form counters).

It reuses pynamodb's botocore client, so a cold start pays for one DynamoDB client, not two.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pynamodb.connection import Connection

from taskexec import config


@cache
def connection() -> Connection:
    """pynamodb's connection, for transactions that span tables."""
    return Connection(region=config.region(), connect_timeout_seconds=2, read_timeout_seconds=4, max_retry_attempts=2)


def dynamodb() -> Any:
    """The botocore DynamoDB client behind `connection()`."""
    return connection().client
