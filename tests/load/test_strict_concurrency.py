"""Concurrent executions under DynamoDB's transaction rules (devkit.strict_dynamodb), as issue 11 asks:
64 concurrent clients, 3 executors sending, 5 assignable admins, 300 executions.

Every answer is 201; no task is lost or duplicated; each admin's load equals their open tasks and the statistics
consumer, once caught up, has counted every execution; no admin holds more than 2 tasks above the mean. The run
is bounded by its count; a generous safety timeout names what hung. Throughput is `make bench`'s business.

All five admins are ADMINs so that role affinity (integration work to an IT_ADMIN) does not skew the balance
this test checks; the categories still vary.

Beside it, the keys each execution writes: none is shared by executions of different callers for different
assignees, so the only item two executions can meet on is the assignee's row, and only when they chose the same
assignee.
"""

from __future__ import annotations

import json
import statistics
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

import pytest

from devkit import template
from devkit.botocalls import Call, Send, intercepting
from devkit.events import http_api_event
from devkit.gateway import FunctionRuntime
from devkit.strict_dynamodb import StrictRules, key_names_of
from taskexec.authorization import Role
from taskexec.data.models import TaskModel, UserModel
from taskexec.domain.vocabulary import OPEN_STATUSES
from tests.support.fixtures import Caller
from tests.support.statistics import StatisticsFeed
from tests.support.strict import strict_dynamodb  # noqa: F401  (the fixture)

CLIENTS = 64
EXECUTORS = 3
ADMINS = 5
EXECUTIONS = 300
SAFETY_TIMEOUT_S = 1200.0
"""Far beyond any healthy run: only a hang reaches it, and the message says which execution hung."""
OPEN = {status.value for status in OPEN_STATUSES}

Outcome = tuple[int, Any]


def body_for(n: int) -> dict[str, Any]:
    category = ("general", "campaign", "workflow", "content", "integration")[n % 5]
    return {"task": {"category": category, "title": f"Strict load task {n}", "priority": ("LOW", "HIGH")[n % 2]}}


def invoke(runtime: FunctionRuntime, caller: Caller, body: dict[str, Any]) -> Outcome:
    event = http_api_event("POST", "/ai/execute", route="/ai/execute", body=body, claims=caller.claims())
    response = runtime.invoke(event)
    return int(response["statusCode"]), json.loads(response["body"])


def run_concurrently(jobs: list[Callable[[], Outcome]], clients: int) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(job) for job in jobs]
        results = []
        for n, future in enumerate(futures):
            # wait() rather than result(timeout=): a TimeoutError the job itself raised is its failure, not a hang.
            done, _ = wait([future], timeout=SAFETY_TIMEOUT_S)
            assert done, f"execution {n} of {len(jobs)} hung (no answer in {SAFETY_TIMEOUT_S} s)"
            results.append(future.result())
    return results


def test_300_concurrent_executions_under_strict_rules(
    strict_dynamodb: StrictRules,  # noqa: F811
    make_user: Callable[..., Caller],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 64 "Lambdas" share one moto lock and two cores here, so an execution waits far longer than it would on its
    # own instance; the 12 s retry budget is about AWS's 15 s timeout, not this harness (count-bounded instead).
    monkeypatch.setenv("EXECUTE_RETRY_BUDGET_S", "600")
    admins = [make_user(Role.ADMIN) for _ in range(ADMINS)]
    senders = admins[:EXECUTORS]
    feed = StatisticsFeed()
    spec = next(s for s in template.functions().values() if s.code_dir.name == "execute")
    runtime = FunctionRuntime(spec, max_environments=CLIENTS)

    jobs = [(lambda n=n: invoke(runtime, senders[n % EXECUTORS], body_for(n))) for n in range(EXECUTIONS)]
    results = run_concurrently(jobs, CLIENTS)

    statuses = Counter(status for status, _ in results)
    assert statuses == {201: EXECUTIONS}, (statuses, [b for s, b in results if s != 201][:3])
    created = [body["task"]["id"] for _, body in results]
    tasks = [(t.id, t.assigneeId, t.status) for t in TaskModel.scan()]
    assert sorted(t[0] for t in tasks) == sorted(created)  # none lost, none written twice
    assert len(set(created)) == EXECUTIONS

    feed.catch_up()
    holding = Counter(assignee for _, assignee, status in tasks if status in OPEN)
    loads = {u.id: int(u.openTasks or 0) for u in UserModel.scan()}
    assert loads == {a.id: holding[a.id] for a in admins}
    assert counted("n_SUCCEEDED") == EXECUTIONS
    mean = statistics.mean(loads.values())
    assert max(loads.values()) <= mean + 2, loads


def counted(counter: str) -> int:
    from taskexec.data import clients

    items = clients.dynamodb().scan(TableName="MonitoringTable")["Items"]
    return sum(int(i.get(counter, {}).get("N", 0)) for i in items if i["pk"]["S"].startswith("BUCKET#"))


# --- The keys each execution writes --------------------------------------------------------------------------


def test_executions_of_different_callers_for_different_assignees_share_no_written_key(
    aws: Any, make_user: Callable[..., Caller]
) -> None:
    """Every item each execution's calls write, read off the calls themselves (transactions and plain writes)."""
    from tests.support.fixtures import call

    callers = [make_user(Role.ADMIN) for _ in range(4)]
    key_names = {table: key_names_of(aws.describe_table(TableName=table)) for table in aws.list_tables()["TableNames"]}
    written: list[set[tuple[str, str]]] = []
    lock = threading.Lock()

    def item_key(table: str, request: dict[str, Any]) -> tuple[str, str]:
        key = request.get("Key") or {name: request["Item"][name] for name in key_names[table]}
        return table, json.dumps(key, sort_keys=True)

    def record(call: Call, send: Send) -> Any:
        with lock:
            if call.operation == "TransactWriteItems":
                for entry in call.params["TransactItems"]:
                    ((_, request),) = entry.items()
                    written[-1].add(item_key(request["TableName"], request))
            elif call.operation in ("PutItem", "UpdateItem", "DeleteItem"):
                written[-1].add(item_key(call.params["TableName"], call.params))
        return send()

    runs: list[tuple[str, str]] = []  # (caller, assignee) of each execution
    with intercepting(record, service="dynamodb"):
        for n in range(12):
            caller = callers[n % len(callers)]
            written.append(set())
            reply = call("POST", "/ai/execute", caller, body=body_for(n))
            assert reply.status == 201, reply.body
            runs.append((caller.id, reply.body["assignment"]["assigneeId"]))

    tables = {table for keys in written for table, _ in keys}
    assert "MonitoringTable" not in tables  # no statistics bucket on the request path
    for i, (caller_i, assignee_i) in enumerate(runs):
        for j, (caller_j, assignee_j) in enumerate(runs[:i]):
            if caller_i != caller_j and assignee_i != assignee_j:
                assert not written[i] & written[j], (i, j, written[i] & written[j])
            elif assignee_i == assignee_j:
                # The one item executions may share: the assignee's row, and nothing else.
                assert {t for t, _ in written[i] & written[j]} <= {"UsersTable"}, (i, j)
