"""devkit.event_sources delivers stream records and queue messages the way Lambda's event source mappings do.

A tiny recording handler stands in for the consumers (no business logic): the tests check what it is handed,
what is retried, and what ends in a dead-letter queue. Tables come from template.yaml (the `aws` fixture), with
the streams the template declares.
"""

from __future__ import annotations

import json
import textwrap
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import pytest

from devkit import template
from devkit.event_sources import EventSourceDriver, QueuePoller, Redelivery, StreamPoller, build_pollers

REGION = "us-east-1"
STREAMS_ENDPOINT = f"https://streams.dynamodb.{REGION}.amazonaws.com"
"""moto answers stream calls in process only at the DynamoDB Streams host."""
MAX_POLLS = 50
"""Safety bound on polling loops: a test that needs more has hung."""

FUNCTION = template.FunctionSpec(
    logical_id="ConsumerFunction",
    code_dir=Path("."),
    handler="app.lambda_handler",
    timeout_s=15,
    memory_mb=512,
    environment={},
)
STREAM = template.EventSource(
    function=FUNCTION,
    name="Stream",
    kind=template.STREAM_EVENT,
    source="TasksTable",
    batch_size=10,
    batching_window_s=0,
    starting_position="TRIM_HORIZON",
    maximum_retry_attempts=2,
    bisect_on_error=False,
    on_failure="ConsumerDeadLetterQueue",
    report_batch_item_failures=True,
    enabled=True,
)
QUEUE = replace(
    STREAM,
    name="Queue",
    kind=template.QUEUE_EVENT,
    source="RequestQueue",
    batch_size=10,
    on_failure=None,
    maximum_retry_attempts=-1,
)


class Recorder:
    """A handler that records each batch it is handed and fails the items `fail` picks."""

    def __init__(self, fail: Callable[[dict[str, Any]], bool], *, raise_on_failure: bool = False) -> None:
        self.batches: list[list[dict[str, Any]]] = []
        self._fail = fail
        self._raise = raise_on_failure

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        records = event["Records"]
        self.batches.append(records)
        failed = [record for record in records if self._fail(record)]
        if failed and self._raise:
            raise RuntimeError("handler failed")
        return {"batchItemFailures": [{"itemIdentifier": identifier(record)} for record in failed]}


def identifier(record: dict[str, Any]) -> str:
    """What ReportBatchItemFailures names: the sequence number of a stream record, the id of a message."""
    return str(record["dynamodb"]["SequenceNumber"] if "dynamodb" in record else record["messageId"])


def task_id(record: dict[str, Any]) -> str:
    return str(record["dynamodb"]["Keys"]["id"]["S"])


def put_tasks(client: Any, *ids: str) -> None:
    for task in ids:
        client.put_item(TableName="TasksTable", Item={"id": {"S": task}, "status": {"S": "pending"}})


def stream_arn(client: Any) -> str:
    return str(client.describe_table(TableName="TasksTable")["Table"]["LatestStreamArn"])


@pytest.fixture
def sqs(aws: Any) -> Any:
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def streams(aws: Any) -> Any:
    return boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=STREAMS_ENDPOINT)


