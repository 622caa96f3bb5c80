"""Breaking the real AWS calls of a request: the faults, injected through `devkit.botocalls`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError, ConnectTimeoutError, ReadTimeoutError

from devkit.botocalls import Call, Send, intercepting

LEAKY_MESSAGE = (
    "Throughput exceeds the current capacity of your table or index TasksTable (Service: DynamoDb, "
    "Status Code: 400, Request ID: 6QH0R9SAMPLE); arn:aws:dynamodb:us-east-1:123456789012:table/UsersTable"
)
"""What an AWS error message looks like: table names, ARNs, request ids. None of it may reach a caller."""


def client_error(code: str, operation: str, reasons: list[str] | None = None) -> ClientError:
    response: dict[str, Any] = {
        "Error": {"Code": code, "Message": LEAKY_MESSAGE},
        "ResponseMetadata": {"HTTPStatusCode": 500 if code == "InternalServerError" else 400},
    }
    if reasons is not None:
        response["CancellationReasons"] = [{"Code": r, "Message": LEAKY_MESSAGE} for r in reasons]
    return ClientError(response, operation)  # type: ignore[arg-type]


ENDPOINT = "https://dynamodb.us-east-1.amazonaws.com/"

FAULTS: dict[str, Callable[[str], Exception]] = {
    "throughput": lambda op: client_error("ProvisionedThroughputExceededException", op),
    "throttling": lambda op: client_error("ThrottlingException", op),
    "read-timeout": lambda op: ReadTimeoutError(endpoint_url=ENDPOINT),
    "connect-timeout": lambda op: ConnectTimeoutError(endpoint_url=ENDPOINT),
    "internal-error": lambda op: client_error("InternalServerError", op),
}
"""The faults of a DynamoDB call, by name: what botocore raises once its retries are spent."""

THROTTLES = frozenset({"throughput", "throttling"})


def table_of(params: dict[str, Any]) -> str | None:
    name = params.get("TableName")
    return str(name) if name else None


@dataclass
class CallLog:
    """Every DynamoDB call made, in order, as (operation, table)."""

    calls: list[tuple[str, str | None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, operation: str, params: dict[str, Any]) -> None:
        with self._lock:
            self.calls.append((operation, table_of(params)))

    def operations(self) -> list[str]:
        return [operation for operation, _ in self.calls]


@dataclass
class Fault:
    """Fail the `nth` (1-based) call of `operation` on `table` (any table when None), `times` times in a row
    (None: every call from the nth on). `after_send` makes the call really happen and then fail, as when
    a response is lost after DynamoDB applied the request."""

    operation: str
    error: Callable[[str], Exception]
    table: str | None = None
    nth: int = 1
    times: int | None = 1
    after_send: bool = False
    seen: int = 0
    raised: int = 0

    def applies(self, operation: str, params: dict[str, Any]) -> bool:
        if operation != self.operation or (self.table is not None and table_of(params) != self.table):
            return False
        self.seen += 1
        if self.seen < self.nth:
            return False
        return self.times is None or self.raised < self.times


@contextmanager
def injected(*faults: Fault, log: CallLog | None = None) -> Iterator[CallLog]:
    """Make the given faults happen at their real call sites; yields the log of every call attempted."""
    log = log or CallLog()

    def inject(call: Call, send: Send) -> Any:
        log.record(call.operation, call.params)
        for fault in faults:
            if fault.applies(call.operation, call.params):
                fault.raised += 1
                if fault.after_send:
                    send()
                raise fault.error(call.operation)
        return send()

    with intercepting(inject, service="dynamodb"):
        yield log
