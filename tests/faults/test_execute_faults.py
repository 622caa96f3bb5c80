"""POST /ai/execute when DynamoDB fails at each of its calls in turn.

The contract: the execution is written whole or not at all; the caller gets 503 SERVICE_BUSY (with Retry-After)
when throttled, 503 DATABASE_UNAVAILABLE when the database is out or times out, 409 CONFLICT after repeated
conditional failures, never a 500 or anything AWS said; and the attempt is still recorded (FAILED, with its
code) when the recording calls themselves work. Recording and metrics failing never fail a request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from devkit.botocalls import Call, Send, intercepting
from taskexec.authorization import Role
from taskexec.services import execute_retries
from taskexec.services import recording as recorder
from taskexec.services.execute_retries import MAX_TRIES
from tests.faults.injection import (
    FAULTS,
    THROTTLES,
    Fault,
    client_error,
    injected,
)
from tests.security.shape import assert_contract_error
from tests.support.fixtures import Caller, Reply
from tests.support.statistics import StatisticsFeed

Api = Callable[..., Reply]

WRITTEN_TABLES = ("TasksTable", "TaskCommentsTable", "EmailCampaignsTable", "WorkflowsTable", "SegmentsTable")

CAMPAIGN = {"task": {"category": "campaign", "title": "Spring sale announcement"}}


def items(aws: Any, table: str) -> list[dict[str, Any]]:
    return list(aws.scan(TableName=table)["Items"])


def world(aws: Any) -> dict[str, Any]:
    """Everything an execution writes: its rows, and every user's load."""
    state: dict[str, Any] = {table: len(items(aws, table)) for table in WRITTEN_TABLES}
    state["loads"] = {u["id"]["S"]: u.get("openTasks", {}).get("N") for u in items(aws, "UsersTable")}
    return state


def audit_rows(aws: Any, user_id: str) -> list[dict[str, Any]]:
    rows = aws.query(
        TableName="UserActivityTable",
        KeyConditionExpression="userId = :u",
        ExpressionAttributeValues={":u": {"S": user_id}},
    )["Items"]
    return [plain(row) for row in rows]


def plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: next(iter(v.values())) for k, v in row.items()}


_FEED: list[tuple[Any, StatisticsFeed]] = []


def counted(aws: Any, counter: str) -> int:
    """A statistics counter once the statistics consumer has caught up with the audit rows (one feed per world,
    so that no record is delivered twice)."""
    if not _FEED or _FEED[0][0] is not aws:
        _FEED[:] = [(aws, StatisticsFeed())]
    _FEED[0][1].catch_up()
    return sum(int(item.get(counter, {}).get("N", 0)) for item in items(aws, "MonitoringTable"))


@pytest.fixture
def pair(make_user: Callable[..., Caller]) -> tuple[Caller, Caller]:
    """A requester and the one other executor, who will be picked as the assignee."""
    return make_user(Role.ADMIN), make_user(Role.IT_ADMIN)


CALL_SITES: dict[str, Callable[[Callable[[str], Exception]], Fault]] = {
    "user GetItem": lambda error: Fault("GetItem", error, table="UsersTable"),
    "assignee Query": lambda error: Fault("Query", error, table="UsersTable"),
    "TransactWriteItems": lambda error: Fault("TransactWriteItems", error),
}


@pytest.mark.parametrize("site", list(CALL_SITES))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_at_each_call_writes_nothing_answers_503_and_is_recorded(
    api: Api, aws: Any, pair: tuple[Caller, Caller], site: str, fault: str
) -> None:
    requester, _ = pair
    before = world(aws)
    with injected(CALL_SITES[site](FAULTS[fault])) as log:
        reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert site.split()[-1] in log.operations()
    code = "SERVICE_BUSY" if fault in THROTTLES else "DATABASE_UNAVAILABLE"
    assert_contract_error(reply, 503, code)
    assert int(reply.headers["retry-after"]) > 0
    assert world(aws) == before
    (row,) = [plain(r) for r in items(aws, "UserActivityTable")]
    assert (row["outcome"], row["errorCode"], row["route"]) == ("FAILED", code, "POST /ai/execute")
    assert counted(aws, "n_FAILED") == 1
    assert counted(aws, f"e_{code}") == 1


def test_an_attempt_that_failed_reading_the_callers_row_is_audited_under_the_callers_id(
    api: Api, aws: Any, pair: tuple[Caller, Caller]
) -> None:
    """The token's sub is verified before the row is read: the audit trail must say whose attempt it was."""
    requester, _ = pair
    with injected(CALL_SITES["user GetItem"](FAULTS["internal-error"])):
        api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert [(r["userId"], r["outcome"]) for r in audit_rows(aws, requester.id)] == [(requester.id, "FAILED")]


