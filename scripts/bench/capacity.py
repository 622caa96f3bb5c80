"""The inputs of docs/capacity.md: item sizes and read/write capacity units per request, from a moto run.

moto does not charge capacity, so this computes it from the calls themselves, with DynamoDB's published rules:
an item's size is the sum of its attribute names and values (strings UTF-8, numbers ~1 byte per 2 significant
digits + 1, maps and lists 3 bytes + 1 per element); a write costs 1 WCU per KB of the larger of the item's
before and after images (2 in a transaction), and 1 more per KB in every GSI whose projection it changes (2 if
it moves the item to another index key); a read costs 1 RCU per 4 KB (0.5 eventually consistent, 2 in a
transaction), a Query or Scan per 4 KB of everything it read, filtered out or not. Every call any botocore
client makes is seen through `devkit.botocalls`, with before and after images read directly from moto
(those reads are not counted, nor seen by any other interceptor).

Run: `python -m scripts.bench.capacity` (JSON). Not part of `make bench`: these are units, not speed.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from scripts.bench import call, make_user, moto_world

SEED_TASKS = 60
"""Executions before the read routes are measured, so that pages are full (limit 25) and sizes typical."""


def value_size(value: dict[str, Any]) -> int:
    ((kind, inner),) = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        digits = inner.lstrip("-").replace(".", "").strip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(base64.b64decode(inner)) if isinstance(inner, str) else len(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + value_size(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + value_size(v) for k, v in inner.items())
    if kind == "SS":
        return sum(len(s.encode()) for s in inner)
    if kind == "NS":
        return sum(value_size({"N": n}) for n in inner)
    return 0


def item_size(item: dict[str, Any] | None) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in (item or {}).items())


@dataclass
class Schema:
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indexes: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def from_template(cls) -> Schema:
        from devkit.template import create_table_requests, table_logical_ids

        schema = cls()
        for request in create_table_requests({lid: lid for lid in table_logical_ids()}):
            table = request["TableName"]
            schema.keys[table] = tuple(k["AttributeName"] for k in request["KeySchema"])
            schema.indexes[table] = {
                g["IndexName"]: tuple(k["AttributeName"] for k in g["KeySchema"])
                for g in request.get("GlobalSecondaryIndexes", [])
            }
        return schema


@dataclass
class Usage:
    """Units consumed by one request, by table or `table/index`."""

    rcu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    wcu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    items_read: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    calls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "rcu": {k: round(v, 2) for k, v in sorted(self.rcu.items())},
            "wcu": {k: round(v, 2) for k, v in sorted(self.wcu.items())},
            "items_read": dict(sorted(self.items_read.items())),
            "total_rcu": round(sum(self.rcu.values()), 2),
            "total_wcu": round(sum(self.wcu.values()), 2),
        }


class Meter:
    """Charges every DynamoDB call made while metering to the current Usage."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.usage: Usage | None = None
        self.sizes: dict[str, list[int]] = defaultdict(list)

    def _write(self, table: str, before: dict[str, Any] | None, after: dict[str, Any] | None, factor: int) -> None:
        assert self.usage is not None
        self.usage.wcu[table] += factor * math.ceil(max(item_size(before), item_size(after), 1) / 1024)
        for index, keys in self.schema.indexes.get(table, {}).items():
            old = before is not None and all(k in before for k in keys)
            new = after is not None and all(k in after for k in keys)
            moved = old and new and any(before[k] != after[k] for k in keys)  # type: ignore[index]
            if before == after or not (old or new):
                continue
            units = math.ceil(max(item_size(before) if old else 0, item_size(after) if new else 0, 1) / 1024)
            self.usage.wcu[f"{table}/{index}"] += units * (2 if moved else 1)

    def _read(self, resource: str, sizes: list[int], consistent: bool, factor: float = 1.0) -> None:
        assert self.usage is not None
        self.usage.rcu[resource] += factor * math.ceil(max(sum(sizes), 1) / 4096) * (1 if consistent else 0.5)
        self.usage.items_read[resource] += len(sizes)

    def charge(self, operation: str, params: dict[str, Any], send: Callable[[], Any], get: Callable[..., Any]) -> Any:
        if self.usage is None:
            return send()
        self.usage.calls.append(operation)
        if operation in ("PutItem", "UpdateItem", "DeleteItem"):
            table = params["TableName"]
            key = self._key(table, params.get("Key") or params["Item"])
            before = get(table, key)
            response = send()
            after = get(table, key)
            self._write(table, before, after, 1)
            self._record(table, after)
            return response
        if operation == "TransactWriteItems":
            actions = [next(iter(a.items())) for a in params["TransactItems"]]
            images = []
            for _, action in actions:
                table = action["TableName"]
                key = self._key(table, action.get("Key") or action["Item"])
                images.append((table, key, get(table, key)))
            response = send()
            for table, key, before in images:
                after = get(table, key)
                self._write(table, before, after, 2)
                self._record(table, after)
            return response
        if operation == "BatchWriteItem":
            for table, requests in params["RequestItems"].items():
                for request in requests:
                    item = request.get("PutRequest", {}).get("Item")
                    if item is None:  # a DeleteRequest: its item's size is not in the request
                        self.usage.wcu[table] += 1
                        continue
                    self._write(table, None, item, 1)
                    self._record(table, item)
            return send()
        response = send()
        if operation == "GetItem":
            self._read(params["TableName"], [item_size(response.get("Item"))], bool(params.get("ConsistentRead")))
        elif operation in ("Query", "Scan"):
            resource = params["TableName"] + (f"/{params['IndexName']}" if params.get("IndexName") else "")
            returned = [item_size(i) for i in response.get("Items", [])]
            typical = statistics.mean(returned) if returned else self._typical(params["TableName"])
            skipped = max(0, int(response.get("ScannedCount", len(returned))) - len(returned))
            self._read(resource, returned + [round(typical)] * skipped, bool(params.get("ConsistentRead")))
        elif operation == "BatchGetItem":
            for table, found in response.get("Responses", {}).items():
                self._read(table, [item_size(i) for i in found], False)
        return response

    def _key(self, table: str, source: dict[str, Any]) -> dict[str, Any]:
        return {name: source[name] for name in self.schema.keys[table]}

    def _record(self, table: str, item: dict[str, Any] | None) -> None:
        if item is not None:
            self.sizes[table].append(item_size(item))

    def _typical(self, table: str) -> float:
        return statistics.mean(self.sizes[table]) if self.sizes[table] else 1024.0

    @contextmanager
    def request(self) -> Iterator[Usage]:
        self.usage = Usage()
        try:
            yield self.usage
        finally:
            self.usage = None


