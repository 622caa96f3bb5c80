"""The one interception point of the AWS calls made in this process, for every emulator rule and measurement.

Every botocore client (pynamodb's connections, boto3's clients, Powertools Idempotency's) sends each request
through `BaseClient._make_api_call`; moto answers below it (on botocore's `before-send` event). That method is
wrapped once, the first time anything intercepts, and stays wrapped: each call then passes through the
interceptors registered at that moment, the most recently registered first, each one given the call and a
`send` that runs the rest of the chain and, at its end, botocore itself. An interceptor may look, count, hold,
answer for AWS (raise the error botocore would raise after its own retries) or let the call through; whatever
it raises is what the caller gets. With nothing registered a call costs one extra function call.

Strict DynamoDB rules (`devkit.strict_dynamodb.in_process`), the tests' call counting, IAM recording, key
limits and fault injection, and the capacity benchmark all register here, for any service (`service=` narrows
one interceptor to one). A call knows which Lambda function's code made it (`Call.function`, a template logical
id): `devkit.handlers` runs every handler it loads, and the local stack's runtime every invocation, inside
`running_as(logical_id)`; a call made outside any handler (a test's set-up) has None. A check of each call
against its function's IAM policy, or of AWS's size limits, is one more interceptor.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

Send = Callable[[], Any]
"""Run the rest of the chain (and botocore) for this call; its answer or its exception."""

_function: ContextVar[str | None] = ContextVar("devkit_function", default=None)
_lock = threading.Lock()
_chain: tuple[_Registration, ...] = ()
_botocore: Callable[[Any, str, dict[str, Any]], Any] | None = None
"""botocore's own `_make_api_call`, once wrapped."""


@contextmanager
def running_as(function: str) -> Iterator[None]:
    """The calls made inside the block (in this thread or task) are made by `function`'s code."""
    token = _function.set(function)
    try:
        yield
    finally:
        _function.reset(token)


def current_function() -> str | None:
    """The Lambda function whose handler is running here, or None outside any handler."""
    return _function.get()


@dataclass(frozen=True)
class Call:
    """One AWS API call as botocore is about to send it."""

    service: str
    """botocore's service name: "dynamodb", "events", "sns", "sqs", ..."""
    operation: str
    """The API operation: "GetItem", "PutEvents", ..."""
    params: dict[str, Any]
    """The request's parameters, as the caller passed them (pynamodb's already serialised)."""
    client: Any
    """The botocore client sending it: its `exceptions`, `meta.service_model`."""
    function: str | None
    """The logical id of the Lambda function whose code makes the call (None outside any handler)."""

    def unintercepted(self, operation: str, params: dict[str, Any]) -> Any:
        """Another request on the same client that no interceptor sees: an emulator's own bookkeeping (the key
        schema behind a rule, an item's image before and after), which neither counts nor is checked."""
        assert _botocore is not None
        return _botocore(self.client, operation, params)

    def refusal(self, code: str, message: str) -> Exception:
        """The modeled exception botocore raises when AWS answers this call with error `code`."""
        error: Exception = self.client.exceptions.from_code(code)(
            {"Error": {"Code": code, "Message": message}}, self.operation
        )
        return error


Interceptor = Callable[[Call, Send], Any]
"""(the call, send it on) -> its answer, or raise what the caller gets instead."""


@dataclass(frozen=True, eq=False)
class _Registration:
    interceptor: Interceptor
    service: str | None


def _intercepted(client: Any, operation: str, params: dict[str, Any]) -> Any:
    assert _botocore is not None
    chain = _chain
    if not chain:
        return _botocore(client, operation, params)
    call = Call(client.meta.service_model.service_name, operation, params, client, _function.get())

    def step(index: int) -> Any:
        while index < len(chain) and chain[index].service not in (None, call.service):
            index += 1
        if index == len(chain):
            return _botocore(client, operation, params)
        return chain[index].interceptor(call, lambda: step(index + 1))

    return step(0)


def _install() -> None:
    global _botocore
    from botocore.client import BaseClient

    if _botocore is None:
        _botocore = BaseClient._make_api_call  # type: ignore[attr-defined]
        BaseClient._make_api_call = _intercepted  # type: ignore[attr-defined]


@contextmanager
def intercepting(interceptor: Interceptor, service: str | None = None) -> Iterator[None]:
    """Pass every AWS call made inside the block, from any thread, through `interceptor` (only the calls to
    `service` when given), before the interceptors registered earlier."""
    global _chain
    registration = _Registration(interceptor, service)
    with _lock:
        _install()
        _chain = (registration, *_chain)
    try:
        yield
    finally:
        with _lock:
            _chain = tuple(entry for entry in _chain if entry is not registration)