def test_an_explicit_assignee_lookup_failing_is_a_503_too(api: Api, aws: Any, pair: tuple[Caller, Caller]) -> None:
    requester, other = pair
    body = {"task": {"category": "general", "title": "Renew the SSL certificate", "assigneeId": other.id}}
    before = world(aws)
    with injected(Fault("GetItem", FAULTS["read-timeout"], table="UsersTable", nth=2)):
        reply = api("POST", "/ai/execute", requester, body=body)
    assert_contract_error(reply, 503, "DATABASE_UNAVAILABLE")
    assert world(aws) == before


@pytest.mark.parametrize(
    ("reasons", "times", "status", "code"),
    [
        (["None", "None", "None", "ConditionalCheckFailed", "None", "None"], 1, 201, None),
        (["None", "TransactionConflict", "None", "None", "None", "None"], 2, 201, None),
        ([], 1, 201, None),
        (["None", "None", "None", "ConditionalCheckFailed", "None", "None"], None, 409, "CONFLICT"),
        (["ThrottlingError", "None", "None", "None", "None", "None"], 1, 503, "SERVICE_BUSY"),
    ],
    ids=["condition-once", "conflict-twice", "no-reasons", "condition-always", "throttled-in-transaction"],
)
def test_cancelled_transactions_are_retried_or_refused_cleanly(
    api: Api,
    aws: Any,
    pair: tuple[Caller, Caller],
    monkeypatch: pytest.MonkeyPatch,
    reasons: list[str],
    times: int | None,
    status: int,
    code: str | None,
) -> None:
    requester, _ = pair
    before = world(aws)
    # Back-off sleeps are skipped: the tries, not the waiting, are what this test counts, and skipping them keeps
    # the retry budget (EXECUTE_RETRY_BUDGET_S) from ending the tries early on a slow machine.
    monkeypatch.setattr(execute_retries.time, "sleep", lambda _: None)
    cancelled = Fault(
        "TransactWriteItems", lambda op: client_error("TransactionCanceledException", op, reasons), times=times
    )
    with injected(cancelled):
        reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    if code is None:
        assert reply.status == status, reply.body
        assert cancelled.raised == times
        assert_whole_execution_written(aws, reply.body)
        return
    assert_contract_error(reply, status, code)
    assert world(aws) == before
    if code == "CONFLICT":
        assert cancelled.raised == MAX_TRIES  # re-plans, then a clean refusal
    (row,) = audit_rows(aws, requester.id)
    assert row["errorCode"] == code
    assert row["outcome"] != "SUCCEEDED"


def assert_whole_execution_written(aws: Any, body: dict[str, Any]) -> None:
    task = body["task"]
    assert [t["id"]["S"] for t in items(aws, "TasksTable")] == [task["id"]]
    assert [c["taskId"]["S"] for c in items(aws, "TaskCommentsTable")] == [task["id"]]
    campaigns = items(aws, "EmailCampaignsTable")
    assert [c["taskId"]["S"] for c in campaigns] == ([task["id"]] if task["category"] == "campaign" else [])
    loads = {u["id"]["S"]: int(u["openTasks"]["N"]) for u in items(aws, "UsersTable")}
    assert loads[task["assigneeId"]] == 1
    assert sum(loads.values()) == 1
    outcomes = [
        (r["outcome"], r["executionId"])
        for u in loads
        for r in audit_rows(aws, u)
        if r.get("route") == "POST /ai/execute"
    ]
    assert ("SUCCEEDED", body["executionId"]) in outcomes


def test_a_response_lost_after_commit_leaves_the_whole_execution(
    api: Api, aws: Any, pair: tuple[Caller, Caller]
) -> None:
    """DynamoDB applied the transaction but the answer never came: all of it is there, the caller gets 503."""
    requester, _ = pair
    lost = Fault("TransactWriteItems", FAULTS["read-timeout"], after_send=True)
    with injected(lost):
        reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert_contract_error(reply, 503, "DATABASE_UNAVAILABLE")
    (task,) = items(aws, "TasksTable")
    assert len(items(aws, "TaskCommentsTable")) == len(items(aws, "EmailCampaignsTable")) == 1
    assert sum(int(u["openTasks"]["N"]) for u in items(aws, "UsersTable")) == 1
    assert task["assigneeId"]["S"] != requester.id