@contextmanager
def metering(schema: Schema) -> Iterator[Meter]:
    from devkit.botocalls import Call, Send, intercepting

    meter = Meter(schema)

    def charged(call: Call, send: Send) -> Any:
        def get(table: str, key: dict[str, Any]) -> dict[str, Any] | None:
            found = call.unintercepted("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})
            item: dict[str, Any] | None = found.get("Item")
            return item

        return meter.charge(call.operation, call.params, send, get)

    with intercepting(charged, service="dynamodb"):
        yield meter


def _rollup() -> tuple[int, Any]:
    from devkit.events import LambdaContext
    from devkit.handlers import load_function

    event = {"version": "0", "id": "capacity", "detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}
    load_function("metrics_rollup").lambda_handler(event, LambdaContext("metrics_rollup"))
    return 200, None


def run(seed_tasks: int = SEED_TASKS) -> dict[str, Any]:
    schema = Schema.from_template()
    categories = ("general", "campaign", "workflow", "content", "integration")
    with moto_world(), contextlib.redirect_stdout(io.StringIO()), metering(schema) as meter:
        admins = [make_user("ADMIN") for _ in range(5)]
        caller = admins[0]
        first_task = ""
        executions: dict[str, Any] = {}
        for n in range(seed_tasks):
            category = categories[n % len(categories)]
            body = {"task": {"category": category, "title": f"Capacity task {n}", "description": "Spring sale"}}
            with meter.request() as usage:
                status, answer = call("POST", "/ai/execute", admins[n % 3], body=body)
            first_task = first_task or answer["task"]["id"]
            executions.setdefault(category, {"status": status, **usage.as_dict()})
        routes: dict[str, Callable[[], tuple[int, Any]]] = {
            "GET /tasks?scope=assigned": lambda: call("GET", "/tasks", admins[4], query="scope=assigned"),
            "GET /tasks?scope=created": lambda: call("GET", "/tasks", caller, query="scope=created"),
            "GET /tasks?scope=all": lambda: call("GET", "/tasks", caller, query="scope=all"),
            "GET /tasks?scope=all&status=DONE (no match)": lambda: call(
                "GET", "/tasks", caller, query="scope=all&status=DONE"
            ),
            "GET /tasks/{taskId}": lambda: call("GET", "/tasks/{taskId}", caller, path=f"/tasks/{first_task}"),
            "GET /tasks/{taskId}/comments": lambda: call(
                "GET", "/tasks/{taskId}/comments", caller, path=f"/tasks/{first_task}/comments"
            ),
            "GET /ai/health-check": lambda: call("GET", "/ai/health-check", caller),
            "GET /ai/metrics": lambda: call("GET", "/ai/metrics", caller),
            "rollup (scheduled)": _rollup,
        }
        reads: dict[str, Any] = {}
        for name, request in routes.items():
            with meter.request() as usage:
                status, _ = request()
            reads[name] = {"status": status, **usage.as_dict()}
        sizes = {
            table: {"items": len(found), "median_bytes": round(statistics.median(found)), "max_bytes": max(found)}
            for table, found in sorted(meter.sizes.items())
        }
    return {"seed_tasks": seed_tasks, "item_sizes": sizes, "execute": executions, "routes": reads}


def main() -> None:
    print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    main()
