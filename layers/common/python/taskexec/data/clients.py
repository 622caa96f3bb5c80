"""The service's AWS clients: the one low-level DynamoDB client, for the verbs pynamodb has no model method
for (TransactWriteItems with mixed tables and free-form counters), and botocore clients for the other services.

The DynamoDB client is pynamodb's own, so a cold start pays for one DynamoDB client, not two. The others are
botocore's, as boto3's clients are, without importing boto3: pynamodb needs only botocore, and boto3 (with
s3transfer and multiprocessing under it) was most of what the users function loaded beyond its libraries.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.config import Config
from botocore.session import Session, get_session
from pynamodb.connection import Connection

from taskexec import config


@cache
def connection() -> Connection:
    """pynamodb's connection, for transactions that span tables."""
    return Connection(region=config.region(), connect_timeout_seconds=2, read_timeout_seconds=4, max_retry_attempts=2)


def dynamodb() -> Any:
    """The botocore DynamoDB client behind `connection()`."""
    return connection().client


@cache
def _session() -> Session:
    return get_session()


@cache
def client(service: str, client_config: Config) -> Any:
    """A botocore client of `service` in the function's region, made once per process (and per configuration)."""
    return _session().create_client(service, region_name=config.region(), config=client_config)
