"""GET /tasks reads a bounded number of items whatever the filter, and scope=all merges the all-index
partitions soonest due first: pages follow each other with no item skipped or repeated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from devkit.botocalls import Call, Send, intercepting
from taskexec.authorization import Role
from taskexec.data.models import TASK_SHARDS
from tests.support.fixtures import Caller, Reply

Api = Callable[..., Reply]
TASKS = 40


def seed(api: Api, admin: Caller) -> list[str]:
    ids = []
    for n in range(TASKS):
        due = (date.today() + timedelta(days=1 + (n * 7) % 23)).isoformat()
        body = {"task": {"category": "general", "title": f"Bounded read task {n}", "dueDate": due}}
        reply = api("POST", "/ai/execute", admin, body=body)
        assert reply.status == 201, reply.body
        ids.append(reply.body["task"]["id"])
    return ids


def pages(api: Api, caller: Caller, query: str, evaluated: list[int]) -> list[list[dict[str, Any]]]:
    """Every page of a listing, recording how many index items each request read."""

    def count(call: Call, send: Send) -> Any:
        answer = send()
        if call.operation == "Query" and call.params.get("TableName") == "TasksTable":
            evaluated[-1] += int(answer.get("ScannedCount", 0))
        return answer

    found: list[list[dict[str, Any]]] = []
    token: str | None = None
    for _ in range(4 * TASKS):
        evaluated.append(0)
        with intercepting(count, service="dynamodb"):
            reply = api("GET", "/tasks", caller, query=query + (f"&nextToken={token}" if token else ""))
        assert reply.status == 200, reply.body
        found.append(reply.body["items"])
        token = reply.body["nextToken"]
        if token is None:
            return found
    raise AssertionError("the listing never ended")


def test_scope_all_pages_through_every_task_soonest_due_first(api: Api, make_user: Callable[..., Caller]) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.IT_ADMIN)
    ids = seed(api, admin)
    evaluated: list[int] = []
    listed = [task for page in pages(api, admin, "scope=all&limit=7", evaluated) for task in page]
    assert sorted(t["id"] for t in listed) == sorted(ids)  # none skipped, none repeated
    keys = [(t["dueDate"], t["id"]) for t in listed]
    assert keys == sorted(keys)
    assert max(evaluated) <= TASK_SHARDS * (7 + 1)


def test_a_sparse_status_filter_answers_short_pages_instead_of_reading_on(
    api: Api, make_user: Callable[..., Caller]
) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.IT_ADMIN)
    ids = seed(api, admin)
    done = ids[17]
    assert api("PATCH", f"/tasks/{done}", admin, body={"status": "DONE"}).status == 200
    for scope in ("all", "created"):
        evaluated: list[int] = []
        found = pages(api, admin, f"scope={scope}&status=DONE&limit=1", evaluated)
        assert [t["id"] for page in found for t in page] == [done], scope
        assert len(found) > 1, scope  # short (empty) pages with a nextToken came first or after
        per_request = TASK_SHARDS * 2 if scope == "all" else 2
        assert max(evaluated) <= per_request, (scope, evaluated)


def test_the_seven_day_metrics_read_at_most_one_snapshot_an_hour(api: Api, make_user: Callable[..., Caller]) -> None:
    """Finding 13: a week of rollups is about 2,000 snapshots in one partition; GET /ai/metrics?window=7d (and
    24h) reads an hourly history instead, so the read is bounded by the window's hours, not by the rollups."""
    from datetime import UTC, datetime

    from devkit.events import LambdaContext
    from devkit.handlers import load_function

    rollup = load_function("metrics_rollup").lambda_handler
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    for step in range(7 * 48):  # a rollup every 30 minutes for a week (the service runs one every 5)
        at = now - timedelta(minutes=30 * step)
        rollup({"time": at.strftime("%Y-%m-%dT%H:%M:%SZ")}, LambdaContext("metrics_rollup"))
    read: list[int] = []

    def count(call: Call, send: Send) -> Any:
        answer = send()
        if call.operation == "Query" and call.params.get("TableName") == "MonitoringTable":
            read.append(int(answer.get("ScannedCount", 0)))
        return answer

    admin = make_user(Role.ADMIN)
    for window, hours in (("7d", 7 * 24), ("24h", 24)):
        read.clear()
        with intercepting(count, service="dynamodb"):
            reply = api("GET", "/ai/metrics", admin, query=f"window={window}")
        assert reply.status == 200, reply.body
        assert sum(read) <= hours + 1, (window, read)
        trend = reply.body["trend"]
        assert hours - 1 <= len(trend) <= hours + 1, (window, len(trend))
