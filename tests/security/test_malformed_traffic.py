"""Malformed and oversized traffic from an executing user cannot turn into an outage (issue 10).

Before, an assignee hint over 2 KB reached a key lookup, DynamoDB refused the key with a ValidationException,
the service answered 503 DATABASE_UNAVAILABLE and counted a FAILED execution: a few hundred such requests
pushed the success rate under 50% and the health check answered 503 to everyone. Now every such request is
the caller's 4xx, counted INVALID, and the rollup and the health check stay healthy.

DynamoDB's key limits on reads are put in front of moto (`dynamodb_key_limits`), so a value that reached a
key lookup would be refused as in AWS rather than pass silently.
"""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devkit.events import LambdaContext
from devkit.handlers import load_function
from taskexec import config
from taskexec.authorization import Role
from taskexec.data import table_check
from taskexec.data.models import ActivityModel
from tests.security.shape import assert_error_body, assert_no_leak
from tests.support.fixtures import Caller, Reply
from tests.support.key_limits import key_limits_fixture  # noqa: F401 - the dynamodb_key_limits fixture
from tests.support.statistics import StatisticsFeed

Api = Callable[..., Reply]
REQUESTS = 200
LONG_EMAIL = "dana." + "x" * 2100 + "@example.com"  # over 2 KB: DynamoDB refuses it as a key
LONG_HANDLE = "d" * 3000