def make_queue(sqs: Any, name: str, **attributes: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return str(url), str(arn)


def drain(sqs: Any, url: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for _ in range(MAX_POLLS):
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60).get("Messages", [])
        if not batch:
            return messages
        messages.extend(batch)
    raise AssertionError(f"{url} did not run dry")


def poll_until_idle(poller: StreamPoller | QueuePoller) -> None:
    for _ in range(MAX_POLLS):
        if not poller.poll():
            return
    raise AssertionError("the poller kept delivering")


# --- Streams ---------------------------------------------------------------------------------------------------


def test_stream_records_reach_the_handler_in_lambdas_event_shape(aws: Any, sqs: Any, streams: Any) -> None:
    dlq_url, _ = make_queue(sqs, "dlq")
    handler = Recorder(lambda record: False)
    poller = StreamPoller(STREAM, handler, streams, sqs, stream_arn(aws), dlq_url)
    put_tasks(aws, "t1")
    aws.update_item(
        TableName="TasksTable",
        Key={"id": {"S": "t1"}},
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "done"}},
    )
    poll_until_idle(poller)

    (batch,) = handler.batches
    assert [record["eventName"] for record in batch] == ["INSERT", "MODIFY"]
    modify = batch[1]
    assert modify["eventSource"] == "aws:dynamodb"
    assert modify["eventSourceARN"] == stream_arn(aws)
    assert modify["dynamodb"]["Keys"] == {"id": {"S": "t1"}}
    assert modify["dynamodb"]["OldImage"]["status"] == {"S": "pending"}
    assert modify["dynamodb"]["NewImage"]["status"] == {"S": "done"}
    assert modify["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    json.dumps({"Records": batch})  # what Lambda hands over is JSON: no datetimes, no bytes


def test_a_handler_failing_half_a_batch_gets_only_that_half_again(aws: Any, sqs: Any, streams: Any) -> None:
    dlq_url, _ = make_queue(sqs, "dlq")
    failing = {f"t{n}" for n in range(5, 10)}
    handler = Recorder(lambda record: task_id(record) in failing and len(handler.batches) == 1)
    poller = StreamPoller(STREAM, handler, streams, sqs, stream_arn(aws), dlq_url)
    put_tasks(aws, *(f"t{n}" for n in range(10)))
    poll_until_idle(poller)

    assert [[task_id(record) for record in batch] for batch in handler.batches] == [
        [f"t{n}" for n in range(10)],
        [f"t{n}" for n in range(5, 10)],
    ]
    assert drain(sqs, dlq_url) == []


def test_a_retry_starts_at_the_first_failed_record(aws: Any, sqs: Any, streams: Any) -> None:
    dlq_url, _ = make_queue(sqs, "dlq")
    handler = Recorder(lambda record: task_id(record) in {"t2", "t4"} and len(handler.batches) == 1)
    poller = StreamPoller(STREAM, handler, streams, sqs, stream_arn(aws), dlq_url)
    put_tasks(aws, *(f"t{n}" for n in range(6)))
    poll_until_idle(poller)

    assert [task_id(record) for record in handler.batches[1]] == ["t2", "t3", "t4", "t5"]


def test_a_poison_record_ends_in_the_on_failure_queue_after_its_retries(aws: Any, sqs: Any, streams: Any) -> None:
    dlq_url, _ = make_queue(sqs, "dlq")
    handler = Recorder(lambda record: task_id(record) == "poison")
    poller = StreamPoller(STREAM, handler, streams, sqs, stream_arn(aws), dlq_url)
    put_tasks(aws, "t0", "poison", "t2")
    poll_until_idle(poller)

    poison_calls = sum(1 for batch in handler.batches for record in batch if task_id(record) == "poison")
    assert poison_calls == 1 + STREAM.maximum_retry_attempts
    (message,) = drain(sqs, dlq_url)
    failure = json.loads(message["Body"])
    info = failure["DDBStreamBatchInfo"]
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert info["streamArn"] == stream_arn(aws)
    assert info["batchSize"] == 2  # from the poison record to the end of the batch: [poison, t2]
    poison = next(record for batch in handler.batches for record in batch if task_id(record) == "poison")
    assert info["startSequenceNumber"] == poison["dynamodb"]["SequenceNumber"]

    put_tasks(aws, "after")  # the shard moved on
    poll_until_idle(poller)
    assert [task_id(record) for record in handler.batches[-1]] == ["after"]


def test_bisection_isolates_a_record_that_makes_the_function_error(aws: Any, sqs: Any, streams: Any) -> None:
    dlq_url, _ = make_queue(sqs, "dlq")
    source = replace(STREAM, bisect_on_error=True, report_batch_item_failures=False)
    handler = Recorder(lambda record: task_id(record) == "poison", raise_on_failure=True)
    poller = StreamPoller(source, handler, streams, sqs, stream_arn(aws), dlq_url)
    put_tasks(aws, "t0", "t1", "poison", "t3")
    poll_until_idle(poller)

    succeeded = [task_id(r) for batch in handler.batches if all(task_id(r) != "poison" for r in batch) for r in batch]
    assert sorted(succeeded) == ["t0", "t1", "t3"]  # each good record got through, once
    (message,) = drain(sqs, dlq_url)
    info = json.loads(message["Body"])["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1
    assert info["startSequenceNumber"] == info["endSequenceNumber"]


def test_records_wait_for_a_full_batch_within_the_batching_window(aws: Any, sqs: Any, streams: Any) -> None:
    source = replace(STREAM, batch_size=3, batching_window_s=3600)
    handler = Recorder(lambda record: False)
    poller = StreamPoller(source, handler, streams, sqs, stream_arn(aws), None)
    put_tasks(aws, "t0", "t1")
    poll_until_idle(poller)
    assert handler.batches == []
    put_tasks(aws, "t2", "t3")
    poll_until_idle(poller)
    assert [[task_id(record) for record in batch] for batch in handler.batches] == [["t0", "t1", "t2"]]


def test_a_filter_keeps_the_records_no_pattern_matches_from_the_function(aws: Any, sqs: Any, streams: Any) -> None:
    pattern = json.dumps({"dynamodb": {"Keys": {"id": {"S": [{"prefix": "keep"}]}}}})
    handler = Recorder(lambda record: False)
    poller = StreamPoller(replace(STREAM, filters=(pattern,)), handler, streams, sqs, stream_arn(aws), None)
    put_tasks(aws, "keep-1", "drop-1", "keep-2")
    poll_until_idle(poller)
    assert [task_id(record) for batch in handler.batches for record in batch] == ["keep-1", "keep-2"]


def test_a_lost_checkpoint_hands_the_same_stream_batch_over_again(aws: Any, sqs: Any, streams: Any) -> None:
    handler = Recorder(lambda record: False)
    poller = StreamPoller(STREAM, handler, streams, sqs, stream_arn(aws), None)
    poller.redelivery = Redelivery(copies=2)
    put_tasks(aws, "t0", "t1")
    poll_until_idle(poller)
    assert [[task_id(record) for record in batch] for batch in handler.batches] == [["t0", "t1"], ["t0", "t1"]]


def test_latest_starts_after_what_is_already_in_the_stream(aws: Any, sqs: Any, streams: Any) -> None:
    put_tasks(aws, "before")
    handler = Recorder(lambda record: False)
    poller = StreamPoller(replace(STREAM, starting_position="LATEST"), handler, streams, sqs, stream_arn(aws), None)
    put_tasks(aws, "after")
    poll_until_idle(poller)
    assert [task_id(record) for batch in handler.batches for record in batch] == ["after"]


# --- Queues ----------------------------------------------------------------------------------------------------


def send(sqs: Any, url: str, *bodies: str) -> None:
    for body in bodies:
        sqs.send_message(
            QueueUrl=url, MessageBody=body, MessageAttributes={"kind": {"DataType": "String", "StringValue": "test"}}
        )


def test_queue_messages_reach_the_handler_in_lambdas_event_shape(aws: Any, sqs: Any) -> None:
    url, arn = make_queue(sqs, "requests")
    handler = Recorder(lambda record: False)
    send(sqs, url, "one")
    poll_until_idle(QueuePoller(QUEUE, handler, sqs, url, arn))

    ((record,),) = handler.batches
    assert record["body"] == "one"
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == arn
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["messageAttributes"]["kind"]["stringValue"] == "test"
    assert {"messageId", "receiptHandle", "md5OfBody"} <= set(record)
    assert drain(sqs, url) == []  # a successful batch is deleted


def test_sqs_partial_failure_deletes_only_the_succeeded_messages(aws: Any, sqs: Any) -> None:
    url, arn = make_queue(sqs, "requests", VisibilityTimeout="0")
    handler = Recorder(lambda record: record["body"].startswith("bad"))
    send(sqs, url, "good-1", "bad-1", "good-2", "bad-2")
    QueuePoller(QUEUE, handler, sqs, url, arn).poll()

    assert sorted(record["body"] for record in handler.batches[0]) == ["bad-1", "bad-2", "good-1", "good-2"]
    assert sorted(message["Body"] for message in drain(sqs, url)) == ["bad-1", "bad-2"]


def test_a_function_error_leaves_the_whole_batch_on_the_queue(aws: Any, sqs: Any) -> None:
    url, arn = make_queue(sqs, "requests", VisibilityTimeout="0")
    handler = Recorder(lambda record: record["body"] == "bad", raise_on_failure=True)
    send(sqs, url, "good", "bad")
    QueuePoller(QUEUE, handler, sqs, url, arn).poll()
    assert sorted(message["Body"] for message in drain(sqs, url)) == ["bad", "good"]


def test_a_queue_filter_deletes_what_it_drops(aws: Any, sqs: Any) -> None:
    url, arn = make_queue(sqs, "requests", VisibilityTimeout="0")
    handler = Recorder(lambda record: False)
    source = replace(QUEUE, filters=(json.dumps({"body": {"kind": ["wanted"]}}),))
    send(sqs, url, json.dumps({"kind": "wanted"}), json.dumps({"kind": "other"}), "not json")
    poll_until_idle(QueuePoller(source, handler, sqs, url, arn))
    assert [json.loads(record["body"]) for batch in handler.batches for record in batch] == [{"kind": "wanted"}]
    assert drain(sqs, url) == []


def test_two_copies_of_a_message_can_arrive_at_the_same_moment(aws: Any, sqs: Any) -> None:
    url, arn = make_queue(sqs, "requests", VisibilityTimeout="0")
    together = threading.Barrier(2, timeout=5)  # broken (the handler raises) unless both copies are in at once
    handled: list[str] = []

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        together.wait()
        handled.extend(record["body"] for record in event["Records"])
        return {"batchItemFailures": []}

    poller = QueuePoller(QUEUE, handler, sqs, url, arn)
    poller.redelivery = Redelivery(copies=2, concurrent=True)
    send(sqs, url, "once")
    poll_until_idle(poller)
    assert handled == ["once", "once"]
    assert drain(sqs, url) == []


def test_a_poison_message_moves_to_the_dead_letter_queue_after_max_receives(aws: Any, sqs: Any) -> None:
    dlq_url, dlq_arn = make_queue(sqs, "requests-dlq")
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    url, arn = make_queue(sqs, "requests", VisibilityTimeout="0", RedrivePolicy=redrive)
    handler = Recorder(lambda record: record["body"] == "poison")
    poller = QueuePoller(QUEUE, handler, sqs, url, arn)
    send(sqs, url, "poison", "fine")
    poll_until_idle(poller)

    poison_calls = sum(1 for batch in handler.batches for record in batch if record["body"] == "poison")
    assert poison_calls == 3
    assert [message["Body"] for message in drain(sqs, dlq_url)] == ["poison"]
    assert drain(sqs, url) == []


# --- From the template -----------------------------------------------------------------------------------------

CONSUMERS = textwrap.dedent(
    """\
    Transform: AWS::Serverless-2016-10-31
    Resources:
      TasksTable:
        Type: AWS::DynamoDB::Table
        Properties:
          AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
          KeySchema: [{AttributeName: id, KeyType: HASH}]
          StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
      RequestQueue:
        Type: AWS::SQS::Queue
      ConsumerDeadLetterQueue:
        Type: AWS::SQS::Queue
      ConsumerFunction:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: functions/consumer
          Events:
            Stream:
              Type: DynamoDB
              Properties:
                Stream: !GetAtt TasksTable.StreamArn
                StartingPosition: TRIM_HORIZON
                BatchSize: 25
                MaximumBatchingWindowInSeconds: 2
                MaximumRetryAttempts: 3
                BisectBatchOnFunctionError: true
                FunctionResponseTypes: [ReportBatchItemFailures]
                DestinationConfig:
                  OnFailure:
                    Type: SQS
                    Destination: !GetAtt ConsumerDeadLetterQueue.Arn
            Requests:
              Type: SQS
              Properties:
                Queue: !GetAtt RequestQueue.Arn
                FunctionResponseTypes: [ReportBatchItemFailures]
            Api:
              Type: HttpApi
              Properties: {Path: /x, Method: GET}
    """
)


def test_the_template_declares_which_function_polls_what(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(CONSUMERS, encoding="utf-8")
    found = {source.name: source for source in template.event_sources(path)}
    assert set(found) == {"Stream", "Requests"}  # the HttpApi event is not an event source
    stream, queue = found["Stream"], found["Requests"]

    assert (stream.function.logical_id, stream.kind, stream.source) == ("ConsumerFunction", "DynamoDB", "TasksTable")
    assert (stream.batch_size, stream.batching_window_s, stream.starting_position) == (25, 2.0, "TRIM_HORIZON")
    assert (stream.maximum_retry_attempts, stream.bisect_on_error) == (3, True)
    assert (stream.on_failure, stream.report_batch_item_failures) == ("ConsumerDeadLetterQueue", True)
    assert (queue.kind, queue.source, queue.batch_size, queue.on_failure) == ("SQS", "RequestQueue", 10, None)
    assert queue.report_batch_item_failures


def test_pollers_are_built_and_run_for_every_declared_event_source(aws: Any, sqs: Any, streams: Any) -> None:
    dlq_url, dlq_arn = make_queue(sqs, "dlq")
    url, arn = make_queue(sqs, "requests")
    handler = Recorder(lambda record: False)
    pollers = build_pollers(
        [STREAM, QUEUE, replace(QUEUE, name="Off", enabled=False)],
        {FUNCTION.logical_id: handler},
        streams=streams,
        sqs=sqs,
        stream_arns={"TasksTable": stream_arn(aws)},
        queue_urls={"RequestQueue": url, "ConsumerDeadLetterQueue": dlq_url},
        queue_arns={"RequestQueue": arn, "ConsumerDeadLetterQueue": dlq_arn},
    )
    assert [type(poller) for poller in pollers] == [StreamPoller, QueuePoller]

    put_tasks(aws, "t1")
    send(sqs, url, "m1")
    driver = EventSourceDriver(pollers, idle_wait_s=0.01)
    pause = threading.Event()
    driver.start()
    try:
        for _ in range(MAX_POLLS * 10):
            delivered = {task_id(r) if "dynamodb" in r else r["body"] for batch in handler.batches for r in batch}
            if delivered == {"t1", "m1"}:
                break
            pause.wait(0.05)
        else:
            raise AssertionError(f"the driver's threads delivered only {handler.batches}")
    finally:
        driver.stop(timeout_s=10)
    assert not driver.running, "a poller thread did not stop"