def test_recording_a_failed_attempt_failing_does_not_change_the_answer(
    api: Api, aws: Any, pair: tuple[Caller, Caller]
) -> None:
    """The audit row is the statistics' only source (the consumer folds it from the stream): when writing it
    fails, the answer is unchanged and the attempt is missing from the statistics (docs/capacity.md)."""
    requester, _ = pair
    outage = Fault("TransactWriteItems", FAULTS["connect-timeout"])
    recording_fault = Fault("PutItem", FAULTS["internal-error"], table="UserActivityTable")
    with injected(outage, recording_fault):
        reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert recording_fault.raised == 1
    assert_contract_error(reply, 503, "DATABASE_UNAVAILABLE")
    assert audit_rows(aws, requester.id) == []
    assert counted(aws, "n_FAILED") == 0


def test_recording_a_refusal_failing_does_not_change_the_refusal(api: Api, aws: Any, make_user: Any) -> None:
    user = make_user(Role.USER)
    with injected(Fault("PutItem", FAULTS["read-timeout"], table="UserActivityTable", times=None)):
        reply = api("POST", "/ai/execute", user, body=CAMPAIGN)
    assert_contract_error(reply, 403, "INSUFFICIENT_PRIVILEGES")


def test_metrics_add_metric_raising_never_fails_an_execution(
    api: Api, aws: Any, pair: tuple[Caller, Caller], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("metrics sink is down")

    monkeypatch.setattr(recorder.metrics, "add_metric", broken)
    reply = api("POST", "/ai/execute", pair[0], body=CAMPAIGN)
    assert reply.status == 201, reply.body
    assert_whole_execution_written(aws, reply.body)


def test_metrics_flush_raising_never_fails_an_execution(
    api: Api, aws: Any, pair: tuple[Caller, Caller], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The EMF flush (serialising and printing the metrics after the handler) can raise too, e.g. a
    SchemaValidationError; the task is written by then, so the caller must still get its 201."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("metrics sink is down")

    monkeypatch.setattr(recorder.metrics.provider, "flush_metrics", broken)
    reply = api("POST", "/ai/execute", pair[0], body=CAMPAIGN)
    assert reply.status == 201, reply.body


def test_a_missing_table_in_the_transaction_leaves_nothing_behind(
    api: Api, aws: Any, pair: tuple[Caller, Caller]
) -> None:
    requester, _ = pair
    aws.delete_table(TableName="EmailCampaignsTable")
    before = {table: len(items(aws, table)) for table in ("TasksTable", "TaskCommentsTable", "WorkflowsTable")}
    loads = world_loads(aws)
    reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert_contract_error(reply, 503, "DATABASE_UNAVAILABLE")
    assert {table: len(items(aws, table)) for table in before} == before
    assert world_loads(aws) == loads


def world_loads(aws: Any) -> dict[str, str]:
    return {u["id"]["S"]: u["openTasks"]["N"] for u in items(aws, "UsersTable")}


def test_a_load_that_changes_under_every_try_does_not_fail_the_execution(
    api: Api, aws: Any, pair: tuple[Caller, Caller]
) -> None:
    """A concurrent writer moves the assignee's load just before our transaction: the load is an ADD
    conditional only on the assignee being an active executor, so ours still succeeds and both count."""
    requester, _ = pair
    bumps = 0

    def rival(call: Call, send: Send) -> Any:
        nonlocal bumps
        if call.operation == "TransactWriteItems":
            bumps += 1
            for item in call.params["TransactItems"]:
                update = item.get("Update", {})
                if update.get("TableName") == "UsersTable":
                    aws.update_item(
                        TableName="UsersTable",
                        Key=update["Key"],
                        UpdateExpression="ADD openTasks :one",
                        ExpressionAttributeValues={":one": {"N": "1"}},
                    )
        return send()

    with intercepting(rival, service="dynamodb"):
        reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert reply.status == 201, reply.body
    assert bumps == 1
    assert sum(int(load) for load in world_loads(aws).values()) == bumps + 1


def test_conflicts_past_the_retry_budget_are_a_409_not_a_timeout(
    api: Api, aws: Any, pair: tuple[Caller, Caller], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No new try starts once the budget is spent: the caller gets 409 CONFLICT with Retry-After within the
    function's timeout instead of no answer at all."""
    requester, _ = pair
    before = world(aws)
    monkeypatch.setenv("EXECUTE_RETRY_BUDGET_S", "0")
    monkeypatch.setattr(execute_retries.time, "sleep", lambda _: None)
    reasons = ["None", "TransactionConflict", "None", "None", "None", "None"]
    cancelled = Fault("TransactWriteItems", lambda op: client_error("TransactionCanceledException", op, reasons))
    with injected(cancelled):
        reply = api("POST", "/ai/execute", requester, body=CAMPAIGN)
    assert_contract_error(reply, 409, "CONFLICT")
    assert reply.headers.get("retry-after") == "1"
    assert cancelled.raised == 1
    assert world(aws) == before