def _token(position: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def task(**fields: Any) -> dict[str, Any]:
    return {"task": {"category": "general", "title": "Order chairs", **fields}}


NOT_AN_ADDRESS = ("dana.", "@ddd", "owner: ooo")
"""Messages whose "assignee" is longer than any address can be: the detector does not read it as a hint (that
bound keeps its patterns linear), so the message's task may be executed for someone else (201) or refused
(4xx), but never answered with a 5xx or counted as a failure."""


def may_execute(kwargs: dict[str, Any]) -> bool:
    body = kwargs.get("body")
    message = body.get("message", "") if isinstance(body, dict) else ""
    return any(marker in message for marker in NOT_AN_ADDRESS)


MALFORMED: list[tuple[str, str, dict[str, Any]]] = [
    # (method, path, call keyword arguments)
    ("POST", "/ai/execute", {"body": {"message": f"Fix the Shopify webhook and assign it to {LONG_EMAIL}"}}),
    ("POST", "/ai/execute", {"body": {"message": f"Fix the Shopify webhook, assign it to @{LONG_HANDLE}"}}),
    ("POST", "/ai/execute", {"body": {"message": f"Fix the webhook, owner: {'o' * 250}@example.com"}}),
    ("POST", "/ai/execute", {"body": task(assigneeId="u" * 3000)}),
    ("POST", "/ai/execute", {"body": task(assigneeId="u" * 129)}),
    ("POST", "/ai/execute", {"body": task(assigneeId=LONG_EMAIL)}),
    ("POST", "/ai/execute", {"body": task(title="T" * 201)}),
    ("POST", "/ai/execute", {"body": task(title="💥" * 5000)}),
    ("POST", "/ai/execute", {"body": task(description="d" * 4001)}),
    ("POST", "/ai/execute", {"body": task(priority="whenever")}),
    ("POST", "/ai/execute", {"body": task(priority="p" * 3000)}),
    ("POST", "/ai/execute", {"body": task(dueDate="9" * 3000)}),
    ("POST", "/ai/execute", {"body": task(dueDate="2020-01-01")}),
    ("POST", "/ai/execute", {"body": task(category="everything")}),
    ("POST", "/ai/execute", {"body": {"message": "m" * 4001}}),
    ("POST", "/ai/execute", {"body": {"message": "   "}}),
    ("POST", "/ai/execute", {"body": {"message": "hello there"}}),
    ("POST", "/ai/execute", {"body": {"message": "Fix it", **task()}}),
    ("POST", "/ai/execute", {"body": '{"message": "Fix the webhook",'}),
    ("POST", "/ai/execute", {"body": "[" * 5000}),
    ("POST", "/ai/execute", {"body": {"message": "x" * 300_000}}),
    ("POST", "/ai/execute", {"body": task(), "headers": {"Idempotency-Key": "k" * 3000}}),
    ("POST", "/ai/execute/batch", {"body": {"items": [task()] * 26}}),
    (
        "POST",
        "/ai/execute/batch",
        {"body": {"items": [{"message": f"Fix the webhook, assign it to {LONG_EMAIL}"}, task(assigneeId="u" * 300)]}},
    ),
    ("GET", "/tasks", {"query": "nextToken=" + "A" * 3000}),
    ("GET", "/tasks", {"query": "nextToken=not-a-token"}),
    ("GET", "/tasks", {"query": "scope=all&nextToken=" + _token({"id": "i", "listPartition": "x", "dueKey": "k"})}),
    ("GET", "/tasks", {"query": "limit=0"}),
    ("GET", "/tasks", {"query": "limit=100000"}),
    ("GET", "/tasks", {"query": "scope=" + "s" * 3000}),
    ("GET", "/tasks/" + "t" * 3000, {}),
    ("GET", "/tasks/" + "t" * 3000 + "/comments", {}),
    ("GET", "/tasks/nope/comments", {"query": "nextToken=" + _token({"taskId": "other", "commentKey": "c"})}),
    ("PATCH", "/tasks/" + "t" * 3000, {"body": {"status": "DONE"}}),
    ("PATCH", "/tasks/some-task", {"body": {"status": "FINISHED"}}),
    ("GET", "/ai/metrics", {"query": "window=" + "w" * 3000}),
]


@pytest.fixture(autouse=True)
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The environment the template gives every function, and a table check that starts fresh."""
    for logical_id, env in config.TABLE_ENV.items():
        monkeypatch.setenv(env, logical_id)
    table_check.clear_cache()
    yield
    table_check.clear_cache()


def run_rollup() -> None:
    event = {"version": "0", "detail-type": "Scheduled Event", "source": "aws.scheduler", "detail": {}}
    load_function("metrics_rollup").lambda_handler(event, LambdaContext("metrics_rollup"))


def test_malformed_traffic_keeps_the_service_healthy(
    api: Api, make_user: Callable[..., Caller], dynamodb_key_limits: list[str]
) -> None:
    make_user(Role.IT_ADMIN)  # someone to assign to
    executor = make_user(Role.ADMIN)
    for _ in range(3):  # a little real work, so the success rate is a figure and not "nothing to measure"
        assert api("POST", "/ai/execute", executor, body=task()).status == 201

    statuses: dict[int, int] = {}
    for method, path, kwargs in itertools.islice(itertools.cycle(MALFORMED), REQUESTS):
        reply = api(method, path, executor, **kwargs)
        case = f"{method} {path[:60]} {str(kwargs)[:120]}"
        assert_no_leak(json.dumps(reply.body))
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
        if path == "/ai/execute/batch" and reply.status == 200:  # each item answered on its own
            items = zip(kwargs["body"]["items"], reply.body["results"], strict=True)
            assert all(
                400 <= r["status"] < 500 or (r["status"] == 201 and may_execute({"body": item})) for item, r in items
            ), (case, reply.body)
            continue
        if reply.status == 201 and may_execute(kwargs):
            continue
        assert 400 <= reply.status < 500, (case, reply.status, reply.body)
        assert_error_body(reply.status, reply.body)

    assert sum(statuses.values()) == REQUESTS
    outcomes = [row.outcome for row in ActivityModel.query(executor.id)]
    assert "FAILED" not in outcomes
    assert outcomes.count("INVALID") >= REQUESTS // 2

    StatisticsFeed().catch_up()  # the statistics consumer folds the audit rows, as its event source would
    run_rollup()
    reply = api("GET", "/ai/health-check", executor)
    assert reply.status == 200, reply.body
    monitoring = reply.body["monitoring"]
    assert (reply.body["overall"]["status"], monitoring["status"]) == ("healthy", "healthy"), monitoring
    assert monitoring["successRate"] == 100.0
    assert monitoring["executions"] == outcomes.count("SUCCEEDED")  # the 3 real ones and any read as no hint


def test_an_assignee_hint_over_2_kb_is_the_callers_422_naming_it(
    api: Api, make_user: Callable[..., Caller], dynamodb_key_limits: list[str]
) -> None:
    executor = make_user(Role.ADMIN)
    reply = api("POST", "/ai/execute", executor, body={"message": f"Fix the webhook and assign it to {LONG_EMAIL}"})
    assert (reply.status, reply.code) == (422, "INVALID_ASSIGNEE"), reply.body
    [detail] = reply.body["error"]["details"]
    assert detail["field"] == "assignee"
    assert detail["issue"].startswith("'dana.xxx")
    assert len(detail["issue"]) < 300  # the hint is cut in the text, its length said
    assert str(len(LONG_EMAIL)) in detail["issue"]
    assert dynamodb_key_limits == []  # refused before any key lookup


def test_invalid_assignee_names_the_hint_as_understood(api: Api, make_user: Callable[..., Caller]) -> None:
    executor = make_user(Role.ADMIN)
    make_user(Role.ADMIN, email="dana@example.com")
    typo = api("POST", "/ai/execute", executor, body={"message": "Fix the webhook and assign it to dana@exmaple.com"})
    assert (typo.status, typo.code) == (422, "INVALID_ASSIGNEE")
    assert typo.body["error"]["details"] == [
        {"field": "assignee", "issue": "'dana@exmaple.com' is not an active user of an executing role"}
    ]
    structured = api("POST", "/ai/execute", executor, body=task(assigneeId="nobody"))
    assert structured.body["error"]["details"] == [
        {"field": "task.assigneeId", "issue": "'nobody' is not an active user of an executing role"}
    ]


def test_a_key_the_database_refuses_on_a_read_is_the_callers_4xx(
    api: Api, make_user: Callable[..., Caller], monkeypatch: pytest.MonkeyPatch, dynamodb_key_limits: list[str]
) -> None:
    """The net under the bounds: were a caller's value to reach a key lookup, DynamoDB's refusal is a 4xx
    counted INVALID, not a 503 counted FAILED."""
    from taskexec.services import task_access

    reader = make_user(Role.USER)
    original = task_access.task_store.get_task
    monkeypatch.setattr(task_access.task_store, "get_task", lambda task_id: original(task_id * 40))
    reply = api("GET", "/tasks/some-task-id-0123456789-0123456789-0123456789-0123456789", reader)
    assert dynamodb_key_limits == ["GetItem"]
    assert (reply.status, reply.code) == (400, "INVALID_REQUEST"), reply.body
    assert_no_leak(json.dumps(reply.body))
    assert [row.outcome for row in ActivityModel.query(reader.id)] == ["INVALID"]
