"""The statistics consumer: execution records from UserActivityTable's stream become bucket counters, a batch at
a time, with one ADD per bucket, partial-batch failures for what could not be written, and nothing for rows that
do not count. The request path writes no bucket at all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from devkit.botocalls import Call, Send, intercepting
from taskexec.authorization import Role
from taskexec.data import activity
from taskexec.services import recording as recorder
from tests.support.fixtures import Caller, Reply
from tests.support.statistics import StatisticsFeed, invoke, stream_events

Api = Callable[..., Reply]
TASK = {"task": {"category": "general", "title": "Prepare the quarterly review"}}


def buckets(aws: Any) -> list[dict[str, Any]]:
    return [i for i in aws.scan(TableName="MonitoringTable")["Items"] if i["pk"]["S"].startswith("BUCKET#")]


def total(aws: Any, counter: str) -> int:
    return sum(int(item.get(counter, {}).get("N", 0)) for item in buckets(aws))


def record_attempts(count: int, outcome: str = "SUCCEEDED") -> None:
    for n in range(count):
        record = activity.ActivityRecord(
            user_id=f"u-{n}", action="execute", outcome=outcome, role="ADMIN", duration_ms=100 + n
        )
        recorder.record_attempt(record, counted=True)
    recorder.metrics.clear_metrics()


def test_executions_are_counted_by_the_consumer_not_by_the_request(
    api: Api, aws: Any, make_user: Callable[..., Caller]
) -> None:
    admin, _ = make_user(Role.ADMIN), make_user(Role.IT_ADMIN)
    user = make_user(Role.USER)
    for _ in range(3):
        assert api("POST", "/ai/execute", admin, body=TASK).status == 201
    assert api("POST", "/ai/execute", admin, body={"task": {**TASK["task"], "priority": "whenever"}}).status == 422
    assert api("POST", "/ai/execute", user, body=TASK).status == 403
    assert api("GET", "/tasks", admin).status == 200  # audited, not an execution
    assert buckets(aws) == []  # nothing on the request path

    StatisticsFeed().catch_up()

    counts = {outcome: total(aws, f"n_{outcome}") for outcome in ("SUCCEEDED", "FAILED", "INVALID", "DENIED")}
    assert counts == {"SUCCEEDED": 3, "FAILED": 0, "INVALID": 1, "DENIED": 1}
    assert total(aws, "r_USER_DENIED") == 1
    assert total(aws, "e_INSUFFICIENT_PRIVILEGES") == 1


def test_a_batch_of_a_hundred_records_is_a_handful_of_writes(aws: Any) -> None:
    record_attempts(100)
    (event,) = stream_events(batch_size=100)
    calls: Counter[str] = Counter()

    def count(call: Call, send: Send) -> Any:
        calls[call.operation] += 1
        return send()

    with intercepting(count, service="dynamodb"):
        assert invoke(event) == {"batchItemFailures": []}
    assert calls["UpdateItem"] <= 2  # one per minute the records span (two if they straddle a minute)
    assert set(calls) == {"UpdateItem"}
    assert total(aws, "n_SUCCEEDED") == 100
    assert total(aws, "ms_SUCCEEDED") == sum(100 + n for n in range(100))


def test_a_bucket_that_cannot_be_written_fails_its_records_and_the_retry_counts_them(aws: Any) -> None:
    record_attempts(10, outcome="FAILED")
    (event,) = stream_events()

    def refuse(call: Call, send: Send) -> Any:
        if call.operation == "UpdateItem":
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": "boom"}}, call.operation)
        return send()

    with intercepting(refuse, service="dynamodb"):
        answer = invoke(event)
    failed = [f["itemIdentifier"] for f in answer["batchItemFailures"]]
    assert failed == [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
    assert buckets(aws) == []

    # Lambda retries from the first failed record.
    assert invoke({"Records": event["Records"]}) == {"batchItemFailures": []}
    assert total(aws, "n_FAILED") == 10


def test_a_malformed_counted_row_fails_with_the_records_after_it_which_are_not_folded(aws: Any) -> None:
    record_attempts(3)
    (event,) = stream_events()
    broken = event["Records"][1]
    del broken["dynamodb"]["NewImage"]["outcome"]
    answer = invoke(event)
    after = event["Records"][1:]  # Lambda would hand them over again from the broken one
    assert answer == {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in after]}
    assert total(aws, "n_SUCCEEDED") == 1


def test_edits_and_deletions_of_audit_rows_add_nothing(aws: Any) -> None:
    record_attempts(2)
    (key,) = [
        {"userId": r["userId"], "activityKey": r["activityKey"]}
        for r in aws.scan(TableName="UserActivityTable")["Items"]
        if r["userId"]["S"] == "u-0"
    ]
    aws.update_item(
        TableName="UserActivityTable",
        Key=key,
        UpdateExpression="SET route = :r",
        ExpressionAttributeValues={":r": {"S": "x"}},
    )
    aws.delete_item(TableName="UserActivityTable", Key=key)
    StatisticsFeed().catch_up()
    assert total(aws, "n_SUCCEEDED") == 2


def test_a_bad_record_in_the_stream_never_folds_the_records_after_it_twice(aws: Any) -> None:
    """Finding 5: Lambda resumes a stream from the first record a batch reports, so every record after it comes
    again on each retry. With 5 records and the 2nd malformed, the 4 good ones are counted once each."""
    record_attempts(1)
    aws.put_item(
        TableName="UserActivityTable",
        Item={
            "userId": {"S": "u-broken"},
            "activityKey": {"S": "2026-01-01T00:00:00.000Z#broken"},
            "counts": {"BOOL": True},
            "at": {"S": "2026-01-01T00:00:00.000Z"},
        },  # counted, but no outcome: it can never be folded
    )
    record_attempts(3)
    StatisticsFeed().catch_up()
    assert total(aws, "n_SUCCEEDED") == 4
