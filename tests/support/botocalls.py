"""The one botocore interceptor of the tests and the benchmark.

Every botocore client (pynamodb's connections, `taskexec.data.clients.dynamodb()`, Powertools Idempotency's
boto3 client) sends its requests through `BaseClient._make_api_call`; moto answers below it (on the
`before-send` event). Wrapping that method therefore sees each call at its real call site, after pynamodb has
built it and before moto runs it, and an exception raised there is what the caller would get from botocore
after its own retries were exhausted. Counting, recording and fault injection are all wrappers of this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from botocore.client import BaseClient

Send = Callable[[], Any]
Wrapper = Callable[[Send, str, dict[str, Any]], Any]
"""(send the real call, operation name, its parameters) -> its result (or an exception)."""


@contextmanager
def around_dynamodb_calls(wrapper: Wrapper) -> Iterator[None]:
    """Route every DynamoDB call made inside the block through `wrapper` (other services pass untouched)."""
    original = BaseClient._make_api_call  # type: ignore[attr-defined]

    def patched(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if client.meta.service_model.service_name != "dynamodb":
            return original(client, operation, params)
        return wrapper(lambda: original(client, operation, params), operation, params)

    with mock.patch.object(BaseClient, "_make_api_call", patched):
        yield
