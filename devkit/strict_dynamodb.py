"""Strict DynamoDB rules over moto: transactions take time and hold their items, and overlaps fail as on AWS.

moto applies every request at once and one at a time, so code that would meet conflicts on DynamoDB never
meets them in tests. DynamoDB's rules (the Developer Guide's "Transaction conflict handling"):

- a TransactWriteItems that touches an item another in-flight TransactWriteItems holds is cancelled:
  TransactionCanceledException, with one CancellationReason per action, `TransactionConflict` ("Transaction is
  ongoing for the item") for the held items and `None` for the others;
- a PutItem, UpdateItem or DeleteItem on a held item fails with TransactionConflictException;
- a TransactGetItems that touches a held item is cancelled the same way as a TransactWriteItems;
- GetItem, Query, Scan and BatchGetItem are never blocked, and see the items as they were before the
  transaction (its writes become visible when it ends). The SDKs do not retry any of these refusals.

`StrictRules` holds those rules and nothing else: every TransactWriteItems holds its items (table + primary
key) for `hold_s` before it is applied, so concurrent requests really overlap. Two adapters put it in front of
moto, the same rules in both:

- `in_process(rules)`: an interceptor of `devkit.botocalls`, which sees every call any botocore client sends
  (pynamodb's connections, boto3 clients, Powertools Idempotency's), for code run under `moto.mock_aws`;
- `StrictWsgi`: a WSGI middleware in front of moto's server (`make local` with LOCAL_DYNAMODB=strict).

Both keep moto's own calls serialised (moto is not thread-safe) and hold OUTSIDE that serialising lock, so
one transaction's hold never delays another request. A refusal is built once, as the HTTP response DynamoDB
sends; the server returns it as is and the in-process adapter parses it with botocore's own parser, so callers
see exactly the exception (and `CancellationReasons`) a real client would raise.

BatchWriteItem is passed through unchecked: the guide does not list it among the requests a transaction
refuses, and the service does not use it on items that transactions write.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from devkit.botocalls import Call, Send, intercepting

ENV_MODE = "LOCAL_DYNAMODB"
ENV_HOLD_MS = "LOCAL_DYNAMODB_HOLD_MS"
STRICT = "strict"
DEFAULT_HOLD_MS = 40.0
"""A TransactWriteItems of a handful of items takes tens of milliseconds on DynamoDB (two-phase commit)."""

TARGET_PREFIX = "DynamoDB_20120810."
ERROR_TYPE_PREFIX = "com.amazonaws.dynamodb.v20120810#"
ONGOING = "Transaction is ongoing for the item"
PLAIN_WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem"})

ItemId = tuple[str, str]
"""(table name, primary key as canonical JSON): one item, however the request spelt its key."""
KeyNames = Callable[[str], Sequence[str] | None]
"""Table name -> its key attribute names (hash first), or None when the table is unknown."""
T = TypeVar("T")


@dataclass(frozen=True)
class Refusal:
    """A request DynamoDB refuses, as the HTTP response it sends (status 400, JSON 1.0 body)."""

    code: str
    message: str
    reasons: tuple[str, ...] | None = None
    """Per action of a cancelled transaction: "TransactionConflict" or "None"."""

    def body(self) -> bytes:
        document: dict[str, Any] = {"__type": ERROR_TYPE_PREFIX + self.code, "Message": self.message}
        if self.reasons is not None:
            document["CancellationReasons"] = [
                {"Code": code, "Message": ONGOING} if code == "TransactionConflict" else {"Code": code}
                for code in self.reasons
            ]
        return json.dumps(document).encode()

    def headers(self) -> dict[str, str]:
        body = self.body()
        return {
            "Content-Type": "application/x-amz-json-1.0",
            "Content-Length": str(len(body)),
            "x-amzn-RequestId": uuid.uuid4().hex.upper(),
        }


def cancelled(conflicting: Iterable[bool]) -> Refusal:
    """The TransactionCanceledException of a transaction whose flagged actions touch held items."""
    reasons = tuple("TransactionConflict" if flag else "None" for flag in conflicting)
    return Refusal(
        "TransactionCanceledException",
        f"Transaction cancelled, please refer cancellation reasons for specific reasons [{', '.join(reasons)}]",
        reasons,
    )


WRITE_CONFLICT = Refusal("TransactionConflictException", ONGOING)


@dataclass
class Counts:
    """What the rules saw; `transaction_conflicts` is the figure the concurrency benchmark reports."""

    transactions: int = 0
    """TransactWriteItems that got their hold (and were then applied by moto, which may still refuse them)."""
    transaction_conflicts: int = 0
    """TransactWriteItems cancelled with TransactionConflict."""
    write_conflicts: int = 0
    """PutItem/UpdateItem/DeleteItem refused with TransactionConflictException."""
    read_conflicts: int = 0
    """TransactGetItems cancelled with TransactionConflict."""


@dataclass
class StrictRules:
    """The rules: which items in-flight transactions hold, and what a request touching them gets."""

    hold_s: float = DEFAULT_HOLD_MS / 1000
    wait: Callable[[float], object] = time.sleep
    """How a transaction spends its hold; a test may hold until it says so instead."""
    counts: Counts = field(default_factory=Counts)
    _held: dict[ItemId, int] = field(default_factory=dict)
    _key_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _tokens: Iterator[int] = field(default_factory=itertools.count)

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> StrictRules | None:
        """The rules when LOCAL_DYNAMODB=strict (hold from LOCAL_DYNAMODB_HOLD_MS), else None: moto as is."""
        environ = dict(os.environ) if environ is None else environ
        mode = environ.get(ENV_MODE, "").strip().lower()
        if mode in ("", "moto"):
            return None
        if mode != STRICT:
            raise ValueError(f"{ENV_MODE} must be '{STRICT}' or unset, not {mode!r}")
        return cls(hold_s=float(environ.get(ENV_HOLD_MS, DEFAULT_HOLD_MS)) / 1000)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return asdict(self.counts)

    def held(self) -> set[ItemId]:
        """The items in-flight transactions hold right now."""
        with self._lock:
            return set(self._held)

    def handle(
        self,
        operation: str,
        params: dict[str, Any],
        send: Callable[[], T],
        refuse: Callable[[Refusal], T],
        key_names: KeyNames,
    ) -> T:
        """Apply the rules to one DynamoDB request: `send` lets moto answer it, `refuse` answers for DynamoDB."""
        if operation == "TransactWriteItems":
            return self._transact_write(params, send, refuse, key_names)
        if operation in PLAIN_WRITES:
            item = self._item_id(params, key_names)
            if item is not None:
                with self._lock:
                    if item in self._held:
                        self.counts.write_conflicts += 1
                        return refuse(WRITE_CONFLICT)
            return send()
        if operation == "TransactGetItems":
            items = [self._item_id(action.get("Get", {}), key_names) for action in params.get("TransactItems", [])]
            with self._lock:
                flags = [item is not None and item in self._held for item in items]
                if any(flags):
                    self.counts.read_conflicts += 1
                    return refuse(cancelled(flags))
        return send()

    def _transact_write(
        self, params: dict[str, Any], send: Callable[[], T], refuse: Callable[[Refusal], T], key_names: KeyNames
    ) -> T:
        items = [self._item_id(_action(entry), key_names) for entry in params.get("TransactItems", [])]
        mine = [item for item in items if item is not None]
        with self._lock:
            token = next(self._tokens)
            flags = [item is not None and item in self._held for item in items]
            if any(flags):
                self.counts.transaction_conflicts += 1
                return refuse(cancelled(flags))
            for item in mine:
                self._held.setdefault(item, token)  # two actions on one item: moto refuses that itself
            self.counts.transactions += 1
        try:
            self.wait(self.hold_s)  # outside every lock: other requests run meanwhile
            return send()  # applied at the end of the hold, so its writes become visible only then
        finally:
            with self._lock:
                for item in mine:
                    if self._held.get(item) == token:
                        del self._held[item]

    def _item_id(self, request: dict[str, Any], key_names: KeyNames) -> ItemId | None:
        """The item a Put/Update/Delete/Get names (a Put by the key attributes of its Item)."""
        table = request.get("TableName")
        if not isinstance(table, str):
            return None
        names = self._key_names.get(table)
        if names is None:
            found = key_names(table)
            if found is None:
                return None  # an unknown table: moto answers ResourceNotFoundException
            names = self._key_names.setdefault(table, tuple(found))
        source = request.get("Key") or request.get("Item") or {}
        return table, json.dumps({name: source.get(name) for name in names}, sort_keys=True)


def _action(entry: dict[str, Any]) -> dict[str, Any]:
    """The body of one TransactItems entry ({"Put": {...}} -> {...})."""
    return next(iter(entry.values()), {}) if len(entry) == 1 else {}


def key_names_of(description: dict[str, Any]) -> tuple[str, ...]:
    """Key attribute names from a DescribeTable answer, hash key first."""
    schema = sorted(description["Table"]["KeySchema"], key=lambda element: element["KeyType"] != "HASH")
    return tuple(element["AttributeName"] for element in schema)


# --- in process: every botocore client under moto.mock_aws -------------------------------------------------


@contextmanager
def in_process(rules: StrictRules | None = None) -> Iterator[StrictRules]:
    """Apply the rules to every DynamoDB call made in the block (moto's mock_aws must be active), through
    devkit.botocalls.

    moto's calls run one at a time under a lock (as behind the local server), holds run outside it.
    """
    from botocore.exceptions import ClientError

    rules = rules or StrictRules()
    serial = threading.Lock()

    def strict(call: Call, send: Send) -> Any:
        def send_serially() -> Any:
            with serial:
                return send()

        def key_names(table: str) -> tuple[str, ...] | None:
            try:
                with serial:
                    return key_names_of(call.unintercepted("DescribeTable", {"TableName": table}))
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                    return None
                raise

        def refuse(refusal: Refusal) -> Any:
            raise client_error(call.client, call.operation, refusal)

        return rules.handle(call.operation, call.params, send_serially, refuse, key_names)

    with intercepting(strict, service="dynamodb"):
        yield rules


def client_error(client: Any, operation: str, refusal: Refusal) -> Exception:
    """The exception botocore raises for this HTTP response: parsed as botocore's endpoint parses an error
    (modeled fields such as CancellationReasons included), raised as the client's modeled exception class."""
    from botocore.awsrequest import HeadersDict
    from botocore.parsers import create_parser

    service = client.meta.service_model
    parser = create_parser(service.protocol)
    response = {"status_code": 400, "headers": HeadersDict(refusal.headers()), "body": refusal.body()}
    parsed = parser.parse(response, service.operation_model(operation).output_shape)
    error_shape = service.shape_for_error_code(refusal.code)
    if error_shape is not None:
        modeled = parser.parse(response, error_shape)
        parsed.update(modeled)
    exception: Exception = client.exceptions.from_code(refusal.code)(parsed, operation)
    return exception


# --- in front of moto's server ------------------------------------------------------------------------------

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class StrictWsgi:
    """WSGI middleware applying the rules to DynamoDB's JSON requests (X-Amz-Target DynamoDB_20120810.*).

    `app` must be the serialised moto app: this middleware holds before calling it, never inside it.
    """

    def __init__(self, app: WsgiApp, rules: StrictRules) -> None:
        self.app = app
        self.rules = rules

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        if not target.startswith(TARGET_PREFIX):
            return self.app(environ, start_response)
        operation = target.removeprefix(TARGET_PREFIX)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            params = json.loads(raw or b"{}")
        except ValueError:
            return self.app(environ, start_response)  # moto answers the malformed request

        def send() -> Iterable[bytes]:
            return self.app(environ, start_response)

        def refuse(refusal: Refusal) -> Iterable[bytes]:
            start_response("400 Bad Request", list(refusal.headers().items()))
            return [refusal.body()]

        def key_names(table: str) -> tuple[str, ...] | None:
            return self._describe(environ, table)

        return self.rules.handle(operation, params, send, refuse, key_names)

    def _describe(self, environ: dict[str, Any], table: str) -> tuple[str, ...] | None:
        """DescribeTable through moto, signed as the request being checked (same account and region)."""
        body = json.dumps({"TableName": table}).encode()
        probe = {
            **environ,
            "HTTP_X_AMZ_TARGET": TARGET_PREFIX + "DescribeTable",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
        status: list[str] = []
        answer = b"".join(self.app(probe, lambda code, headers, exc_info=None: status.append(code)))
        if not status or not status[0].startswith("200"):
            return None
        return key_names_of(json.loads(answer))
